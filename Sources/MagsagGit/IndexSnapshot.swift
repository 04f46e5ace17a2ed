internal import CLibGit2
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The entries of the index, in the index's order (by path bytes, then stage), read once per index
/// file content and shared by everything that lists, digests or compares what is staged.
///
/// Read directly from the index file (versions 2, 3 and 4, path compression included): libgit2's own
/// reader checks the file's SHA-1 with collision detection and allocates every entry, about 0.7 billion
/// instructions for the 11 MB index of an 85,000-file repository, which a hook paid on one core before
/// doing anything else. The direct reader checks the structure instead (every length, terminator and
/// padding inside the file, entries strictly in order, the extensions ending exactly at the trailing
/// checksum). An index it does not know exactly (a split or sparse index, another version or hash,
/// a required extension it does not understand, a repository that ignores case) is read through
/// libgit2, as before, into the same shape.
@usableFromInline
final class IndexSnapshot {
    /// One entry. The path is `paths[pathStart..<pathEnd]`; the object id `ids[idStart ..< idStart + 20]`.
    @usableFromInline
    struct Entry: Equatable {
        @usableFromInline var pathStart: Int32
        @usableFromInline var pathEnd: Int32
        var idStart: Int32
        var mode: UInt32
        var mtimeSeconds: Int32
        var mtimeNanoseconds: UInt32
        var size: UInt32
        var inode: UInt32
        /// The merge stage (0 outside conflicts).
        var stage: UInt8
        /// The high byte of the extended flags: intent-to-add (0x20), skip-worktree (0x40).
        var extendedFlags: UInt8
    }

    static let intentToAdd: UInt8 = 0x20
    static let skipWorktree: UInt8 = 0x40

    @usableFromInline let entries: [Entry]
    /// The bytes every entry's path is a range of. For an index file of version 2 or 3 read directly
    /// this is the file itself (its mapping): an entry's path is where the file spells it, and no copy
    /// of the 85,000 paths of a large index is made (each 4 KiB page of such a copy was a page fault,
    /// zeroed and then written). Version 4 paths, which reuse their predecessor's prefix, and entries
    /// read through libgit2 are spelled out in memory of the snapshot's own.
    @usableFromInline let paths: MappedFile
    /// The bytes every entry's object id is a range of: the index file for a direct read, else 20 bytes
    /// per entry in memory of the snapshot's own.
    let ids: MappedFile
    /// The cache-tree extension, when the file was read directly, holds no conflict and carries a
    /// usable one (parsed on first use, once, whichever thread asks first: the staged diff and the
    /// listing of staged folders ask).
    var cacheTree: IndexCacheTree? {
        parsedCacheTree.withLock { parsed in
            if let parsed { return parsed }
            let made = treeExtension.flatMap { body -> IndexCacheTree? in
                guard !hasConflicts else { return nil }
                return IndexCacheTree(bytes: body, extension: 0..<body.count)
            }
            parsed = .some(made)
            return made
        }
    }
    private let parsedCacheTree = Locked<IndexCacheTree??>(nil)
    /// The body of the file's `TREE` extension, when read directly.
    private let treeExtension: [UInt8]?
    /// Whether the entries came from the file's bytes (false: through libgit2).
    let readDirectly: Bool

    var count: Int { entries.count }

    /// Whether any entry is at a merge stage other than 0 (an unresolved conflict).
    let hasConflicts: Bool

    /// The entries read, in their order (the arrays are built first: a class's stored arrays would be
    /// checked for exclusive access at every append).
    private struct Builder {
        var entries: [Entry] = []
        var paths: [UInt8] = []
        var ids: [UInt8] = []
        var hasConflicts = false
    }

    private init(_ built: Builder, readDirectly: Bool, treeExtension: [UInt8]? = nil) {
        entries = built.entries
        paths = MappedFile(bytes: built.paths)
        ids = MappedFile(bytes: built.ids)
        hasConflicts = built.hasConflicts
        self.readDirectly = readDirectly
        self.treeExtension = treeExtension
    }

    private init(entries: [Entry], paths: MappedFile, ids: MappedFile, hasConflicts: Bool, treeExtension: [UInt8]?) {
        self.entries = entries
        self.paths = paths
        self.ids = ids
        self.hasConflicts = hasConflicts
        readDirectly = true
        self.treeExtension = treeExtension
    }

