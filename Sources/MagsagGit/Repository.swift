internal import CLibGit2

/// A read-only view of one git repository, backed by a libgit2 handle it owns.
///
/// Opening never creates or modifies anything: the index is only read (never written or
/// refreshed), nothing in the object database or the refs is touched.
///
/// Not `Sendable`: use an instance from one task at a time. Everything it returns is a
/// `Sendable` value that may cross tasks freely.
public final class Repository {
    /// The owned `git_repository *`.
    let handle: OpaquePointer

    private init(handle: OpaquePointer) {
        self.handle = handle
    }

    deinit {
        git_repository_free(handle)
    }

    /// Finds the repository containing `path`, walking up parent directories like git does.
    /// Returns `nil` when `path` is not inside any repository; throws when `path` does not exist
    /// or a repository was found but cannot be opened.
    public static func discover(startingAt path: String) throws(GitError) -> Repository? {
        GitLibrary.ensureInitialized()
        let operation = "find a repository containing '\(path)'"
        guard FileSystem.kind(path) != nil else {
            throw GitError(code: GitError.notFoundCode, message: "no such file or directory", operation: operation)
        }
        var out: OpaquePointer?
        let code = git_repository_open_ext(&out, path, 0, nil)
        if code == GIT_ENOTFOUND.rawValue { return nil }
        try check(code, operation)
        guard let out else { throw GitError(message: "libgit2 returned no repository", operation: operation) }
        return Repository(handle: out)
    }

    /// Opens the repository at exactly `path`: a work tree root (also of a linked worktree), a
    /// `.git` directory or a bare repository. Does not search parent directories.
    public init(openingAt path: String) throws(GitError) {
        GitLibrary.ensureInitialized()
        let operation = "open repository at '\(path)'"
        var out: OpaquePointer?
        try check(git_repository_open_ext(&out, path, GIT_REPOSITORY_OPEN_NO_SEARCH.rawValue, nil), operation)
        guard let out else { throw GitError(message: "libgit2 returned no repository", operation: operation) }
        handle = out
    }

    /// Read staged content from another index file: git runs hooks of `git commit -a` and
    /// `git commit <paths>` against a temporary index named by `GIT_INDEX_FILE`. The file is only
    /// read; the repository's own index file is not touched.
    public func useIndex(atPath path: String) throws(GitError) {
        // Asked again for the same file (a run cache and the file source share this repository): the index
        // already set is kept, and libgit2 re-reads it only if the file changed.
        guard path != indexPathInUse else { return }
        var index: OpaquePointer?
        try check(git_index_open(&index, path), "open the index file '\(path)'")
        defer { git_index_free(index) }
        try check(git_repository_set_index(handle, index), "use the index file '\(path)'")
        indexPathInUse = path
    }

    /// The index file `useIndex(atPath:)` last set.
    private(set) var indexPathInUse: String?

    /// Where the staged diff keeps HEAD's large trees between runs (`TreeStore`); nil (the default)
    /// keeps nothing: callers set it when their run may write its caches.
    public var treeCacheDirectory: String?

    /// The smallest tree kept there (lowered by tests, whose trees are small).
    var treeCacheSmallest = TreeStore.smallest

    /// The index entries last read, with the file and trailing checksum they were read from.
    var cachedIndex: (path: String, checksum: [UInt8], snapshot: IndexSnapshot)?

    /// A listing of the staged files started on other cores (`startIndexBlobs`), with the snapshot and
    /// size limit it lists; taken (once) by `indexBlobs` for the same snapshot and limit.
    let pendingBlobs = Locked<(snapshot: IndexSnapshotHandle, maxFileSize: Int, listing: Background<StagedListing>)?>(nil)
    /// The reader of HEAD's trees the staged diff parsed, with its root tree's id, for the base files
    /// read next (a hook's changed file in a wide folder had that folder's tree read and parsed again).
    let lastHeadTrees = Locked<HeadTreesHandle?>(nil)

    /// The untracked walk `workTreeManifest` just made, with the index snapshot it was made against:
    /// the next `workTreeFiles` over the same snapshot takes it (once) instead of walking again, so a
    /// run keyed by the manifest reads the work tree that manifest listed.
    var lastWalk: (snapshot: ObjectIdentifier, scan: UntrackedScan)?

