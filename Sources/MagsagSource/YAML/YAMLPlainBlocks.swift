/// The events of plain block YAML, read without libyaml: most front matter and catalog files are a
/// block mapping of plain or simply quoted scalars, nested mappings and lists of scalars, and libyaml
/// spends about 300 instructions a byte on them (its reader decodes every character into a buffer, its
/// scanner keeps a token queue and simple-key bookkeeping).
///
/// The subset is small and checked strictly: UTF-8 text without tabs, control characters or the
/// characters libyaml reads as line breaks (LF or CRLF line ends), an optional `---` line, then block
/// mappings whose keys are plain words and whose values are single-line plain scalars, `'...'`,
/// `"..."` without escapes, `[]`, `{}`, a nested block mapping or a list (indented, or at the key's own
/// indentation) of such scalars or of block mappings (`- key: value` and the keys below it), with
/// comments on lines of their own or after a value. Anything else (anchors, tags, flow collections
/// with content, block scalars, multi-line scalars, documents that are not a mapping...) makes
/// `events` answer nil, and libyaml reads the text as before.
///
/// The events and their marks are libyaml's, to the byte (the composer builds values and spans from
/// them): a block collection starts, with no width, at its first key or `-` (an indentless list's
/// `-` has width 1); it ends, with no width, where the next token starts (or at the end of the
/// input); an empty value is an empty plain scalar just after its `:`. `YAMLPlainBlocksTests`
/// compares both readers on generated documents.
enum YAMLPlainBlocks {
    /// One line that holds a token: its indentation, where its content starts and where it ends
    /// (before the line break).
    private struct Line {
        var indent: Int
        var start: Int
        var end: Int
    }

    /// The longest key libyaml reads as a simple key (1,024 characters) is far above any in practice;
    /// longer ones are left to libyaml.
    private static let longestKey = 1_000

    /// The events libyaml would give for `range` of `bytes`, or nil when the text is outside the subset.
    static func events(_ bytes: UnsafeBufferPointer<UInt8>, range: Range<Int>, shortStrings: ShortStrings) -> [YAMLEvent]? {
        found(bytes, range: range).map { $0.map { $0.event(in: bytes, shortStrings) } }
    }

    /// Hands `range`'s events to `composer` (until it stops) when the text is inside the subset; false,
    /// with nothing handed on, when it is not. The composer is called event by event, without
    /// `YAMLEvent` values.
    static func read(_ bytes: UnsafeBufferPointer<UInt8>, range: Range<Int>, shortStrings: ShortStrings,
                     into composer: inout YAMLComposer) -> Bool {
        guard let found = found(bytes, range: range) else { return false }
        found.withUnsafeBufferPointer { found in
            for at in found.indices where !found[at].deliver(to: &composer, bytes, shortStrings) { break }
        }
        return true
    }

    /// The events of `range`, their strings not made yet; nil when the text is outside the subset.
    private static func found(_ bytes: UnsafeBufferPointer<UInt8>, range: Range<Int>) -> [Found]? {
        guard let lines = lines(bytes, range: range), !lines.isEmpty else { return nil }
        var reader = Reader(bytes: bytes, lines: lines, streamEnd: range.upperBound)
        return reader.document()
    }

    /// An event as the reader finds it, without strings: the whole text must be read before any event
    /// is handed on (a text outside the subset goes to libyaml from its start), and a string is made
    /// only as its event is handed on.
    private struct Found {
        enum Kind: UInt8 {
            case documentStart, documentEnd, mappingStart, mappingEnd, sequenceStart, sequenceEnd, flowMappingStart, flowSequenceStart
            case plain, singleQuoted, doubleQuoted
            /// A single-quoted scalar with a quote written twice inside.
            case singleQuotedDoubled
        }

        var kind: Kind
        var start: Int
        var end: Int
        /// A scalar's text (inside the quotes).
        var valueStart = 0
        var valueEnd = 0

