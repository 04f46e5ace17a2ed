#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension StringProtocol {
    /// Whether `needle`'s UTF-8 bytes occur in this text's UTF-8 bytes.
    ///
    /// A byte-exact search (no Unicode canonical equivalence, unlike Foundation's `contains`, which
    /// goes through `NSString` on Linux and costs orders of magnitude more): what rules matching
    /// paths, keys and markers in source text need.
    @inlinable
    public func utf8Contains<T: StringProtocol>(_ needle: T) -> Bool {
        // Both contiguous: found or not, without working out where (indices into the view cost more
        // than the search on a path).
        let direct = utf8.withContiguousStorageIfAvailable { hay in
            needle.utf8.withContiguousStorageIfAvailable { pin in pin.isEmpty || ByteSearch.offset(of: pin, in: hay) != nil }
        }
        if let direct, let found = direct { return found }
        return utf8Range(of: needle) != nil
    }

    /// The range of the first byte-exact occurrence of `needle`, or nil.
    @inlinable
    public func utf8Range<T: StringProtocol>(of needle: T) -> Range<Index>? {
        var result: Range<Index>?
        let haystack = utf8
        guard !needle.utf8.isEmpty else { return startIndex..<startIndex }
        // Both contiguous (native or small strings): `memmem` on their bytes, with no copy of the needle.
        let direct = haystack.withContiguousStorageIfAvailable { hay in
            needle.utf8.withContiguousStorageIfAvailable { pin in ByteSearch.offset(of: pin, in: hay) }
        }
        if let direct, let found = direct {
            guard let offset = found else { return nil }
            let start = haystack.index(haystack.startIndex, offsetBy: offset)
            return start..<haystack.index(start, offsetBy: needle.utf8.count)
        }
        let pattern = Array(needle.utf8)
        guard let first = pattern.first else { return startIndex..<startIndex }
        // Native strings keep their UTF-8 contiguous: search it with `memmem`, then step to the offset.
        if let offset = haystack.withContiguousStorageIfAvailable({ ByteSearch.offset(of: pattern, in: $0) }) {
            guard let offset else { return nil }
            let start = haystack.index(haystack.startIndex, offsetBy: offset)
            return start..<haystack.index(start, offsetBy: pattern.count)
        }
        var i = haystack.startIndex
        while i != haystack.endIndex {
            if haystack[i] == first {
                var j = haystack.index(after: i)
                var k = 1
                while k < pattern.count, j != haystack.endIndex, haystack[j] == pattern[k] {
                    j = haystack.index(after: j)
                    k += 1
                }
                if k == pattern.count {
                    result = i..<j
                    break
                }
            }
            i = haystack.index(after: i)
        }
        return result
    }
}

extension StringProtocol {
    /// Whether any UTF-8 byte passes `test`, read in the native string's buffer (through the UTF-8
    /// view's iterator a path cost about 45 instructions a byte).
    @inlinable
    public func utf8ContainsByte(where test: (UInt8) -> Bool) -> Bool {
        utf8.withContiguousStorageIfAvailable { $0.contains(where: test) } ?? utf8.contains(where: test)
    }

    /// Whether every UTF-8 byte passes `test`, read in the native string's buffer.
    @inlinable
    public func utf8AllBytes(satisfy test: (UInt8) -> Bool) -> Bool {
        utf8.withContiguousStorageIfAvailable { $0.allSatisfy(test) } ?? utf8.allSatisfy(test)
    }
}

extension String {
    /// `lowercased()`, without making a copy when there is nothing to lower (no ASCII capital letter and
    /// no non-ASCII byte), as with most paths: classifiers call it for every path of large snapshots.
    @inlinable
    public func lowercasedIfNeeded() -> String {
        let needed = utf8.withContiguousStorageIfAvailable(Self.hasCapitalOrNonASCII)
            ?? utf8.contains { ($0 &- 0x41) < 26 || $0 >= 0x80 }
        return needed ? lowercased() : self
    }

