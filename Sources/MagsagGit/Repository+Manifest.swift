internal import CLibGit2
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The entries of an index as one read found them: immutable, so they may be walked on another thread
/// while the repository goes on (the snapshot's lazily read parts are not touched).
public struct IndexEntries: @unchecked Sendable {
    let snapshot: IndexSnapshot

    /// Shows the entries in buffers, in order, each valid during its call only: every path's bytes end
    /// to end and every object id (20 bytes each), in pieces (`IndexSnapshot.withPathsAndIDs`), then
    /// 8 bytes per entry: its path's length (32 bits,
    /// little-endian), its stage, its extended flags, whether it is a submodule (4), a symbolic link (2)
    /// or an executable file (1), and a zero: every entry's path, id, mode class, stage and flags in a
    /// few large pieces (a digest fed entry by entry assembled each entry's fields first). A link and a
    /// file with the same text have the same blob id: only the mode class tells them apart.
    public func withBuffers(_ body: (UnsafeRawBufferPointer) -> Void) {
        snapshot.withPathsAndIDs(body)
        let count = snapshot.count
        let layout = [UInt8](unsafeUninitializedCapacity: count * 8) { buffer, initialized in
            guard let base = buffer.baseAddress else { return }
            let raw = UnsafeMutableRawPointer(base)
            for position in 0..<count {
                let entry = snapshot.entries[position]
                let type = entry.mode & 0o170000
                let kind: UInt8 = type == 0o160000 ? 4 : type == 0o120000 ? 2 : (entry.mode & 0o111 != 0 ? 1 : 0)
                let word = UInt64(UInt32(entry.pathEnd - entry.pathStart)) | UInt64(entry.stage) << 32
                    | UInt64(entry.extendedFlags) << 40 | UInt64(kind) << 48
                raw.storeBytes(of: word.littleEndian, toByteOffset: position * 8, as: UInt64.self)
            }
            initialized = count * 8
        }
        layout.withUnsafeBytes(body)
    }
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

/// The index's content without its stat data, in buffers: every path's bytes end to end and every
/// object id (in pieces), and per entry where its path ends, its mode, stage and flags. With the entries
/// `WorkTreeManifest.forEach(deviationsOnly: true)` shows, it identifies a whole manifest: every other
/// entry is what the index records. Refreshed stat data (`git status` rewrites the index) leaves it
/// unchanged.
public struct IndexContent: Sendable {
    let index: Repository.WorkTreeIndex

    /// Shows the buffers to `body`, in order; valid during each call only.
    public func withBuffers(_ body: (UnsafeRawBufferPointer) -> Void) {
        index.source.value.withPathsAndIDs(body)
        index.layout.withUnsafeBytes(body)
    }
}

/// The work tree's manifest (see `Repository.workTreeManifest(listingCache:)`), kept compact: a tracked
/// file identified by its index entry is a few integers over the index's own path and id bytes, so an
/// 85,000-file work tree costs no string or array per file; only what had to be read, is missing or
/// is untracked is a full `ManifestEntry`.
public struct WorkTreeManifest: Sendable {
    /// How one entry's content is identified, as `forEach` shows it.
    public enum Kind: UInt8, Sendable {
        /// The blob id in the index (`bytes` is the 20-byte id).
        case blob = 1
        /// The file was read (`bytes` is its content).
        case content = 2
        /// A symbolic link (`bytes` is the index's blob id of its target, or the target text when read).
        case symlink = 3
        /// A submodule (`bytes` is its commit id, empty for an untracked nested repository).
        case submodule = 4
        /// A tracked path with no file on disk (`bytes` is empty).
        case missing = 5
    }

    /// One tracked entry: identified by the index (`other` is -1) or by `others[other]`.
    struct Item: Sendable {
        var entry: Int32
        var other: Int32
        var kind: Kind
        var executable: Bool
    }

    let index: Repository.WorkTreeIndex
    /// The index's work-tree entries, in index order (by path bytes).
    let items: [Item]
    /// Tracked entries that had to be read or are missing.
    let others: [ManifestEntry]
    /// Untracked entries, sorted by path.
    let untracked: [ManifestEntry]

    /// How many entries the manifest holds.
    public var count: Int { items.count + untracked.count }

    /// The index's content without its stat data (see `IndexContent`).
    public var indexContent: IndexContent { IndexContent(index: index) }

