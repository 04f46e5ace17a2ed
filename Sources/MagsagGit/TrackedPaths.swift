#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Every path an index lists and every folder above them, looked up by a folder's bytes and one name in
/// it: what the untracked walk asks of each entry it reads, without building a string per entry.
///
/// An open-addressing table whose keys are ranges of the index snapshot's path bytes (a folder is a
/// prefix of a path below it). A key's hash combines the hash of its folder with the hash of its last
/// name, so the walk hashes each folder once and then only the names it reads.
struct TrackedPaths: Sendable {
    /// One slot: a key (a range of `paths`) and what the index holds there.
    struct Slot: Sendable {
        /// The key's hash with its low bit set (0 marks an empty slot).
        var hash: UInt64 = 0
        var start: Int32 = 0
        var length: Int32 = 0
        /// The path's place in the work-tree entries; -1 when the index lists it but the work tree
        /// holds no file for it (skip-worktree); `Int32.min` when the key is only a folder.
        var position: Int32 = .min
        /// Whether some tracked path lies below the key.
        var isFolder = false
    }

    /// What the index holds at one path.
    struct Found: Sendable {
        /// As `Slot.position`: the work-tree entry, -1, or nil when the path is only a folder.
        var position: Int?
        var isFolder: Bool
    }

    private(set) var slots: [Slot]
    private var mask: Int
    /// How many keys the table holds.
    private(set) var count = 0
    /// The snapshot's path bytes, which every key is a range of.
    let paths: MappedFile

    /// A table sized for `keys` keys (paths and folders) over `paths`.
    init(paths: MappedFile, keys: Int) {
        var capacity = 16
        while capacity < keys * 2 { capacity <<= 1 }
        slots = Array(repeating: Slot(), count: capacity)
        mask = capacity - 1
        self.paths = paths
    }

    /// The hash of a folder's bytes (no trailing slash; empty for the root).
    @inline(__always)
    static func folderHash(_ folder: UnsafeRawBufferPointer) -> UInt64 {
        hash(folder, seed: 0x243F_6A88_85A3_08D3)
    }

    /// The hash of the key `name` in the folder whose hash is `folderHash`.
    @inline(__always)
    static func keyHash(folderHash: UInt64, name: UnsafeRawBufferPointer) -> UInt64 {
        hash(name, seed: folderHash) | 1
    }

    /// A fast, well-mixed 64-bit hash of bytes (not for use across processes: nothing stores it).
    @inline(__always)
    static func hash(_ bytes: UnsafeRawBufferPointer, seed: UInt64) -> UInt64 {
        var h = seed ^ (UInt64(bytes.count) &* 0x9E37_79B9_7F4A_7C15)
        var i = 0
        let count = bytes.count
        while i + 8 <= count {
            let word = bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            h = (h ^ word) &* 0xFF51_AFD7_ED55_8CCD
            h ^= h >> 29
            i += 8
        }
        if i < count {
            var word: UInt64 = 0
            var shift: UInt64 = 0
            while i < count {
                word |= UInt64(bytes[i]) << shift
                shift += 8
                i += 1
            }
            h = (h ^ word) &* 0xC4CE_B9FE_1A85_EC53
            h ^= h >> 29
        }
        h = (h ^ (h >> 32)) &* 0xFF51_AFD7_ED55_8CCD
        return h ^ (h >> 31)
    }

    /// Inserts the key `paths[start..<start + length]`, whose folder hash is `folderHash` and whose last
    /// name starts at `nameStart`, or updates it: `position` is set when the key had none, `isFolder`
    /// is or-ed in. Returns whether the key was new.
    @discardableResult
    mutating func insert(start: Int, length: Int, nameStart: Int, folderHash: UInt64, position: Int32?, isFolder: Bool) -> Bool {
        let hash = paths.withUnsafeBytes { bytes in
            Self.keyHash(folderHash: folderHash, name: UnsafeRawBufferPointer(rebasing: bytes[nameStart..<start + length]))
        }
        if (count + 1) * 2 > slots.count { grow() }
        var index = Int(truncatingIfNeeded: hash) & mask
        while true {
            let slot = slots[index]
            if slot.hash == 0 {
                slots[index] = Slot(hash: hash, start: Int32(start), length: Int32(length), position: position ?? .min, isFolder: isFolder)
                count += 1
                return true
            }
            if slot.hash == hash, Int(slot.length) == length, equal(Int(slot.start), start, length) {
                if isFolder { slots[index].isFolder = true }
                if let position, slot.position == .min { slots[index].position = position }
                return false
            }
            index = (index + 1) & mask
        }
    }

    /// Twice the slots, every key placed again by its stored hash.
    private mutating func grow() {
        let old = slots
        slots = Array(repeating: Slot(), count: old.count * 2)
        mask = slots.count - 1
        for slot in old where slot.hash != 0 {
            var index = Int(truncatingIfNeeded: slot.hash) & mask
            while slots[index].hash != 0 { index = (index + 1) & mask }
            slots[index] = slot
        }
    }

    private func equal(_ a: Int, _ b: Int, _ length: Int) -> Bool {
        a == b || paths.withUnsafeBytes { bytes in memcmp(bytes.baseAddress! + a, bytes.baseAddress! + b, length) == 0 }
    }

    /// What the index holds at `folder/name` (`name` alone when `folder` is empty); nil when nothing.
    func lookup(folder: UnsafeRawBufferPointer, folderHash: UInt64, name: UnsafeRawBufferPointer) -> Found? {
        let hash = Self.keyHash(folderHash: folderHash, name: name)
        let length = folder.isEmpty ? name.count : folder.count + 1 + name.count
        return paths.withUnsafeBytes { bytes -> Found? in
            var index = Int(truncatingIfNeeded: hash) & mask
            while true {
                let slot = slots[index]
                if slot.hash == 0 { return nil }
                if slot.hash == hash, Int(slot.length) == length {
                    let key = bytes.baseAddress! + Int(slot.start)
                    let matches: Bool
                    if folder.isEmpty {
                        matches = name.isEmpty || memcmp(key, name.baseAddress!, name.count) == 0
                    } else {
                        matches = memcmp(key, folder.baseAddress!, folder.count) == 0
                            && key.load(fromByteOffset: folder.count, as: UInt8.self) == UInt8(ascii: "/")
                            && (name.isEmpty || memcmp(key + folder.count + 1, name.baseAddress!, name.count) == 0)
                    }
                    if matches { return Found(position: slot.position == .min ? nil : Int(slot.position), isFolder: slot.isFolder) }
                }
                index = (index + 1) & mask
            }
        }
    }
}