        /// The event handed to `composer`; false when it must stop.
        func deliver(to composer: inout YAMLComposer, _ bytes: UnsafeBufferPointer<UInt8>, _ shortStrings: ShortStrings) -> Bool {
            switch kind {
            case .documentStart: composer.startDocument(); return true
            case .documentEnd: return true
            case .mappingStart: return composer.open(mapping: true, flow: false, anchor: nil, start: start, end: end)
            case .flowMappingStart: return composer.open(mapping: true, flow: true, anchor: nil, start: start, end: end)
            case .sequenceStart: return composer.open(mapping: false, flow: false, anchor: nil, start: start, end: end)
            case .flowSequenceStart: return composer.open(mapping: false, flow: true, anchor: nil, start: start, end: end)
            case .mappingEnd, .sequenceEnd: return composer.close(end: end)
            case .plain, .singleQuoted, .doubleQuoted, .singleQuotedDoubled:
                return composer.scalar(text(in: bytes, shortStrings), style: style, tag: nil, anchor: nil, start: start, end: end)
            }
        }

        /// A scalar's style.
        private var style: YAMLEvent.ScalarStyle {
            kind == .plain ? .plain : kind == .doubleQuoted ? .doubleQuoted : .singleQuoted
        }

        /// A scalar's text.
        private func text(in bytes: UnsafeBufferPointer<UInt8>, _ shortStrings: ShortStrings) -> String {
            guard kind == .singleQuotedDoubled else {
                return valueStart == valueEnd ? "" : shortStrings.string(UnsafeBufferPointer(rebasing: bytes[valueStart..<valueEnd]))
            }
            var text: [UInt8] = []
            text.reserveCapacity(valueEnd - valueStart)
            var at = valueStart
            while at < valueEnd {
                text.append(bytes[at])
                at += bytes[at] == UInt8(ascii: "'") ? 2 : 1
            }
            return String(decoding: text, as: UTF8.self)
        }

        /// The event as a `YAMLEvent` (for comparing with libyaml's).
        func event(in bytes: UnsafeBufferPointer<UInt8>, _ shortStrings: ShortStrings) -> YAMLEvent {
            let kind: YAMLEvent.Kind
            switch self.kind {
            case .documentStart: kind = .documentStart
            case .documentEnd: kind = .documentEnd
            case .mappingStart: kind = .mappingStart(flow: false, tag: nil, anchor: nil)
            case .flowMappingStart: kind = .mappingStart(flow: true, tag: nil, anchor: nil)
            case .mappingEnd: kind = .mappingEnd
            case .sequenceStart: kind = .sequenceStart(flow: false, tag: nil, anchor: nil)
            case .flowSequenceStart: kind = .sequenceStart(flow: true, tag: nil, anchor: nil)
            case .sequenceEnd: kind = .sequenceEnd
            case .plain, .singleQuoted, .doubleQuoted, .singleQuotedDoubled:
                kind = .scalar(value: text(in: bytes, shortStrings), style: style, tag: nil, anchor: nil)
            }
            return YAMLEvent(kind: kind, start: start, end: end)
        }
    }

    /// The lines holding tokens (blank and comment lines left out), or nil when a byte is outside the
    /// subset.
    private static func lines(_ bytes: UnsafeBufferPointer<UInt8>, range: Range<Int>) -> [Line]? {
        var lines: [Line] = []
        lines.reserveCapacity(range.count / 24 + 1)
        var at = range.lowerBound
        let end = range.upperBound
        while at < end {
            let lineStart = at
            while at < end, bytes[at] == 0x20 { at += 1 }
            let contentStart = at
            // The rest of the line: printable characters, none that libyaml reads as a line break.
            while at < end {
                let byte = bytes[at]
                if byte >= 0x20 && byte < 0x7F { at += 1; continue }
                if byte == 0x0A || byte == 0x0D { break }
                guard byte >= 0x80, let length = printableScalarLength(bytes, at: at, end: end) else { return nil }
                at += length
            }
            var contentEnd = at
            if at < end, bytes[at] == 0x0D {
                guard at + 1 < end, bytes[at + 1] == 0x0A else { return nil }
                at += 1
            }
            if at < end { at += 1 }  // the line feed
            // Trailing spaces are not content (a value's end is found from its own last character).
            while contentEnd > contentStart, bytes[contentEnd - 1] == 0x20 { contentEnd -= 1 }
            if contentStart == contentEnd || bytes[contentStart] == UInt8(ascii: "#") { continue }
            lines.append(Line(indent: contentStart - lineStart, start: contentStart, end: contentEnd))
        }
        return lines
    }

