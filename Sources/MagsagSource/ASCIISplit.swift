extension StringProtocol {
    /// `split(separator:maxSplits:omittingEmptySubsequences:)` for an ASCII separator, scanning UTF-8
    /// bytes instead of grapheme clusters.
    ///
    /// The same results as the standard library's `split`, except where a combining mark follows the
    /// separator (the standard library then keeps both in one grapheme cluster and does not split;
    /// for paths and identifiers splitting there is the right answer). CR and LF are refused as
    /// separators because they form one cluster together. Much cheaper than grapheme iteration:
    /// paths are split in many rules, for every file of the snapshot.
    @inlinable
    public func asciiSplit(_ separator: Unicode.Scalar, maxSplits: Int = .max,
                           omittingEmptySubsequences: Bool = true) -> [SubSequence] {
        precondition(separator.isASCII && separator != "\r" && separator != "\n", "asciiSplit needs an ASCII separator other than CR and LF")
        let byte = UInt8(truncatingIfNeeded: separator.value)
        let bytes = utf8
        // Contiguous bytes (native strings, almost always): the separators' offsets found in the buffer,
        // then one index step per part (a UTF-8 view walked index by index costs several times more).
        let offsets: [Int]? = bytes.withContiguousStorageIfAvailable { buffer in
            var found: [Int] = []
            var splits = 0
            var start = 0
            for offset in buffer.indices where buffer[offset] == byte {
                guard splits < maxSplits else { break }
                if !(omittingEmptySubsequences && start == offset) { splits += 1 }
                found.append(offset)
                start = offset + 1
                if splits >= maxSplits { break }
            }
            return found
        }
        if let offsets {
            var result: [SubSequence] = []
            result.reserveCapacity(offsets.count + 1)
            var start = bytes.startIndex
            var startOffset = 0
            for offset in offsets {
                let end = bytes.index(start, offsetBy: offset - startOffset)
                if !(omittingEmptySubsequences && startOffset == offset) { result.append(self[start..<end]) }
                start = bytes.index(after: end)
                startOffset = offset + 1
            }
            if !(omittingEmptySubsequences && start == bytes.endIndex) { result.append(self[start..<bytes.endIndex]) }
            return result
        }
        var result: [SubSequence] = []
        var start = bytes.startIndex
        var i = start
        var splits = 0
        while i != bytes.endIndex, splits < maxSplits {
            if bytes[i] == byte {
                if !(omittingEmptySubsequences && start == i) {
                    result.append(self[start..<i])
                    splits += 1
                }
                start = bytes.index(after: i)
            }
            i = bytes.index(after: i)
        }
        if !(omittingEmptySubsequences && start == bytes.endIndex) {
            result.append(self[start..<bytes.endIndex])
        }
        return result
    }

    /// The first index of an ASCII `byte`, searched in the contiguous UTF-8 bytes when there are any
    /// (a `String.UTF8View` walked index by index costs several times more per byte).
    @inlinable
    public func utf8FirstIndex(of byte: UInt8) -> Index? {
        let bytes = utf8
        if let found = bytes.withContiguousStorageIfAvailable({ $0.firstIndex(of: byte) }) {
            return found.map { bytes.index(bytes.startIndex, offsetBy: $0) }
        }
        return bytes.firstIndex(of: byte)
    }

    /// The last index of an ASCII `byte` (see `utf8FirstIndex(of:)`).
    @inlinable
    public func utf8LastIndex(of byte: UInt8) -> Index? {
        let bytes = utf8
        if let found = bytes.withContiguousStorageIfAvailable({ $0.lastIndex(of: byte) }) {
            return found.map { bytes.index(bytes.startIndex, offsetBy: $0) }
        }
        var found: Index?
        var i = bytes.startIndex
        while i != bytes.endIndex {
            if bytes[i] == byte { found = i }
            i = bytes.index(after: i)
        }
        return found
    }

    /// The part after the last `/` (the whole text when there is none), found on UTF-8 bytes.
    @inlinable
    public var lastPathSegment: SubSequence {
        if let slash = utf8LastIndex(of: UInt8(ascii: "/")) { return self[utf8.index(after: slash)...] }
        return self[...]
    }

    /// `lastPathSegment` walked index by index (the reference the fast form is tested against).
    @inlinable
    var lastPathSegmentByWalk: SubSequence {
        let bytes = utf8
        var start = bytes.startIndex
        var i = start
        while i != bytes.endIndex {
            let next = bytes.index(after: i)
            if bytes[i] == UInt8(ascii: "/") { start = next }
            i = next
        }
        return self[start..<bytes.endIndex]
    }
}