    /// Shows every entry (path bytes, executable bit, identity kind and bytes) to `body`: the tracked
    /// ones in index order, then the untracked ones in path order. With `deviationsOnly`, the tracked
    /// files identified by their index entry are left out. The buffers are valid during the call only.
    public func forEach(deviationsOnly: Bool = false, _ body: (_ path: UnsafeRawBufferPointer, _ executable: Bool, _ kind: Kind, _ bytes: UnsafeRawBufferPointer) -> Void) {
        for item in items where !deviationsOnly || item.other >= 0 {
            let entry = index.entries[Int(item.entry)]
            index.withPath(entry) { path in
                if item.other >= 0 {
                    Self.withIdentity(others[Int(item.other)].identity) { body(path, item.executable, $0, $1) }
                } else {
                    index.withID(entry) { body(path, item.executable, item.kind, $0) }
                }
            }
        }
        for entry in untracked {
            var path = entry.path
            path.withUTF8 { path in
                Self.withIdentity(entry.identity) { body(UnsafeRawBufferPointer(path), entry.executable, $0, $1) }
            }
        }
    }

    private static func withIdentity(_ identity: ManifestEntry.Identity, _ body: (Kind, UnsafeRawBufferPointer) -> Void) {
        switch identity {
        case .blob(let id): id.withUnsafeBytes { body(.blob, $0) }
        case .content(let bytes): bytes.withUnsafeBytes { body(.content, $0) }
        case .symlink(let target): target.withUnsafeBytes { body(.symlink, $0) }
        case .submodule(let id): id.withUnsafeBytes { body(.submodule, $0) }
        case .missing: body(.missing, UnsafeRawBufferPointer(start: nil, count: 0))
        }
    }

    /// The entry of `path`, nil when the manifest has none.
    public subscript(path: String) -> ManifestEntry? {
        var key = path
        let found: Int? = key.withUTF8 { wanted in
            var low = 0, high = items.count
            while low < high {
                let middle = (low + high) / 2
                let order = index.withPath(index.entries[Int(items[middle].entry)]) { IndexSnapshot.compare($0.assumingMemoryBound(to: UInt8.self), wanted) }
                if order < 0 { low = middle + 1 } else { high = middle }
            }
            guard low < items.count,
                  index.withPath(index.entries[Int(items[low].entry)], { IndexSnapshot.compare($0.assumingMemoryBound(to: UInt8.self), wanted) }) == 0
            else { return nil }
            return low
        }
        if let found { return entry(items[found]) }
        var low = 0, high = untracked.count
        while low < high {
            let middle = (low + high) / 2
            if untracked[middle].path < path { low = middle + 1 } else { high = middle }
        }
        return low < untracked.count && untracked[low].path == path ? untracked[low] : nil
    }

    private func entry(_ item: Item) -> ManifestEntry {
        if item.other >= 0 { return others[Int(item.other)] }
        let entry = index.entries[Int(item.entry)]
        let id = index.oid(entry)
        let identity: ManifestEntry.Identity = switch item.kind {
        case .symlink: .symlink(id)
        case .submodule: .submodule(id)
        default: .blob(id)
        }
        return ManifestEntry(path: index.path(entry), identity: identity, executable: item.executable)
    }

    /// Every entry as a `ManifestEntry`, sorted by path.
    public var entries: [ManifestEntry] {
        Repository.sortedByPath(items.map(entry) + untracked)
    }
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
    /// folder's `stat` identity (see `FolderListings`): an unchanged folder is not read again. On a file
    /// system not known to update folder times (network and user-space ones) it is not used.
    public func workTreeManifest(listingCache: String? = nil) throws(GitError) -> WorkTreeManifest {
        try workTreeManifest(listingCache: listingCache, alongside: { _ in () }).manifest
    }

