internal import CLibGit2
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A staged file listed without its content: the blob is read later, and only if someone asks.
public struct StagedBlob: Sendable, Equatable {
    /// Repository-relative path, exactly as the index records it.
    public let path: String
    /// The 20-byte object id of the staged blob.
    public let oid: ObjectID
    /// How the index records the file (never `.submodule`: submodules are listed apart).
    public let mode: FileMode
    /// The size the index recorded for the file (the work-tree size when it was staged).
    public let size: Int
    /// The index entry's stat data, for a blob listed from the index (nil otherwise): what
    /// `WorkTreeStandIn` compares with the file on disk.
    public var stat: StagedStat? = nil
}

/// What the index recorded about a staged file on disk when it was staged.
public struct StagedStat: Sendable, Equatable {
    public var seconds: Int64
    public var nanoseconds: Int64
    /// The file type bits of the recorded mode (`0o100000` for a regular file).
    public var type: UInt32
    public var size: UInt32
    public var inode: UInt32
}

/// The staged blobs of an index listing, read from the index snapshot where they are asked for: blob
/// `n` is the snapshot's entry `positions[n]` (entry `n` when every entry is a blob).
///
/// A hook lists every entry of a large index (85,000 at 10,000 agents) and needs a few fields of each
/// once: made into `StagedBlob` values first, the listing wrote and read back 7 MB, each new page a
/// fault, for fields the index already holds.
public struct IndexBlobs: @unchecked Sendable, Equatable {
    let snapshot: IndexSnapshot
    /// The entry of each blob, when some entries are not blobs.
    let positions: [Int32]?
    /// How many blobs.
    public let count: Int

    @inline(__always)
    func entry(_ blob: Int) -> Int {
        guard let positions else { return blob }
        return Int(positions[blob])
    }

    /// Blob `blob`'s path, mode, id and size, read in one call (a loop over every blob reads them all).
    public func fields(_ blob: Int) -> (path: String, mode: FileMode, oid: ObjectID, size: Int) {
        let position = entry(blob)
        let entry = snapshot.entries[position]
        return (snapshot.path(position), FileMode(gitMode: entry.mode) ?? .regular, snapshot.objectID(position), Int(entry.size))
    }

    /// Blob `blob` as a value of its own, with the stat data its entry records.
    public func blob(_ blob: Int) -> StagedBlob {
        let position = entry(blob)
        let entry = snapshot.entries[position]
        let stat = StagedStat(seconds: Int64(entry.mtimeSeconds), nanoseconds: Int64(entry.mtimeNanoseconds),
                              type: entry.mode & 0o170000, size: entry.size, inode: entry.inode)
        return StagedBlob(path: snapshot.path(position), oid: snapshot.objectID(position),
                          mode: FileMode(gitMode: entry.mode) ?? .regular, size: Int(entry.size), stat: stat)
    }

    public static func == (a: IndexBlobs, b: IndexBlobs) -> Bool {
        a.count == b.count && a.positions == b.positions && (a.snapshot === b.snapshot || a.snapshot.sameEntries(as: b.snapshot))
    }
}

