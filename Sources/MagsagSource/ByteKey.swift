#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A string compared and hashed by its UTF-8 bytes: a JSON or YAML object's member names, a schema's
/// property names.
///
/// JSON and JSON Schema call two strings equal when they hold the same code points; `String`'s own `==`
/// and hashing go by Unicode canonical equivalence instead (`"e\u{301}"` equals `"é"`, the Kelvin sign
/// equals `"K"`), which would merge member names the format keeps apart, and costs more: a hash through
/// SipHash of the normalised text, a comparison of two unequal names through an out-of-line call (about
/// 150 instructions). Here names of different lengths differ after two loads, inline names (up to 15
/// bytes) compare as two words, and the hash reads eight bytes a step and feeds a dictionary's seed
/// straight in (`_rawHashValue(seed:)`, the hook `Int` itself uses), with a process-wide random seed
/// mixed in first so that colliding names cannot be written ahead.
///
/// Paths are not keyed so: a snapshot's sorted listings and the documents deferred by path compare them
/// canonically, and a lookup must answer the same whichever way a document was made (`PathKey` keeps
/// that equality and hashes ASCII paths the same way).
public struct ByteKey: Hashable, Sendable, CustomStringConvertible {
    public let string: String

    @inlinable public init(_ string: String) {
        self.string = string
    }

    public var description: String { string }

    @inlinable public static func == (a: ByteKey, b: ByteKey) -> Bool {
        same(a.string, b.string)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(Self.hash(string))
    }

    @inlinable public func _rawHashValue(seed: Int) -> Int {
        Int(truncatingIfNeeded: Self.finish(Self.hash(string) ^ UInt64(truncatingIfNeeded: seed)))
    }

    /// Whether `a` and `b` hold the same UTF-8 bytes (the same code points).
    ///
    /// Two strings of the same representation (the same storage, or the same inline bytes) are equal; two
    /// inline strings (at most 15 bytes, as Swift keeps them) that differ in representation differ in
    /// bytes, since an inline string's words are its bytes and count; others compare their counts, then
    /// their bytes. The representation is read only on targets whose layout is known (`Inline.known`).
    @inlinable @inline(__always)
    public static func same(_ a: String, _ b: String) -> Bool {
        // Read in place (a copy of either string would cost a reference count each).
        let x = withUnsafeBytes(of: a) { $0.load(as: (UInt64, UInt64).self) }
        let y = withUnsafeBytes(of: b) { $0.load(as: (UInt64, UInt64).self) }
        if x.0 == y.0 && x.1 == y.1 { return true }
        if Inline.known, (x.1 & y.1) & Inline.flag != 0 { return false }
        guard a.utf8.count == b.utf8.count else { return false }
        return sameBytes(a, b)
    }

    @usableFromInline @inline(never) static func sameBytes(_ a: String, _ b: String) -> Bool {
        var (a, b) = (a, b)
        return a.withUTF8 { x in b.withUTF8 { y in ByteSearch.same(x, y) } }
    }

    /// A 64-bit hash of the string's UTF-8 bytes (equal bytes, equal hashes), seeded once per process.
    public static func hash(_ string: String) -> UInt64 {
        let x = withUnsafeBytes(of: string) { $0.load(as: (UInt64, UInt64).self) }
        if Inline.known, x.1 & Inline.flag != 0 {
            // An inline string's words are its bytes, zero after the last (see `hash(bytes:)`).
            let count = Int(truncatingIfNeeded: (x.1 >> 56) & 0x0F)
            var h = start(count)
            if count >= 8 { h = word(h, x.0) }
            return tail(h, count >= 8 ? x.1 & 0x00FF_FFFF_FFFF_FFFF : x.0)
        }
        var string = string
        return string.withUTF8 { hash(bytes: UnsafeRawBufferPointer($0)) }
    }

    /// The hash of `bytes` (as `hash(_:)` gives for a string of those bytes): each whole word of eight
    /// bytes, then the zero to seven bytes left as one word, zero-filled.
    public static func hash(bytes: UnsafeRawBufferPointer) -> UInt64 {
        hashAndBits(bytes).hash
    }

    /// `hash(bytes:)` when every byte is ASCII (tested in the same pass), else nil.
    static func hashIfASCII(bytes: UnsafeRawBufferPointer) -> UInt64? {
        let (hash, bits) = hashAndBits(bytes)
        return bits & 0x8080_8080_8080_8080 == 0 ? hash : nil
    }

