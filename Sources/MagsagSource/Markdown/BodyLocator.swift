internal import CCmarkGFM

/// Maps cmark source positions (1-based body line, 1-based byte column, inclusive end column) to
/// whole-file positions, and repairs the inline positions cmark-gfm 0.29 gets slightly wrong by
/// looking at the source bytes of the reported line.
struct BodyLocator {
    let file: SourceFile
    private let bytes: [UInt8]
    private let lineStarts: LineStarts
    private let lines: LineIndex
    private let positions: PositionCache
    /// File line (0-based index into `lineStarts`) of body line 1.
    private let firstLineIndex: Int
    /// Offset after the last located inline node: where to look for nodes cmark did not locate.
    private var cursor: Int
    /// End offset of the innermost block being walked: bound for those searches.
    private var blockEnd: Int

    init(file: SourceFile, body: Range<Int>) {
        self.file = file
        bytes = file.bytes
        lines = file.lineIndex
        lineStarts = lines.lineStarts
        positions = PositionCache(file: file)
        firstLineIndex = file.position(ofOffset: body.lowerBound).line - 1
        cursor = body.lowerBound
        blockEnd = body.upperBound
    }

    // MARK: Positions

    func position(ofOffset offset: Int) -> SourcePosition { positions.position(ofOffset: offset) }

    /// Byte offset of a cmark start position, nil when cmark has none (line 0).
    func start(of node: OpaquePointer) -> Int? {
        offset(line: cmark_node_get_start_line(node), column: cmark_node_get_start_column(node), inclusiveEnd: false)
    }

    /// Byte offset just after a cmark end position, nil when cmark has none.
    func end(of node: OpaquePointer) -> Int? {
        offset(line: cmark_node_get_end_line(node), column: cmark_node_get_end_column(node), inclusiveEnd: true)
    }

    /// The node's range (empty at the cursor when cmark did not locate it).
    func range(of node: OpaquePointer) -> SourceRange {
        let start = start(of: node) ?? cursor
        let end = max(end(of: node) ?? start, start)
        return positions.range(from: start, to: end)
    }

    private func offset(line: Int32, column: Int32, inclusiveEnd: Bool) -> Int? {
        guard line > 0 else { return nil }
        let lineIndex = firstLineIndex + Int(line) - 1
        guard lineIndex < lineStarts.count else { return bytes.count }
        let lineStart = lineStarts[lineIndex]
        let lineEnd = lines.lineEndOffset(line: lineIndex + 1)
        if column <= 0 {
            // cmark's "end of the previous line".
            return inclusiveEnd && lineIndex > 0 ? lines.lineEndOffset(line: lineIndex) : lineStart
        }
        var offset = min(lineStart + Int(column) - (inclusiveEnd ? 0 : 1), lineEnd)
        // Snap to a scalar boundary (cmark replaces NUL and invalid bytes, which shifts columns).
        if inclusiveEnd {
            while offset < lineEnd, bytes[offset] & 0xC0 == 0x80 { offset += 1 }
        } else {
            while offset > lineStart, offset < bytes.count, bytes[offset] & 0xC0 == 0x80 { offset -= 1 }
        }
        return offset
    }

    mutating func enterBlock(end: Int?) {
        if let end, end >= cursor { blockEnd = end }
    }

    mutating func advance(to offset: Int) {
        if offset > cursor { cursor = offset }
    }

    // MARK: Inline repairs

    /// A link's range and whether it is an autolink.
    mutating func linkRange(
        _ node: OpaquePointer, isImage: Bool, text: String, destination: String
    ) -> (range: SourceRange, isAutolink: Bool) {
        let textBytes = Array(text.utf8)
        let bare = !isImage && !textBytes.isEmpty && Self.isBareDestination(destination, text: text, textBytes: textBytes)
        var start = start(of: node)
        var end = end(of: node)
        var isAutolink = false
        if let s = start, s < bytes.count {
            let first = bytes[s]
            if isImage, first != UInt8(ascii: "!") {
                start = nearest(Array("![".utf8), near: s) ?? s
            } else if isImage || first == UInt8(ascii: "[") {
                // Located exactly.
            } else if first == UInt8(ascii: "<") {
                isAutolink = true
            } else if bare, let found = nearest(textBytes, near: s) {
                (start, end, isAutolink) = (found, found + textBytes.count, true)
            } else {
                start = nearest([UInt8(ascii: "[")], near: s, backwardOnly: true) ?? s
            }
        } else if bare, let found = search(textBytes, from: cursor, to: blockEnd) {
            (start, end, isAutolink) = (found, found + textBytes.count, true)
        }
        let from = start ?? cursor
        let to = max(end ?? from, from)
        advance(to: to)
        return (positions.range(from: from, to: to), isAutolink)
    }