/// The index listed without reading any blob.
public struct StagedListing: Sendable, Equatable {
    /// Files below the size limit, in path order: made from `indexBlobs` when the listing keeps them
    /// there (each read makes them anew; runs over a large index read `indexBlobs`).
    public var blobs: [StagedBlob] {
        get { indexBlobs.map { list in (0..<list.count).map(list.blob) } ?? storedBlobs }
        set {
            storedBlobs = newValue
            indexBlobs = nil
        }
    }
    private var storedBlobs: [StagedBlob] = []
    /// The blobs where the index holds them, for a listing of an index read directly whose paths are all
    /// ASCII (in byte order, which is then Swift's order); nil otherwise.
    public internal(set) var indexBlobs: IndexBlobs?
    /// Files above the size limit.
    public var oversized: [OversizedFile] = []
    /// Submodules (gitlinks), never entered.
    public var submodules: [String] = []
    /// Paths with unresolved merge conflicts (no single staged blob).
    public var conflicts: [String] = []
    /// Whether `blobs` are known to be in strictly ascending path order (as Swift compares strings: two
    /// paths git keeps apart may be canonically equal).
    public var blobsStrictlyAscending = false
    /// The folders git recorded in the index's cache tree, when the blobs are the index's entries one
    /// for one in the index's own byte order (an index read directly, every path ASCII, no conflict,
    /// submodule, intent-to-add or oversized entry): blob `n` is entry `n`, a folder's blobs are
    /// contiguous, and a valid folder's tree id stands for all of them.
    public var folders: IndexFolders?
    /// Whether every blob's path is known to be ASCII (false when not checked).
    public var pathsAreASCII = false
    /// Whether some entry of the index (any stage, any mode) is a file named `.gitattributes`, when the
    /// listing looked while it went through the entries (nil: not looked).
    public var listsAttributesFile: Bool?
}

/// An index snapshot handed to other threads: they only read its entries, paths and ids (immutable once
/// built; its lazily parsed cache tree is behind a lock).
struct IndexSnapshotHandle: @unchecked Sendable {
    let value: IndexSnapshot
    init(_ value: IndexSnapshot) { self.value = value }
}

extension Repository {
    /// The staged files with their blob ids, without reading a blob: what `indexFiles(maxFileSize:)`
    /// lists, for runs that read most files only if a rule asks (a hook checking a few staged files in a
    /// large repository). Sizes come from the index entries, so no object header is read either.
    public func indexBlobs(maxFileSize: Int) throws(GitError) -> StagedListing {
        let operation = "list the staged files"
        guard !isBare else { throw GitError.bareRepository(operation) }
        let current = try indexSnapshot(operation: operation)
        let pending = pendingBlobs.withLock { pending in
            defer { pending = nil }
            return pending
        }
        if let pending, pending.snapshot.value === current, pending.maxFileSize == maxFileSize { return pending.listing.value }
        return Self.blobs(of: current, maxFileSize: maxFileSize)
    }

    /// Starts `indexBlobs(maxFileSize:)` on other cores for the index as it is now (read here, on the
    /// calling thread), so a hook lists the staged files while it diffs them against HEAD; a later
    /// `indexBlobs` with the same index and limit takes the result. Does nothing when the index cannot
    /// be read (`indexBlobs` then says why).
    public func startIndexBlobs(maxFileSize: Int) {
        guard !isBare, let snapshot = try? indexSnapshot(operation: "list the staged files") else { return }
        let handle = IndexSnapshotHandle(snapshot)
        let listing = Background { Self.blobs(of: handle.value, maxFileSize: maxFileSize) }
        pendingBlobs.withLock { $0 = (handle, maxFileSize, listing) }
    }