    /// The hash of `bytes`, and every byte of them or-ed together by lane (one pass for both).
    @inline(__always) private static func hashAndBits(_ bytes: UnsafeRawBufferPointer) -> (hash: UInt64, bits: UInt64) {
        let count = bytes.count
        var h = start(count)
        guard let base = bytes.baseAddress else { return (tail(h, 0), 0) }
        var seen: UInt64 = 0
        var at = 0
        while at + 8 <= count {
            let value = base.loadUnaligned(fromByteOffset: at, as: UInt64.self)
            seen |= value
            h = word(h, value)
            at += 8
        }
        let left = count - at
        var rest: UInt64 = 0
        if left > 0, count >= 8 {
            // The last eight bytes, shifted down to the ones not hashed yet.
            rest = base.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self) >> UInt64(8 * (8 - left))
        } else {
            for i in 0..<left { rest |= UInt64(base.load(fromByteOffset: i, as: UInt8.self)) << UInt64(8 * i) }
        }
        return (tail(h, rest), seen | rest)
    }

    @inline(__always) private static func start(_ count: Int) -> UInt64 {
        seed ^ (UInt64(truncatingIfNeeded: count) &* 0x9E37_79B9_7F4A_7C15)
    }

    @inline(__always) private static func word(_ h: UInt64, _ word: UInt64) -> UInt64 {
        ((h ^ word) &* 0xFF51_AFD7_ED55_8CCD).rotatedLeft(31)
    }

    @inline(__always) private static func tail(_ h: UInt64, _ rest: UInt64) -> UInt64 {
        ((h ^ rest) &* 0xC4CE_B9FE_1A85_EC53).rotatedLeft(29)
    }

    /// Swift's inline strings on a 64-bit little-endian target: up to 15 bytes in the two words, the
    /// count in the low half of the last byte and this flag above it.
    @usableFromInline enum Inline {
        @inlinable static var flag: UInt64 { 1 << 61 }

        /// Whether this target lays strings out so (`ByteKeyTests` checks it with `layoutHolds`); on
        /// others every string is compared and hashed by its bytes.
        @inlinable static var known: Bool {
            #if (arch(x86_64) || arch(arm64)) && _endian(little)
            true
            #else
            false
            #endif
        }

        /// Whether strings made at run time are laid out as `known` takes them to be.
        package static let layoutHolds: Bool = {
            guard MemoryLayout<String>.size == 16, UInt64(1).littleEndian == 1 else { return false }
            let probes = [(String(decoding: Array("abcdefghijk".utf8), as: UTF8.self), 11), (String(decoding: Array("xyz".utf8), as: UTF8.self), 3)]
            for (text, count) in probes {
                let bits = withUnsafeBytes(of: text) { $0.load(as: (UInt64, UInt64).self) }
                guard bits.1 & flag != 0, Int((bits.1 >> 56) & 0x0F) == count else { return false }
                var expected: (UInt64, UInt64) = (0, 0)
                for (i, byte) in text.utf8.enumerated() {
                    if i < 8 { expected.0 |= UInt64(byte) << (8 * UInt64(i)) } else { expected.1 |= UInt64(byte) << (8 * UInt64(i - 8)) }
                }
                guard bits.0 == expected.0, bits.1 & 0x00FF_FFFF_FFFF_FFFF == expected.1 else { return false }
            }
            // A string kept on the heap carries no such flag.
            let long = String(decoding: Array(repeating: UInt8(ascii: "a"), count: 40), as: UTF8.self)
            return withUnsafeBytes(of: long) { $0.load(as: (UInt64, UInt64).self) }.1 & flag == 0
        }()
    }

    /// The final mix (MurmurHash3's 64-bit finaliser), so every input bit reaches the low bits a table
    /// indexes by (the drift index mixes its structural hashes with it too).
    @inlinable public static func finish(_ x: UInt64) -> UInt64 {
        var x = x
        x ^= x >> 33
        x = x &* 0xFF51_AFD7_ED55_8CCD
        x ^= x >> 33
        x = x &* 0xC4CE_B9FE_1A85_EC53
        x ^= x >> 33
        return x
    }

    /// Random per process (a fixed value under `SWIFT_DETERMINISTIC_HASHING`, as Swift's own hashing).
    static let seed: UInt64 = {
        if let value = getenv("SWIFT_DETERMINISTIC_HASHING"), value.pointee != 0 { return 0x243F_6A88_85A3_08D3 }
        return UInt64.random(in: .min ... .max)
    }()
}

/// A path as a dictionary or set key: `String`'s equality (Unicode canonical equivalence, as every
/// listing and search of a snapshot compares paths), with a faster hash.
///
/// An ASCII path is hashed by its bytes (`ByteKey`'s hash, about 40 instructions for 60 bytes against
/// about 300 for `String`'s SipHash over the normalised text). The hash must agree with `==`: the only
/// non-ASCII characters whose canonical forms are ASCII are the Kelvin sign, the Greek question mark
/// and the Greek varia (`K`, `;` and `` ` ``), and no other non-ASCII text normalises to ASCII. So a
/// text whose only non-ASCII characters are those three is hashed as the ASCII text they stand for,
/// and any other non-ASCII text through `String`'s own hashing (it equals no ASCII text).
public struct PathKey: Hashable, Sendable, CustomStringConvertible {
    public let string: String

    @inlinable public init(_ string: String) {
        self.string = string
    }

    public var description: String { string }

    @inlinable public static func == (a: PathKey, b: PathKey) -> Bool {
        a.string == b.string
    }

    public func hash(into hasher: inout Hasher) {
        if let hash = Self.asciiHash(string) { hasher.combine(hash) } else { hasher.combine(string) }
    }

    public func _rawHashValue(seed: Int) -> Int {
        guard let hash = Self.asciiHash(string) else { return string._rawHashValue(seed: seed) }
        return Int(truncatingIfNeeded: ByteKey.finish(hash ^ UInt64(truncatingIfNeeded: seed)))
    }

    /// The byte hash of `text`'s ASCII form: the text itself when ASCII, the text with the three
    /// singletons replaced when they are its only non-ASCII characters; nil for any other text.
    static func asciiHash(_ text: String) -> UInt64? {
        let x = withUnsafeBytes(of: text) { $0.load(as: (UInt64, UInt64).self) }
        if ByteKey.Inline.known, x.1 & ByteKey.Inline.flag != 0, (x.0 | x.1 & 0x00FF_FFFF_FFFF_FFFF) & 0x8080_8080_8080_8080 == 0 {
            // An inline ASCII path: its words are its bytes, zero after the last.
            return ByteKey.hash(text)
        }
        var text = text
        if let hash = text.withUTF8({ ByteKey.hashIfASCII(bytes: UnsafeRawBufferPointer($0)) }) { return hash }
        var ascii = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0..<0x80: ascii.append(scalar)
            case 0x212A: ascii.append("K")
            case 0x037E: ascii.append(";")
            case 0x1FEF: ascii.append("`")
            default: return nil
            }
        }
        return ByteKey.hash(String(ascii))
    }
}
