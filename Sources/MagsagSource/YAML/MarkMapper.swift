/// Converts libyaml marks to byte offsets in the file.
///
/// libyaml's `mark.index` counts Unicode scalars from the start of its input (a CRLF is two). Its
/// own line and column would disagree with `LineIndex` for U+0085/U+2028/U+2029 (libyaml breaks lines
/// there), so only the index is used, and lines and columns are worked out from the offset by the
/// file's line index only where a position is shown (an issue, a value without a span).
///
/// In an ASCII input a scalar is a byte: the offset is the index plus the input's start. Otherwise the
/// mapper walks from the previous mark (marks arrive almost always in increasing order), so a whole
/// stream costs O(n) instead of a scan per mark.
struct MarkMapper {
    private let bytes: [UInt8]
    private let base: Int
    private let limit: Int
    private let isASCII: Bool
    private var index = 0
    private var offset: Int

    init(file: SourceFile, range: Range<Int>) {
        bytes = file.bytes
        base = range.lowerBound
        limit = max(base, min(range.upperBound, file.bytes.count))
        offset = base
        isASCII = file.lineIndex.isASCII || SourceFile.isASCII(bytes, in: base..<limit)
    }

    /// The byte offset of the scalar with index `target` (clamped to the input range).
    mutating func offset(ofIndex target: Int) -> Int {
        if isASCII { return base + min(max(target, 0), limit - base) }
        if target < index {
            while index > target, offset > base {
                offset -= 1
                while offset > base, bytes[offset] & 0xC0 == 0x80 { offset -= 1 }
                index -= 1
            }
            return offset
        }
        while index < target, offset < limit {
            offset += 1
            while offset < limit, bytes[offset] & 0xC0 == 0x80 { offset += 1 }
            index += 1
        }
        return offset
    }
}