    /// The staged files of `snapshot` (see `indexBlobs`).
    private static func blobs(of current: IndexSnapshot, maxFileSize: Int) -> StagedListing {
        // The entries are sorted out in runs on all cores, the runs joined in index order: what
        // `forEachStagedEntry` would list, one entry after the other. Blobs stay where the index holds
        // them (`IndexBlobs`); a run notes only the entries that are not blobs.
        let snapshot = ReadOnly(current)
        let count = snapshot.value.count
        let runLength = 2_048
        let runs = (count + runLength - 1) / runLength
        let parts = ParallelRead.map(runs, itemsPerWorker: 1) { run -> IndexPart in
            let snapshot = snapshot.value
            var part = IndexPart()
            for position in (run * runLength)..<min((run + 1) * runLength, count) {
                let entry = snapshot.entries[position]
                snapshot.withPath(position) { path in
                    if part.allASCII { part.allASCII = Self.isASCII(path) }
                    if !part.attributes { part.attributes = Self.isAttributesFile(path) }
                }
                guard entry.stage == 0 else {
                    part.conflicts.append(snapshot.path(position))
                    part.excluded.append(Int32(position))
                    continue
                }
                guard entry.extendedFlags & IndexSnapshot.intentToAdd == 0, let mode = FileMode(gitMode: entry.mode) else {
                    part.excluded.append(Int32(position))
                    continue
                }
                if mode == .submodule {
                    part.submodules.append(snapshot.path(position))
                    part.excluded.append(Int32(position))
                } else if Int(entry.size) > maxFileSize {
                    part.oversized.append(OversizedFile(path: snapshot.path(position), size: Int(entry.size)))
                    part.excluded.append(Int32(position))
                }
            }
            return part
        }
        var listing = StagedListing()
        var conflicts = Set<String>()
        var allASCII = true
        var attributes = false
        var excluded = 0
        for part in parts {
            listing.oversized += part.oversized
            listing.submodules += part.submodules
            conflicts.formUnion(part.conflicts)
            allASCII = allASCII && part.allASCII
            attributes = attributes || part.attributes
            excluded += part.excluded.count
        }
        listing.listsAttributesFile = attributes
        listing.conflicts = conflicts.sorted()
        listing.pathsAreASCII = allASCII
        var positions: [Int32]?
        if excluded > 0 {
            var kept: [Int32] = []
            kept.reserveCapacity(count - excluded)
            var next = 0
            for part in parts {
                for skip in part.excluded {
                    while next < Int(skip) {
                        kept.append(Int32(next))
                        next += 1
                    }
                    next = Int(skip) + 1
                }
            }
            while next < count {
                kept.append(Int32(next))
                next += 1
            }
            positions = kept
        }
        let list = IndexBlobs(snapshot: current, positions: positions, count: count - excluded)
        // An index read directly was checked to be in strict byte order; ASCII paths compare as strings
        // in byte order, so then the listing is in order without comparing 85,000 strings again, and
        // its blobs stay in the index.
        if snapshot.value.readDirectly && allASCII {
            listing.indexBlobs = list
            listing.blobsStrictlyAscending = true
            // Only when every entry became a blob: a blob's position is then its entry's.
            if excluded == 0 {
                listing.folders = snapshot.value.cacheTree.map { IndexFolders($0, snapshot: snapshot.value) }
            }
        } else {
            listing.blobs = ParallelRead.map(list.count) { list.blob($0) }
            if zip(listing.blobs, listing.blobs.dropFirst()).allSatisfy({ $0.path < $1.path }) {
                listing.blobsStrictlyAscending = true
            } else {
                listing.blobs.sort { $0.path < $1.path }
            }
        }
        listing.oversized.sort { $0.path < $1.path }
        listing.submodules.sort()
        return listing
    }