    /// Whether `bytes` hold an ASCII capital or a non-ASCII byte: one branch-free pass the compiler
    /// vectorizes (paths are tested by the ten thousand).
    @inlinable
    static func hasCapitalOrNonASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var seen: UInt8 = 0
        for byte in bytes { seen |= ((byte &- 0x41) < 26 ? 0x80 : 0) | (byte & 0x80) }
        return seen != 0
    }

    /// `lowercased().hasSuffix(suffix)` for a lowercase ASCII `suffix`, compared on bytes without a
    /// lowered copy (a text with non-ASCII bytes that does not match byte for byte is lowered, since
    /// a few non-ASCII letters lower to ASCII ones).
    @inlinable
    public func hasLowercaseSuffix(_ suffix: String) -> Bool {
        // Native strings: compared in their buffers (through the views' indices it cost about 1,200
        // instructions a path, more than the lowered copy it avoids).
        let fast = utf8.withContiguousStorageIfAvailable { bytes in
            suffix.utf8.withContiguousStorageIfAvailable { tail -> Bool? in
                if bytes.count >= tail.count {
                    var at = bytes.count - tail.count
                    var matches = true
                    for wanted in tail {
                        let byte = bytes[at]
                        if !(byte == wanted || ((byte &- 0x41) < 26 && byte | 0x20 == wanted)) {
                            matches = false
                            break
                        }
                        at += 1
                    }
                    if matches { return true }
                }
                // The last n bytes of the lowered text come from the last n scalars at most, which lie
                // within the last 4n bytes: when those are ASCII, the byte comparison was the answer.
                return bytes.suffix(4 * tail.count).contains { $0 >= 0x80 } ? nil : false
            }
        }
        if let fast, let known = fast {
            if let known { return known }
            return lowercased().hasSuffix(suffix)
        }
        let bytes = utf8, tail = suffix.utf8
        if bytes.count >= tail.count {
            let matches = zip(bytes.suffix(tail.count), tail).allSatisfy { byte, wanted in
                byte == wanted || ((byte &- 0x41) < 26 && byte | 0x20 == wanted)
            }
            if matches { return true }
        }
        return bytes.suffix(4 * tail.count).contains { $0 >= 0x80 } && lowercased().hasSuffix(suffix)
    }

    /// Whether this path lies under `folder` (given with or without its trailing `/`), compared on bytes.
    @inlinable
    public func isUnderFolder(_ folder: String) -> Bool {
        let fast = utf8.withContiguousStorageIfAvailable { bytes in
            folder.utf8.withContiguousStorageIfAvailable { prefix -> Bool in
                guard !prefix.isEmpty, bytes.count >= prefix.count,
                      memcmp(bytes.baseAddress!, prefix.baseAddress!, prefix.count) == 0 else { return false }
                if prefix[prefix.count - 1] == UInt8(ascii: "/") { return true }
                return bytes.count > prefix.count && bytes[prefix.count] == UInt8(ascii: "/")
            }
        }
        if let fast, let known = fast { return known }
        let bytes = utf8, prefix = folder.utf8
        guard !prefix.isEmpty, bytes.starts(with: prefix) else { return false }
        if prefix.last == UInt8(ascii: "/") { return true }
        let next = bytes.index(bytes.startIndex, offsetBy: prefix.count)
        return next != bytes.endIndex && bytes[next] == UInt8(ascii: "/")
    }
}

/// The C library's `memmem` (a GNU extension the Glibc module does not export; present in every libc
/// this builds against).
@_silgen_name("memmem")
private func c_memmem(_ haystack: UnsafeRawPointer, _ haystackLength: Int, _ needle: UnsafeRawPointer, _ needleLength: Int)
    -> UnsafeMutableRawPointer?

/// Substring search on bytes: rules and models scan thousands of files' bytes for names before deciding
/// which to parse.
///
/// A needle of two to eight bytes is found by testing, sixteen positions at a time, two of its bytes
/// (the two rarest in source text, by a fixed ranking) at their offsets, then comparing the whole needle
/// where both match; the C library's `memmem` finishes short tails and searches longer needles. glibc's
/// `memmem` has no vector path: for two- to four-byte needles (`\u`, `!!`, quoted keys) it is two to
/// four times slower than this on the files the models scan; for longer needles it skips ahead by up to
/// the needle's length and the two are about even.
public enum ByteSearch {
    /// Whether `a` and `b` hold the same bytes (`memcmp`: the generic `elementsEqual` on byte buffers
    /// compares one byte per step).
    @inlinable
    public static func same(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard a.count == b.count else { return false }
        guard let x = a.baseAddress, let y = b.baseAddress else { return a.count == 0 }
        return memcmp(x, y, a.count) == 0
    }

    /// The offset of the first occurrence of `needle` (not empty) in `haystack`, or nil.
    public static func offset(of needle: UnsafeBufferPointer<UInt8>, in haystack: UnsafeBufferPointer<UInt8>) -> Int? {
        guard !needle.isEmpty, haystack.count >= needle.count, let hayBase = haystack.baseAddress, let pinBase = needle.baseAddress
        else { return nil }
        return find(UnsafeRawPointer(hayBase), haystack.count, UnsafeRawPointer(pinBase), needle.count)
    }

    /// The offset of the first occurrence of `needle` (not empty) in `haystack`, or nil.
    public static func offset(of needle: [UInt8], in haystack: UnsafeBufferPointer<UInt8>) -> Int? {
        guard !needle.isEmpty, haystack.count >= needle.count, let hayBase = haystack.baseAddress else { return nil }
        return needle.withUnsafeBufferPointer { pin -> Int? in
            guard let pinBase = pin.baseAddress else { return nil }
            return find(UnsafeRawPointer(hayBase), haystack.count, UnsafeRawPointer(pinBase), pin.count)
        }
    }

