/// A 128-bit digest, used as a cache key.
public struct Digest128: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var high: UInt64
    public var low: UInt64

    public init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    public static func < (a: Digest128, b: Digest128) -> Bool { (a.high, a.low) < (b.high, b.low) }

    /// One word is hashed: a digest's bits are already uniformly spread by a keyed hash, and a results
    /// file of a large repository puts millions of digests in one dictionary.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(low)
    }

    public var description: String {
        let h = String(high, radix: 16), l = String(low, radix: 16)
        return String(repeating: "0", count: 16 - h.count) + h + String(repeating: "0", count: 16 - l.count) + l
    }
}

/// Keyed SipHash-1-3 with a 128-bit output (Aumasson and Bernstein's construction, one compression
/// and three finalization rounds), streaming.
///
/// The result cache keys entries by the digest of a file's bytes. The key is random per cache
/// directory and never leaves it, so content crafted to collide with a cached clean file cannot be
/// computed without reading the cache. Deterministic for a given key on every platform (words are read
/// little-endian).
public struct SipHasher128: Sendable {
    private var v0: UInt64, v1: UInt64, v2: UInt64, v3: UInt64
    private var tail: UInt64 = 0
    private var tailCount = 0
    private var length = 0

    public init(key: (UInt64, UInt64)) {
        v0 = key.0 ^ 0x736f_6d65_7073_6575
        v1 = key.1 ^ 0x646f_7261_6e64_6f6d ^ 0xee
        v2 = key.0 ^ 0x6c79_6765_6e65_7261
        v3 = key.1 ^ 0x7465_6462_7974_6573
    }

    @inline(__always)
    private mutating func round() {
        v0 &+= v1; v1 = (v1 << 13) | (v1 >> 51); v1 ^= v0; v0 = (v0 << 32) | (v0 >> 32)
        v2 &+= v3; v3 = (v3 << 16) | (v3 >> 48); v3 ^= v2
        v0 &+= v3; v3 = (v3 << 21) | (v3 >> 43); v3 ^= v0
        v2 &+= v1; v1 = (v1 << 17) | (v1 >> 47); v1 ^= v2; v2 = (v2 << 32) | (v2 >> 32)
    }

    @inline(__always)
    private mutating func compress(_ m: UInt64) {
        v3 ^= m
        round()
        v0 ^= m
    }

    /// Feed bytes.
    ///
    /// Words are assembled with whole loads, not byte by byte: a run's keys feed many short fields (a
    /// path, a one-byte separator, a tag), where a byte loop cost more than the compression itself.
    public mutating func combine(_ bytes: UnsafeRawBufferPointer) {
        let n = bytes.count
        guard n > 0, let base = bytes.baseAddress else { return }
        length &+= n
        var i = 0
        if tailCount > 0 {
            let free = 8 - tailCount
            if n < free {
                tail |= Self.load(base, count: n) << (8 * UInt64(tailCount))
                tailCount += n
                return
            }
            compress(tail | Self.load(base, count: free) << (8 * UInt64(tailCount)))
            tail = 0
            tailCount = 0
            i = free
        }
        while i + 8 <= n {
            compress(UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self)))
            i += 8
        }
        if i < n {
            tail = Self.load(base + i, count: n - i)
            tailCount = n - i
        }
    }

    /// `count` (0 to 8) bytes at `start` as a little-endian word, the first byte lowest; the bytes above
    /// are zero. Two overlapping loads cover 4 to 8 bytes, three single ones 1 to 3.
    @inline(__always)
    private static func load(_ start: UnsafeRawPointer, count: Int) -> UInt64 {
        if count >= 4 {
            if count == 8 { return UInt64(littleEndian: start.loadUnaligned(as: UInt64.self)) }
            let low = UInt64(UInt32(littleEndian: start.loadUnaligned(as: UInt32.self)))
            let high = UInt64(UInt32(littleEndian: start.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self)))
            return low | high << (8 * UInt64(count - 4))
        }
        if count == 0 { return 0 }
        let first = UInt64(start.load(as: UInt8.self))
        let middle = UInt64(start.load(fromByteOffset: count >> 1, as: UInt8.self))
        let last = UInt64(start.load(fromByteOffset: count - 1, as: UInt8.self))
        return first | middle << (8 * UInt64(count >> 1)) | last << (8 * UInt64(count - 1))
    }

    /// Feed a byte array.
    public mutating func combine(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { combine($0) }
    }

    /// Feed a string's UTF-8 bytes followed by a 0 separator, so consecutive fields cannot run together.
    public mutating func combine(_ text: String) {
        // A native string's bytes in place (a copy made contiguous only for a bridged or lazy one).
        let direct: Void? = text.utf8.withContiguousStorageIfAvailable { combine(UnsafeRawBufferPointer($0)) }
        if direct == nil {
            var copy = text
            copy.withUTF8 { combine(UnsafeRawBufferPointer($0)) }
        }
        // The terminator: a zero byte adds no bits to the pending word, only to its length.
        length &+= 1
        tailCount += 1
        if tailCount == 8 {
            compress(tail)
            tail = 0
            tailCount = 0
        }
    }

    /// Feed one byte.
    public mutating func combine(_ byte: UInt8) {
        withUnsafeBytes(of: byte) { combine($0) }
    }

    /// Feed an integer (8 bytes, little-endian).
    public mutating func combine(_ value: Int) {
        withUnsafeBytes(of: UInt64(truncatingIfNeeded: value).littleEndian) { combine($0) }
    }

    /// Feed a digest.
    public mutating func combine(_ digest: Digest128) {
        withUnsafeBytes(of: digest.high.littleEndian) { combine($0) }
        withUnsafeBytes(of: digest.low.littleEndian) { combine($0) }
    }

    /// The digest of everything fed.
    public func finalize() -> Digest128 {
        var copy = self
        let last = (UInt64(truncatingIfNeeded: length) << 56) | copy.tail
        copy.compress(last)
        copy.v2 ^= 0xee
        copy.round(); copy.round(); copy.round()
        let first = copy.v0 ^ copy.v1 ^ copy.v2 ^ copy.v3
        copy.v1 ^= 0xdd
        copy.round(); copy.round(); copy.round()
        let second = copy.v0 ^ copy.v1 ^ copy.v2 ^ copy.v3
        return Digest128(high: first, low: second)
    }

    /// The digest of `bytes` under `key`.
    public static func digest(_ bytes: [UInt8], key: (UInt64, UInt64)) -> Digest128 {
        var hasher = SipHasher128(key: key)
        hasher.combine(bytes)
        return hasher.finalize()
    }
}