    /// Whether every byte is below 0x80 (eight at a time).
    private static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        let raw = UnsafeRawPointer(base)
        var seen: UInt64 = 0
        var at = 0
        while at + 8 <= bytes.count {
            seen |= raw.loadUnaligned(fromByteOffset: at, as: UInt64.self)
            at += 8
        }
        while at < bytes.count {
            seen |= UInt64(bytes[at])
            at += 1
        }
        return seen & 0x8080_8080_8080_8080 == 0
    }

    /// Whether `path` is `.gitattributes` or ends with `/.gitattributes` (the last byte first: nearly
    /// every path is ruled out by it).
    static func isAttributesFile(_ path: UnsafeBufferPointer<UInt8>) -> Bool {
        let name = attributesName
        guard path.last == UInt8(ascii: "s"), path.count >= name.count, let base = path.baseAddress else { return false }
        let start = path.count - name.count
        guard start == 0 || path[start - 1] == UInt8(ascii: "/") else { return false }
        return name.withUnsafeBufferPointer { memcmp(base + start, $0.baseAddress!, name.count) == 0 }
    }

    private static let attributesName: [UInt8] = Array(".gitattributes".utf8)

    /// What one run of the index found besides its blobs.
    private struct IndexPart: Sendable {
        /// The run's entries that are no blobs, in order.
        var excluded: [Int32] = []
        /// Whether every path of the run is ASCII.
        var allASCII = true
        /// Whether an entry of the run is a `.gitattributes` file.
        var attributes = false
        var oversized: [OversizedFile] = []
        var submodules: [String] = []
        var conflicts: [String] = []
    }

    /// A snapshot shared by the workers of one listing: they only read its entries, paths and ids
    /// (immutable once built; its lazily parsed cache tree is behind a lock).
    private typealias ReadOnly = IndexSnapshotHandle

    /// Every file of the tree `rev` names, listed without reading a blob (sizes come from the object
    /// headers, read through `reader` on all cores): what `commitFiles(_:maxFileSize:)` lists, for runs
    /// that read most files only if a rule asks (a CI diff, a pushed range).
    public func commitBlobs(_ rev: String, maxFileSize: Int, reader: BlobReader) throws(GitError) -> StagedListing {
        let operation = "list the files of '\(rev)'"
        var entries: [(path: String, oid: ObjectID, mode: FileMode)] = []
        var listing = StagedListing()
        try withTree(rev, operation: operation) { tree throws(GitError) in
            try walk(tree: tree, prefix: "", operation: operation) { path, id, mode in
                if mode == .submodule {
                    listing.submodules.append(path)
                } else {
                    entries.append((path, withUnsafeBytes(of: id.id) { ObjectID($0.baseAddress!) }, mode))
                }
            }
        }
        let listed = entries
        let sizes = ParallelRead.map(listed.count) { i in reader.size(listed[i].oid) }
        for (entry, size) in zip(listed, sizes) {
            guard let size else {
                throw GitError(message: "cannot read the object header", operation: operation + " ('\(entry.path)')")
            }
            if size > maxFileSize {
                listing.oversized.append(OversizedFile(path: entry.path, size: size))
            } else {
                listing.blobs.append(StagedBlob(path: entry.path, oid: entry.oid, mode: entry.mode, size: size))
            }
        }
        listing.blobs.sort { $0.path < $1.path }
        listing.oversized.sort { $0.path < $1.path }
        listing.submodules.sort()
        return listing
    }

    /// A reader of this repository's objects that any thread may use (it holds its own handles).
    public func blobReader() throws(GitError) -> BlobReader {
        try BlobReader(gitDir: gitDir)
    }

    /// What can read staged files of `listing` from the work tree instead of inflating their blobs, or
    /// nil when a conversion could make a work-tree file differ from its blob: `core.autocrlf` set, a
    /// tracked `.gitattributes` anywhere or one at the top of the work tree, attributes in the
    /// repository's `info/attributes`, the global or system attributes file, or `core.attributesFile`
    /// set. Untracked `.gitattributes` files in a file's folders are checked per folder when a file is
    /// read.
    public func workTreeStandIn(for listing: StagedListing) -> WorkTreeStandIn? {
        guard let root = workdir else { return nil }
        if let crlf = config("core.autocrlf"), !["false", "no", "off", "0"].contains(crlf.lowercased()) { return nil }
        if config("core.attributesFile") != nil { return nil }
        // The last byte first: a hook lists every staged path of a large snapshot here.
        func isAttributes(_ path: String) -> Bool {
            path.utf8.last == UInt8(ascii: "s") && (path == ".gitattributes" || path.hasSuffix("/.gitattributes"))
        }
        // A listing of the index's entries looked while it went through them.
        if let listed = listing.listsAttributesFile {
            if listed { return nil }
        } else if listing.blobs.contains(where: { isAttributes($0.path) }) || listing.oversized.contains(where: { isAttributes($0.path) }) {
            return nil
        }
        // The work tree's own top-level file (tracked ones were looked for above) and the repository's,
        // user's and system's attributes files.
        var elsewhere = [root + "/.gitattributes", commonDir + "/info/attributes", gitDir + "/info/attributes", "/etc/gitattributes"]
        if let xdg = ProcessEnvironment.value("XDG_CONFIG_HOME"), !xdg.isEmpty { elsewhere.append(xdg + "/git/attributes") }
        if let home = ProcessEnvironment.value("HOME"), !home.isEmpty { elsewhere.append(home + "/.config/git/attributes") }
        var info = stat()
        if elsewhere.contains(where: { lstat($0, &info) == 0 }) { return nil }
        guard lstat(indexPath, &info) == 0 else { return nil }
        return WorkTreeStandIn(root: root, indexSeconds: Int64(info.st_mtim.tv_sec))
    }
}