    /// Whether the two snapshots list the same entries: paths, ids, modes, stat data, stages and flags
    /// (where each is stored does not matter).
    func sameEntries(as other: IndexSnapshot) -> Bool {
        guard count == other.count, hasConflicts == other.hasConflicts else { return false }
        for position in 0..<count {
            var left = entries[position], right = other.entries[position]
            let samePath = withPath(position) { a in other.withPath(position) { b in Self.compare(a, b) == 0 } }
            let sameID = withID(position) { a in other.withID(position) { b in memcmp(a.baseAddress!, b.baseAddress!, 20) == 0 } }
            (left.pathStart, left.pathEnd, left.idStart) = (0, 0, 0)
            (right.pathStart, right.pathEnd, right.idStart) = (0, 0, 0)
            guard samePath, sameID, left == right else { return false }
        }
        return true
    }

    /// Every entry's path bytes end to end, then every entry's 20-byte id, shown to `body` in pieces of
    /// at most 64 KiB (a longer path is one piece of its own), each valid during its call only. The
    /// pieces are gathered from wherever the snapshot keeps them (the index file spells each entry's
    /// stat data between its id and its path), so they hold the entries' content and nothing else,
    /// and the same content read the same way is shown in the same pieces.
    func withPathsAndIDs(_ body: (UnsafeRawBufferPointer) -> Void) {
        let capacity = 64 << 10
        let scratch = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
        defer { scratch.deallocate() }
        var filled = 0
        func flush() {
            if filled > 0 { body(UnsafeRawBufferPointer(start: scratch, count: filled)) }
            filled = 0
        }
        paths.withUnsafeBytes { pathBytes in
            entries.withUnsafeBufferPointer { entries in
                for entry in entries {
                    let length = Int(entry.pathEnd - entry.pathStart)
                    guard length > 0, let base = pathBytes.baseAddress else { continue }
                    if filled + length > capacity { flush() }
                    if length > capacity {
                        body(UnsafeRawBufferPointer(start: base + Int(entry.pathStart), count: length))
                        continue
                    }
                    (scratch + filled).copyMemory(from: base + Int(entry.pathStart), byteCount: length)
                    filled += length
                }
            }
        }
        flush()
        ids.withUnsafeBytes { idBytes in
            entries.withUnsafeBufferPointer { entries in
                for entry in entries {
                    guard let base = idBytes.baseAddress else { continue }
                    if filled + 20 > capacity { flush() }
                    // Three loads and stores, not a call per id.
                    let from = base + Int(entry.idStart), to = scratch + filled
                    to.storeBytes(of: from.loadUnaligned(as: UInt64.self), as: UInt64.self)
                    to.storeBytes(of: from.loadUnaligned(fromByteOffset: 8, as: UInt64.self), toByteOffset: 8, as: UInt64.self)
                    to.storeBytes(of: from.loadUnaligned(fromByteOffset: 16, as: UInt32.self), toByteOffset: 16, as: UInt32.self)
                    filled += 20
                }
            }
        }
        flush()
    }

    /// The path bytes of entry `position`, valid while `body` runs.
    @inline(__always)
    @inlinable
    func withPath<T>(_ position: Int, _ body: (UnsafeBufferPointer<UInt8>) -> T) -> T {
        let entry = entries[position]
        return paths.withUnsafeBufferPointer { buffer in
            body(UnsafeBufferPointer(rebasing: buffer[Int(entry.pathStart)..<Int(entry.pathEnd)]))
        }
    }

    /// The path of entry `position`.
    func path(_ position: Int) -> String {
        withPath(position) { String(decoding: $0, as: UTF8.self) }
    }

    /// The 20-byte object id of entry `position`, valid while `body` runs.
    @inline(__always)
    func withID<T>(_ position: Int, _ body: (UnsafeBufferPointer<UInt8>) -> T) -> T {
        let start = Int(entries[position].idStart)
        return ids.withUnsafeBufferPointer { buffer in body(UnsafeBufferPointer(rebasing: buffer[start..<(start + 20)])) }
    }

    /// Whether entry `position` records the object `oid`.
    /// Whether entry `position` records the object whose 20-byte id is at `id`.
    func records(raw id: UnsafeRawPointer, at position: Int) -> Bool {
        withID(position) { own in own.count == 20 && memcmp(id, own.baseAddress!, 20) == 0 }
    }

