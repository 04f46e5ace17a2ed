/// Converts libyaml marks to file positions.
///
/// libyaml's `mark.index` counts Unicode scalars from the start of its input (a CRLF is two). Its
/// own line and column would disagree with `LineIndex` for U+0085/U+2028/U+2029 (libyaml breaks lines
/// there), so only the index is used. Marks arrive almost always in increasing order, so the mapper
/// walks forward from the previous mark: a whole stream costs O(n) instead of a line scan per mark.
struct MarkMapper {
    private let bytes: [UInt8]
    private let lineStarts: LineStarts
    private let lineIndex: LineIndex
    private let base: Int
    private let limit: Int
    private var index = 0
    private var offset: Int
    /// 1-based line of `offset`.
    private var line: Int
    private var column: Int

    init(file: SourceFile, range: Range<Int>) {
        bytes = file.bytes
        lineIndex = file.lineIndex
        lineStarts = file.lineIndex.lineStarts
        base = range.lowerBound
        limit = min(range.upperBound, file.bytes.count)
        offset = base
        let start = file.lineIndex.position(ofOffset: base)
        line = start.line
        column = start.column
    }

    /// The position of the scalar with index `target` (clamped to the input range).
    mutating func position(ofIndex target: Int) -> SourcePosition {
        if target < index {
            while index > target, offset > base {
                offset -= 1
                while offset > base, bytes[offset] & 0xC0 == 0x80 { offset -= 1 }
                index -= 1
            }
            let position = lineIndex.position(ofOffset: offset)
            line = position.line
            column = position.column
            return position
        }
        while index < target, offset < limit {
            offset += 1
            while offset < limit, bytes[offset] & 0xC0 == 0x80 { offset += 1 }
            index += 1
            if line < lineStarts.count, lineStarts[line] <= offset {
                while line < lineStarts.count, lineStarts[line] <= offset { line += 1 }
                column = 1
                var i = lineStarts[line - 1]
                while i < offset {
                    if bytes[i] & 0xC0 != 0x80 { column += 1 }
                    i += 1
                }
            } else {
                column += 1
            }
        }
        return SourcePosition(offset: offset, line: line, column: column)
    }
}
