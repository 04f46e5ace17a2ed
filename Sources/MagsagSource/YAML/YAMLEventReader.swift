internal import CYaml

/// One libyaml parse event with its byte offsets in the file (lines and columns are worked out only
/// where a position is shown).
struct YAMLEvent {
    enum ScalarStyle { case plain, singleQuoted, doubleQuoted, literal, folded }

    enum Kind {
        case documentStart
        case documentEnd
        case alias(anchor: String)
        case scalar(value: String, style: ScalarStyle, tag: String?, anchor: String?)
        case sequenceStart(flow: Bool, tag: String?, anchor: String?)
        case sequenceEnd
        case mappingStart(flow: Bool, tag: String?, anchor: String?)
        case mappingEnd
    }

    var kind: Kind
    var start: Int
    var end: Int
}

/// A libyaml error, located in the file.
struct YAMLSyntaxError {
    var problem: String
    var position: SourcePosition
    var context: String?
    var contextPosition: SourcePosition?
}

/// Drives libyaml's event parser over a byte range of a file.
///
/// We use libyaml's events directly (not Yams' `Node` composer) because the composer throws on
/// duplicate keys and only keeps start marks; events carry start and end marks.
enum YAMLEventReader {
    /// Parses `range` of `file` with libyaml, calling `handle` for every event until it returns false.
    /// Returns the syntax error that stopped the parse, if any. (`YAMLLoader.load` reads plain block
    /// YAML, most front matter and catalog files, with `YAMLPlainBlocks` instead, to the same events.)
    static func read(_ file: SourceFile, range: Range<Int>, handle: (YAMLEvent) -> Bool) -> YAMLSyntaxError? {
        let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
        let event = UnsafeMutablePointer<yaml_event_t>.allocate(capacity: 1)
        defer {
            parser.deallocate()
            event.deallocate()
        }
        guard yaml_parser_initialize(parser) == 1 else {
            return YAMLSyntaxError(problem: "cannot initialise the yaml parser", position: file.position(ofOffset: range.lowerBound))
        }
        defer { yaml_parser_delete(parser) }
        yaml_parser_set_encoding(parser, YAML_UTF8_ENCODING)
        // A byte-order mark at the start of the stream is left out: with the encoding given, libyaml
        // would count it as a column and read the first line as indented.
        let range = Self.hasByteOrderMark(file.bytes, at: range.lowerBound) && range.count >= 3
            ? (range.lowerBound + 3)..<range.upperBound : range
        var marks = MarkMapper(file: file, range: range)
        let shortStrings = ShortStrings.current

        return file.bytes.withUnsafeBufferPointer { buffer -> YAMLSyntaxError? in
            guard let base = buffer.baseAddress else { return nil }
            yaml_parser_set_input_string(parser, base + range.lowerBound, range.count)
            while true {
                guard yaml_parser_parse(parser, event) == 1 else {
                    return syntaxError(parser.pointee, marks: &marks, file: file, range: range)
                }
                defer { yaml_event_delete(event) }
                let type = event.pointee.type
                if type == YAML_STREAM_END_EVENT { return nil }
                guard let kind = kind(of: event.pointee, shortStrings) else { continue }
                let start = marks.offset(ofIndex: event.pointee.start_mark.index)
                var end = marks.offset(ofIndex: event.pointee.end_mark.index)
                // A block scalar, told from libyaml's event (matching the Swift event's case copied it).
                if type == YAML_SCALAR_EVENT,
                   event.pointee.data.scalar.style == YAML_LITERAL_SCALAR_STYLE || event.pointee.data.scalar.style == YAML_FOLDED_SCALAR_STYLE {
                    end = trimmedEnd(end, after: start, in: file)
                }
                if !handle(YAMLEvent(kind: kind, start: start, end: end)) { return nil }
            }
        }
    }

    private static func hasByteOrderMark(_ bytes: [UInt8], at offset: Int) -> Bool {
        offset + 3 <= bytes.count && bytes[offset] == 0xEF && bytes[offset + 1] == 0xBB && bytes[offset + 2] == 0xBF
    }

