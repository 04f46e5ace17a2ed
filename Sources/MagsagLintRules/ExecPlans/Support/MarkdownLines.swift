import MagsagSource

/// A list item found by scanning lines (the parsed document keeps headings, links and task items,
/// not list structure).
struct ListItem {
    /// 1-based line.
    var line: Int
    /// Columns of indentation before the marker.
    var indent: Int
    /// The list marker (`-`, `*`, `+`, `1.`).
    var markerRange: SourceRange
    /// Where the item's text starts (after the marker and its space).
    var textStart: SourcePosition
    /// The first line of the item's text.
    var text: String
    /// `[ ]` → false, `[x]` → true, not a checkbox → nil.
    var checkbox: Bool?
    /// The text after a checkbox.
    var content: String
}

/// Line-level Markdown helpers for section bodies.
enum MarkdownLines {
    /// The fence string (three or more backticks or tildes) when `line` opens a code fence.
    static func fenceMarker(_ line: String) -> String? {
        var rest = Substring(line)
        var spaces = 0
        while rest.first == " ", spaces < 4 { rest = rest.dropFirst(); spaces += 1 }
        guard spaces < 4, let first = rest.first, first == "`" || first == "~" else { return nil }
        let run = rest.prefix { $0 == first }
        return run.count >= 3 ? String(run) : nil
    }

    /// Every line of `file` outside fenced code blocks (fence lines included), with its 1-based number.
    static func linesOutsideFences(of file: SourceFile) -> [(line: Int, text: String)] {
        linesOutsideFences(of: file) { _ in true }
    }

    /// The lines `linesOutsideFences(of:)` gives whose bytes (without the terminator) `keep` accepts. A
    /// line is made a `String` only when it could open or close a fence (its first byte after ASCII
    /// blanks is a backtick, a tilde or not ASCII) or is kept: the others cannot change the fence state
    /// (`fenceMarker` and the closing test both look at that first character).
    static func linesOutsideFences(of file: SourceFile, keeping keep: (UnsafeBufferPointer<UInt8>) -> Bool) -> [(line: Int, text: String)] {
        var result: [(line: Int, text: String)] = []
        var fence: String?
        let index = file.lineIndex
        let starts = index.lineStarts
        file.bytes.withUnsafeBufferPointer { bytes in
            for line in 1...max(1, index.lineCount) where line <= starts.count {
                let start = starts[line - 1]
                let end = max(start, index.lineEndOffset(line: line))
                let content = UnsafeBufferPointer(rebasing: bytes[start..<end])
                var first = start
                while first < end, bytes[first] == 0x20 || (0x09...0x0D).contains(bytes[first]) { first += 1 }
                let plain = first == end
                    || (bytes[first] < 0x80 && bytes[first] != UInt8(ascii: "`") && bytes[first] != UInt8(ascii: "~"))
                if plain {
                    if fence == nil, keep(content) { result.append((line, String(decoding: content, as: UTF8.self))) }
                    continue
                }
                let text = String(decoding: content, as: UTF8.self)
                if let open = fence {
                    if text.trimmingBlanks().hasPrefix(open) { fence = nil }
                    continue
                }
                if let marker = fenceMarker(text) {
                    fence = marker
                    continue
                }
                if keep(content) { result.append((line, text)) }
            }
        }
        return result
    }

    /// Top-level list items (indent below 2) of `lines`, outside code fences.
    static func listItems(in file: SourceFile, lines: ClosedRange<Int>) -> [ListItem] {
        var items: [ListItem] = []
        var fence: String?
        let index = file.lineIndex
        for line in lines {
            guard let text = index.lineText(line) else { continue }
            if let open = fence {
                let trimmed = text.trimmingBlanks()
                if trimmed.hasPrefix(open), trimmed.allSatisfy({ $0 == open.first }) { fence = nil }
                continue
            }
            if let marker = fenceMarker(text) {
                fence = marker
                continue
            }
            if let item = listItem(text, line: line, file: file), item.indent < 2 { items.append(item) }
        }
        return items
    }

    static func listItem(_ text: String, line: Int, file: SourceFile) -> ListItem? {
        let scalars = Array(text.unicodeScalars)
        var index = 0
        while index < scalars.count, scalars[index] == " " { index += 1 }
        let indent = index
        guard index < scalars.count else { return nil }
        var markerEnd = index
        if "-*+".unicodeScalars.contains(scalars[index]) {
            markerEnd = index + 1
        } else {
            while markerEnd < scalars.count, ("0"..."9").contains(scalars[markerEnd]), markerEnd - index < 9 { markerEnd += 1 }
            guard markerEnd > index, markerEnd < scalars.count, scalars[markerEnd] == "." || scalars[markerEnd] == ")" else {
                return nil
            }
            markerEnd += 1
        }
        guard markerEnd == scalars.count || scalars[markerEnd] == " " || scalars[markerEnd] == "\t" else { return nil }
        var textIndex = markerEnd
        while textIndex < scalars.count, scalars[textIndex] == " " || scalars[textIndex] == "\t" { textIndex += 1 }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[textIndex...])
        let body = String(view)
        // `- ---` and `* * *` are thematic breaks, not items.
        if body.allSatisfy({ $0 == "-" || $0 == "*" || $0 == " " }), !body.isEmpty { return nil }
        var checkbox: Bool?
        var content = body
        let lower = body.lowercased()
        if lower.hasPrefix("[ ]") || lower.hasPrefix("[x]"), body.count == 3 || body.dropFirst(3).first == " " {
            checkbox = lower.hasPrefix("[x]")
            content = String(body.dropFirst(3)).trimmingBlanks()
        }
        let start = file.lineIndex.position(line: line, column: indent + 1)
        let end = file.lineIndex.position(line: line, column: markerEnd + 1)
        return ListItem(
            line: line, indent: indent, markerRange: SourceRange(start: start, end: end),
            textStart: file.lineIndex.position(line: line, column: textIndex + 1), text: body,
            checkbox: checkbox, content: content)
    }
}
