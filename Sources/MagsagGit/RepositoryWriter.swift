internal import CLibGit2

/// TEST AND FIXTURE SUPPORT ONLY: builds temporary repositories through libgit2.
///
/// The linter never uses this type on a user's repository (``Repository`` is the read-only view
/// it uses). It is public so every test target of the project can create repositories without
/// spawning the `git` executable. Commits use a fixed author and a caller-chosen fixed time so
/// object ids are deterministic.
///
/// Not `Sendable`: use an instance from one task at a time.
public final class RepositoryWriter {
    /// The owned `git_repository *`.
    private let handle: OpaquePointer

    private init(handle: OpaquePointer) {
        self.handle = handle
    }

    deinit {
        git_repository_free(handle)
    }

    /// Creates a new repository at `path` (created if missing) whose HEAD is the unborn branch
    /// `initialBranch`; `bare` creates a repository without a work tree.
    public static func create(at path: String, bare: Bool = false, initialBranch: String = "main")
        throws(GitError) -> RepositoryWriter
    {
        GitLibrary.ensureInitialized()
        let operation = "create a repository at '\(path)'"
        var options = git_repository_init_options()
        try check(git_repository_init_options_init(&options, UInt32(GIT_REPOSITORY_INIT_OPTIONS_VERSION)), operation)
        options.flags = GIT_REPOSITORY_INIT_MKPATH.rawValue | (bare ? GIT_REPOSITORY_INIT_BARE.rawValue : 0)
        var out: OpaquePointer?
        let code = initialBranch.withCString { branch -> Int32 in
            options.initial_head = branch
            return git_repository_init_ext(&out, path, &options)
        }
        try check(code, operation)
        guard let out else { throw GitError(message: "libgit2 returned no repository", operation: operation) }
        return RepositoryWriter(handle: out)
    }

    /// Clones the local repository at `source` into `path` (bare by default), without network.
    public static func clone(from source: String, to path: String, bare: Bool = true) throws(GitError)
        -> RepositoryWriter
    {
        GitLibrary.ensureInitialized()
        let operation = "clone '\(source)' into '\(path)'"
        var options = git_clone_options()
        try check(git_clone_options_init(&options, UInt32(GIT_CLONE_OPTIONS_VERSION)), operation)
        options.bare = bare ? 1 : 0
        var out: OpaquePointer?
        try check(git_clone(&out, source, path, &options), operation)
        guard let out else { throw GitError(message: "libgit2 returned no repository", operation: operation) }
        return RepositoryWriter(handle: out)
    }

    /// Opens an existing repository for writing fixtures.
    public convenience init(openingAt path: String) throws(GitError) {
        GitLibrary.ensureInitialized()
        var out: OpaquePointer?
        try check(git_repository_open(&out, path), "open repository at '\(path)'")
        guard let out else { throw GitError(message: "libgit2 returned no repository", operation: "open") }
        self.init(handle: out)
    }

    /// The work tree root without a trailing `/`; `nil` when bare.
    public var workdir: String? {
        git_repository_workdir(handle).map { String(String(cString: $0).dropLast()) }
    }

    /// The git directory without a trailing `/`.
    public var gitDir: String {
        git_repository_path(handle).map { String(String(cString: $0).dropLast()) } ?? ""
    }

    /// Writes `text` (UTF-8) to the work-tree file `path`, creating parent directories.
    public func write(_ path: String, _ text: String, executable: Bool = false) throws(GitError) {
        try write(path, bytes: Array(text.utf8), executable: executable)
    }

    /// Writes raw bytes to the work-tree file `path`, creating parent directories.
    public func write(_ path: String, bytes: [UInt8], executable: Bool = false) throws(GitError) {
        let full = try workTreePath(path, operation: "write '\(path)'")
        guard FileSystem.write(bytes, to: full, executable: executable) else {
            throw GitError(message: FileSystem.lastErrorText, operation: "write '\(path)'")
        }
    }

    /// Creates a symbolic link `path` in the work tree pointing to `target` (not checked).
    public func symlink(_ path: String, to target: String) throws(GitError) {
        let full = try workTreePath(path, operation: "create symlink '\(path)'")
        guard FileSystem.symlink(at: full, target: target) else {
            throw GitError(message: FileSystem.lastErrorText, operation: "create symlink '\(path)'")
        }
    }

    /// Deletes the work-tree file `path` (the index is not touched).
    public func delete(_ path: String) throws(GitError) {
        let full = try workTreePath(path, operation: "delete '\(path)'")
        guard FileSystem.remove(full) else {
            throw GitError(message: FileSystem.lastErrorText, operation: "delete '\(path)'")
        }
    }

    /// Stages paths like `git add`: present files are added, missing ones removed; writes the index.
    public func stage(_ paths: String...) throws(GitError) {
        try stage(paths)
    }

