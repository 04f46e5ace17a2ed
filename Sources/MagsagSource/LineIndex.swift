/// Maps UTF-8 byte offsets to 1-based lines and Unicode-scalar columns, and back.
///
/// Line terminators are `\n`, `\r\n` and a lone `\r`; the terminator belongs to the line it ends.
public struct LineIndex: Sendable {
    /// Byte offset at which each line starts; `lineStarts[0] == 0`.
    public let lineStarts: LineStarts
    private let bytes: [UInt8]
    /// For every `blockSize`-byte boundary of the file: the 1-based scalar column at that offset
    /// within its line, so a column costs at most `blockSize` byte steps even on a megabyte-long line.
    private let checkpoints: [Int32]
    private static let blockSize = 1024
    /// Whether every byte is ASCII (seen in the same scan that finds the lines).
    public let isASCII: Bool

    /// A placeholder for a file whose index is built on first use (never read).
    static let unbuilt = LineIndex([])

    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
        // 32-bit offsets (positions are 32-bit too), reserved for lines of 16 bytes on average: a
        // pretty-printed JSON file averages about 20, so its list is allocated once.
        var starts: [Int32] = [0]
        starts.reserveCapacity(bytes.count / 16 + 1)
        var checkpoints: [Int32] = []
        checkpoints.reserveCapacity(bytes.count / Self.blockSize + 1)
        var column: Int32 = 1
        var nonASCII: UInt8 = 0
        let n = bytes.count
        bytes.withUnsafeBytes { raw in
            var i = 0
            while i < n {
                if i % Self.blockSize == 0 { checkpoints.append(column) }
                // Eight ASCII bytes without CR at once (aligned steps never cross a block); the line
                // feeds among them found from an exact mask, so short lines stay on the word path.
                if i & 7 == 0, i + 8 <= n {
                    let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))
                    if word & 0x8080_8080_8080_8080 == 0, !Self.hasByte(word, 0x0D) {
                        var feeds = Self.exactMask(word, 0x0A)
                        if feeds == 0 {
                            column += 8
                        } else {
                            var last = 0
                            while feeds != 0 {
                                last = feeds.trailingZeroBitCount >> 3
                                starts.append(Int32(clamping: i + last + 1))
                                feeds &= feeds - 1
                            }
                            column = Int32(8 - last)
                        }
                        i += 8
                        continue
                    }
                }
                let b = raw[i]
                nonASCII |= b & 0x80
                if b == 0x0A {
                    starts.append(Int32(clamping: i + 1))
                    column = 1
                } else if b == 0x0D {
                    if i + 1 < n, raw[i + 1] == 0x0A {
                        i += 1
                        if i % Self.blockSize == 0 { checkpoints.append(column + 1) }
                    }
                    starts.append(Int32(clamping: i + 1))
                    column = 1
                } else if b & 0xC0 != 0x80 {
                    column += 1
                }
                i += 1
            }
        }
        self.lineStarts = LineStarts(starts)
        self.checkpoints = checkpoints
        isASCII = nonASCII == 0
    }

    /// The high bit of every byte of `word` that equals `byte`, and no other bit (no carry crosses a
    /// byte, so unlike the zero-byte test there are no false positives above a match).
    @inline(__always)
    private static func exactMask(_ word: UInt64, _ byte: UInt8) -> UInt64 {
        let x = word ^ (0x0101_0101_0101_0101 &* UInt64(byte))
        return ~(((x & 0x7F7F_7F7F_7F7F_7F7F) &+ 0x7F7F_7F7F_7F7F_7F7F) | x) & 0x8080_8080_8080_8080
    }

    /// Whether any byte of `word` equals `byte` (the classic SWAR zero-byte test).
    @inline(__always)
    private static func hasByte(_ word: UInt64, _ byte: UInt8) -> Bool {
        let x = word ^ (0x0101_0101_0101_0101 &* UInt64(byte))
        return (x &- 0x0101_0101_0101_0101) & ~x & 0x8080_8080_8080_8080 != 0
    }

    /// Bytes the index's own lists occupy (line starts and column checkpoints), for memory estimates.
    public var byteCount: Int { lineStarts.byteCount + checkpoints.count * MemoryLayout<Int32>.stride }

    /// Number of lines (a file ending with a newline has an empty last line that is still counted).
    public var lineCount: Int { lineStarts.count }

    /// Whether the bytes start with a UTF-8 byte-order mark.
    private var hasByteOrderMark: Bool {
        bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF
    }

    /// The position of a byte offset (clamped to the file).
    public func position(ofOffset offset: Int) -> SourcePosition {
        let offset = max(0, min(offset, bytes.count))
        // Binary search for the last line start <= offset.
        var lo = 0
        var hi = lineStarts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if lineStarts[mid] <= offset { lo = mid } else { hi = mid - 1 }
        }
        let lineStart = lineStarts[lo]
        var column = 1
        var i = lineStart
        // Start from the last checkpoint inside this line, if any.
        let block = offset / Self.blockSize
        if block < checkpoints.count, block * Self.blockSize > lineStart {
            i = block * Self.blockSize
            column = Int(checkpoints[block])
        }
        while i < offset {
            // Count scalar starts: every byte that is not a UTF-8 continuation byte.
            if bytes[i] & 0xC0 != 0x80 { column += 1 }
            i += 1
        }
        // A leading byte-order mark takes no column (what follows it is column 1, as editors show it).
        if lo == 0, offset >= 3, hasByteOrderMark { column -= 1 }
        return SourcePosition(offset: offset, line: lo + 1, column: column)
    }

    /// The position of a 1-based line and scalar column (clamped to the line and the file).
    public func position(line: Int, column: Int) -> SourcePosition {
        guard !lineStarts.isEmpty else { return .start }
        let lineNumber = max(1, min(line, lineStarts.count))
        let start = lineNumber == 1 && hasByteOrderMark ? min(3, bytes.count) : lineStarts[lineNumber - 1]
        let end = lineEndOffset(line: lineNumber)
        var offset = start
        var col = 1
        while col < column, offset < end {
            offset += 1
            while offset < end, bytes[offset] & 0xC0 == 0x80 { offset += 1 }
            col += 1
        }
        return SourcePosition(offset: offset, line: lineNumber, column: col)
    }

    /// Byte offset just past the last content byte of a 1-based line (before its terminator).
    public func lineEndOffset(line: Int) -> Int {
        guard line >= 1, line <= lineStarts.count else { return bytes.count }
        var end = line < lineStarts.count ? lineStarts[line] : bytes.count
        if end > lineStarts[line - 1], end - 1 < bytes.count, bytes[end - 1] == 0x0A { end -= 1 }
        if end > lineStarts[line - 1], end - 1 < bytes.count, bytes[end - 1] == 0x0D { end -= 1 }
        return end
    }

    /// The text of a 1-based line without its terminator (invalid UTF-8 repaired), or nil when out of range.
    public func lineText(_ line: Int) -> String? {
        guard line >= 1, line <= lineStarts.count else { return nil }
        let start = lineStarts[line - 1]
        let end = lineEndOffset(line: line)
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }
}

/// The byte offsets at which a file's lines start, kept as 32-bit integers (half the memory of `[Int]`
/// for every file of a snapshot) and read as `Int`.
public struct LineStarts: RandomAccessCollection, Sendable, Equatable {
    private let offsets: [Int32]

    init(_ offsets: [Int32]) {
        self.offsets = offsets
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { offsets.count }
    public var count: Int { offsets.count }

    @inline(__always)
    public subscript(position: Int) -> Int { Int(offsets[position]) }

    /// Bytes the list occupies (for memory estimates).
    public var byteCount: Int { offsets.count * MemoryLayout<Int32>.stride }
}