    func records(_ oid: UnsafePointer<git_oid>, at position: Int) -> Bool {
        withID(position) { id in
            withUnsafeBytes(of: oid.pointee.id) { raw in
                guard raw.count >= 20, id.count == 20, let left = raw.baseAddress, let right = id.baseAddress else { return false }
                return memcmp(left, right, 20) == 0
            }
        }
    }

    /// The object id of entry `position` as bytes.
    func id(_ position: Int) -> [UInt8] {
        withID(position) { Array($0) }
    }

    /// The object id of entry `position`, inline.
    func objectID(_ position: Int) -> ObjectID {
        let start = Int(entries[position].idStart)
        return ids.withUnsafeBytes { ObjectID($0.baseAddress! + start) }
    }

    /// The object id of entry `position` as libgit2 keeps it.
    func oid(_ position: Int) -> git_oid {
        var oid = git_oid()
        withID(position) { id in
            withUnsafeMutableBytes(of: &oid.id) { raw in
                for i in 0..<min(20, raw.count) { raw[i] = id[i] }
            }
        }
        return oid
    }

    /// The position of the entry for `path` at `stage`, found by binary search (the entries are in
    /// byte order of their paths, then by stage).
    func position(of path: String, stage: UInt8 = 0) -> Int? {
        var key = path
        return key.withUTF8 { wanted -> Int? in
            var low = 0, high = entries.count
            while low < high {
                let middle = (low + high) / 2
                let order = withPath(middle) { Self.compare($0, wanted) }
                if order < 0 || (order == 0 && entries[middle].stage < stage) { low = middle + 1 } else { high = middle }
            }
            guard low < entries.count, entries[low].stage == stage, withPath(low, { Self.compare($0, wanted) }) == 0 else { return nil }
            return low
        }
    }

