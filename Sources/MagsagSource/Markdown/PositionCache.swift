/// Offset → position with a one-entry memo: lookups that move forward on the same line scan only
/// the bytes in between, so many elements on one very long line cost linear rather than quadratic
/// time. Falls back to `LineIndex` (binary search plus one line scan) otherwise.
final class PositionCache {
    /// The file's bytes, taken once (each `file.bytes` is a call that counts a reference).
    private let bytes: [UInt8]
    private let lines: LineIndex
    private let lineStarts: LineStarts
    private var last = SourcePosition.start

    init(file: SourceFile) {
        bytes = file.bytes
        lines = file.lineIndex
        lineStarts = lines.lineStarts
    }

    func position(ofOffset requested: Int) -> SourcePosition {
        let offset = max(0, min(requested, bytes.count))
        let nextLineStart = last.line < lineStarts.count ? lineStarts[last.line] : Int.max
        guard offset >= last.offset, offset < nextLineStart else {
            last = lines.position(ofOffset: offset)
            return last
        }
        var column = last.column
        var i = last.offset
        while i < offset {
            if bytes[i] & 0xC0 != 0x80 { column += 1 }
            i += 1
        }
        last = SourcePosition(offset: offset, line: last.line, column: column)
        return last
    }

    func range(from start: Int, to end: Int) -> SourceRange {
        let startPosition = position(ofOffset: start)
        return SourceRange(start: startPosition, end: position(ofOffset: end))
    }
}
