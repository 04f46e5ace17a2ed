internal import CLibGit2
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// One index entry as `Repository.forEachIndexEntry` shows it (its buffers live during the call only).
public struct IndexEntryView {
    /// The path's bytes (no terminator).
    public let path: UnsafeRawBufferPointer
    /// The 20-byte object id.
    public let id: UnsafeRawBufferPointer
    /// The merge stage (0 outside conflicts).
    public let stage: UInt8
    /// The high byte of the extended flags (intent-to-add, skip-worktree).
    public let extendedFlags: UInt8
    /// Whether the entry is a gitlink (a submodule's commit).
    public let isSubmodule: Bool
    /// Whether the file is executable.
    public let isExecutable: Bool
}

/// One path of a snapshot and what identifies its content, without its bytes.
public struct ManifestEntry: Sendable, Hashable {
    /// How the content is identified.
    public enum Identity: Sendable, Hashable {
        /// The blob id git already knows (the index entry matches the file on disk, or a staged blob).
        case blob([UInt8])
        /// The file had to be read: its bytes (the caller digests them).
        case content([UInt8])
        /// A symbolic link and its target text.
        case symlink([UInt8])
        /// A submodule (its commit id, or empty for an untracked nested repository).
        case submodule([UInt8])
        /// A tracked path with no file on disk.
        case missing
    }

    public var path: String
    public var identity: Identity
    /// Whether the file is executable (regular files only).
    public var executable: Bool
}

extension Repository {
    /// The work tree's paths with content identities, reading only what git cannot vouch for: a
    /// tracked file whose `lstat` data (modification time to the nanosecond, size, inode, type)
    /// equals its index entry, and which is not racily clean (modified in the same second the index
    /// was written), is identified by the blob id in the index; anything else is read. Untracked
    /// files that are not ignored are always read. Used by the result cache to recognise a snapshot
    /// it has seen without reading it.
    ///
    /// With `listingCache` (a file path), the folders' listings are kept there between runs, under each
    /// folder's `stat` identity (see `FolderListings`): an unchanged folder is not read again.
    public func workTreeManifest(listingCache: String? = nil) throws(GitError) -> [ManifestEntry] {
        let operation = "list the work-tree files"
        guard let root = workdir else { throw GitError.bareRepository(operation) }
        let index = try workTreeIndex(operation: operation)
        // The walk for untracked files lists every folder anyway: it `lstat`s the tracked files it meets
        // relative to the open folder, so no second pass walks 85,000 whole paths again.
        let stats = TrackedStats(count: index.entries.count)
        let listings = listingCache.map { FolderListings(path: $0, root: root) }
        let untracked = scanUntracked(index, root: root, stats: stats, listings: listings)
        var reader = WorkTreeReader(root: root, maxFileSize: Int.max, directories: untracked.directories)
        var entries: [ManifestEntry] = []
        var indexInfo = stat()
        let indexSeconds = lstat(gitDir + "/index", &indexInfo) == 0 ? Int64(indexInfo.st_mtim.tv_sec) : Int64.max
        // The index's stat data was copied out first; the files are then examined on all cores.
        var candidates: [(entry: IndexStat, position: Int)] = []
        candidates.reserveCapacity(index.entries.count)
        for (position, entry) in index.entries.enumerated() {
            if FileMode(gitMode: entry.mode) == .submodule {
                entries.append(ManifestEntry(path: entry.path, identity: .submodule(entry.oid), executable: false))
            } else if stats.found[position] {
                // Met by the walk: its folder was entered, so every folder above it is a real directory.
                candidates.append((entry, position))
            } else if !reader.parentsAreDirectories(entry.path) {
                entries.append(ManifestEntry(path: entry.path, identity: .missing, executable: false))
            } else {
                candidates.append((entry, position))
            }
        }
        let examined = candidates
        entries += ParallelRead.map(examined.count) { i in
            Self.manifestEntry(examined[i].entry, root: root, indexSeconds: indexSeconds, walked: stats[examined[i].position])
        }
        for path in untracked.paths {
            if path.hasSuffix("/") {
                entries.append(ManifestEntry(path: String(path.dropLast()), identity: .submodule([]), executable: false))
                continue
            }
            var info = stat()
            let full = root + "/" + path
            guard lstat(full, &info) == 0 else { continue }
            entries.append(Self.readEntry(full, path: path, type: UInt32(info.st_mode) & 0o170000,
                                          executable: (UInt32(info.st_mode) & 0o111) != 0))
        }
        return Self.sortedByPath(entries)
    }

