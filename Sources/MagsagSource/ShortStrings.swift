#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Short ASCII strings a thread's JSON and YAML parses made recently, by their bytes: object keys and
/// small values repeat across a repository's files (`type`, `properties`, `status`...), and making a
/// `String` from bytes validates them and builds it again each time (about 170 instructions a key),
/// where a hit here costs a few shifts, a multiply and a compare.
///
/// One table per thread (no lock): direct-mapped, 1,024 entries, a newer string replacing an older one
/// in its slot. Only strings of at most 15 ASCII bytes are kept, which Swift stores inline, so the
/// table holds no heap storage and a hit copies no reference.
final class ShortStrings {
    private struct Entry {
        /// The bytes, little-endian: the first eight in `low`, the rest in `high` with the count in its
        /// top byte (so no two strings share a pair of words).
        var low: UInt64
        var high: UInt64
        var string: String
    }

    static let capacity = 15
    private static let slotBits = 10
    /// The slots, allocated once per thread (a pointer, not an array: no uniqueness or exclusivity
    /// checks on the hot path).
    private let entries: UnsafeMutablePointer<Entry>

    private init() {
        entries = .allocate(capacity: 1 << Self.slotBits)
        // An empty slot holds the empty string's words, so it answers that string correctly.
        entries.initialize(repeating: Entry(low: 0, high: 0, string: ""), count: 1 << Self.slotBits)
    }

    deinit {
        entries.deinitialize(count: 1 << Self.slotBits)
        entries.deallocate()
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

    /// The string of `bytes`, from the table when they are at most `capacity` ASCII bytes.
    @inline(__always)
    func string(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        let count = bytes.count
        guard count <= Self.capacity, let base = bytes.baseAddress else { return String(decoding: bytes, as: UTF8.self) }
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
}
