internal import CCmarkGFM
internal import Foundation

/// Process-wide cmark-gfm state.
private enum CmarkSetup {
    /// Registers the GFM core extensions once per process (cmark-gfm's own guard is not
    /// thread-safe; a `static let` initialiser runs exactly once).
    static let registered: Bool = {
        cmark_gfm_core_extensions_ensure_registered()
        return true
    }()

    /// Serialises the inline pass: cmark-gfm keeps the inline parser's special-character table in a
    /// global that each inline pass edits (extensions add their trigger characters while inlines are
    /// parsed and remove them afterwards), so concurrent passes drop each other's autolinks and
    /// strikethroughs. Block parsing takes it only where a table may start; walking a tree needs none.
    static let parseLock = NSLock()
}

/// What the walk collects from a Markdown body.
struct MarkdownParts {
    var headings: [MarkdownDocument.Heading] = []
    var links: [MarkdownDocument.Link] = []
    var codeSpans: [MarkdownDocument.CodeSpan] = []
    var htmlAnchors: [String: SourceRange] = [:]
    var taskItems: [MarkdownDocument.TaskItem] = []
}

/// Parses a body with cmark-gfm and walks the tree once, collecting located elements.
struct CmarkWalker {
    private enum CollectorKind {
        case heading(level: Int)
        case link(isImage: Bool)
        case task(checked: Bool)
    }

    /// Accumulates the inline text of one open heading, link or task item.
    private struct Collector {
        var node: OpaquePointer
        var kind: CollectorKind
        var text = ""
        /// Task items stop collecting after their first paragraph.
        var isOpen = true
        var end: Int?
        /// Index of the placeholder in `parts.links` or `parts.taskItems`, filled on exit so that
        /// nested elements keep document (start) order.
        var slot = 0
    }

    private var locator: BodyLocator
    private var parts = MarkdownParts()
    private var slugger = HeadingSlugger()
    private var collectors: [Collector] = []
    private var imageDepth = 0

    private init(locator: BodyLocator) { self.locator = locator }