    /// memcmp order of two byte strings, a prefix first.
    @inline(__always)
    static func compare(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Int {
        let common = min(a.count, b.count)
        if common > 0, let left = a.baseAddress, let right = b.baseAddress {
            let order = memcmp(left, right, common)
            if order != 0 { return Int(order) }
        }
        return a.count - b.count
    }

    // MARK: Reading the file

    /// The entries of the index file `bytes`, or nil when the file is not an index this reader knows
    /// exactly (the caller reads it through libgit2 then).
    static func parse(_ bytes: [UInt8]) -> IndexSnapshot? {
        parse(MappedFile(bytes: bytes))
    }

    /// `parse(_:)` of a file's bytes, mapped or read. The snapshot keeps `file`: its ids, and its paths
    /// below version 4, are read where the file spells them.
    static func parse(_ file: MappedFile) -> IndexSnapshot? {
        file.withUnsafeBytes { parse($0.assumingMemoryBound(to: UInt8.self), owner: file) }
    }

    private static func parse(_ file: UnsafeBufferPointer<UInt8>, owner: MappedFile) -> IndexSnapshot? {
        let hashLength = 20
        // Entries keep offsets into the file in 32 bits.
        guard file.count >= 12 + hashLength, file.count <= Int(Int32.max), file[0] == 0x44, file[1] == 0x49, file[2] == 0x52, file[3] == 0x43 // "DIRC"
        else { return nil }
        let version = Int(bigEndian32(file, 4))
        let declared = Int(bigEndian32(file, 8))
        let end = file.count - hashLength
        // Every entry takes at least 63 bytes (62 of fixed fields and a terminator).
        guard (2...4).contains(version), declared <= (end - 12) / 63 else { return nil }
        // The entries are made at their final size and filled in place (appending cost about 200
        // instructions per entry). Version 2 and 3 paths are read where the file spells them; version 4
        // paths, which reuse their predecessor's prefix, are measured first, then spelled out.
        var paths = owner
        var spelled: UnsafeMutableBufferPointer<UInt8>?
        if version == 4 {
            guard let measured = version4PathBytes(file, declared: declared, end: end) else { return nil }
            let memory = UnsafeMutableRawPointer.allocate(byteCount: max(measured, 1), alignment: 16)
            HugePages.advise(memory, byteCount: measured)
            // Owned from here on: freed with the view whether or not the entries read.
            paths = MappedFile.adopting(memory, count: measured)
            spelled = UnsafeMutableBufferPointer(start: memory.assumingMemoryBound(to: UInt8.self), count: measured)
        }
        var offset = 12
        var failed = false
        var hasConflicts = false
        let entries = [Entry](unsafeUninitializedCapacity: declared) { entryBuffer, entryCount in
            HugePages.advise(entryBuffer.baseAddress, byteCount: declared * MemoryLayout<Entry>.stride)
            // Every element type here is trivial: on failure the array is simply left empty.
            guard let read = readEntries(file, version: version, declared: declared, end: end,
                                         spelled: spelled, entries: entryBuffer) else {
                failed = true
                return
            }
            offset = read.offset
            hasConflicts = read.hasConflicts
            entryCount = declared
        }
        guard !failed else { return nil }
        // Extensions: a 4-byte signature and a 4-byte size each, up to the trailing checksum. Those whose
        // signature starts with an uppercase letter are optional; any other one changes what the entries
        // mean (`link`: a split index keeps entries elsewhere; `sdir`: a sparse index has folder entries).
        var treeBody: Range<Int>?
        while offset < end {
            guard offset + 8 <= end else { return nil }
            let size = Int(bigEndian32(file, offset + 4))
            let body = offset + 8
            guard size <= end - body else { return nil }
            let first = file[offset]
            if file[offset] == 0x54, file[offset + 1] == 0x52, file[offset + 2] == 0x45, file[offset + 3] == 0x45 { // "TREE"
                treeBody = body..<(body + size)
            } else if !(0x41...0x5A).contains(first) {
                return nil
            }
            offset = body + size
        }
        guard offset == end else { return nil }
        // The cache-tree extension is kept (a copy: the file's bytes are not).
        let tree = treeBody.map { Array(UnsafeBufferPointer(rebasing: file[$0])) }
        return IndexSnapshot(entries: entries, paths: paths, ids: owner, hasConflicts: hasConflicts, treeExtension: tree)
    }

    /// Reads the `declared` entries that start at byte 12 of `file` into `entries` (sized by the
    /// caller); nil when the entries are not exactly well formed. A version 4 file's paths are spelled
    /// out into `spelled` (sized by `version4PathBytes`), and entries point there; other entries point
    /// at the paths in `file` itself. Ids always point into `file`.
    private static func readEntries(
        _ file: UnsafeBufferPointer<UInt8>, version: Int, declared: Int, end: Int,
        spelled: UnsafeMutableBufferPointer<UInt8>?, entries: UnsafeMutableBufferPointer<Entry>
    ) -> (offset: Int, hasConflicts: Bool)? {
        guard declared > 0 else { return (12, false) }
        guard let source = file.baseAddress, let entryBase = entries.baseAddress, version != 4 || spelled?.baseAddress != nil
        else { return nil }
        // Where paths are compared: the spelled-out copy for version 4, else the file.
        let pathBase = spelled?.baseAddress.map { UnsafePointer($0) } ?? source
        var offset = 12
        var written = 0
        var previousStart = 0, previousEnd = 0
        var hasConflicts = false
        for position in 0..<declared {
            guard offset + 62 <= end else { return nil }
            let flags = bigEndian16(file, offset + 60)
            let extended = flags & 0x4000 != 0
            guard !extended || version >= 3 else { return nil }
            var extendedFlags: UInt16 = 0
            var cursor = offset + 62
            if extended {
                guard cursor + 2 <= end else { return nil }
                extendedFlags = bigEndian16(file, cursor)
                // Only intent-to-add and skip-worktree are defined; any other bit is a newer format.
                guard extendedFlags & ~UInt16(0x6000) == 0 else { return nil }
                cursor += 2
            }
            let start: Int, pathEnd: Int
            if version == 4, let spelled, let out = spelled.baseAddress {
                // How many bytes of the previous path to drop (git's offset varint), then the rest.
                guard let (drop, after) = offsetVarint(file, at: cursor, end: end) else { return nil }
                cursor = after
                let previousLength = previousEnd - previousStart
                guard drop <= previousLength, let nul = firstZero(file, from: cursor, to: end) else { return nil }
                let kept = previousLength - drop
                guard written + kept + (nul - cursor) <= spelled.count else { return nil }
                // The kept prefix is copied from the previous path, which ends where this one starts.
                start = written
                if kept > 0 { (out + written).initialize(from: out + previousStart, count: kept) }
                (out + written + kept).initialize(from: source + cursor, count: nul - cursor)
                written += kept + (nul - cursor)
                pathEnd = written
                cursor = nul + 1
                // Positions are kept in 32 bits, and version 4 lets a small file spell long paths by
                // reusing prefixes: past a bound no real index reaches, the file is left to libgit2.
                guard written <= Self.maximumPathBytes else { return nil }
            } else {
                guard let nul = firstZero(file, from: cursor, to: end) else { return nil }
                let fixed = extended ? 64 : 62
                let length = (fixed + (nul - cursor) + 8) & ~7
                guard offset + length <= end else { return nil }
                // The padding after the terminator is all NUL bytes.
                for padding in (nul + 1)..<(offset + length) where source[padding] != 0 { return nil }
                start = cursor
                pathEnd = nul
                cursor = offset + length
            }
            let pathLength = pathEnd - start
            // The name-length field is exact below 0xFFF, and 0xFFF for longer names; an empty name is
            // no entry.
            guard pathLength > 0, Int(flags & 0x0FFF) == min(pathLength, 0x0FFF) else { return nil }
            let stage = UInt8((flags >> 12) & 0x3)
            // Entries are sorted by path bytes, then by stage; a path appears once per stage.
            if position > 0 {
                let order = compare(UnsafeBufferPointer(start: pathBase + previousStart, count: previousEnd - previousStart),
                                    UnsafeBufferPointer(start: pathBase + start, count: pathLength))
                guard order < 0 || (order == 0 && entryBase[position - 1].stage < stage) else { return nil }
            }
            if stage != 0 { hasConflicts = true }
            (entryBase + position).initialize(to: Entry(
                pathStart: Int32(start), pathEnd: Int32(pathEnd), idStart: Int32(offset + 40), mode: bigEndian32(file, offset + 24),
                mtimeSeconds: Int32(bitPattern: bigEndian32(file, offset + 8)), mtimeNanoseconds: bigEndian32(file, offset + 12),
                size: bigEndian32(file, offset + 36), inode: bigEndian32(file, offset + 20), stage: stage,
                extendedFlags: UInt8(truncatingIfNeeded: extendedFlags >> 8)))
            previousStart = start
            previousEnd = pathEnd
            offset = cursor
        }
        return (offset, hasConflicts)
    }

    /// Git's offset varint at `cursor` (version 4's count of bytes dropped from the previous path) and
    /// the offset after it.
    @inline(__always)
    private static func offsetVarint(_ file: UnsafeBufferPointer<UInt8>, at start: Int, end: Int) -> (Int, Int)? {
        var cursor = start
        guard cursor < end else { return nil }
        var byte = file[cursor]
        cursor += 1
        var value = Int(byte & 0x7F)
        var steps = 0
        while byte & 0x80 != 0 {
            guard cursor < end, steps < 8 else { return nil }
            byte = file[cursor]
            cursor += 1
            steps += 1
            value = ((value + 1) << 7) | Int(byte & 0x7F)
        }
        return (value, cursor)
    }

    /// The path bytes a version 4 index's entries expand to, read without keeping them; nil when the
    /// entries do not chain (the full read then refuses the file too) or expand past the bound.
    private static func version4PathBytes(_ file: UnsafeBufferPointer<UInt8>, declared: Int, end: Int) -> Int? {
        var offset = 12
        var total = 0
        var previousLength = 0
        for _ in 0..<declared {
            guard offset + 62 <= end else { return nil }
            var cursor = offset + 62 + (bigEndian16(file, offset + 60) & 0x4000 != 0 ? 2 : 0)
            guard let (drop, after) = offsetVarint(file, at: cursor, end: end) else { return nil }
            cursor = after
            guard drop <= previousLength, let nul = firstZero(file, from: cursor, to: end) else { return nil }
            previousLength = previousLength - drop + (nul - cursor)
            total += previousLength
            guard total <= Self.maximumPathBytes else { return nil }
            offset = nul + 1
        }
        return total
    }

    /// The most path bytes the direct reader expands an index into (1 GiB).
    static let maximumPathBytes = 1 << 30

    @inline(__always)
    private static func firstZero(_ file: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Int? {
        guard start < end, let base = file.baseAddress, let found = memchr(base + start, 0, end - start) else { return nil }
        return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
    }

    /// The big-endian number at `offset` (callers check the bounds), in one unaligned load.
    @inline(__always)
    private static func bigEndian32(_ file: UnsafeBufferPointer<UInt8>, _ offset: Int) -> UInt32 {
        UInt32(bigEndian: UnsafeRawPointer(file.baseAddress! + offset).loadUnaligned(as: UInt32.self))
    }

    @inline(__always)
    private static func bigEndian16(_ file: UnsafeBufferPointer<UInt8>, _ offset: Int) -> UInt16 {
        UInt16(bigEndian: UnsafeRawPointer(file.baseAddress! + offset).loadUnaligned(as: UInt16.self))
    }

    // MARK: Reading through libgit2

    /// The entries of a libgit2 index, in its order (no cache tree: the staged diff compares whole trees).
    static func copying(_ index: OpaquePointer) -> IndexSnapshot {
        var snapshot = Builder()
        let count = git_index_entrycount(index)
        snapshot.entries.reserveCapacity(count)
        snapshot.ids.reserveCapacity(count * 20)
        for position in 0..<count {
            guard let entry = git_index_get_byindex(index, position), let path = entry.pointee.path else { continue }
            let start = snapshot.paths.count
            path.withMemoryRebound(to: UInt8.self, capacity: 1) { bytes in
                snapshot.paths.append(contentsOf: UnsafeBufferPointer(start: bytes, count: strlen(path)))
            }
            withUnsafeBytes(of: entry.pointee.id.id) { snapshot.ids.append(contentsOf: $0.prefix(20)) }
            let stage = UInt8(truncatingIfNeeded: git_index_entry_stage(entry))
            if stage != 0 { snapshot.hasConflicts = true }
            snapshot.entries.append(Entry(
                pathStart: Int32(start), pathEnd: Int32(snapshot.paths.count), idStart: Int32(snapshot.ids.count - 20), mode: entry.pointee.mode,
                mtimeSeconds: entry.pointee.mtime.seconds, mtimeNanoseconds: entry.pointee.mtime.nanoseconds,
                size: entry.pointee.file_size, inode: entry.pointee.ino, stage: stage,
                extendedFlags: UInt8(truncatingIfNeeded: entry.pointee.flags_extended >> 8)))
        }
        return IndexSnapshot(snapshot, readDirectly: false)
    }
}

extension Repository {
    /// The entries of the index this repository uses (`useIndex(atPath:)`'s file, or the git
    /// directory's `index`), read again only when the file's trailing checksum changed. A missing
    /// file is an empty index, as git treats it. Throws on a bare repository (no index).
    func indexSnapshot(operation: String) throws(GitError) -> IndexSnapshot {
        guard !isBare else { throw GitError.bareRepository(operation) }
        let path = indexPath
        let checksum = Self.indexChecksum(atPath: path)
        if let checksum, let cached = cachedIndex, cached.path == path, cached.checksum == checksum { return cached.snapshot }
        let (snapshot, read) = try readIndexSnapshot(path: path, operation: operation)
        // Kept under the checksum of the bytes actually read (the file may have been rewritten since its
        // trailer was looked at); an index read through libgit2, or without a checksum, is not kept.
        cachedIndex = read.map { (path, $0, snapshot) }
        return snapshot
    }

    /// The index file this repository reads.
    var indexPath: String { indexPathInUse ?? gitDir + "/index" }

    /// The entries, and the trailing checksum of the bytes they were read from (nil when read through
    /// libgit2, missing, or written without a checksum).
    private func readIndexSnapshot(path: String, operation: String) throws(GitError) -> (IndexSnapshot, [UInt8]?) {
        // A repository that ignores case keeps its entries in another order and finds them by folded
        // paths: libgit2 reads it, as git would.
        if !ignoresCase {
            var status = stat()
            if stat(path, &status) != 0, errno == ENOENT, let empty = IndexSnapshot.parse(Self.emptyIndex) {
                return (empty, nil)
            }
            if let file = MappedFile.map(path), let snapshot = IndexSnapshot.parse(file) {
                let trailer = file[file.count - 20..<file.count]
                return (snapshot, trailer.allSatisfy { $0 == 0 } ? nil : trailer)
            }
        }
        return (try withIndex(operation: operation) { index throws(GitError) in IndexSnapshot.copying(index) }, nil)
    }

    /// Whether `core.ignorecase` is set.
    private var ignoresCase: Bool {
        guard let value = config("core.ignorecase")?.lowercased() else { return false }
        return ["true", "yes", "on", "1"].contains(value)
    }

    /// A version-2 index with no entry and no extension (what a missing index file means).
    private static let emptyIndex: [UInt8] = Array("DIRC".utf8) + [0, 0, 0, 2, 0, 0, 0, 0] + [UInt8](repeating: 0, count: 20)
}