    /// The length of the UTF-8 sequence at `at` when it is well formed and a character libyaml reads
    /// as an ordinary printable one: not a C1 control (U+0085 breaks lines), not U+2028 or U+2029
    /// (line and paragraph separators), U+FEFF, U+FFFE or U+FFFF.
    private static func printableScalarLength(_ bytes: UnsafeBufferPointer<UInt8>, at: Int, end: Int) -> Int? {
        let lead = bytes[at]
        let length: Int
        var scalar: UInt32
        switch lead {
        case 0xC2...0xDF: (length, scalar) = (2, UInt32(lead & 0x1F))
        case 0xE0...0xEF: (length, scalar) = (3, UInt32(lead & 0x0F))
        case 0xF0...0xF4: (length, scalar) = (4, UInt32(lead & 0x07))
        default: return nil
        }
        guard at + length <= end else { return nil }
        for offset in 1..<length {
            let byte = bytes[at + offset]
            guard byte & 0xC0 == 0x80 else { return nil }
            scalar = scalar << 6 | UInt32(byte & 0x3F)
        }
        // Overlong forms, surrogates and values past U+10FFFF are not well formed.
        switch length {
        case 2: guard scalar >= 0xA0 else { return nil }
        case 3: guard scalar >= 0x800, !(0xD800...0xDFFF).contains(scalar) else { return nil }
        default: guard scalar >= 0x1_0000, scalar <= 0x10_FFFF else { return nil }
        }
        guard scalar != 0x2028, scalar != 0x2029, scalar != 0xFEFF, scalar != 0xFFFE, scalar != 0xFFFF else { return nil }
        return length
    }

    private struct Reader {
        let bytes: UnsafeBufferPointer<UInt8>
        /// The lines; a `- key: value` item's line is narrowed to the mapping it starts.
        var lines: [Line]
        let streamEnd: Int
        var events: [Found] = []
        var next = 0

        init(bytes: UnsafeBufferPointer<UInt8>, lines: [Line], streamEnd: Int) {
            self.bytes = bytes
            self.lines = lines
            self.streamEnd = streamEnd
            events.reserveCapacity(lines.count * 2 + 4)
        }

        /// Where the next token starts: the next line's content, or the end of the input.
        private var nextTokenStart: Int { next < lines.count ? lines[next].start : streamEnd }

        mutating func document() -> [Found]? {
            let first = lines[0]
            if first.indent == 0, first.end - first.start == 3, bytes[first.start] == UInt8(ascii: "-"),
               bytes[first.start + 1] == UInt8(ascii: "-"), bytes[first.start + 2] == UInt8(ascii: "-") {
                events.append(Found(kind: .documentStart, start: first.start, end: first.start + 3))
                next = 1
                guard next < lines.count else { return nil }
            } else {
                events.append(Found(kind: .documentStart, start: first.start, end: first.start))
            }
            guard mapping(indent: lines[next].indent), next == lines.count else { return nil }
            events.append(Found(kind: .documentEnd, start: streamEnd, end: streamEnd))
            return events
        }