    /// Whether `needle` occurs in `haystack` (an empty needle always does).
    public static func contains(_ haystack: ArraySlice<UInt8>, _ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty else { return true }
        guard haystack.count >= needle.count else { return false }
        return haystack.withUnsafeBufferPointer { hay in
            needle.withUnsafeBufferPointer { pin in
                guard let hayBase = hay.baseAddress, let pinBase = pin.baseAddress else { return false }
                return find(UnsafeRawPointer(hayBase), hay.count, UnsafeRawPointer(pinBase), pin.count) != nil
            }
        }
    }

    /// The offset of the first `needle` (`length` bytes, at least one) in `count` bytes at `haystack`.
    static func find(_ haystack: UnsafeRawPointer, _ count: Int, _ needle: UnsafeRawPointer, _ length: Int) -> Int? {
        guard length <= count else { return nil }
        // The last block start whose sixteen candidates all fit (a candidate at p + 15 ends at p + 15 + length).
        let last = count - length - 15
        guard length >= 2, length <= maximumVectorNeedle, last >= 0 else {
            guard let found = c_memmem(haystack, count, needle, length) else { return nil }
            return haystack.distance(to: UnsafeRawPointer(found))
        }
        let pin = needle.assumingMemoryBound(to: UInt8.self)
        let (first, second) = probes(pin, length)
        let firstByte = SIMD16<UInt8>(repeating: pin[first]), secondByte = SIMD16<UInt8>(repeating: pin[second])
        var block = 0
        // Loads read up to block + second + 15 <= count - length + second <= count - 1.
        while block <= last {
            let a = haystack.loadUnaligned(fromByteOffset: block + first, as: SIMD16<UInt8>.self)
            let b = haystack.loadUnaligned(fromByteOffset: block + second, as: SIMD16<UInt8>.self)
            let both = (a .== firstByte) .& (b .== secondByte)
            if any(both) {
                for lane in 0..<16 where both[lane] {
                    if memcmp(haystack + block + lane, needle, length) == 0 { return block + lane }
                }
            }
            block += 16
        }
        guard let found = c_memmem(haystack + block, count - block, needle, length) else { return nil }
        return haystack.distance(to: UnsafeRawPointer(found))
    }

    /// The longest needle searched sixteen positions at a time: `memmem` skips ahead by up to a longer
    /// needle's length, which does as well in time and in fewer instructions.
    static let maximumVectorNeedle = 8

    /// The offsets (ascending, distinct) of the needle's two rarest bytes.
    @inline(__always)
    private static func probes(_ needle: UnsafePointer<UInt8>, _ length: Int) -> (Int, Int) {
        rarity.withUnsafeBufferPointer { rank in
            var a = 0
            for i in 1..<length where rank[Int(needle[i])] < rank[Int(needle[a])] { a = i }
            var b = a == 0 ? 1 : 0
            for i in 0..<length where i != a && rank[Int(needle[i])] < rank[Int(needle[b])] { b = i }
            return (min(a, b), max(a, b))
        }
    }

    /// How common each byte value is in the text the rules search (JSON, YAML, Markdown): higher is more
    /// common. A rough ranking is enough; it only decides which two bytes filter the candidates.
    private static let rarity: [UInt8] = (0...255).map { value -> UInt8 in
        let byte = UInt8(value)
        switch byte {
        case 0x20, 0x0A: return 255
        case UInt8(ascii: "e"), UInt8(ascii: "t"), UInt8(ascii: "a"), UInt8(ascii: "\""): return 240
        case UInt8(ascii: "o"), UInt8(ascii: "i"), UInt8(ascii: "n"), UInt8(ascii: "s"), UInt8(ascii: "r"): return 230
        case UInt8(ascii: "l"), UInt8(ascii: "c"), UInt8(ascii: "d"), UInt8(ascii: "h"), UInt8(ascii: "u"), UInt8(ascii: "p"),
             UInt8(ascii: "m"): return 210
        case UInt8(ascii: ":"), UInt8(ascii: ","), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "/"), UInt8(ascii: "."): return 200
        case UInt8(ascii: "g"), UInt8(ascii: "f"), UInt8(ascii: "y"), UInt8(ascii: "b"), UInt8(ascii: "w"): return 180
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return 170
        case UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "v"), UInt8(ascii: "k"),
             0x09, 0x0D: return 150
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): return 120
        case UInt8(ascii: "x"), UInt8(ascii: "j"), UInt8(ascii: "q"), UInt8(ascii: "z"), UInt8(ascii: "="), UInt8(ascii: "'"),
             UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "#"), UInt8(ascii: "*"), UInt8(ascii: ">"), UInt8(ascii: "|"): return 100
        case 0x80...0xFF: return 60
        default: return 50
        }
    }
}
