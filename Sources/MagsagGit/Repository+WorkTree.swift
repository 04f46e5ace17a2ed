internal import CLibGit2
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension Repository {
    /// The staged files: for every path in the index, the blob that would be committed (partial
    /// staging respected). Unmerged paths are listed in `conflicts`, submodules in `submodules`,
    /// blobs above `maxFileSize` in `oversized`; intent-to-add entries (`git add -N`) are skipped.
    /// The index is only read. Throws on a bare repository.
    public func indexFiles(maxFileSize: Int) throws(GitError) -> FileListing {
        let operation = "list the staged files"
        guard !isBare else { throw GitError.bareRepository(operation) }
        var listing = FileListing()
        let conflicts = try forEachStagedEntry(operation: operation) { snapshot, position, path, mode throws(GitError) in
            try append(blob: snapshot.oid(position), path: path, mode: mode, maxFileSize: maxFileSize, into: &listing,
                operation: operation)
        }
        listing.conflicts = Array(conflicts)
        listing.sort()
        return listing
    }

    /// Calls `body` for each stage-0 index entry with a file mode (with the snapshot and the entry's
    /// position in it), skipping intent-to-add entries (`git add -N`); returns the paths with unresolved
    /// conflicts (entries at stages 1 to 3).
    func forEachStagedEntry(
        operation: String, _ body: (IndexSnapshot, Int, String, FileMode) throws(GitError) -> Void
    ) throws(GitError) -> Set<String> {
        let snapshot = try indexSnapshot(operation: operation)
        var conflicts = Set<String>()
        for position in 0..<snapshot.count {
            let entry = snapshot.entries[position]
            let path = snapshot.path(position)
            if entry.stage != 0 {
                conflicts.insert(path)
                continue
            }
            guard entry.extendedFlags & IndexSnapshot.intentToAdd == 0, let mode = FileMode(gitMode: entry.mode) else { continue }
            try body(snapshot, position, path, mode)
        }
        return conflicts
    }

    /// The work tree as git sees it: tracked files (read from disk) and untracked files that are
    /// not ignored. Tracked files missing from disk go to `deleted`, files above `maxFileSize` to
    /// `oversized`, submodules (and untracked nested repositories) to `submodules` without being
    /// entered. Symbolic links are never followed: their bytes are the link target text, and
    /// nothing below a symlinked directory is read. Throws on a bare repository.
    public func workTreeFiles(maxFileSize: Int) throws(GitError) -> FileListing {
        let operation = "list the work-tree files"
        guard let root = workdir else { throw GitError.bareRepository(operation) }
        let index = try workTreeIndex(operation: operation)
        // The walk the manifest just made over the same index, if any (taken once); else a walk now.
        let untracked: UntrackedScan
        if let walk = lastWalk, walk.snapshot == index.snapshot {
            untracked = walk.scan
        } else {
            untracked = scanUntracked(index, root: root)
        }
        lastWalk = nil
        var reader = WorkTreeReader(root: root, maxFileSize: maxFileSize, directories: untracked.directories)
        var pending: [(path: String, tracked: Bool)] = []
        pending.reserveCapacity(index.entries.count)
        for entry in index.entries {
            if FileMode(gitMode: entry.mode) == .submodule {
                reader.listing.submodules.append(index.path(entry))
            } else {
                pending.append((index.path(entry), true))
            }
        }
        for path in untracked.paths {
            if path.hasSuffix("/") {
                reader.listing.submodules.append(String(path.dropLast()))
            } else {
                pending.append((path, false))
            }
        }
        try reader.readAll(pending, operation: operation)
        reader.listing.sort()
        return reader.listing
    }

    /// Reads a work-tree file again by repository-relative path, as `workTreeFiles` read it (a regular
    /// file, no symbolic link followed at any level): for a run that let parsed files' bytes go. The
    /// reader answers nil when the path is no longer such a file or cannot be read. Nil for a bare
    /// repository.
    public func workTreeRereader() -> (@Sendable (String) -> [UInt8]?)? {
        guard let root = workdir else { return nil }
        return { path in WorkTreeReader.reread(root: root, path: path) }
    }

    /// Runs `body` with the repository index, re-read from disk when it changed (read only).
    func withIndex<T>(operation: String, _ body: (OpaquePointer) throws(GitError) -> T) throws(GitError) -> T {
        var index: OpaquePointer?
        try check(git_repository_index(&index, handle), operation + " (open the index)")
        guard let index else { throw GitError(message: "libgit2 returned no index", operation: operation) }
        defer { git_index_free(index) }
        try check(git_index_read(index, 0), operation + " (read the index)")
        return try body(index)
    }

}

/// Reads work-tree files under `root`, refusing to go through symbolic links.
struct WorkTreeReader {
    let root: String
    let maxFileSize: Int
    var listing = FileListing()
    /// The folders the untracked walk entered (real directories reached without a symbolic link), when
    /// known: a path's parents are then settled by one lookup of its folder, with no `lstat`.
    private let directories: Set<String>?
    /// Repository-relative directories already checked to be real directories.
    private var safeDirectories: Set<Substring> = [""]
    /// The folder of the last path whose parents were verified, as bytes: consecutive paths (the index
    /// is sorted) mostly share it, and comparing contiguous bytes is what most calls come down to.
    private var lastVerifiedFolder: [UInt8]?