/// Reads a staged file from the work tree when git vouches that it holds the staged content: the file
/// is regular, the opened file's `fstat` data (modification time to the nanosecond, size, inode) equal
/// what the index recorded, and it is not racily clean (modified in or after the second the index was
/// written).
/// That is git's own test for an unchanged file (`git status`, `git diff`); with no conversion in play
/// (see `Repository.workTreeStandIn(for:)`) the bytes are the blob's, read without inflating it. Any
/// doubt answers nil, and the caller reads the blob.
public final class WorkTreeStandIn: Sendable {
    /// The work tree's root with a trailing `/`.
    private let prefix: String
    private let indexSeconds: Int64
    /// Per folder: whether neither it nor a folder above it holds a `.gitattributes` (an untracked one
    /// could have converted the files below it when they were staged). The root was looked at when the
    /// stand-in was made. Every file read asks, from every core: the answers are spread over shards by
    /// the folder's hash (worked out once, outside the locks), since one lock was contended on nearly
    /// every read (70,000 futex calls in a cold hook at 10,000 agents).
    private let plainFolders = (0..<WorkTreeStandIn.shardCount).map { _ in Locked<[FolderKey: Bool]>([:]) }
    static let shardCount = 64

    /// A folder with its hash, so that a shard's dictionary does not hash the text again under the lock.
    struct FolderKey: Hashable {
        let folder: String
        let hash: Int
        init(_ folder: String) {
            self.folder = folder
            hash = folder.hashValue
        }
        func hash(into hasher: inout Hasher) { hasher.combine(hash) }
        static func == (a: FolderKey, b: FolderKey) -> Bool { a.hash == b.hash && a.folder == b.folder }
    }

    init(root: String, indexSeconds: Int64) {
        prefix = root + "/"
        self.indexSeconds = indexSeconds
    }

    /// The staged content of `blob` read from its work-tree file, or nil when git cannot vouch for it.
    public func read(_ blob: StagedBlob) -> [UInt8]? {
        guard let recorded = blob.stat, recorded.type == 0o100000, recorded.seconds < indexSeconds,
              Int(recorded.size) == blob.size else { return nil }
        if let folder = Self.parent(of: blob.path), !isPlain(folder) { return nil }
        // Opened without following a final symlink, then `fstat` on the open file: what is read is what
        // was compared.
        return FileSystem.read(prefix + blob.path, size: blob.size) { info in
            UInt32(info.st_mode) & 0o170000 == 0o100000
                && Int64(info.st_mtim.tv_sec) == recorded.seconds && Int64(info.st_mtim.tv_nsec) == recorded.nanoseconds
                && Int(info.st_size) == blob.size && UInt32(truncatingIfNeeded: info.st_ino) == recorded.inode
        }
    }

    /// Whether no folder from `folder` up to the root holds a `.gitattributes` (each folder looked at
    /// once per run).
    private func isPlain(_ folder: String) -> Bool {
        let key = FolderKey(folder)
        let shard = plainFolders[Int(UInt(bitPattern: key.hash) % UInt(Self.shardCount))]
        if let known = shard.withLock({ $0[key] }) { return known }
        var info = stat()
        let plain = (Self.parent(of: folder).map(isPlain) ?? true) && lstat(prefix + folder + "/.gitattributes", &info) != 0
        shard.withLock { $0[key] = plain }
        return plain
    }