    /// `workTreeManifest(listingCache:)`, running `side` on the index's content on another core while
    /// the work tree is walked (a caller digesting the index need not wait for the walk, nor the walk
    /// for the digest).
    public func workTreeManifest<Side: Sendable>(
        listingCache: String? = nil, alongside side: @escaping @Sendable (IndexContent) -> Side
    ) throws(GitError) -> (manifest: WorkTreeManifest, side: Side) {
        let operation = "list the work-tree files"
        guard let root = workdir else { throw GitError.bareRepository(operation) }
        // The stored listings are read on another core while the index is read and indexed here.
        let loading = listingCache.map { path in
            Background { FolderListings.keepsFolderTimes(root: root) ? FolderListings(path: path, root: root) : nil }
        }
        let index = try workTreeIndex(operation: operation)
        // The walk for untracked files lists every folder anyway: it `lstat`s the tracked files it meets
        // relative to the open folder, so no second pass walks 85,000 whole paths again.
        let stats = TrackedStats(count: index.entries.count)
        let listings = loading?.value ?? nil
        let content = IndexContent(index: index)
        let alongside = Background { side(content) }
        let untracked = scanUntracked(index, root: root, stats: stats, listings: listings)
        lastWalk = (index.snapshot, untracked)
        var reader = WorkTreeReader(root: root, maxFileSize: Int.max, directories: untracked.directories)
        var indexInfo = stat()
        let indexSeconds = lstat(gitDir + "/index", &indexInfo) == 0 ? Int64(indexInfo.st_mtim.tv_sec) : Int64.max
        // Settled on this thread: submodules and files below a folder that is not a real directory.
        // The rest is examined on all cores.
        var settled: [Int: WorkTreeManifest.Item] = [:]
        var others: [ManifestEntry] = []
        var candidates: [Int] = []
        candidates.reserveCapacity(index.entries.count)
        for (position, entry) in index.entries.enumerated() {
            if FileMode(gitMode: entry.mode) == .submodule {
                settled[position] = WorkTreeManifest.Item(entry: Int32(position), other: -1, kind: .submodule, executable: false)
            } else if stats.found[position] || reader.parentsAreDirectories(index.path(entry)) {
                // Met by the walk: its folder was entered, so every folder above it is a real directory.
                candidates.append(position)
            } else {
                settled[position] = WorkTreeManifest.Item(entry: Int32(position), other: Int32(others.count), kind: .missing, executable: false)
                others.append(ManifestEntry(path: index.path(entry), identity: .missing, executable: false))
            }
        }
        let examined = candidates
        let outcomes = ParallelRead.map(examined.count) { i in
            Self.examine(index, position: examined[i], root: root, indexSeconds: indexSeconds, walked: stats[examined[i]])
        }
        var items: [WorkTreeManifest.Item] = []
        items.reserveCapacity(index.entries.count)
        var next = 0
        for position in index.entries.indices {
            if next < examined.count, examined[next] == position {
                switch outcomes[next] {
                case .indexed(let kind, let executable):
                    items.append(WorkTreeManifest.Item(entry: Int32(position), other: -1, kind: kind, executable: executable))
                case .read(let entry):
                    items.append(WorkTreeManifest.Item(entry: Int32(position), other: Int32(others.count), kind: .content, executable: entry.executable))
                    others.append(entry)
                }
                next += 1
            } else if let item = settled[position] {
                items.append(item)
            }
        }
        var untrackedEntries: [ManifestEntry] = []
        for path in untracked.paths {
            if path.hasSuffix("/") {
                untrackedEntries.append(ManifestEntry(path: String(path.dropLast()), identity: .submodule([]), executable: false))
                continue
            }
            var info = stat()
            let full = root + "/" + path
            guard lstat(full, &info) == 0 else { continue }
            untrackedEntries.append(Self.readEntry(full, path: path, type: UInt32(info.st_mode) & 0o170000,
                                                   executable: (UInt32(info.st_mode) & 0o111) != 0))
        }
        let manifest = WorkTreeManifest(index: index, items: items, others: others, untracked: Self.sortedByPath(untrackedEntries))
        return (manifest, alongside.value)
    }

    /// The index's entries as read now, to be walked later on any thread (`IndexEntries.withBuffers`); the
    /// repository's own state is not touched by that walk.
    public func indexEntries() throws(GitError) -> IndexEntries {
        IndexEntries(snapshot: try indexSnapshot(operation: "list the staged files"))
    }


    /// Entries in path order; the index already lists them so, which one pass confirms.
    static func sortedByPath(_ entries: [ManifestEntry]) -> [ManifestEntry] {
        if zip(entries, entries.dropFirst()).allSatisfy({ $0.path < $1.path }) { return entries }
        return entries.sorted { $0.path < $1.path }
    }

    /// What the index recorded about one tracked file: where its path and id lie in the index's bytes,
    /// and its stat data.
    struct IndexStat: Sendable {
        var pathStart: Int32
        var pathEnd: Int32
        var snapshotPosition: Int32
        var mode: UInt32
        var seconds: Int64
        var nanoseconds: Int64
        var size: UInt32
        var inode: UInt32
    }

    /// How one tracked file was found: as its index entry says, or read.
    enum Examined: Sendable {
        case indexed(WorkTreeManifest.Kind, executable: Bool)
        case read(ManifestEntry)
    }

    /// A tracked file identified by its blob id when its `lstat` data matches the index and it is not
    /// racily clean; read otherwise.
    /// `walked` is what the folder walk's `lstat` found, if it met the file; else it is asked here.
    private static func examine(_ index: WorkTreeIndex, position: Int, root: String, indexSeconds: Int64, walked: stat?) -> Examined {
        let recorded = index.entries[position]
        var info = walked ?? stat()
        guard walked != nil || lstat(root + "/" + index.path(recorded), &info) == 0 else {
            return .read(ManifestEntry(path: index.path(recorded), identity: .missing, executable: false))
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
        if clean { return .indexed(type == 0o120000 ? .symlink : .blob, executable: executable) }
        let path = index.path(recorded)
        return .read(readEntry(root + "/" + path, path: path, type: type, executable: executable))
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