    init(root: String, maxFileSize: Int, directories: Set<String>? = nil) {
        self.root = root
        self.maxFileSize = maxFileSize
        self.directories = directories
    }

    /// What reading one path found.
    enum Outcome: Sendable {
        case file(GitFile)
        case oversized(OversizedFile)
        case gone
        case failed(GitError)
    }

    /// Read `paths` into the listing, in their order. Parent folders are checked first, once each (a
    /// path under a symlinked folder is never read); the files themselves are read on all cores, since
    /// opening and reading tens of thousands of small files is bound by system-call latency.
    mutating func readAll(_ paths: [(path: String, tracked: Bool)], operation: String) throws(GitError) {
        var readable: [(path: String, tracked: Bool)] = []
        readable.reserveCapacity(paths.count)
        for entry in paths {
            if parentsAreDirectories(entry.path) {
                readable.append(entry)
            } else if entry.tracked {
                listing.deleted.append(entry.path)
            }
        }
        let root = root, maxFileSize = maxFileSize, candidates = readable
        let outcomes = ParallelRead.map(candidates.count) { i in
            Self.read(root: root, path: candidates[i].path, maxFileSize: maxFileSize, operation: operation)
        }
        for (i, outcome) in outcomes.enumerated() {
            switch outcome {
            case .file(let file): listing.files.append(file)
            case .oversized(let file): listing.oversized.append(file)
            case .gone: if readable[i].tracked { listing.deleted.append(readable[i].path) }
            case .failed(let error): throw error
            }
        }
    }

    /// Read one path (its parents already checked): a regular file's bytes, a symlink's target text.
    static func read(root: String, path: String, maxFileSize: Int, operation: String) -> Outcome {
        let full = root + "/" + path
        guard let kind = FileSystem.kind(full) else { return .gone }
        switch kind {
        case .regular(let size, let executable):
            if size > maxFileSize { return .oversized(OversizedFile(path: path, size: size)) }
            guard let bytes = FileSystem.read(full, sizeHint: size) else {
                return .failed(GitError(message: FileSystem.lastErrorText, operation: operation + " (read '\(path)')"))
            }
            return .file(GitFile(path: path, bytes: bytes, mode: executable ? .executable : .regular, oid: nil))
        case .symlink:
            guard let target = FileSystem.linkTarget(full) else {
                return .failed(GitError(message: FileSystem.lastErrorText, operation: operation + " (read link '\(path)')"))
            }
            return .file(GitFile(path: path, bytes: target, mode: .symlink, oid: nil))
        case .directory, .other:
            // A tracked file replaced by a directory (or a special file) is gone as a file.
            return .gone
        }
    }

    /// `path` read again (see `Repository.workTreeRereader`): each parent folder checked with `lstat`
    /// to be a real directory, then the file read without following a final symbolic link.
    static func reread(root: String, path: String) -> [UInt8]? {
        guard !path.isEmpty, !path.hasPrefix("/") else { return nil }
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        guard !parts.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." }) else { return nil }
        var folder = root
        for part in parts.dropLast() {
            folder += "/" + part
            guard FileSystem.kind(folder) == .directory else { return nil }
        }
        guard case .regular(let size, _)? = FileSystem.kind(root + "/" + path) else { return nil }
        return FileSystem.read(root + "/" + path, sizeHint: size)
    }

    /// Whether every parent of `path` is a real directory (not a symlink) inside the work tree.
    /// Consecutive paths of one folder (the index lists them together) are settled by one comparison.
    mutating func parentsAreDirectories(_ path: String) -> Bool {
        if let last = lastVerifiedFolder,
           path.utf8.withContiguousStorageIfAvailable({ Self.folder(of: $0, is: last) }) == true { return true }
        let utf8 = path.utf8
        guard let lastSlash = utf8.lastIndex(of: UInt8(ascii: "/")) else { return true }
        let folder = path[..<lastSlash]
        if let directories {
            guard directories.contains(String(folder)) else { return false }
            lastVerifiedFolder = Array(folder.utf8)
            return true
        }
        var start = utf8.startIndex
        while let slash = utf8[start...].firstIndex(of: UInt8(ascii: "/")) {
            let directory = path[..<slash]
            if !safeDirectories.contains(directory) {
                guard FileSystem.kind(root + "/" + directory) == .directory else { return false }
                safeDirectories.insert(directory)
            }
            start = utf8.index(after: slash)
        }
        lastVerifiedFolder = Array(folder.utf8)
        return true
    }

    /// Whether the path `bytes` lies directly in the folder `folder` (its bytes before its last slash).
    @inline(__always)
    private static func folder(of bytes: UnsafeBufferPointer<UInt8>, is folder: [UInt8]) -> Bool {
        let count = folder.count
        guard count > 0, bytes.count > count + 1, bytes[count] == UInt8(ascii: "/"),
              !bytes[(count + 1)...].contains(UInt8(ascii: "/")) else { return false }
        return folder.withUnsafeBufferPointer { folder in
            guard let left = folder.baseAddress, let right = bytes.baseAddress else { return false }
            return memcmp(left, right, count) == 0
        }
    }
}