    /// Shows every index entry, in the index's order, to `body` without copying anything: the
    /// identity of each staged file, for a caller that only digests it (a run cache key over a large index).
    /// The buffers are valid during the call only.
    public func forEachIndexEntry(_ body: (IndexEntryView) -> Void) throws(GitError) {
        let snapshot = try indexSnapshot(operation: "list the staged files")
        for position in 0..<snapshot.count {
            let entry = snapshot.entries[position]
            snapshot.withPath(position) { path in
                snapshot.withID(position) { id in
                    body(IndexEntryView(path: UnsafeRawBufferPointer(path), id: UnsafeRawBufferPointer(id), stage: entry.stage,
                                        extendedFlags: entry.extendedFlags, isSubmodule: entry.mode & 0o170000 == 0o160000,
                                        isExecutable: entry.mode & 0o111 != 0))
                }
            }
        }
    }

    /// Entries in path order; the index already lists them so, which one pass confirms.
    static func sortedByPath(_ entries: [ManifestEntry]) -> [ManifestEntry] {
        if zip(entries, entries.dropFirst()).allSatisfy({ $0.path < $1.path }) { return entries }
        return entries.sorted { $0.path < $1.path }
    }

    /// What the index recorded about one tracked file.
    struct IndexStat: Sendable {
        var path: String
        var oid: [UInt8]
        var mode: UInt32
        var seconds: Int64
        var nanoseconds: Int64
        var size: UInt32
        var inode: UInt32
    }

    /// A tracked file identified by its blob id when its `lstat` data matches the index and it is not
    /// racily clean; read otherwise.
    /// `walked` is what the folder walk's `lstat` found, if it met the file; else it is asked here.
    private static func manifestEntry(_ recorded: IndexStat, root: String, indexSeconds: Int64, walked: stat?) -> ManifestEntry {
        var info = walked ?? stat()
        guard walked != nil || lstat(root + "/" + recorded.path, &info) == 0 else {
            return ManifestEntry(path: recorded.path, identity: .missing, executable: false)
        }
        let type = UInt32(info.st_mode) & 0o170000
        let executable = (UInt32(info.st_mode) & 0o111) != 0
        let clean = type == (recorded.mode & 0o170000)
            && Int64(info.st_mtim.tv_sec) == recorded.seconds
            && Int64(info.st_mtim.tv_nsec) == recorded.nanoseconds
            && UInt32(truncatingIfNeeded: info.st_size) == recorded.size
            && UInt32(truncatingIfNeeded: info.st_ino) == recorded.inode
            && executable == ((recorded.mode & 0o111) != 0)
            && recorded.seconds < indexSeconds
        if clean {
            return ManifestEntry(path: recorded.path, identity: type == 0o120000 ? .symlink(recorded.oid) : .blob(recorded.oid), executable: executable)
        }
        return readEntry(root + "/" + recorded.path, path: recorded.path, type: type, executable: executable)
    }

    private static func readEntry(_ full: String, path: String, type: UInt32, executable: Bool) -> ManifestEntry {
        switch type {
        case 0o100000:
            // Unreadable files get an identity of their own: the full load reports them.
            let bytes = FileSystem.read(full) ?? Array("\u{0}unreadable".utf8)
            return ManifestEntry(path: path, identity: .content(bytes), executable: executable)
        case 0o120000:
            return ManifestEntry(path: path, identity: .symlink(FileSystem.linkTarget(full) ?? []), executable: false)
        default:
            return ManifestEntry(path: path, identity: .missing, executable: false)
        }
    }
}

extension Repository {
    /// The bytes of the blob whose 20-byte id starts `id` (extra bytes after the id are ignored);
    /// nil when there is no such blob.
    public func blob(id: [UInt8]) -> [UInt8]? {
        guard id.count >= 20 else { return nil }
        var oid = git_oid()
        withUnsafeMutableBytes(of: &oid.id) { raw in
            for i in 0..<min(20, raw.count) { raw[i] = id[i] }
        }
        return try? blobBytes(oid, operation: "read a blob")
    }
}

extension Repository {
    /// The checksum git writes at the end of an index file (it covers every byte before it: entries,
    /// blob ids, stat data, extensions, and the shared index's id when the index is split); nil when the
    /// file cannot be read or carries no checksum (`index.skipHash` writes zeros).
    public static func indexChecksum(atPath path: String) -> [UInt8]? {
        // The signature and the last 20 bytes only: the index of a large repository is megabytes.
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_size >= 12 + 20 else { return nil }
        var signature = [UInt8](repeating: 0, count: 4)
        var trailer = [UInt8](repeating: 0, count: 20)
        guard pread(fd, &signature, 4, 0) == 4, signature == Array("DIRC".utf8),
              pread(fd, &trailer, 20, off_t(info.st_size) - 20) == 20 else { return nil }
        return trailer.allSatisfy { $0 == 0 } ? nil : trailer
    }

    /// The staged blob id of `path` (stage 0) in the index this repository uses; nil when not staged.
    public func stagedBlobID(_ path: String) -> [UInt8]? {
        guard let snapshot = try? indexSnapshot(operation: "read the index"), let position = snapshot.position(of: path) else { return nil }
        return snapshot.id(position)
    }
}
