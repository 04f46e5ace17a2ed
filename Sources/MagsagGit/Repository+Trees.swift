internal import CLibGit2
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

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
        try stagedChanges(throughCacheTree: true)
    }

    /// `stagedChanges()`, optionally without the cache-tree shortcut (tests compare the two).
    func stagedChanges(throughCacheTree: Bool) throws(GitError) -> [ChangedPath] {
        let operation = "compare HEAD with the index"
        guard !isBare else { throw GitError.bareRepository(operation) }
        // The index's cache tree names the few paths that can differ (walked once: its candidates also
        // narrow libgit2's diff when the direct statuses cannot decide).
        var candidates: [String]?
        if throughCacheTree {
            let narrowed = try narrowedStagedChanges()
            if let direct = narrowed.direct { return direct }
            candidates = narrowed.candidates
        }
        return try withIndex(operation: operation) { index throws(GitError) in
            var options = try diffOptions(operation)
            var diff: OpaquePointer?
            if isEmpty {
                try check(git_diff_tree_to_index(&diff, handle, nil, index, &options), operation)
            } else {
                let unchanged = try withTree("HEAD", operation: operation) { tree throws(GitError) -> Bool in
                    // The candidates narrow libgit2's diff (rename and copy detection only ever pair paths the
                    // diff holds).
                    if let candidates, candidates.isEmpty { return true }
                    // A very long path list gains nothing over the whole diff: that one is bounded by the trees.
                    if let candidates, candidates.count <= Self.maximumDiffCandidates {
                        options.flags |= GIT_DIFF_DISABLE_PATHSPEC_MATCH.rawValue
                        try withPathspec(candidates) { pathspec throws(GitError) in
                            options.pathspec = pathspec
                            try check(git_diff_tree_to_index(&diff, handle, tree, index, &options), operation)
                        }
                        options.pathspec = git_strarray()
                    } else {
                        try check(git_diff_tree_to_index(&diff, handle, tree, index, &options), operation)
                    }
                    return false
                }
                if unchanged { return [] }
            }
            return try changedPaths(of: diff, operation: operation)
        }
    }

    /// The staged changes found without libgit2's index and diff, or nil when they must decide. The
    /// index's cache tree names the few paths that can differ; when none of them can pair with another
    /// (a rename needs an added and a deleted path, a copy an added and a modified one), their changes
    /// come from the entries and HEAD's tree alone.
    func directStagedChanges() throws(GitError) -> [ChangedPath]? {
        try narrowedStagedChanges().direct
    }

    /// The cache tree's candidates (nil without a usable cache tree, or without a HEAD commit) and the
    /// staged changes decided from them directly (nil when libgit2 must decide).
    private func narrowedStagedChanges() throws(GitError) -> (candidates: [String]?, direct: [ChangedPath]?) {
        let operation = "compare HEAD with the index"
        guard !isBare else { throw GitError.bareRepository(operation) }
        guard !isEmpty else { return (nil, nil) }
        let snapshot = try indexSnapshot(operation: operation)
        return try withTree("HEAD", operation: operation) { tree throws(GitError) in
            guard let (reader, root, rootID) = headTrees(tree) else { return (nil, nil) }
            defer { reader.save() }
            guard let candidates = stagedCandidates(snapshot, root: root, rootID: rootID, reader: reader) else { return (nil, nil) }
            return (candidates, candidates.isEmpty ? [] : directChanges(of: candidates, snapshot: snapshot, root: root, reader: reader))
        }
    }

    /// A reader of the trees below `tree` (libgit2's), with that tree read through it and its id; nil
    /// when the object database or the tree cannot be read.
    private func headTrees(_ tree: OpaquePointer) -> (reader: TreeReader, root: RawTree, rootID: [UInt8])? {
        guard let rootID = git_tree_id(tree).map({ withUnsafeBytes(of: $0.pointee.id) { Array($0.prefix(20)) } }) else { return nil }
        // The reader of the last call, when it read the same root tree (its parsed trees are reused).
        if let last = lastHeadTrees.withLock({ $0 }), last.rootID == rootID { return (last.reader, last.root, rootID) }
        guard let reader = TreeReader(repository: handle, storeDirectory: treeCacheDirectory, smallestStored: treeCacheSmallest),
              let root = rootID.withUnsafeBytes({ reader.tree($0.baseAddress!) }) else { return nil }
        lastHeadTrees.withLock { $0 = HeadTreesHandle(reader: reader, root: root, rootID: rootID) }
        return (reader, root, rootID)
    }

    /// Above this many candidate paths, the staged diff compares the whole trees.
    static let maximumDiffCandidates = 4_096

    /// The paths whose staged entry may differ from HEAD's (a superset of the staged changes, usually
    /// exactly them), found through the index's cache tree without walking the unchanged directories;
    /// nil when the index has no usable cache tree, holds conflicts, or a directory changed into a file
    /// or the other way (the whole trees are compared then).
    func stagedCandidates(_ snapshot: IndexSnapshot, root: RawTree, rootID: [UInt8], reader: TreeReader) -> [String]? {
        guard !snapshot.hasConflicts, let cache = snapshot.cacheTree else { return nil }
        var walk = CacheTreeWalk(reader: reader, snapshot: snapshot)
        guard walk.visit(tree: root, id: rootID, prefix: [], node: 0, cache: cache, range: 0..<snapshot.count) else { return nil }
        return walk.candidates
    }

    /// What `stagedCandidates(_:root:rootID:reader:)` finds for the current index and HEAD (for tests).
    func stagedCandidates() throws(GitError) -> [String]? {
        let snapshot = try indexSnapshot(operation: "compare HEAD with the index")
        return try withTree("HEAD", operation: "compare HEAD with the index") { tree in
            guard let (reader, root, rootID) = headTrees(tree) else { return nil }
            defer { reader.save() }
            return stagedCandidates(snapshot, root: root, rootID: rootID, reader: reader)
        }
    }

    /// The staged changes among `candidates`, from their index entries and HEAD's tree, sorted by path;
    /// nil when libgit2's diff must decide: a rename or copy is possible (an addition beside a deletion
    /// or modification), or a candidate is intent-to-add, a submodule or a folder in HEAD.
    private func directChanges(of candidates: [String], snapshot: IndexSnapshot, root: RawTree, reader: TreeReader) -> [ChangedPath]? {
        guard candidates.count <= Self.maximumDiffCandidates else { return nil }
        var changes: [ChangedPath] = []
        changes.reserveCapacity(candidates.count)
        var added = false, other = false
        for path in candidates {
            let staged = snapshot.position(of: path)
            let headEntry = reader.entry(at: path, root: root)
            let stagedMode = staged.map { snapshot.entries[$0].mode }
            if let staged, snapshot.entries[staged].extendedFlags & IndexSnapshot.intentToAdd != 0 { return nil }
            let headMode = headEntry?.mode
            for mode in [stagedMode, headMode].compactMap({ $0 }) where mode & 0o170000 == 0o160000 || mode & 0o170000 == 0o040000 {
                return nil
            }
            switch (stagedMode, headMode) {
            case (nil, nil):
                continue
            case (.some, nil):
                added = true
                changes.append(ChangedPath(path: path, status: .added))
            case (nil, .some):
                other = true
                changes.append(ChangedPath(path: path, status: .deleted))
            case (.some(let stagedMode), .some(let headMode)):
                guard let staged, let headEntry else { return nil }
                if headEntry.id.withUnsafeBytes({ snapshot.records(raw: $0.baseAddress!, at: staged) }), stagedMode == headMode { continue }
                other = true
                let sameType = stagedMode & 0o170000 == headMode & 0o170000
                changes.append(ChangedPath(path: path, status: sameType ? .modified : .typeChanged))
            }
        }
        if added, other { return nil }
        return changes.sorted { $0.path < $1.path }
    }

    /// Runs `body` with `paths` as a libgit2 string array.
    private func withPathspec(_ paths: [String], _ body: (git_strarray) throws(GitError) -> Void) throws(GitError) {
        let strings = paths.map { strdup($0) }
        defer { strings.forEach { free($0) } }
        var pointers = strings
        var failure: GitError?
        pointers.withUnsafeMutableBufferPointer { buffer in
            do throws(GitError) {
                try body(git_strarray(strings: buffer.baseAddress, count: buffer.count))
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
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
            // HEAD's trees as the staged diff reads them (kept between runs when large): a changed file
            // in a wide folder would have libgit2 inflate that folder's tree again.
            let trees = headTrees(tree)
            defer { trees?.reader.save() }
            for path in paths {
                var found: (git_oid, UInt32)?
                switch trees.map({ $0.reader.lookup(path, root: $0.root) }) {
                case .found(let mode, let id)?:
                    guard mode != 0o040000 else { continue }
                    var oid = git_oid()
                    id.withUnsafeBytes { raw in
                        withUnsafeMutableBytes(of: &oid.id) { $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: raw.prefix(20))) }
                    }
                    found = (oid, mode)
                case .absent?:
                    found = nil
                case .unreadable?, nil:
                    found = try entry(at: path, in: tree, operation: operation)
                }
                guard let (oid, mode) = found, let fileMode = FileMode(gitMode: mode) else { continue }
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

/// The walk behind `Repository.stagedCandidates`: HEAD's tree and the index side by side, one
/// directory at a time, entering only directories whose cached tree id is missing or differs.
private struct CacheTreeWalk {
    let reader: TreeReader
    let snapshot: IndexSnapshot
    var candidates: [String] = []

    init(reader: TreeReader, snapshot: IndexSnapshot) {
        self.reader = reader
        self.snapshot = snapshot
    }

    /// Whether index entry `position`'s path starts with the first `count` bytes of entry `other`'s.
    private func shares(_ position: Int, firstBytes count: Int, of other: Int) -> Bool {
        snapshot.withPath(position) { bytes in
            snapshot.withPath(other) { wanted in
                guard bytes.count >= count, wanted.count >= count else { return false }
                guard count > 0, let base = bytes.baseAddress, let wantedBase = wanted.baseAddress else { return true }
                return memcmp(base, wantedBase, count) == 0
            }
        }
    }

    /// The end of the run of entries from `start` (below `end`) whose paths start with the first
    /// `count` bytes of `start`'s.
    private func runEnd(from start: Int, below end: Int, firstBytes count: Int) -> Int {
        var low = start, high = end
        while low < high {
            let middle = (low + high) / 2
            if shares(middle, firstBytes: count, of: start) { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// Compares the directory `prefix` (ending in `/`, or empty for the root) of HEAD (`tree`, whose id
    /// is `id`) with the index entries in `range`. Returns false when the walk cannot decide (the caller
    /// compares the whole trees).
    ///
    /// Both sides are walked in order, side by side (git's tree order is the index's path order, a
    /// directory's name sorting as if it ended in `/`): a HEAD entry passed over is a deletion, an index
    /// entry or folder with no HEAD entry an addition, and a name on both sides is compared there (a
    /// folder of 20,000 files was a binary search in HEAD's tree per file). Trees are read raw and
    /// parsed by `TreeReader` (kept between runs when large).
    mutating func visit(tree: RawTree, id: [UInt8], prefix: [UInt8], node: Int?, cache: IndexCacheTree, range: Range<Int>) -> Bool {
        if let node, id.withUnsafeBytes({ cache.isValid(node, entries: range.count, rawID: $0.baseAddress!) }) { return true }
        let total = tree.count
        var cursor = 0
        var children: CacheTreeChildren?
        var position = range.lowerBound
        // HEAD's entries before the index's name at `position` (a folder when `slash` is set) are
        // deletions; the entry with that name, if any, is returned (and passed). `.undecided`: the walk
        // cannot decide.
        enum Step { case found(Int), absent, undecided }
        func advance(_ position: Int, slash: Int?, length: Int) -> Step {
            while cursor < total {
                let isDirectory = tree.isDirectory(cursor)
                let order = tree.withName(cursor) { name in
                    snapshot.withPath(position) { full in
                        RawTree.treeOrder(name, isDirectory, UnsafeBufferPointer(rebasing: full[prefix.count..<(slash ?? length)]), slash != nil)
                    }
                }
                if order > 0 { return .absent }
                if order == 0 {
                    cursor += 1
                    return .found(cursor - 1)
                }
                // Before the index's name: a deletion, unless the same name is on both sides with
                // another type (a file became a folder, or the reverse) or a whole folder went.
                let sameName = tree.withName(cursor) { name in
                    snapshot.withPath(position) { full in
                        name.elementsEqual(full[prefix.count..<(slash ?? length)])
                    }
                }
                guard !sameName, !isDirectory else { return .undecided }
                candidates.append(tree.withName(cursor) { String(decoding: prefix + Array($0), as: UTF8.self) })
                cursor += 1
            }
            return .absent
        }
        while position < range.upperBound {
            // The common case first: HEAD's next entry is a file named as the rest of this entry's path
            // (then the path has no further slash, and the two are the same name): the ids and modes
            // decide, without working out the name's end or the tree order.
            if cursor < total, !tree.isDirectory(cursor), tree.withName(cursor, { name in
                snapshot.withPath(position) { full in
                    full.count - prefix.count == name.count && name.count > 0
                        && memcmp(full.baseAddress! + prefix.count, name.baseAddress!, name.count) == 0
                }
            }) {
                let same = tree.withID(cursor) { id in
                    snapshot.entries[position].mode == tree.entries[cursor].mode && snapshot.records(raw: id, at: position)
                }
                if !same { candidates.append(snapshot.path(position)) }
                cursor += 1
                position += 1
                continue
            }
            // Where the entry's name ends at this level: a slash makes it a folder.
            let (length, slash) = snapshot.withPath(position) { full -> (Int, Int?) in
                guard full.count > prefix.count, let base = full.baseAddress,
                      let found = memchr(base + prefix.count, 0x2F, full.count - prefix.count) else { return (full.count, nil) }
                return (full.count, base.distance(to: found.assumingMemoryBound(to: UInt8.self)))
            }
            guard length > prefix.count else { return false }
            if let slash {
                // The folder's name and prefix are read in place from this entry's path: a wide folder has
                // thousands of subfolders, and arrays made for each cost more than comparing them.
                if children == nil, let node { children = cache.childIndex(of: node) }
                let child = children.flatMap { children in
                    snapshot.withPath(position) { full in children.node(named: UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: full[prefix.count..<slash]))) }
                }
                // A valid cache-tree node says how many entries the folder holds: two comparisons confirm
                // the run's end (the entries are sorted, so the run is every entry between its ends),
                // instead of a binary search per folder (8,000 of them in a wide folder).
                let end: Int
                if let child, case let count = cache.entryCount(child), count > 0, position + count <= range.upperBound,
                   shares(position + count - 1, firstBytes: slash + 1, of: position),
                   position + count == range.upperBound || !shares(position + count, firstBytes: slash + 1, of: position) {
                    end = position + count
                } else {
                    end = runEnd(from: position, below: range.upperBound, firstBytes: slash + 1)
                }
                switch advance(position, slash: slash, length: length) {
                case .undecided:
                    return false
                case .found(let entry):
                    if let child, tree.withID(entry, { cache.isValid(child, entries: end - position, rawID: $0) }) {
                        position = end
                        continue
                    }
                    let headID = tree.withID(entry) { Array(UnsafeRawBufferPointer(start: $0, count: 20)) }
                    let childPrefix = snapshot.withPath(position) { Array($0[...slash]) }
                    guard let subtree = tree.withID(entry, { reader.tree($0) }),
                          visit(tree: subtree, id: headID, prefix: childPrefix, node: child, cache: cache, range: position..<end)
                    else { return false }
                case .absent:
                    for added in position..<end { candidates.append(snapshot.path(added)) }
                }
                position = end
                continue
            }
            switch advance(position, slash: nil, length: length) {
            case .undecided:
                return false
            case .found(let entry):
                let same = tree.withID(entry) { id in
                    snapshot.entries[position].mode == tree.entries[entry].mode && snapshot.records(raw: id, at: position)
                }
                if !same { candidates.append(snapshot.path(position)) }
            case .absent:
                candidates.append(snapshot.path(position))
            }
            position += 1
        }
        // HEAD's entries after the index's last: deletions.
        while cursor < total {
            guard !tree.isDirectory(cursor) else { return false } // a whole directory went
            candidates.append(tree.withName(cursor) { String(decoding: prefix + Array($0), as: UTF8.self) })
            cursor += 1
        }
        return true
    }
}
