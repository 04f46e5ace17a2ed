#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Strings a thread's JSON and YAML parses made recently, by their bytes: object keys and small values
/// repeat across a repository's files (`type`, `properties`, `status`...), and so do longer ones (a
/// `$schema` URI, a shared `$ref`, a name pattern). Making a `String` from bytes validates them and
/// builds it again each time (about 170 instructions a key), and a string of more than 15 bytes takes
/// a heap allocation of its own: 425,000 of them in the JSON files of a 10,000-agent repository, where
/// 92,000 are distinct.
///
/// One pair of tables per thread (no lock), each direct-mapped, a newer string replacing an older one
/// in its slot:
/// - strings of at most 15 ASCII bytes (1,024 slots), which Swift stores inline: the table holds no
///   heap storage and a hit copies no reference;
/// - strings of 16 to 128 bytes (4,096 slots): a hit shares the stored string's storage, so equal
///   strings of a snapshot share one allocation while they are in a slot's reach.
final class ShortStrings {
    private struct Entry {
        /// The bytes, little-endian: the first eight in `low`, the rest in `high` with the count in its
        /// top byte (so no two strings share a pair of words).
        var low: UInt64
        var high: UInt64
        var string: String
    }

    /// A longer string and its bytes' hash (the count in the top byte).
    private struct LongEntry {
        var hash: UInt64
        var string: String
    }

    static let capacity = 15
    /// The longest string the second table keeps.
    static let longCapacity = 128
    private static let slotBits = 10
    private static let longSlotBits = 12
    /// The slots, allocated once per thread (pointers, not arrays: no uniqueness or exclusivity checks
    /// on the hot path).
    private let entries: UnsafeMutablePointer<Entry>
    private let longEntries: UnsafeMutablePointer<LongEntry>

    private init() {
        entries = .allocate(capacity: 1 << Self.slotBits)
        // An empty slot holds the empty string's words, so it answers that string correctly.
        entries.initialize(repeating: Entry(low: 0, high: 0, string: ""), count: 1 << Self.slotBits)
        longEntries = .allocate(capacity: 1 << Self.longSlotBits)
        // No string of 16 bytes or more has the hash 0 (its count is in the top byte).
        longEntries.initialize(repeating: LongEntry(hash: 0, string: ""), count: 1 << Self.longSlotBits)
    }

    deinit {
        entries.deinitialize(count: 1 << Self.slotBits)
        entries.deallocate()
        longEntries.deinitialize(count: 1 << Self.longSlotBits)
        longEntries.deallocate()
    }

    /// The running thread's table.
    static var current: ShortStrings {
        if let raw = pthread_getspecific(key) { return Unmanaged<ShortStrings>.fromOpaque(raw).takeUnretainedValue() }
        let made = ShortStrings()
        pthread_setspecific(key, Unmanaged.passRetained(made).toOpaque())
        return made
    }

    /// A table of its own, for tests.
    static func makeForTesting() -> ShortStrings { ShortStrings() }

    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key) { raw in
            #if canImport(Darwin)
            Unmanaged<ShortStrings>.fromOpaque(raw).release()
            #else
            if let raw { Unmanaged<ShortStrings>.fromOpaque(raw).release() }
            #endif
        }
        return key
    }()

    /// The string of `bytes`, from a table when they are at most `capacity` ASCII bytes or at most
    /// `longCapacity` bytes of any kind.
    @inline(__always)
    func string(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        let count = bytes.count
        guard let base = bytes.baseAddress else { return "" }
        guard count <= Self.capacity else {
            return count <= Self.longCapacity ? long(base, count) : String(decoding: bytes, as: UTF8.self)
        }
        let raw = UnsafeRawPointer(base)
        // The bytes as two little-endian words, read with overlapping loads inside the buffer.
        var low: UInt64 = 0
        var rest: UInt64 = 0
        if count >= 8 {
            low = raw.loadUnaligned(as: UInt64.self)
            if count > 8 { rest = raw.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self) >> (8 &* UInt64(16 - count)) }
        } else if count >= 4 {
            let first = UInt64(raw.loadUnaligned(as: UInt32.self))
            let last = UInt64(raw.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self))
            low = first | last << (8 &* UInt64(count - 4))
        } else {
            for i in 0..<count { low |= UInt64(base[i]) << (8 &* UInt64(i)) }
        }
        guard (low | rest) & 0x8080_8080_8080_8080 == 0 else { return String(decoding: bytes, as: UTF8.self) }
        let high = rest | UInt64(count) << 56
        let slot = Int(truncatingIfNeeded: ((low &* 0x9E37_79B9_7F4A_7C15) ^ (high &* 0xC2B2_AE3D_27D4_EB4F)) >> UInt64(64 - Self.slotBits))
        let entry = entries + slot
        if entry.pointee.low == low && entry.pointee.high == high { return entry.pointee.string }
        let made = String(decoding: bytes, as: UTF8.self)
        entry.pointee = Entry(low: low, high: high, string: made)
        return made
    }

    /// A string of 16 to `longCapacity` bytes, shared with the last one of the same bytes in its slot.
    /// A hit is a hash and a byte comparison; bytes that are not valid UTF-8 are repaired by
    /// `String(decoding:)`, so their stored string never matches them and they are made each time.
    @inline(never)
    private func long(_ base: UnsafePointer<UInt8>, _ count: Int) -> String {
        let raw = UnsafeRawPointer(base)
        // Eight bytes at a time, the last word overlapping the one before (count is at least 16).
        var hash: UInt64 = 0x243F_6A88_85A3_08D3
        var offset = 0
        while offset + 8 < count {
            hash = (hash ^ raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) &* 0x9E37_79B9_7F4A_7C15
            hash ^= hash >> 29
            offset += 8
        }
        hash = (hash ^ raw.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)) &* 0xC2B2_AE3D_27D4_EB4F
        hash ^= hash >> 32
        let keyed = hash & 0x00FF_FFFF_FFFF_FFFF | UInt64(truncatingIfNeeded: count) << 56
        let entry = longEntries + Int(truncatingIfNeeded: hash >> UInt64(64 - Self.longSlotBits))
        if entry.pointee.hash == keyed {
            let same = entry.pointee.string.utf8.withContiguousStorageIfAvailable { stored in
                stored.count == count && memcmp(stored.baseAddress!, base, count) == 0
            }
            if same == true { return entry.pointee.string }
        }
        let made = String(decoding: UnsafeBufferPointer(start: base, count: count), as: UTF8.self)
        entry.pointee = LongEntry(hash: keyed, string: made)
        return made
    }
}