    /// The folder part of a path (nil at the root), found on the path's bytes.
    static func parent(of path: String) -> String? {
        var path = path
        return path.withUTF8 { bytes -> String? in
            var at = bytes.count - 1
            while at >= 0, bytes[at] != UInt8(ascii: "/") { at -= 1 }
            return at > 0 ? String(decoding: UnsafeBufferPointer(rebasing: bytes[..<at]), as: UTF8.self) : nil
        }
    }
}

/// Reads blobs by id from one repository, from any thread. libgit2 handles are not meant to be used
/// by several threads at once, so it keeps one handle per core, each behind its own lock, and spreads
/// reads over them by object id. Kept for the whole run (a deferred file may be read at any point).
public final class BlobReader: Sendable {
    private let lanes: [BlobLane]

    init(gitDir: String) throws(GitError) {
        let count = max(1, min(8, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))) * 2))
        var lanes: [BlobLane] = []
        for _ in 0..<count { lanes.append(try BlobLane(gitDir: gitDir)) }
        self.lanes = lanes
    }

    /// The content of the blob with this 20-byte id; nil when it cannot be read (a missing or corrupt
    /// object).
    public func read(_ oid: [UInt8]) -> [UInt8]? {
        ObjectID(bytes: oid).flatMap(read)
    }

    /// The size of the object with this id, from its header (the content is not inflated); nil when it
    /// cannot be read.
    public func size(_ oid: [UInt8]) -> Int? {
        ObjectID(bytes: oid).flatMap(size)
    }

    /// The content of the blob `id`; nil when it cannot be read.
    public func read(_ id: ObjectID) -> [UInt8]? {
        lanes[Int(truncatingIfNeeded: id.a & 0xFF) % lanes.count].read(id)
    }

    /// The size of the object `id` (see `size(_:)`).
    public func size(_ id: ObjectID) -> Int? {
        lanes[Int(truncatingIfNeeded: id.a & 0xFF) % lanes.count].size(id)
    }
}

/// One libgit2 handle of a `BlobReader`, used by one thread at a time.
final class BlobLane: @unchecked Sendable {
    private let handle: OpaquePointer
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>

    init(gitDir: String) throws(GitError) {
        GitLibrary.ensureInitialized()
        var out: OpaquePointer?
        try check(git_repository_open_ext(&out, gitDir, GIT_REPOSITORY_OPEN_NO_SEARCH.rawValue, nil),
                  "open repository at '\(gitDir)' to read blobs")
        guard let out else { throw GitError(message: "libgit2 returned no repository", operation: "open '\(gitDir)'") }
        handle = out
        mutex = .allocate(capacity: 1)
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        git_repository_free(handle)
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    /// Runs `body` with the object id and this lane's lock held.
    private func locked<T>(_ oid: ObjectID, _ body: (inout git_oid) -> T) -> T {
        var id = git_oid()
        withUnsafeMutableBytes(of: &id.id) { target in
            oid.withUnsafeBytes { target.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0.prefix(target.count))) }
        }
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return body(&id)
    }

    func size(_ oid: ObjectID) -> Int? {
        locked(oid) { id in
            var odb: OpaquePointer?
            guard git_repository_odb(&odb, handle) == 0, let odb else { return nil }
            defer { git_odb_free(odb) }
            var size = 0
            var type = GIT_OBJECT_ANY
            guard git_odb_read_header(&size, &type, odb, &id) == 0 else { return nil }
            return size
        }
    }

    func read(_ oid: ObjectID) -> [UInt8]? {
        locked(oid) { id in
            var blob: OpaquePointer?
            guard git_blob_lookup(&blob, handle, &id) == 0, let blob else { return nil }
            defer { git_blob_free(blob) }
            let size = Int(git_blob_rawsize(blob))
            guard size > 0, let content = git_blob_rawcontent(blob) else { return [] }
            return Array(UnsafeRawBufferPointer(start: content, count: size))
        }
    }
}