    static func walk(_ file: SourceFile, body: Range<Int>) -> MarkdownParts {
        guard let document = parse(file, body: body) else { return MarkdownParts() }
        defer { cmark_node_free(document) }
        guard let iterator = cmark_iter_new(document) else { return MarkdownParts() }
        defer { cmark_iter_free(iterator) }

        var walker = CmarkWalker(locator: BodyLocator(file: file, body: body))
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard let node = cmark_iter_get_node(iterator) else { continue }
            if event == CMARK_EVENT_ENTER {
                walker.enter(node)
            } else if event == CMARK_EVENT_EXIT {
                walker.exit(node)
            }
        }
        // The lists live as long as the document: kept without the slack their growth left.
        var parts = walker.parts
        parts.headings = parts.headings.trimmedToCount()
        parts.links = parts.links.trimmedToCount()
        parts.codeSpans = parts.codeSpans.trimmedToCount()
        parts.taskItems = parts.taskItems.trimmedToCount()
        return parts
    }

    /// The document node of `body` (the caller frees it), nil when cmark cannot allocate.
    private static func parse(_ file: SourceFile, body: Range<Int>) -> OpaquePointer? {
        _ = CmarkSetup.registered
        let options = CMARK_OPT_SOURCEPOS | CMARK_OPT_FOOTNOTES
        guard let parser = cmark_parser_new(options) else { return nil }
        defer { cmark_parser_free(parser) }
        for name in ["table", "strikethrough", "autolink", "tagfilter", "tasklist"] {
            if let syntax = cmark_find_syntax_extension(name) { cmark_parser_attach_syntax_extension(parser, syntax) }
        }
        // Block parsing (`feed`) reads no global table, except that the table extension parses a table's
        // rows as inlines while it reads them: a body where no line could be a table's delimiter row is
        // fed outside the lock, so two cores parse Markdown at once, and only the inline pass (`finish`)
        // is serialised. At 10,000 agents the lock held through both made about 4,900 waits a check.
        let lockedFeed = file.bytes.withUnsafeBufferPointer { bytes in
            mayHoldTableDelimiter(UnsafeBufferPointer(rebasing: bytes[body.clamped(to: 0..<bytes.count)]))
        }
        if lockedFeed { CmarkSetup.parseLock.lock() }
        file.bytes.withUnsafeBytes { raw in
            guard let base = raw.baseAddress, !body.isEmpty else { return }
            cmark_parser_feed(parser, (base + body.lowerBound).assumingMemoryBound(to: CChar.self), body.count)
        }
        if !lockedFeed { CmarkSetup.parseLock.lock() }
        defer { CmarkSetup.parseLock.unlock() }
        return cmark_parser_finish(parser)
    }

    /// Whether some line of `bytes` could be a GFM table's delimiter row. The extension matches one
    /// after the line's container markers (`>`, list markers, indentation): from there to the line's end
    /// only `|`, `:`, `-` and spaces, with at least one `-`. So a line qualifies when the run of those
    /// characters that ends it holds a `-`. Over-approximate on purpose (`a --` qualifies): a yes only
    /// means the feed takes the lock. Lines end at `\n` or `\r`, as cmark ends them.
    ///
    /// Found from each `-` (`memchr`, many bytes a step) to its line's end: a line qualifies exactly
    /// when one of its `-` is followed only by run characters. Walking every byte cost 8 instructions
    /// a byte of every Markdown body.
    static func mayHoldTableDelimiter(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        let count = bytes.count
        var from = 0
        while from < count, let found = memchr(base + from, 0x2D, count - from) {
            var at = base.distance(to: found.assumingMemoryBound(to: UInt8.self)) + 1
            run: while at < count {
                switch base[at] {
                case 0x0A, 0x0D: return true
                case 0x2D, 0x7C, 0x3A, 0x20, 0x09, 0x0B, 0x0C: at += 1
                default: break run
                }
            }
            if at == count { return true }
            // The byte that ended the run is no `-`: the next search starts past it.
            from = at + 1
        }
        return false
    }

    /// `mayHoldTableDelimiter` walked byte by byte (the reference the search is tested against).
    static func mayHoldTableDelimiterByWalk(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var runHasDash = false
        for byte in bytes {
            switch byte {
            case 0x0A, 0x0D:
                if runHasDash { return true }
            case 0x2D: runHasDash = true
            case 0x7C, 0x3A, 0x20, 0x09, 0x0B, 0x0C: continue
            default: runHasDash = false
            }
        }
        return runHasDash
    }

    private mutating func enter(_ node: OpaquePointer) {
        let type = cmark_node_get_type(node)
        if type.rawValue & 0xC000 == 0x8000 {
            locator.enterBlock(end: locator.end(of: node))
        }
        switch type {
        case CMARK_NODE_HEADING:
            collectors.append(Collector(node: node, kind: .heading(level: Int(cmark_node_get_heading_level(node)))))
        case CMARK_NODE_LINK, CMARK_NODE_IMAGE:
            let isImage = type == CMARK_NODE_IMAGE
            if isImage { imageDepth += 1 }
            collectors.append(Collector(node: node, kind: .link(isImage: isImage), slot: parts.links.count))
            parts.links.append(MarkdownDocument.Link(
                destination: "", title: "", text: "", isImage: isImage, isAutolink: false, range: .fileStart))
        case CMARK_NODE_ITEM where Self.string(cmark_node_get_type_string(node)) == "tasklist":
            let checked = cmark_gfm_extensions_get_tasklist_item_checked(node)
            collectors.append(Collector(node: node, kind: .task(checked: checked), slot: parts.taskItems.count))
            parts.taskItems.append(MarkdownDocument.TaskItem(checked: checked, text: "", range: .fileStart))
        case CMARK_NODE_TEXT:
            // Outside headings, links and task items (most text) only the text's length is needed: no
            // string is made for it.
            let length: Int
            if collectors.isEmpty {
                length = Self.textLength(cmark_node_get_literal(node))
            } else {
                let literal = Self.string(cmark_node_get_literal(node))
                appendText(literal)
                length = literal.utf8.count
            }
            // Not to the reported end: cmark-gfm keeps a text node's pre-autolink end after the
            // autolink extension splits it.
            if let start = locator.start(of: node) {
                locator.advance(to: min(start + length, locator.end(of: node) ?? start))
            }
        case CMARK_NODE_CODE:
            let literal = Self.string(cmark_node_get_literal(node))
            appendText(literal)
            if let range = locator.codeSpanRange(node, literal: literal) {
                parts.codeSpans.append(MarkdownDocument.CodeSpan(text: literal, range: range))
            }
        case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK:
            appendText(" ")
        case CMARK_NODE_HTML_INLINE, CMARK_NODE_HTML_BLOCK:
            let literal = Self.string(cmark_node_get_literal(node))
            for (name, range) in locator.htmlAnchors(node, literal: literal) where parts.htmlAnchors[name] == nil {
                parts.htmlAnchors[name] = range
            }
        default:
            break
        }
    }

    private mutating func exit(_ node: OpaquePointer) {
        let type = cmark_node_get_type(node)
        if type == CMARK_NODE_PARAGRAPH, let parent = cmark_node_parent(node),
           let index = collectors.lastIndex(where: { $0.node == parent }), collectors[index].isOpen {
            collectors[index].isOpen = false
            collectors[index].end = locator.end(of: node)
            return
        }
        guard let last = collectors.last, last.node == node else { return }
        collectors.removeLast()
        let text = last.text.trimmingBlanks()
        switch last.kind {
        case .heading(let level):
            let range = locator.range(of: node)
            parts.headings.append(MarkdownDocument.Heading(
                level: level, text: text, anchor: slugger.unique(text), range: range))
        case .link(let isImage):
            if isImage { imageDepth -= 1 }
            let destination = Self.string(cmark_node_get_url(node))
            let located = locator.linkRange(node, isImage: isImage, text: last.text, destination: destination)
            parts.links[last.slot] = MarkdownDocument.Link(
                destination: destination, title: Self.string(cmark_node_get_title(node)), text: text,
                isImage: isImage, isAutolink: located.isAutolink, range: located.range)
        case .task(let checked):
            var range = locator.range(of: node)
            if let end = last.end { range.end = locator.position(ofOffset: end) }
            parts.taskItems[last.slot] = MarkdownDocument.TaskItem(checked: checked, text: text, range: range)
        }
    }

    /// Add inline text to every open collector (headings skip image alt text, as GitHub does).
    private mutating func appendText(_ text: String) {
        for index in collectors.indices where collectors[index].isOpen {
            if case .heading = collectors[index].kind, imageDepth > 0 { continue }
            collectors[index].text += text
        }
    }

    private static func string(_ pointer: UnsafePointer<CChar>?) -> String {
        guard let pointer else { return "" }
        return String(cString: pointer)
    }

    /// The UTF-8 length of `string(pointer)`: the byte count when every byte is ASCII, else the
    /// repaired string's (an invalid byte becomes a three-byte replacement character).
    private static func textLength(_ pointer: UnsafePointer<CChar>?) -> Int {
        guard let pointer else { return 0 }
        var count = 0
        while true {
            let byte = UInt8(bitPattern: pointer[count])
            if byte == 0 { return count }
            if byte >= 0x80 { return String(cString: pointer).utf8.count }
            count += 1
        }
    }
}
