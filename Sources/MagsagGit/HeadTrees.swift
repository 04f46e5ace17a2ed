internal import CLibGit2
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A 20-byte object id kept inline (as a dictionary key, and in every staged blob: a hook's listing of
/// 85,000 index entries made as many small arrays, each an allocation, and each deferred file then held
/// one more reference to count).
public struct ObjectID: Hashable, Sendable {
    @usableFromInline let a: UInt64, b: UInt64, c: UInt32

    /// The id whose 20 bytes start at `raw`.
    @inlinable
    public init(_ raw: UnsafeRawPointer) {
        a = raw.loadUnaligned(as: UInt64.self)
        b = raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
        c = raw.loadUnaligned(fromByteOffset: 16, as: UInt32.self)
    }

    /// The id of these 20 bytes; nil for any other count.
    public init?(bytes: [UInt8]) {
        guard bytes.count == 20 else { return nil }
        self = bytes.withUnsafeBytes { ObjectID($0.baseAddress!) }
    }

    /// The id's 20 bytes.
    public var bytes: [UInt8] {
        withUnsafeBytes { Array($0) }
    }

    /// The id's 20 bytes, valid while `body` runs.
    @inlinable
    public func withUnsafeBytes<T>(_ body: (UnsafeRawBufferPointer) throws -> T) rethrows -> T {
        try Swift.withUnsafeBytes(of: (a, b, c)) { try body(UnsafeRawBufferPointer(rebasing: $0.prefix(20))) }
    }
}

/// A 20-byte object id as a dictionary key.
typealias ObjectKey = ObjectID

/// A git tree object's entries, parsed from its raw bytes: records of `<octal mode> <name>\0<20-byte
/// id>`, in git's tree order.
struct RawTree {
    struct Entry {
        var nameStart: Int32
        var nameLength: Int32
        /// The mode as libgit2's `git_tree_entry_filemode` gives it (normalised).
        var mode: UInt32
        var idStart: Int32
    }

    let bytes: [UInt8]
    let entries: [Entry]

    /// Nil when the bytes are not a well-formed tree.
    init?(bytes: [UInt8]) {
        guard bytes.count < Int(Int32.max) else { return nil }
        var entries: [Entry] = []
        // An entry takes at least 28 bytes ("40000 a", a zero and 20 bytes of id): room for all of them
        // at once (pages past the entries made are never touched). A 20,000-file folder's tree grew the
        // array a dozen times.
        entries.reserveCapacity(bytes.count / 28 + 1)
        // The modes git writes, with their space, as little-endian words: most entries are one of them.
        let file: UInt64 = 0x20_3434_3630_3031, executable: UInt64 = 0x20_3535_3730_3031, folder: UInt64 = 0x20_3030_3030_34
        let parsed = bytes.withUnsafeBufferPointer { buffer -> Bool in
            var at = 0
            while at < buffer.count {
                var mode: UInt32 = 0
                var digits = 0
                if at + 8 <= buffer.count, let base = buffer.baseAddress {
                    let word = UInt64(littleEndian: UnsafeRawPointer(base + at).loadUnaligned(as: UInt64.self))
                    if word & 0xFF_FFFF_FFFF_FFFF == file {
                        (mode, digits) = (0o100644, 6)
                    } else if word & 0xFF_FFFF_FFFF_FFFF == executable {
                        (mode, digits) = (0o100755, 6)
                    } else if word & 0xFFFF_FFFF_FFFF == folder {
                        (mode, digits) = (0o40000, 5)
                    }
                    at += digits
                }
                while at < buffer.count, buffer[at] != 0x20 {
                    let digit = buffer[at] &- 0x30
                    guard digit < 8, digits < 7 else { return false }
                    mode = mode << 3 | UInt32(digit)
                    digits += 1
                    at += 1
                }
                guard digits > 0, at < buffer.count else { return false }
                at += 1
                let nameStart = at
                guard let base = buffer.baseAddress, let nul = memchr(base + at, 0, buffer.count - at) else { return false }
                let nameEnd = base.distance(to: nul.assumingMemoryBound(to: UInt8.self))
                guard nameEnd > nameStart, nameEnd + 21 <= buffer.count else { return false }
                entries.append(Entry(nameStart: Int32(nameStart), nameLength: Int32(nameEnd - nameStart),
                                     mode: Self.normalized(mode), idStart: Int32(nameEnd + 1)))
                at = nameEnd + 21
            }
            return true
        }
        guard parsed else { return nil }
        self.bytes = bytes
        self.entries = entries
    }

    /// libgit2's normalisation of a tree entry's mode.
    static func normalized(_ mode: UInt32) -> UInt32 {
        if mode & 0o170000 == 0o040000 { return 0o040000 }
        if mode & 0o100 != 0 { return 0o100755 }
        if mode & 0o170000 == 0o160000 { return 0o160000 }
        if mode & 0o170000 == 0o120000 { return 0o120000 }
        return 0o100644
    }

    var count: Int { entries.count }

    func isDirectory(_ entry: Int) -> Bool { entries[entry].mode == 0o040000 }

    /// The name's bytes of `entry`, valid while `body` runs.
    func withName<T>(_ entry: Int, _ body: (UnsafeBufferPointer<UInt8>) -> T) -> T {
        let item = entries[entry]
        return bytes.withUnsafeBufferPointer {
            body(UnsafeBufferPointer(rebasing: $0[Int(item.nameStart)..<Int(item.nameStart + item.nameLength)]))
        }
    }

    /// The 20-byte id of `entry`, valid while `body` runs.
    func withID<T>(_ entry: Int, _ body: (UnsafeRawPointer) -> T) -> T {
        bytes.withUnsafeBytes { body($0.baseAddress! + Int(entries[entry].idStart)) }
    }

    /// The entry named `name` (a directory when `directory`), by binary search in tree order.
    func position(of name: UnsafeBufferPointer<UInt8>, directory: Bool) -> Int? {
        var low = 0, high = entries.count
        while low < high {
            let middle = (low + high) / 2
            let order = withName(middle) { Self.treeOrder($0, isDirectory(middle), name, directory) }
            if order == 0 { return middle }
            if order < 0 { low = middle + 1 } else { high = middle }
        }
        return nil
    }

    /// How `a` (a directory when `aIsDirectory`) sorts against `b` in git's tree order: by bytes, a
    /// directory's name as if it ended in `/`.
    static func treeOrder(_ a: UnsafeBufferPointer<UInt8>, _ aIsDirectory: Bool, _ b: UnsafeBufferPointer<UInt8>,
                          _ bIsDirectory: Bool) -> Int {
        let common = min(a.count, b.count)
        if common > 0, let x = a.baseAddress, let y = b.baseAddress {
            let order = memcmp(x, y, common)
            if order != 0 { return order < 0 ? -1 : 1 }
        }
        let c1: UInt8 = a.count > common ? a[common] : (aIsDirectory ? 0x2F : 0)
        let c2: UInt8 = b.count > common ? b[common] : (bIsDirectory ? 0x2F : 0)
        return c1 < c2 ? -1 : (c1 > c2 ? 1 : 0)
    }
}

/// Tree objects for one walk of HEAD: read raw from the object database and parsed here, each once per
/// run; with a directory, large ones are also kept between runs (`trees-v1.bin`), so that a hook run
/// again on the same HEAD finds them without inflating them (HEAD's 24,000-entry contracts folder is
/// 1.3 MB of tree, and inflating and parsing it was half of a new-index hook's staged diff).
/// A tree reader kept by a repository between two reads of the same root tree. Its parsed trees are
/// only read and added to, by one caller at a time (the staged diff, then the base files' lookups, on
/// the calling thread).
struct HeadTreesHandle: @unchecked Sendable {
    let reader: TreeReader
    let root: RawTree
    let rootID: [UInt8]
}

final class TreeReader {
    private let odb: OpaquePointer
    private var parsed: [ObjectKey: RawTree] = [:]
    private let store: TreeStore?

    init?(repository: OpaquePointer, storeDirectory: String?, smallestStored: Int = TreeStore.smallest) {
        var odb: OpaquePointer?
        guard git_repository_odb(&odb, repository) == 0, let odb else { return nil }
        self.odb = odb
        store = storeDirectory.map { TreeStore(directory: $0, smallest: smallestStored) }
    }

    deinit { git_odb_free(odb) }

    /// The tree with the 20-byte id at `id`, or nil when it cannot be read or is not a tree.
    func tree(_ id: UnsafeRawPointer) -> RawTree? {
        let key = ObjectKey(id)
        if let known = parsed[key] { return known }
        var made: RawTree?
        if let bytes = store?.tree(key) {
            made = RawTree(bytes: bytes)
        }
        if made == nil {
            var oid = git_oid()
            withUnsafeMutableBytes(of: &oid.id) { $0.copyMemory(from: UnsafeRawBufferPointer(start: id, count: 20)) }
            var object: OpaquePointer?
            guard git_odb_read(&object, odb, &oid) == 0, let object else { return nil }
            defer { git_odb_object_free(object) }
            guard git_odb_object_type(object) == GIT_OBJECT_TREE else { return nil }
            let size = git_odb_object_size(object)
            let bytes: [UInt8] = size == 0 ? [] : Array(UnsafeRawBufferPointer(start: git_odb_object_data(object), count: size))
            made = RawTree(bytes: bytes)
            if let made { store?.learn(key, made.bytes) }
        }
        guard let made else { return nil }
        parsed[key] = made
        return made
    }

    /// What a lookup by path found.
    enum Lookup {
        /// The entry: its normalised mode and id.
        case found(mode: UInt32, id: [UInt8])
        /// No entry at the path (a folder on the way missing or not a folder).
        case absent
        /// A tree on the way could not be read (the caller asks libgit2, which says why).
        case unreadable
    }

    /// The entry at `path` below `root`.
    func lookup(_ path: String, root: RawTree) -> Lookup {
        var tree = root
        let components = path.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
        for (at, component) in components.enumerated() {
            let last = at == components.count - 1
            let name = Array(component)
            let found: Int? = name.withUnsafeBufferPointer { name in
                if last, let file = tree.position(of: name, directory: false) { return file }
                return tree.position(of: name, directory: true)
            }
            guard let found else { return .absent }
            if last { return .found(mode: tree.entries[found].mode, id: tree.withID(found) { Array(UnsafeRawBufferPointer(start: $0, count: 20)) }) }
            guard tree.isDirectory(found) else { return .absent }
            guard let next = tree.withID(found, { self.tree($0) }) else { return .unreadable }
            tree = next
        }
        return .absent
    }

    /// The entry at `path` below `root` (its normalised mode and id); nil when there is none or a
    /// tree on the way cannot be read.
    func entry(at path: String, root: RawTree) -> (mode: UInt32, id: [UInt8])? {
        if case .found(let mode, let id) = lookup(path, root: root) { return (mode, id) }
        return nil
    }

    /// Keep what was learned (see `TreeStore.save`).
    func save() { store?.save() }
}

/// Large tree objects kept raw by id under the git directory (`.git/magsag-lint/trees-v1.bin`): a
/// header, then records of the id (20 bytes), the length (4), the bytes and a check (8) of all three,
/// checked when first used. Trees of 16 KiB or more that a run read are kept; a save writes the file
/// anew with the records the run used and the new ones (so it holds about one HEAD's large trees),
/// within 32 MiB. A file of another format, or a damaged record, is ignored; errors only cost speed.
final class TreeStore {
    static let fileName = "trees-v1.bin"
    static let magic: [UInt8] = Array("MGLTREE1".utf8)
    static let smallest = 16 << 10
    static let largestFile = 32 << 20

    private let path: String
    private let directory: String
    /// The smallest tree kept (`smallest` unless a test asks for less).
    private let keptFrom: Int
    private var file: MappedFile?
    private var records: [ObjectKey: (start: Int, length: Int)] = [:]
    private var used: [ObjectKey: [UInt8]] = [:]
    private var learned: [(ObjectKey, [UInt8])] = []
    private var loaded = false

    init(directory: String, smallest: Int = TreeStore.smallest) {
        self.directory = directory
        path = directory + "/" + Self.fileName
        keptFrom = smallest
    }

    private func load() {
        guard !loaded else { return }
        loaded = true
        guard let mapped = MappedFile.map(path), mapped.count >= Self.magic.count else { return }
        let bytes = mapped.bytes
        guard bytes.prefix(Self.magic.count).elementsEqual(Self.magic) else { return }
        var at = Self.magic.count
        while at + 24 <= bytes.count {
            let length = Int(UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: at + 20, as: UInt32.self)))
            guard at + 24 + length + 8 <= bytes.count else { break }
            records[ObjectKey(bytes.baseAddress! + at)] = (at, length)
            at += 24 + length + 8
        }
        file = mapped
    }

    /// The bytes of the tree `key`, when kept and intact.
    func tree(_ key: ObjectKey) -> [UInt8]? {
        load()
        if let known = used[key] { return known }
        guard let file, let record = records[key] else { return nil }
        let bytes = file.bytes
        let body = UnsafeRawBufferPointer(rebasing: bytes[record.start..<(record.start + 24 + record.length)])
        let stored = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: record.start + 24 + record.length, as: UInt64.self))
        guard Self.check(body) == stored else {
            records[key] = nil
            return nil
        }
        // Copied as one block (a slice of the buffer went through the generic copy, byte by byte).
        let tree = Array(UnsafeRawBufferPointer(rebasing: body.suffix(record.length)))
        used[key] = tree
        return tree
    }

    /// Remember a tree read this run (kept when large enough).
    func learn(_ key: ObjectKey, _ bytes: [UInt8]) {
        guard bytes.count >= keptFrom, used[key] == nil else { return }
        used[key] = bytes
        learned.append((key, bytes))
    }

    /// Write the file anew with the trees used this run, when some were learned. Errors are ignored.
    func save() {
        guard !learned.isEmpty else { return }
        var out = Self.magic
        for (key, bytes) in used.sorted(by: { $0.value.count > $1.value.count }) {
            guard out.count + 32 + bytes.count <= Self.largestFile else { continue }
            let start = out.count
            out += key.bytes
            withUnsafeBytes(of: UInt32(bytes.count).littleEndian) { out += $0 }
            out += bytes
            let check = out.withUnsafeBytes { Self.check(UnsafeRawBufferPointer(rebasing: $0[start...])) }
            withUnsafeBytes(of: check.littleEndian) { out += $0 }
        }
        learned = []
        CacheFileWriter.replace(path, with: out)
    }

    /// The check of a record's body (its id, length and bytes; see `RecordCheck`).
    static func check(_ body: UnsafeRawBufferPointer) -> UInt64 {
        RecordCheck.check(body, key: (0x7472_6565_7374_6f72, 0x6d61_6773_6167_7472))
    }
}

