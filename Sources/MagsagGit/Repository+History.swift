internal import CLibGit2

/// One commit of a history walk.
public struct CommitSummary: Sendable, Equatable {
    /// Full hex id.
    public let id: String
    /// The first line of the message.
    public let subject: String
    /// Committer time, seconds since the Unix epoch (UTC).
    public let time: Int64

    /// A commit summary from its parts.
    public init(id: String, subject: String, time: Int64) {
        self.id = id
        self.subject = subject
        self.time = time
    }
}

/// Listings of subtrees and blobs already read, keyed by object id, so reading many commits of one
/// history loads each unchanged tree and blob once. Entries hold for one `maxFileSize`: a listing with
/// another limit empties the cache first. Not `Sendable`: one walk at a time.
public final class SnapshotCache {
    /// The size limit the entries were read with.
    fileprivate var maxFileSize: Int?
    /// (tree id, path prefix) → the listing of that subtree (files with their full paths).
    fileprivate var trees: [String: FileListing] = [:]
    /// Blob id → content (or size when above the limit).
    fileprivate var blobs: [String: CachedBlob] = [:]
    /// Trees and blobs served from the cache instead of the object database.
    public private(set) var hits = 0
    /// Trees and blobs read from the object database.
    public private(set) var misses = 0

    /// An empty cache.
    public init() {}

    fileprivate func hit() { hits += 1 }
    fileprivate func miss() { misses += 1 }
}

fileprivate enum CachedBlob {
    case bytes([UInt8])
    case oversized(Int)
}

extension Repository {
    /// Up to `limit` commits of `rev`'s first-parent history, newest first (`rev` itself first). In a
    /// shallow clone the walk stops at the oldest commit present.
    public func firstParentHistory(from rev: String = "HEAD", limit: Int) throws(GitError) -> [CommitSummary] {
        let operation = "walk the first-parent history of '\(rev)'"
        var oid = try commitOid(rev, operation: operation)
        var result: [CommitSummary] = []
        while result.count < max(0, limit) {
            var commit: OpaquePointer?
            let code = git_commit_lookup(&commit, handle, &oid)
            // A shallow clone ends at a parent it does not have: the history stops there.
            if code == GIT_ENOTFOUND.rawValue, !result.isEmpty { break }
            try check(code, operation)
            guard let commit else { throw GitError(message: "libgit2 returned no commit", operation: operation) }
            defer { git_commit_free(commit) }
            let subject = git_commit_summary(commit).map { String(cString: $0) } ?? ""
            result.append(CommitSummary(id: Self.hex(&oid), subject: subject, time: Int64(git_commit_time(commit))))
            guard git_commit_parentcount(commit) > 0, let parent = git_commit_parent_id(commit, 0) else { break }
            oid = parent.pointee
        }
        return result
    }

    /// Every file of the commit `rev` names, like ``commitFiles(_:maxFileSize:)``, but reusing the
    /// subtrees and blobs `cache` already holds (keyed by object id, so only what changed is read).
    public func commitFiles(_ rev: String, maxFileSize: Int, cache: SnapshotCache) throws(GitError) -> FileListing {
        let operation = "list the files of '\(rev)'"
        if cache.maxFileSize != maxFileSize {
            cache.trees = [:]
            cache.blobs = [:]
            cache.maxFileSize = maxFileSize
        }
        return try withTree(rev, operation: operation) { tree throws(GitError) in
            var listing = try cachedListing(tree: tree, prefix: "", maxFileSize: maxFileSize, cache: cache,
                operation: operation)
            listing.sort()
            return listing
        }
    }

    private func cachedListing(
        tree: OpaquePointer, prefix: String, maxFileSize: Int, cache: SnapshotCache, operation: String
    ) throws(GitError) -> FileListing {
        let key = Self.hex(git_tree_id(tree)) + "\u{0}" + prefix
        if let known = cache.trees[key] {
            cache.hit()
            return known
        }
        cache.miss()
        var listing = FileListing()
        for index in 0..<git_tree_entrycount(tree) {
            guard let entry = git_tree_entry_byindex(tree, index), let id = git_tree_entry_id(entry) else { continue }
            let path = prefix + String(cString: git_tree_entry_name(entry))
            if git_tree_entry_type(entry) == GIT_OBJECT_TREE {
                var subtree: OpaquePointer?
                try check(git_tree_lookup(&subtree, handle, id), operation + " (tree '\(path)')")
                guard let subtree else { continue }
                defer { git_tree_free(subtree) }
                let sub = try cachedListing(tree: subtree, prefix: path + "/", maxFileSize: maxFileSize, cache: cache,
                    operation: operation)
                listing.files += sub.files
                listing.oversized += sub.oversized
                listing.submodules += sub.submodules
            } else if let mode = FileMode(gitMode: git_tree_entry_filemode(entry).rawValue) {
                if mode == .submodule {
                    listing.submodules.append(path)
                    continue
                }
                let oid = Self.hex(id)
                let blob: CachedBlob
                if let known = cache.blobs[oid] {
                    cache.hit()
                    blob = known
                } else {
                    cache.miss()
                    blob = try readBlob(id.pointee, maxFileSize: maxFileSize, operation: operation + " ('\(path)')")
                    cache.blobs[oid] = blob
                }
                switch blob {
                case .bytes(let bytes): listing.files.append(GitFile(path: path, bytes: bytes, mode: mode, oid: oid))
                case .oversized(let size): listing.oversized.append(OversizedFile(path: path, size: size))
                }
            }
        }
        cache.trees[key] = listing
        return listing
    }

    private func readBlob(_ oid: git_oid, maxFileSize: Int, operation: String) throws(GitError) -> CachedBlob {
        var odb: OpaquePointer?
        try check(git_repository_odb(&odb, handle), operation)
        defer { git_odb_free(odb) }
        var size = 0
        var type = GIT_OBJECT_ANY
        var id = oid
        try check(git_odb_read_header(&size, &type, odb, &id), operation + " (header)")
        if size > maxFileSize { return .oversized(size) }
        return .bytes(try blobBytes(oid, operation: operation))
    }
}