    /// Whether `destination` is `text` itself or `text` after `http://`, `https://` or `mailto:` (a bare
    /// URL that cmark autolinked). ASCII texts are compared on bytes; others as strings, whose equality
    /// is canonical equivalence (four concatenated strings per link cost more than the rest of it).
    static func isBareDestination(_ destination: String, text: String, textBytes: [UInt8]) -> Bool {
        let prefixes = ["", "http://", "https://", "mailto:"]
        let fast = destination.utf8.withContiguousStorageIfAvailable { whole -> Bool? in
            guard !whole.contains(where: { $0 >= 0x80 }), !textBytes.contains(where: { $0 >= 0x80 }) else { return nil }
            let prefixLength = whole.count - textBytes.count
            guard prefixLength >= 0, whole[prefixLength...].elementsEqual(textBytes) else { return false }
            return prefixes.contains { $0.utf8.count == prefixLength && $0.utf8.elementsEqual(whole[..<prefixLength]) }
        }
        if let fast, let known = fast { return known }
        return prefixes.contains { destination == $0 + text }
    }

    /// The range of a code span's content: cmark's position when the source there is the literal
    /// (or the literal padded by one space each side), else the nearest occurrence on the line.
    mutating func codeSpanRange(_ node: OpaquePointer, literal: String) -> SourceRange? {
        let needle = Array(literal.utf8)
        guard let s = start(of: node) else {
            guard let found = search(needle, from: cursor, to: blockEnd) else { return nil }
            advance(to: found + needle.count)
            return positions.range(from: found, to: found + needle.count)
        }
        let e = max(end(of: node) ?? s, s)
        var from = s
        var to = e
        if bytes[s..<e].elementsEqual(needle) {
            // Exact.
        } else if e - s >= 2, bytes[(s + 1)..<(e - 1)].elementsEqual(needle) {
            (from, to) = (s + 1, e - 1)
        } else if !needle.isEmpty, let found = nearest(needle, near: s) {
            (from, to) = (found, found + needle.count)
        }
        advance(to: to)
        return positions.range(from: from, to: to)
    }

    /// Anchors declared in an HTML node, located by finding each literal line on its source line.
    func htmlAnchors(_ node: OpaquePointer, literal: String) -> [(String, SourceRange)] {
        let html = Array(literal.utf8)
        let declarations = HTMLAnchorScanner.declarations(in: html)
        guard !declarations.isEmpty, let nodeStart = start(of: node) else { return [] }
        var result: [(String, SourceRange)] = []
        // Start offset of each line of the literal.
        var literalLines = [0]
        for (i, byte) in html.enumerated() where byte == 0x0A || (byte == 0x0D && (i + 1 == html.count || html[i + 1] != 0x0A)) {
            literalLines.append(i + 1)
        }
        let nodeLine = positions.position(ofOffset: nodeStart).line - 1
        for declaration in declarations {
            let k = (literalLines.lastIndex { $0 <= declaration.valueRange.lowerBound }) ?? 0
            let lineStartInLiteral = literalLines[k]
            var lineEndInLiteral = k + 1 < literalLines.count ? literalLines[k + 1] : html.count
            while lineEndInLiteral > lineStartInLiteral, html[lineEndInLiteral - 1] == 0x0A || html[lineEndInLiteral - 1] == 0x0D {
                lineEndInLiteral -= 1
            }
            let fileLine = nodeLine + k
            guard fileLine < lineStarts.count else { continue }
            let near = k == 0 ? nodeStart : lineStarts[fileLine]
            let lineText = Array(html[lineStartInLiteral..<lineEndInLiteral])
            let lineStart = nearest(lineText, near: near, line: fileLine) ?? lineStarts[fileLine]
            let from = lineStart + declaration.valueRange.lowerBound - lineStartInLiteral
            let to = from + declaration.valueRange.count
            result.append((declaration.name, positions.range(from: min(from, bytes.count), to: min(to, bytes.count))))
        }
        return result
    }

    // MARK: Byte search

    /// The occurrence of `needle` on the line containing `offset` (or on `line`, 0-based) that starts
    /// nearest to `offset`.
    private func nearest(_ needle: [UInt8], near offset: Int, line: Int? = nil, backwardOnly: Bool = false) -> Int? {
        guard !needle.isEmpty else { return nil }
        let lineNumber = line.map { $0 + 1 } ?? positions.position(ofOffset: offset).line
        guard lineNumber >= 1, lineNumber <= lineStarts.count else { return nil }
        // cmark's inline positions are off by a few bytes at most: look in a window, not the whole
        // (possibly very long) line.
        let window = 512
        let lineStart = max(lineStarts[lineNumber - 1], offset - window)
        let lineEnd = min(lines.lineEndOffset(line: lineNumber), max(offset, lineStart) + window + needle.count)
        var best: Int?
        var candidate = lineStart
        while candidate + needle.count <= lineEnd {
            if backwardOnly, candidate > offset { break }
            if bytes[candidate] == needle[0], bytes[candidate..<(candidate + needle.count)].elementsEqual(needle) {
                if best.map({ abs($0 - offset) > abs(candidate - offset) }) ?? true { best = candidate }
            }
            candidate += 1
        }
        return best
    }

    /// The first occurrence of `needle` in `[from, to)`.
    private func search(_ needle: [UInt8], from: Int, to: Int) -> Int? {
        guard !needle.isEmpty else { return nil }
        let limit = min(to, bytes.count)
        var candidate = max(from, 0)
        while candidate + needle.count <= limit {
            if bytes[candidate] == needle[0], bytes[candidate..<(candidate + needle.count)].elementsEqual(needle) {
                return candidate
            }
            candidate += 1
        }
        return nil
    }
}