/// The check of a record in a cache file: each little-endian word multiplied, mixed in and the state
/// multiplied again (every step a bijection of the state, so a change confined to one word always
/// changes the check), then the tail and the length, then a final avalanche. It finds a torn write, a
/// cut or a flipped byte; it authenticates nothing. A few instructions per word, so records can be
/// checked at their first use in every run (SipHash took 2,000 per sketch record).
public enum RecordCheck {
    public static func check(_ raw: UnsafeRawBufferPointer, key: (UInt64, UInt64)) -> UInt64 {
        var state = key.0
        let count = raw.count
        var tail: UInt64 = 0
        // Through the base pointer with wrapping offsets: the loop is then a load and the mix per word
        // (bounds and overflow checks made it 16 instructions a word; a hook checks 8 MB of records).
        if let base = raw.baseAddress {
            let words = count & ~7
            var offset = 0
            while offset < words {
                state = mix(state, UInt64(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt64.self)))
                offset &+= 8
            }
            var shift: UInt64 = 0
            while offset < count {
                tail |= UInt64(base.load(fromByteOffset: offset, as: UInt8.self)) &<< shift
                shift &+= 8
                offset &+= 1
            }
        }
        state = mix(mix(state, tail), UInt64(count) ^ key.1)
        state ^= state >> 33
        state &*= 0xFF51_AFD7_ED55_8CCD
        state ^= state >> 33
        state &*= 0xC4CE_B9FE_1A85_EC53
        return state ^ state >> 33
    }

    @inline(__always)
    private static func mix(_ state: UInt64, _ word: UInt64) -> UInt64 {
        let mixed = state ^ (word &* 0x87C3_7B91_1142_53D5)
        return (mixed << 31 | mixed >> 33) &* 0x4CF5_AD43_2745_937F
    }
}