    /// Stages paths like `git add`: present files are added, missing ones removed; writes the index.
    public func stage(_ paths: [String]) throws(GitError) {
        try withIndex { index throws(GitError) in
            for path in paths {
                let present = workdir.flatMap { FileSystem.kind($0 + "/" + path) } != nil
                let code = present ? git_index_add_bypath(index, path) : git_index_remove_bypath(index, path)
                try check(code, "stage '\(path)'")
            }
        }
    }

    /// Removes paths from the index only (like `git rm --cached`); writes the index.
    public func removeFromIndex(_ paths: String...) throws(GitError) {
        try withIndex { index throws(GitError) in
            for path in paths { try check(git_index_remove_bypath(index, path), "unstage '\(path)'") }
        }
    }

    /// Replaces the whole index by the tree of `rev` (like `git read-tree`); the work tree is not
    /// touched. Useful to commit on another branch without a checkout.
    public func resetIndex(to rev: String) throws(GitError) {
        let operation = "reset the index to '\(rev)'"
        var tree: OpaquePointer?
        try check(git_revparse_single(&tree, handle, rev + "^{tree}"), operation)
        defer { git_object_free(tree) }
        try withIndex { index throws(GitError) in try check(git_index_read_tree(index, tree), operation) }
    }

    /// Records an unmerged path in the index with "ours" and "theirs" contents; writes the index.
    public func stageConflict(_ path: String, ours: String, theirs: String) throws(GitError) {
        let operation = "stage a conflict on '\(path)'"
        let ourId = try createBlob(Array(ours.utf8), operation: operation)
        let theirId = try createBlob(Array(theirs.utf8), operation: operation)
        try withIndex { index throws(GitError) in
            let code = path.withCString { cPath -> Int32 in
                var our = git_index_entry()
                our.path = cPath
                our.mode = 0o100644
                our.id = ourId
                var their = our
                their.id = theirId
                return git_index_conflict_add(index, nil, &our, &their)
            }
            try check(code, operation)
        }
    }

    /// Puts an entry in the index without a work-tree file: `bytes` stored as a blob (or, for mode
    /// `0o160000`, `commit` as a gitlink's commit id), with stat data and the extended flags
    /// `intentToAdd` and `skipWorktree` as given; writes the index. For paths no file system would take
    /// (longer than `PATH_MAX`) and flags `stage` cannot set.
    public func stageEntry(
        _ path: String, bytes: [UInt8] = [], mode: UInt32 = 0o100644, commit: [UInt8]? = nil, modified: (seconds: Int32, nanoseconds: UInt32) = (0, 0),
        size: UInt32 = 0, inode: UInt32 = 0, intentToAdd: Bool = false, skipWorktree: Bool = false
    ) throws(GitError) {
        let operation = "stage an entry for '\(path)'"
        var id = git_oid()
        if let commit {
            withUnsafeMutableBytes(of: &id.id) { raw in for i in 0..<min(raw.count, commit.count) { raw[i] = commit[i] } }
        } else {
            id = try createBlob(bytes, operation: operation)
        }
        try withIndex { index throws(GitError) in
            let code = path.withCString { cPath -> Int32 in
                var entry = git_index_entry()
                entry.path = cPath
                entry.mode = mode
                entry.id = id
                entry.mtime = git_index_time(seconds: modified.seconds, nanoseconds: modified.nanoseconds)
                entry.file_size = size
                entry.ino = inode
                var extended: UInt32 = 0
                if intentToAdd { extended |= GIT_INDEX_ENTRY_INTENT_TO_ADD.rawValue }
                if skipWorktree { extended |= GIT_INDEX_ENTRY_SKIP_WORKTREE.rawValue }
                entry.flags_extended = UInt16(extended)
                return git_index_add(index, &entry)
            }
            try check(code, operation)
        }
    }

    /// Rewrites the index in on-disk format `version` (2, 3 or 4; 4 compresses paths).
    public func setIndexVersion(_ version: UInt32) throws(GitError) {
        try withIndex { index throws(GitError) in
            try check(git_index_set_version(index, version), "set the index version")
        }
    }

    /// Writes the index's tree (as `git write-tree` does): the index's cache tree records every folder
    /// as valid again, whatever is staged. Returns the tree's hex id.
    @discardableResult
    public func writeTree() throws(GitError) -> String {
        var treeId = git_oid()
        try withIndex { index throws(GitError) in
            try check(git_index_write_tree(&treeId, index), "write the index's tree")
        }
        return Repository.hex(&treeId)
    }