        /// A block mapping whose keys are at `indent`, starting at line `next`.
        private mutating func mapping(indent: Int) -> Bool {
            let start = lines[next].start
            events.append(Found(kind: .mappingStart, start: start, end: start))
            while next < lines.count, lines[next].indent == indent {
                let line = lines[next]
                guard let colon = key(line) else { return false }
                var at = colon + 1
                while at < line.end, bytes[at] == 0x20 { at += 1 }
                next += 1
                // `key: # note` has no value on its line.
                if at < line.end, bytes[at] != UInt8(ascii: "#") {
                    guard inlineValue(from: at, to: line.end) else { return false }
                    // A more indented line after a value would continue it (or be an error).
                    if next < lines.count, lines[next].indent > indent { return false }
                    continue
                }
                // No value on the line: a list, a nested mapping or an empty scalar.
                if next < lines.count, lines[next].indent >= indent, isItem(lines[next]) {
                    guard list(indent: lines[next].indent, indentless: lines[next].indent == indent) else { return false }
                } else if next < lines.count, lines[next].indent > indent {
                    guard mapping(indent: lines[next].indent) else { return false }
                } else {
                    scalar(.plain, value: colon + 1..<colon + 1, at: colon + 1..<colon + 1)
                }
            }
            if next < lines.count, lines[next].indent > indent { return false }
            let end = nextTokenStart
            events.append(Found(kind: .mappingEnd, start: end, end: end))
            return true
        }

        /// A block list of scalars whose `-` are at `indent` (at the key's own indentation when
        /// `indentless`), starting at line `next`.
        private mutating func list(indent: Int, indentless: Bool) -> Bool {
            let dash = lines[next].start
            events.append(Found(kind: .sequenceStart, start: dash, end: indentless ? dash + 1 : dash))
            while next < lines.count, lines[next].indent == indent, isItem(lines[next]) {
                let line = lines[next]
                var at = line.start + 1
                while at < line.end, bytes[at] == 0x20 { at += 1 }
                guard at < line.end, bytes[at] != UInt8(ascii: "["), bytes[at] != UInt8(ascii: "{") else { return false }
                if keyEnd(from: at, to: line.end) != nil {
                    // `- key: ...`: a mapping whose keys are at the column of this first one; the rest of
                    // the line is read as its first line.
                    lines[next] = Line(indent: line.indent + (at - line.start), start: at, end: line.end)
                    guard mapping(indent: lines[next].indent) else { return false }
                    continue
                }
                guard inlineValue(from: at, to: line.end) else { return false }
                next += 1
            }
            if next < lines.count, lines[next].indent > indent || (!indentless && lines[next].indent == indent) { return false }
            let end = nextTokenStart
            events.append(Found(kind: .sequenceEnd, start: end, end: end))
            return true
        }

        /// Whether `line` is a list item: `-` then a space.
        private func isItem(_ line: Line) -> Bool {
            line.end - line.start >= 2 && bytes[line.start] == UInt8(ascii: "-") && bytes[line.start + 1] == 0x20
        }

        /// The key of a mapping line, emitted; answers where its `:` is. A key is a plain word (letters,
        /// digits, `_`, `.`, `$`, `/`, `-`, not starting with `-`, `.` or `/`) followed by `:` and a space
        /// or the line's end.
        private mutating func key(_ line: Line) -> Int? {
            guard let colon = keyEnd(from: line.start, to: line.end) else { return nil }
            scalar(.plain, value: line.start..<colon, at: line.start..<colon)
            return colon
        }

        /// Where the `:` of a key written from `start` is, when the text there is a key.
        private func keyEnd(from start: Int, to end: Int) -> Int? {
            var at = start
            while at < end, Self.isKeyByte(bytes[at]) { at += 1 }
            let first = bytes[start]
            guard at > start, at - start <= YAMLPlainBlocks.longestKey, at < end, bytes[at] == UInt8(ascii: ":"),
                  at + 1 == end || bytes[at + 1] == 0x20,
                  first != UInt8(ascii: "-"), first != UInt8(ascii: "."), first != UInt8(ascii: "/")
            else { return nil }
            return at
        }