    /// The work tree root without a trailing `/`; `nil` for a bare repository.
    public var workdir: String? {
        git_repository_workdir(handle).map { Self.trimmingSlash(String(cString: $0)) }
    }

    /// The repository's git directory (`.git`, `.git/worktrees/<name>` or the bare directory).
    public var gitDir: String {
        git_repository_path(handle).map { Self.trimmingSlash(String(cString: $0)) } ?? ""
    }

    /// The directory shared by all worktrees (equal to ``gitDir`` outside linked worktrees).
    public var commonDir: String {
        git_repository_commondir(handle).map { Self.trimmingSlash(String(cString: $0)) } ?? gitDir
    }

    /// Whether the repository has no work tree.
    public var isBare: Bool { git_repository_is_bare(handle) == 1 }

    /// Whether HEAD has no commit yet (a fresh repository, or an orphan branch).
    public var isEmpty: Bool { git_repository_head_unborn(handle) == 1 }

    /// Whether HEAD points directly at a commit instead of a branch.
    public var isHeadDetached: Bool { git_repository_head_detached(handle) == 1 }

    /// Whether this is a linked worktree (created by `git worktree add`).
    public var isLinkedWorktree: Bool { git_repository_is_worktree(handle) == 1 }

    /// Where git looks for hooks: `core.hooksPath` when set (`~/` expanded; a relative path is
    /// relative to the work tree root, or to the git directory when bare), otherwise the
    /// `hooks` directory of the common directory (so linked worktrees share the main hooks).
    public var hooksDirectory: String {
        guard let configured = config("core.hooksPath"), !configured.isEmpty else {
            return commonDir + "/hooks"
        }
        if configured.hasPrefix("/") { return Self.trimmingSlash(configured) }
        if configured == "~" || configured.hasPrefix("~/"), let home = FileSystem.environment("HOME") {
            return Self.trimmingSlash(home + configured.dropFirst())
        }
        let base = workdir ?? gitDir
        return Self.trimmingSlash(base + "/" + configured)
    }

    /// The value of a configuration key as git resolves it (local over global over system),
    /// `nil` when unset or unreadable.
    public func config(_ key: String) -> String? {
        var snapshot: OpaquePointer?
        guard git_repository_config_snapshot(&snapshot, handle) == 0, let snapshot else { return nil }
        defer { git_config_free(snapshot) }
        var value: UnsafePointer<CChar>?
        guard git_config_get_string(&value, snapshot, key) == 0, let value else { return nil }
        return String(cString: value)
    }

    /// The full hex object id a revision names (`HEAD`, `main`, `v1.0`, `HEAD~2`, a short sha...).
    /// Tags are peeled to the commit they point at.
    public func resolve(_ rev: String) throws(GitError) -> String {
        try withObject(rev, operation: "resolve revision '\(rev)'") { object throws(GitError) in
            var commit: OpaquePointer?
            if git_object_peel(&commit, object, GIT_OBJECT_COMMIT) == 0, let commit {
                defer { git_object_free(commit) }
                return Self.hex(git_object_id(commit))
            }
            return Self.hex(git_object_id(object))
        }
    }

    /// The best common ancestor of two revisions, as a full hex object id.
    public func mergeBase(_ a: String, _ b: String) throws(GitError) -> String {
        let operation = "find the merge base of '\(a)' and '\(b)'"
        var left = try commitOid(a, operation: operation)
        var right = try commitOid(b, operation: operation)
        var base = git_oid()
        try check(git_merge_base(&base, handle, &left, &right), operation)
        return Self.hex(&base)
    }

    /// Whether the repository is a shallow clone (its history is cut at `.git/shallow`).
    public var isShallow: Bool { git_repository_is_shallow(handle) == 1 }

    /// Whether `ancestor` is reachable from `commit` through first parents, looking at most `limit`
    /// commits back and stopping quietly where history is missing (a shallow clone's boundary).
    public func firstParentReaches(_ ancestor: String, from commit: String, limit: Int = 10_000) -> Bool {
        guard var current = try? commitOid(commit, operation: "walk first parents"),
              var target = try? commitOid(ancestor, operation: "walk first parents") else { return false }
        for _ in 0..<limit {
            if git_oid_equal(&current, &target) == 1 { return true }
            var object: OpaquePointer?
            guard git_commit_lookup(&object, handle, &current) == 0, let object else { return false }
            defer { git_commit_free(object) }
            guard git_commit_parentcount(object) > 0, let parent = git_commit_parent_id(object, 0) else { return false }
            current = parent.pointee
        }
        return false
    }

