import MagsagLintCore
import MagsagSource

/// Edits of suppression comments for fixes: drop one id from a directive, or the whole comment.
enum SuppressionEdit {
    /// Removes id `index` of `suppression`: just the id and its comma when others remain, otherwise
    /// the whole comment (its line when the comment is alone on it). nil when the layout is unexpected.
    static func removeID(_ index: Int, of suppression: Suppression, in file: SourceFile) -> Fix.Edit? {
        let ranges = suppression.idRanges
        guard ranges.indices.contains(index) else { return nil }
        if ranges.count > 1 {
            if index > 0 {
                return Fix.Edit(path: file.path, startOffset: ranges[index - 1].end.offset, endOffset: ranges[index].end.offset, replacement: "")
            }
            return Fix.Edit(path: file.path, startOffset: ranges[0].start.offset, endOffset: ranges[1].start.offset, replacement: "")
        }
        return removeComment(suppression, in: file)
    }

    /// Removes the comment holding `suppression`: the whole line when nothing else is on it, else the
    /// comment and the blanks before it (a trailing YAML comment).
    static func removeComment(_ suppression: Suppression, in file: SourceFile) -> Fix.Edit? {
        let bytes = file.bytes
        let markerStart = suppression.range.start.offset
        guard markerStart <= bytes.count else { return nil }
        var lineStart = markerStart
        while lineStart > 0, bytes[lineStart - 1] != 0x0A, bytes[lineStart - 1] != 0x0D { lineStart -= 1 }
        var lineEnd = suppression.range.end.offset
        while lineEnd < bytes.count, bytes[lineEnd] != 0x0A, bytes[lineEnd] != 0x0D { lineEnd += 1 }
        // The comment opener just before the marker: `<!--` in Markdown, `#` elsewhere.
        let opener: [UInt8] = DocumentKind.of(path: file.path) == .markdown ? Array("<!--".utf8) : [UInt8(ascii: "#")]
        var openerStart: Int?
        var cursor = markerStart - opener.count
        while cursor >= lineStart {
            if Array(bytes[cursor..<(cursor + opener.count)]) == opener { openerStart = cursor; break }
            cursor -= 1
        }
        guard let openerStart else { return nil }
        let isBlank = { (byte: UInt8) in byte == 0x20 || byte == 0x09 }
        if bytes[lineStart..<openerStart].allSatisfy(isBlank) {
            var end = lineEnd
            if end < bytes.count, bytes[end] == 0x0D { end += 1 }
            if end < bytes.count, bytes[end] == 0x0A { end += 1 }
            return Fix.Edit(path: file.path, startOffset: lineStart, endOffset: end, replacement: "")
        }
        guard opener.count == 1 else { return nil }
        var start = openerStart
        while start > lineStart, isBlank(bytes[start - 1]) { start -= 1 }
        return Fix.Edit(path: file.path, startOffset: start, endOffset: lineEnd, replacement: "")
    }
}