        private static func isKeyByte(_ byte: UInt8) -> Bool {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "$"), UInt8(ascii: "/"), UInt8(ascii: "-"):
                true
            default:
                false
            }
        }

        /// A value written on its line from `start` to `end` (the line's last non-space character):
        /// a quoted or plain scalar, `[]` or `{}`, perhaps followed by a comment.
        private mutating func inlineValue(from start: Int, to end: Int) -> Bool {
            let first = bytes[start]
            switch first {
            case UInt8(ascii: "\""):
                // No escapes to undo: the first quote after the opening one closes it, and there is no
                // backslash before it.
                var at = start + 1
                while at < end, bytes[at] != first {
                    if bytes[at] == UInt8(ascii: "\\") { return false }
                    at += 1
                }
                guard at < end, onlyCommentAfter(at + 1, end) else { return false }
                scalar(.doubleQuoted, value: start + 1..<at, at: start..<at + 1)
                return true
            case UInt8(ascii: "'"):
                // Inside, a quote is written twice; a single one closes the scalar.
                var at = start + 1
                var doubled = false
                while true {
                    guard at < end else { return false }
                    if bytes[at] == first {
                        guard at + 1 < end, bytes[at + 1] == first else { break }
                        doubled = true
                        at += 2
                    } else {
                        at += 1
                    }
                }
                guard onlyCommentAfter(at + 1, end) else { return false }
                scalar(doubled ? .singleQuotedDoubled : .singleQuoted, value: start + 1..<at, at: start..<at + 1)
                return true
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                let close = first == UInt8(ascii: "[") ? UInt8(ascii: "]") : UInt8(ascii: "}")
                guard start + 1 < end, bytes[start + 1] == close, onlyCommentAfter(start + 2, end) else { return false }
                let isList = first == UInt8(ascii: "[")
                events.append(Found(kind: isList ? .flowSequenceStart : .flowMappingStart, start: start, end: start + 1))
                events.append(Found(kind: isList ? .sequenceEnd : .mappingEnd, start: start + 1, end: start + 2))
                return true
            default:
                guard Self.canStartPlain(first, next: start + 1 < end ? bytes[start + 1] : nil) else { return false }
                // One line, no `: ` (a mapping); a ` #` starts a comment, which ends the scalar.
                var at = start
                var last = start
                while at < end {
                    let byte = bytes[at]
                    if byte == UInt8(ascii: ":"), at + 1 == end || bytes[at + 1] == 0x20 { return false }
                    if byte == UInt8(ascii: "#"), bytes[at - 1] == 0x20 { break }
                    if byte != 0x20 { last = at }
                    at += 1
                }
                scalar(.plain, value: start..<last + 1, at: start..<last + 1)
                return true
            }
        }

        /// Whether the line from `at` to `end` is empty or spaces then a comment.
        private func onlyCommentAfter(_ at: Int, _ end: Int) -> Bool {
            var position = at
            while position < end, bytes[position] == 0x20 { position += 1 }
            return position == end || (position > at && bytes[position] == UInt8(ascii: "#"))
        }

        /// Whether a plain scalar may start with `byte`: not an indicator, except `-` before a
        /// character that is not a space (`-1`, `-x`).
        private static func canStartPlain(_ byte: UInt8, next: UInt8?) -> Bool {
            switch byte {
            case UInt8(ascii: "-"):
                guard let next else { return false }
                return next != 0x20
            case UInt8(ascii: "?"), UInt8(ascii: ":"), UInt8(ascii: ","), UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "{"),
                 UInt8(ascii: "}"), UInt8(ascii: "#"), UInt8(ascii: "&"), UInt8(ascii: "*"), UInt8(ascii: "!"), UInt8(ascii: "|"),
                 UInt8(ascii: ">"), UInt8(ascii: "'"), UInt8(ascii: "\""), UInt8(ascii: "%"), UInt8(ascii: "@"), UInt8(ascii: "`"):
                return false
            default:
                return true
            }
        }

        private mutating func scalar(_ kind: Found.Kind, value: Range<Int>, at span: Range<Int>) {
            events.append(Found(kind: kind, start: span.lowerBound, end: span.upperBound, valueStart: value.lowerBound, valueEnd: value.upperBound))
        }
    }
}