    /// Whether git's ignore rules (`.gitignore`, `.git/info/exclude`, `core.excludesFile`)
    /// match `path` (repository-relative). Tracked files can match too. `false` when bare.
    public func isIgnored(_ path: String) -> Bool {
        var ignored: Int32 = 0
        guard git_ignore_path_is_ignored(&ignored, handle, path) == 0 else { return false }
        return ignored == 1
    }

    /// The committer time of HEAD's commit in seconds since 1970, `nil` without a commit.
    public func headCommitDate() -> Int64? {
        var head: OpaquePointer?
        guard git_repository_head(&head, handle) == 0, let head else { return nil }
        defer { git_reference_free(head) }
        var commit: OpaquePointer?
        guard git_reference_peel(&commit, head, GIT_OBJECT_COMMIT) == 0, let commit else { return nil }
        defer { git_object_free(commit) }
        return Int64(git_commit_time(commit))
    }

    /// The committer time of the commit `rev` names, in seconds since 1970; nil when it names none.
    public func commitDate(_ rev: String) -> Int64? {
        var object: OpaquePointer?
        guard git_revparse_single(&object, handle, rev) == 0, let object else { return nil }
        defer { git_object_free(object) }
        var commit: OpaquePointer?
        guard git_object_peel(&commit, object, GIT_OBJECT_COMMIT) == 0, let commit else { return nil }
        defer { git_object_free(commit) }
        return Int64(git_commit_time(commit))
    }

    // MARK: - Internal helpers

    /// Runs `body` with the object `rev` names, freeing it afterwards. On an unborn HEAD the
    /// error says that the repository has no commit yet.
    func withObject<T>(
        _ rev: String, operation: String, _ body: (OpaquePointer) throws(GitError) -> T
    ) throws(GitError) -> T {
        var object: OpaquePointer?
        let code = git_revparse_single(&object, handle, rev)
        if code < 0 {
            let error = lastError(code, operation)
            let noCommitAtAll = git_repository_is_empty(handle) == 1
            if isEmpty && (noCommitAtAll || Self.mentionsHead(rev)) {
                throw GitError.noCommitYet(rev, operation: operation)
            }
            throw error
        }
        guard let object else { throw GitError(message: "libgit2 returned no object", operation: operation) }
        defer { git_object_free(object) }
        return try body(object)
    }

    /// Runs `body` with the tree `rev` names (commits and tags are peeled).
    func withTree<T>(
        _ rev: String, operation: String, _ body: (OpaquePointer) throws(GitError) -> T
    ) throws(GitError) -> T {
        try withObject(rev, operation: operation) { object throws(GitError) in
            var tree: OpaquePointer?
            try check(git_object_peel(&tree, object, GIT_OBJECT_TREE), operation + " (as a tree)")
            guard let tree else { throw GitError(message: "libgit2 returned no tree", operation: operation) }
            defer { git_object_free(tree) }
            return try body(tree)
        }
    }

    /// The commit id `rev` names.
    func commitOid(_ rev: String, operation: String) throws(GitError) -> git_oid {
        try withObject(rev, operation: operation) { object throws(GitError) in
            var commit: OpaquePointer?
            try check(git_object_peel(&commit, object, GIT_OBJECT_COMMIT), operation + " ('\(rev)' as a commit)")
            guard let commit, let id = git_object_id(commit) else {
                throw GitError(message: "libgit2 returned no commit", operation: operation)
            }
            defer { git_object_free(commit) }
            return id.pointee
        }
    }

    /// Full hex form of an object id.
    static func hex(_ oid: UnsafePointer<git_oid>?) -> String {
        guard let oid else { return "" }
        var buffer = [CChar](repeating: 0, count: 41)
        _ = git_oid_tostr(&buffer, buffer.count, oid)
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Whether a revision is relative to HEAD (so an unborn HEAD explains its failure).
    private static func mentionsHead(_ rev: String) -> Bool {
        rev.hasPrefix("HEAD") || rev.hasPrefix("@") || rev.contains("..")
    }

    private static func trimmingSlash(_ path: String) -> String {
        path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
    }
}