    /// Commits the index on HEAD (whose branch, or detached HEAD, moves) with a fixed author and
    /// `time` (seconds since 1970, UTC); returns the new commit's hex id.
    @discardableResult
    public func commit(_ message: String, time: Int64 = 1_700_000_000) throws(GitError) -> String {
        let operation = "commit '\(message)'"
        var treeId = git_oid()
        try withIndex { index throws(GitError) in
            try check(git_index_write_tree(&treeId, index), operation + " (write tree)")
        }
        var tree: OpaquePointer?
        try check(git_tree_lookup(&tree, handle, &treeId), operation)
        defer { git_tree_free(tree) }
        var signature: UnsafeMutablePointer<git_signature>?
        try check(git_signature_new(&signature, "Magsag Test", "test@magsag-lint.invalid", time, 0), operation)
        defer { git_signature_free(signature) }
        var parent: OpaquePointer?
        if git_repository_head_unborn(handle) != 1 {
            try check(git_revparse_single(&parent, handle, "HEAD^{commit}"), operation + " (parent)")
        }
        defer { git_object_free(parent) }
        var parents: [OpaquePointer?] = parent.map { [$0] } ?? []
        var id = git_oid()
        let code = parents.withUnsafeMutableBufferPointer { buffer in
            git_commit_create(&id, handle, "HEAD", signature, signature, nil, message, tree, buffer.count,
                buffer.baseAddress)
        }
        try check(code, operation)
        return Repository.hex(&id)
    }

    /// Creates (or moves) the branch `name` at `rev` without touching HEAD or the work tree.
    public func createBranch(_ name: String, at rev: String = "HEAD") throws(GitError) {
        try setReference("refs/heads/" + name, to: rev)
    }

    /// Points the reference `name` (e.g. `refs/tags/v1`) at the commit `rev`, no checkout.
    public func setReference(_ name: String, to rev: String) throws(GitError) {
        let operation = "set '\(name)' to '\(rev)'"
        var commit: OpaquePointer?
        try check(git_revparse_single(&commit, handle, rev + "^{commit}"), operation)
        defer { git_object_free(commit) }
        var reference: OpaquePointer?
        try check(git_reference_create(&reference, handle, name, git_object_id(commit), 1, nil), operation)
        git_reference_free(reference)
    }

    /// Makes HEAD a symbolic reference to `reference` (e.g. `refs/heads/feature`), no checkout.
    public func setHead(_ reference: String) throws(GitError) {
        try check(git_repository_set_head(handle, reference), "set HEAD to '\(reference)'")
    }

    /// Detaches HEAD at the commit `rev`, no checkout.
    public func detachHead(at rev: String) throws(GitError) {
        let operation = "detach HEAD at '\(rev)'"
        var commit: OpaquePointer?
        try check(git_revparse_single(&commit, handle, rev + "^{commit}"), operation)
        defer { git_object_free(commit) }
        try check(git_repository_set_head_detached(handle, git_object_id(commit)), operation)
    }

    /// Adds a linked worktree named `name` at `path` (a new branch `name` at HEAD, checked out).
    public func addWorktree(named name: String, at path: String) throws(GitError) {
        let operation = "add worktree '\(name)' at '\(path)'"
        var options = git_worktree_add_options()
        try check(git_worktree_add_options_init(&options, UInt32(GIT_WORKTREE_ADD_OPTIONS_VERSION)), operation)
        var worktree: OpaquePointer?
        try check(git_worktree_add(&worktree, handle, name, path, &options), operation)
        git_worktree_free(worktree)
    }

    /// Sets a configuration value in the repository's own (local) config file.
    public func setConfig(_ key: String, _ value: String) throws(GitError) {
        let operation = "set config '\(key)'"
        var config: OpaquePointer?
        try check(git_repository_config(&config, handle), operation)
        defer { git_config_free(config) }
        var local: OpaquePointer?
        try check(git_config_open_level(&local, config, GIT_CONFIG_LEVEL_LOCAL), operation)
        defer { git_config_free(local) }
        try check(git_config_set_string(local, key, value), operation)
    }

    // MARK: - Private

    private func withIndex(_ body: (OpaquePointer) throws(GitError) -> Void) throws(GitError) {
        var index: OpaquePointer?
        try check(git_repository_index(&index, handle), "open the index")
        guard let index else { throw GitError(message: "libgit2 returned no index", operation: "open the index") }
        defer { git_index_free(index) }
        try check(git_index_read(index, 0), "read the index")
        try body(index)
        try check(git_index_write(index), "write the index")
    }

    private func createBlob(_ bytes: [UInt8], operation: String) throws(GitError) -> git_oid {
        var id = git_oid()
        let code = bytes.withUnsafeBytes { git_blob_create_from_buffer(&id, handle, $0.baseAddress, $0.count) }
        try check(code, operation)
        return id
    }

    private func workTreePath(_ path: String, operation: String) throws(GitError) -> String {
        guard let root = workdir else { throw GitError.bareRepository(operation) }
        let full = root + "/" + path
        if let slash = full.lastIndex(of: "/") { FileSystem.makeDirectories(String(full[..<slash])) }
        return full
    }
}
