extension StringProtocol {
    /// Whether `needle`'s UTF-8 bytes occur in this text's UTF-8 bytes.
    ///
    /// A byte-exact search (no Unicode canonical equivalence, unlike Foundation's `contains`, which
    /// goes through `NSString` on Linux and costs orders of magnitude more): what rules matching
    /// paths, keys and markers in source text need.
    @inlinable
    public func utf8Contains<T: StringProtocol>(_ needle: T) -> Bool {
        utf8Range(of: needle) != nil
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
    public func hasLowercaseSuffix(_ suffix: String) -> Bool {
        let bytes = utf8, tail = suffix.utf8
        if bytes.count >= tail.count {
            let matches = zip(bytes.suffix(tail.count), tail).allSatisfy { byte, wanted in
                byte == wanted || ((byte &- 0x41) < 26 && byte | 0x20 == wanted)
            }
            if matches { return true }
        }
        // The last n bytes of the lowered text come from the last n scalars at most, which lie within
        // the last 4n bytes: when those are ASCII, the byte comparison was the answer.
        return bytes.suffix(4 * tail.count).contains { $0 >= 0x80 } && lowercased().hasSuffix(suffix)
    }

    /// Whether this path lies under `folder` (given with or without its trailing `/`), compared on bytes.
    public func isUnderFolder(_ folder: String) -> Bool {
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

/// Substring search on bytes, through the C library's `memmem` (vectorised in glibc): rules and models
/// scan thousands of files' bytes for names before deciding which to parse.
public enum ByteSearch {
    /// The offset of the first occurrence of `needle` (not empty) in `haystack`, or nil.
    public static func offset(of needle: UnsafeBufferPointer<UInt8>, in haystack: UnsafeBufferPointer<UInt8>) -> Int? {
        guard !needle.isEmpty, haystack.count >= needle.count, let hayBase = haystack.baseAddress, let pinBase = needle.baseAddress,
              let found = c_memmem(hayBase, haystack.count, pinBase, needle.count) else { return nil }
        return UnsafeRawPointer(found) - UnsafeRawPointer(hayBase)
    }

    /// The offset of the first occurrence of `needle` (not empty) in `haystack`, or nil.
    public static func offset(of needle: [UInt8], in haystack: UnsafeBufferPointer<UInt8>) -> Int? {
        guard !needle.isEmpty, haystack.count >= needle.count, let hayBase = haystack.baseAddress else { return nil }
        return needle.withUnsafeBufferPointer { pin -> Int? in
            guard let pinBase = pin.baseAddress, let found = c_memmem(hayBase, haystack.count, pinBase, pin.count) else { return nil }
            return UnsafeRawPointer(found) - UnsafeRawPointer(hayBase)
        }
    }

    /// Whether `needle` occurs in `haystack` (an empty needle always does).
    public static func contains(_ haystack: ArraySlice<UInt8>, _ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty else { return true }
        guard haystack.count >= needle.count else { return false }
        return haystack.withUnsafeBufferPointer { hay in
            needle.withUnsafeBufferPointer { pin in
                guard let hayBase = hay.baseAddress, let pinBase = pin.baseAddress else { return false }
                return c_memmem(hayBase, hay.count, pinBase, pin.count) != nil
            }
        }
    }
}