    private static func kind(of event: yaml_event_t, _ shortStrings: ShortStrings) -> YAMLEvent.Kind? {
        switch event.type {
        case YAML_DOCUMENT_START_EVENT:
            return .documentStart
        case YAML_DOCUMENT_END_EVENT:
            return .documentEnd
        case YAML_ALIAS_EVENT:
            return .alias(anchor: cString(event.data.alias.anchor) ?? "")
        case YAML_SCALAR_EVENT:
            let data = event.data.scalar
            var value = ""
            if let pointer = data.value, data.length > 0 {
                value = shortStrings.string(UnsafeBufferPointer(start: pointer, count: data.length))
            }
            let style: YAMLEvent.ScalarStyle =
                switch data.style {
                case YAML_SINGLE_QUOTED_SCALAR_STYLE: .singleQuoted
                case YAML_DOUBLE_QUOTED_SCALAR_STYLE: .doubleQuoted
                case YAML_LITERAL_SCALAR_STYLE: .literal
                case YAML_FOLDED_SCALAR_STYLE: .folded
                default: .plain
                }
            return .scalar(value: value, style: style, tag: cString(data.tag), anchor: cString(data.anchor))
        case YAML_SEQUENCE_START_EVENT:
            let data = event.data.sequence_start
            return .sequenceStart(
                flow: data.style == YAML_FLOW_SEQUENCE_STYLE, tag: cString(data.tag), anchor: cString(data.anchor))
        case YAML_SEQUENCE_END_EVENT:
            return .sequenceEnd
        case YAML_MAPPING_START_EVENT:
            let data = event.data.mapping_start
            return .mappingStart(
                flow: data.style == YAML_FLOW_MAPPING_STYLE, tag: cString(data.tag), anchor: cString(data.anchor))
        case YAML_MAPPING_END_EVENT:
            return .mappingEnd
        default:
            return nil
        }
    }

    private static func cString(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        guard let pointer else { return nil }
        return String(cString: pointer)
    }

    /// A block scalar's end mark is the start of the next token (after trailing blank lines); end the
    /// range at its last non-blank character instead.
    private static func trimmedEnd(_ end: Int, after start: Int, in file: SourceFile) -> Int {
        let bytes = file.bytes
        var offset = min(end, bytes.count)
        while offset > start {
            let byte = bytes[offset - 1]
            guard byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D else { break }
            offset -= 1
        }
        return offset
    }

    private static func syntaxError(
        _ parser: yaml_parser_t, marks: inout MarkMapper, file: SourceFile, range: Range<Int>
    ) -> YAMLSyntaxError {
        let problem = cleaned(parser.problem.map { String(cString: $0) } ?? "invalid yaml")
        let position: SourcePosition
        if parser.error == YAML_READER_ERROR {
            // Reader errors carry a byte offset into the input instead of a mark.
            position = file.position(ofOffset: min(range.lowerBound + parser.problem_offset, range.upperBound))
        } else {
            position = file.position(ofOffset: marks.offset(ofIndex: parser.problem_mark.index))
        }
        var error = YAMLSyntaxError(problem: problem, position: position)
        if let context = parser.context.map({ cleaned(String(cString: $0)) }), !context.isEmpty {
            error.context = context
            if parser.error != YAML_READER_ERROR {
                error.contextPosition = file.position(ofOffset: marks.offset(ofIndex: parser.context_mark.index))
            }
        }
        return error
    }

    /// libyaml messages lowercased, without surrounding blanks or a final period.
    static func cleaned(_ message: String) -> String {
        var text = message.trimmingBlanks().lowercased()
        while text.hasSuffix(".") { text.removeLast() }
        return text
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs and line breaks (Characters " ", "\t",
    /// "\n", "\r" and "\r\n").
    func trimmingBlanks() -> String {
        var copy = self
        return copy.withUTF8 { bytes -> String? in
            // Blank Characters are made of blank bytes only, and a cut next to an ASCII byte is a
            // Character boundary (no ASCII scalar extends or is prepended to a neighbour, and LF after
            // CR is blank itself), so the bytes decide unless a cut lies next to a non-ASCII scalar.
            let isBlank = { (byte: UInt8) in byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
            var low = 0
            var high = bytes.count
            while low < high, isBlank(bytes[low]) { low += 1 }
            if low == high { return "" }
            while isBlank(bytes[high - 1]) { high -= 1 }
            if low == 0, high == bytes.count { return nil }
            if low > 0, bytes[low] >= 0x80 { return self.trimmingBlankCharacters() }
            if high < bytes.count, bytes[high - 1] >= 0x80 { return self.trimmingBlankCharacters() }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[low..<high]), as: UTF8.self)
        } ?? self
    }

    /// `trimmingBlanks` Character by Character (the definition the byte path follows).
    func trimmingBlankCharacters() -> String {
        let blanks: Set<Character> = [" ", "\t", "\n", "\r", "\r\n"]
        guard let first = firstIndex(where: { !blanks.contains($0) }),
              let last = lastIndex(where: { !blanks.contains($0) })
        else { return "" }
        return String(self[first...last])
    }
}
