internal import CLibGit2

extension Repository {
    /// Every file of the tree a revision names (a commit, branch, tag, `HEAD~2`, a tree id...).
    /// Blobs above `maxFileSize` bytes are listed as oversized without being loaded; submodules
    /// are listed, never entered.
    public func commitFiles(_ rev: String, maxFileSize: Int) throws(GitError) -> FileListing {
        let operation = "list the files of '\(rev)'"
        return try withTree(rev, operation: operation) { tree throws(GitError) in
            var listing = FileListing()
            try collect(tree: tree, prefix: "", maxFileSize: maxFileSize, into: &listing, operation: operation)
            listing.sort()
            return listing
        }
    }

    /// The content of `path` at revision `rev`: `nil` when the path does not exist there or is not
    /// a file (a directory or a submodule). A symlink yields its target text.
    public func blob(at path: String, in rev: String) throws(GitError) -> [UInt8]? {
        let operation = "read '\(path)' at '\(rev)'"
        return try withTree(rev, operation: operation) { tree throws(GitError) in
            guard let (oid, mode) = try entry(at: path, in: tree, operation: operation),
                FileMode(gitMode: mode) != .submodule
            else { return nil }
            return try blobBytes(oid, operation: operation)
        }
    }

    /// Paths that differ between two revisions' trees, with rename and copy detection, sorted by path.
    public func changes(from base: String, to head: String) throws(GitError) -> [ChangedPath] {
        let operation = "compare '\(base)' with '\(head)'"
        return try withTree(base, operation: operation) { baseTree throws(GitError) in
            try withTree(head, operation: operation) { headTree throws(GitError) in
                var options = try diffOptions(operation)
                var diff: OpaquePointer?
                try check(git_diff_tree_to_tree(&diff, handle, baseTree, headTree, &options), operation)
                return try changedPaths(of: diff, operation: operation)
            }
        }
    }

    /// What is staged: HEAD's tree against the index, with rename detection. In a repository
    /// without a commit every staged path is `.added`. Throws on a bare repository.
    public func stagedChanges() throws(GitError) -> [ChangedPath] {
        let operation = "compare HEAD with the index"
        guard !isBare else { throw GitError.bareRepository(operation) }
        return try withIndex(operation: operation) { index throws(GitError) in
            var options = try diffOptions(operation)
            var diff: OpaquePointer?
            if isEmpty {
                try check(git_diff_tree_to_index(&diff, handle, nil, index, &options), operation)
            } else {
                try withTree("HEAD", operation: operation) { tree throws(GitError) in
                    try check(git_diff_tree_to_index(&diff, handle, tree, index, &options), operation)
                }
            }
            return try changedPaths(of: diff, operation: operation)
        }
    }

    /// A revision range `A..B` (what `B` has that `A` lacks, compared tree to tree) or `A...B`
    /// (from the merge base of `A` and `B` to `B`): the changed paths and the content at `B` of
    /// those that still exist there.
    public func rangeFiles(_ range: String, maxFileSize: Int) throws(GitError) -> RangeListing {
        let operation = "list the revision range '\(range)'"
        guard let dots = range.firstRange(of: "..") else {
            throw GitError(message: "expected a range of the form A..B or A...B", operation: operation)
        }
        let symmetric = range[dots.upperBound...].hasPrefix(".")
        let left = String(range[..<dots.lowerBound])
        let right = String(range[(symmetric ? range.index(after: dots.upperBound) : dots.upperBound)...])
        let from = left.isEmpty ? "HEAD" : left
        let to = right.isEmpty ? "HEAD" : right
        let head = try resolve(to)
        let base = symmetric ? try mergeBase(from, to) : try resolve(from)
        let changed = try changes(from: base, to: head)
        let existing = changed.filter { $0.existsAfter }.map { $0.path }
        let listing = try files(existing, at: head, maxFileSize: maxFileSize)
        return RangeListing(base: base, head: head, changes: changed, files: listing)
    }

    /// The content at `rev` of the given paths (paths missing there are skipped).
    public func files(_ paths: [String], at rev: String, maxFileSize: Int) throws(GitError) -> FileListing {
        let operation = "read changed files at '\(rev)'"
        return try withTree(rev, operation: operation) { tree throws(GitError) in
            var listing = FileListing()
            for path in paths {
                guard let (oid, mode) = try entry(at: path, in: tree, operation: operation),
                    let fileMode = FileMode(gitMode: mode)
                else { continue }
                try append(blob: oid, path: path, mode: fileMode, maxFileSize: maxFileSize, into: &listing,
                    operation: operation)
            }
            listing.sort()
            return listing
        }
    }

    // MARK: - Helpers shared with the index listing

    /// Adds a blob to `listing`: oversized (checked from the object header, without loading it),
    /// a submodule, or a file with its bytes.
    func append(
        blob oid: git_oid, path: String, mode: FileMode, maxFileSize: Int, into listing: inout FileListing,
        operation: String
    ) throws(GitError) {
        if mode == .submodule {
            listing.submodules.append(path)
            return
        }
        var odb: OpaquePointer?
        try check(git_repository_odb(&odb, handle), operation)
        defer { git_odb_free(odb) }
        var size = 0
        var type = GIT_OBJECT_ANY
        var id = oid
        try check(git_odb_read_header(&size, &type, odb, &id), operation + " (header of '\(path)')")
        if size > maxFileSize {
            listing.oversized.append(OversizedFile(path: path, size: size))
            return
        }
        let bytes = try blobBytes(oid, operation: operation + " ('\(path)')")
        listing.files.append(GitFile(path: path, bytes: bytes, mode: mode, oid: Self.hex(&id)))
    }

    /// The raw content of a blob.
    func blobBytes(_ oid: git_oid, operation: String) throws(GitError) -> [UInt8] {
        var id = oid
        var blob: OpaquePointer?
        try check(git_blob_lookup(&blob, handle, &id), operation)
        guard let blob else { throw GitError(message: "libgit2 returned no blob", operation: operation) }
        defer { git_blob_free(blob) }
        let size = Int(git_blob_rawsize(blob))
        guard size > 0, let content = git_blob_rawcontent(blob) else { return [] }
        return Array(UnsafeRawBufferPointer(start: content, count: size))
    }

    // MARK: - Private

    private func collect(
        tree: OpaquePointer, prefix: String, maxFileSize: Int, into listing: inout FileListing, operation: String
    ) throws(GitError) {
        try walk(tree: tree, prefix: prefix, operation: operation) { path, id, mode throws(GitError) in
            try append(blob: id, path: path, mode: mode, maxFileSize: maxFileSize, into: &listing, operation: operation)
        }
    }

    /// Calls `visit` for every non-tree entry below `tree` (depth first, in tree order) with its path,
    /// blob id and mode; entries of unknown mode are skipped.
    func walk(tree: OpaquePointer, prefix: String, operation: String,
              _ visit: (String, git_oid, FileMode) throws(GitError) -> Void) throws(GitError) {
        for index in 0..<git_tree_entrycount(tree) {
            guard let entry = git_tree_entry_byindex(tree, index), let id = git_tree_entry_id(entry) else { continue }
            let path = prefix + String(cString: git_tree_entry_name(entry))
            if git_tree_entry_type(entry) == GIT_OBJECT_TREE {
                var subtree: OpaquePointer?
                try check(git_tree_lookup(&subtree, handle, id), operation + " (tree '\(path)')")
                guard let subtree else { continue }
                defer { git_tree_free(subtree) }
                try walk(tree: subtree, prefix: path + "/", operation: operation, visit)
            } else if let mode = FileMode(gitMode: git_tree_entry_filemode(entry).rawValue) {
                try visit(path, id.pointee, mode)
            }
        }
    }

    /// The blob id and mode at `path` in `tree`; `nil` when absent or a directory.
    private func entry(at path: String, in tree: OpaquePointer, operation: String) throws(GitError)
        -> (git_oid, UInt32)?
    {
        var entry: OpaquePointer?
        let code = git_tree_entry_bypath(&entry, tree, path)
        if code == GIT_ENOTFOUND.rawValue { return nil }
        try check(code, operation)
        guard let entry, let id = git_tree_entry_id(entry) else { return nil }
        defer { git_tree_entry_free(entry) }
        guard git_tree_entry_type(entry) != GIT_OBJECT_TREE else { return nil }
        return (id.pointee, git_tree_entry_filemode(entry).rawValue)
    }

    private func diffOptions(_ operation: String) throws(GitError) -> git_diff_options {
        var options = git_diff_options()
        try check(git_diff_options_init(&options, UInt32(GIT_DIFF_OPTIONS_VERSION)), operation)
        options.flags |= GIT_DIFF_INCLUDE_TYPECHANGE.rawValue
        return options
    }

    /// Runs rename/copy detection on `diff`, frees it and maps its deltas.
    private func changedPaths(of diff: OpaquePointer?, operation: String) throws(GitError) -> [ChangedPath] {
        guard let diff else { throw GitError(message: "libgit2 returned no diff", operation: operation) }
        defer { git_diff_free(diff) }
        var find = git_diff_find_options()
        try check(git_diff_find_options_init(&find, UInt32(GIT_DIFF_FIND_OPTIONS_VERSION)), operation)
        find.flags = GIT_DIFF_FIND_RENAMES.rawValue | GIT_DIFF_FIND_COPIES.rawValue
        try check(git_diff_find_similar(diff, &find), operation + " (rename detection)")
        var result: [ChangedPath] = []
        for index in 0..<git_diff_num_deltas(diff) {
            guard let delta = git_diff_get_delta(diff, index) else { continue }
            let newPath = delta.pointee.new_file.path.map { String(cString: $0) } ?? ""
            let oldPath = delta.pointee.old_file.path.map { String(cString: $0) } ?? newPath
            let status: ChangeStatus
            switch delta.pointee.status {
            case GIT_DELTA_ADDED, GIT_DELTA_UNTRACKED: status = .added
            case GIT_DELTA_DELETED: status = .deleted
            case GIT_DELTA_RENAMED: status = .renamed(from: oldPath)
            case GIT_DELTA_COPIED: status = .copied(from: oldPath)
            case GIT_DELTA_TYPECHANGE: status = .typeChanged
            case GIT_DELTA_CONFLICTED: status = .conflicted
            case GIT_DELTA_UNMODIFIED, GIT_DELTA_IGNORED: continue
            default: status = .modified
            }
            result.append(ChangedPath(path: status == .deleted ? oldPath : newPath, status: status))
        }
        return result.sorted { $0.path < $1.path }
    }
}
