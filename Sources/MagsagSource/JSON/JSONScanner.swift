/// The scanner behind `JSONParser`: a recursive-descent parser over a byte buffer.
struct JSONScanner: ~Copyable {
    let bytes: UnsafeBufferPointer<UInt8>
    let maxDepth: Int
    /// The file the bytes are (positions of issues are worked out from it) and its first offset in
    /// `SourceSpace`: values keep spans, lines and columns are not counted while parsing.
    let file: SourceFile
    let base: UInt32
    var offset = 0
    var depth = 0
    var issues: [ParseIssue] = []
    /// The heap the tree built so far keeps (`ValueMemory`), and whether that is exact: a duplicate
    /// key drops a member whose subtree was already counted.
    var treeBytes = 0
    var treeBytesExact = true
    /// Members and elements of the containers being parsed, moved out into exact-size arrays as each
    /// container closes.
    private var members = ScratchStack<SourceObject.Member>()
    private var elements = ScratchStack<SourceValue>()
    /// The running thread's short strings (a parse runs on the thread that made its scanner).
    let shortStrings = ShortStrings.current

    init(buffer: UnsafeBufferPointer<UInt8>, maxDepth: Int, file: SourceFile, base: UInt32) {
        self.bytes = buffer
        self.maxDepth = maxDepth
        self.file = file
        self.base = base
    }

    /// Where the scanner is, with line and column (for an issue).
    var position: SourcePosition { file.position(ofOffset: offset) }

    /// The span of bytes `[start, offset)`.
    @inline(__always) func span(from start: Int) -> SourceSpan { SourceSpan(base: base, from: start, to: offset) }

    /// The lines and columns of a span this scanner made (for an issue).
    func range(of span: SourceSpan) -> SourceRange {
        file.range(from: Int(span.start &- base), to: Int(span.end &- base))
    }

    mutating func parseDocument() -> JSONParseResult {
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
            offset = 3
        }
        do throws(JSONSyntaxError) {
            skipWhitespace()
            let value = try parseValue()
            skipWhitespace()
            if offset < bytes.count {
                throw error("unexpected \(describeCurrent()) after the end of the document")
            }
            let memory = treeBytesExact ? MemoryLayout<SourceValue>.stride + treeBytes : nil
            return JSONParseResult(value: value, issues: issues, valueMemory: memory)
        } catch {
            return JSONParseResult(value: nil, issues: issues + [error.issue], valueMemory: nil)
        }
    }

    // MARK: - Values

    mutating func parseValue() throws(JSONSyntaxError) -> SourceValue {
        guard offset < bytes.count else { throw error("unexpected end of input, expected a value") }
        let start = offset
        switch bytes[offset] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""):
            let string = try parseString()
            treeBytes += ValueMemory.string(string)
            return SourceValue(.string(string), span: span(from: start))
        case UInt8(ascii: "t"):
            try expectLiteral("true")
            return SourceValue(.bool(true), span: span(from: start))
        case UInt8(ascii: "f"):
            try expectLiteral("false")
            return SourceValue(.bool(false), span: span(from: start))
        case UInt8(ascii: "n"):
            try expectLiteral("null")
            return SourceValue(.null, span: span(from: start))
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            let number = try parseNumber()
            treeBytes += ValueMemory.string(number.text)
            return SourceValue(.number(number), span: span(from: start))
        default:
            throw error("unexpected \(describeCurrent()), expected a value")
        }
    }

    mutating func enterContainer() throws(JSONSyntaxError) {
        depth += 1
        if depth > maxDepth {
            throw JSONSyntaxError(issue: ParseIssue(
                kind: .nestingLimit,
                message: "nesting deeper than \(maxDepth) levels",
                range: SourceRange(at: position)))
        }
    }

    mutating func parseObject() throws(JSONSyntaxError) -> SourceValue {
        let start = offset
        try enterContainer()
        advanceASCII()  // {
        let mark = members.count
        var firstSeen: [ByteKey: SourceSpan] = [:]
        var duplicated = false
        skipWhitespace()
        if peek() == UInt8(ascii: "}") {
            advanceASCII()
            depth -= 1
            return SourceValue(.object(SourceObject()), span: span(from: start))
        }
        while true {
            skipWhitespace()
            guard peek() == UInt8(ascii: "\"") else {
                throw error("expected a string key, found \(describeCurrent())")
            }
            let keyStart = offset
            let key = try parseString(key: true)
            let keySpan = span(from: keyStart)
            // Linear duplicate search for small objects; a dictionary once they grow.
            var first: SourceSpan?
            if members.count - mark < 16 {
                first = members.withElements(from: mark) { $0.first(where: { ByteKey.same($0.key, key) })?.keySpan }
            } else {
                if firstSeen.isEmpty {
                    members.withElements(from: mark) { held in
                        for member in held where firstSeen[ByteKey(member.key)] == nil { firstSeen[ByteKey(member.key)] = member.keySpan }
                    }
                }
                first = firstSeen[ByteKey(key)]
                if first == nil { firstSeen[ByteKey(key)] = keySpan }
            }
            treeBytes += ValueMemory.string(key)
            if let first {
                duplicated = true
                treeBytesExact = false
                issues.append(ParseIssue(
                    kind: .duplicateKey, message: "duplicate key \"\(key)\"", range: range(of: keySpan),
                    related: range(of: first), relatedLabel: "first defined here"))
            }
            skipWhitespace()
            guard peek() == UInt8(ascii: ":") else {
                throw error("expected ':' after object key, found \(describeCurrent())")
            }
            advanceASCII()
            skipWhitespace()
            let value = try parseValue()
            members.push(SourceObject.Member(key: key, keySpan: keySpan, value: value))
            skipWhitespace()
            switch peek() {
            case UInt8(ascii: ","):
                let comma = offset
                advanceASCII()
                skipWhitespace()
                if peek() == UInt8(ascii: "}") { throw trailingComma(at: comma) }
            case UInt8(ascii: "}"):
                advanceASCII()
                depth -= 1
                let held = members.popArray(from: mark)
                treeBytes += ValueMemory.members(held.count)
                // Without duplicates the members are already what the object keeps (in an exact-size array).
                let object = duplicated ? SourceObject(held) : SourceObject(distinct: held)
                return SourceValue(.object(object), span: span(from: start))
            default:
                throw error("expected ',' or '}' after object member, found \(describeCurrent())")
            }
        }
    }

    mutating func parseArray() throws(JSONSyntaxError) -> SourceValue {
        let start = offset
        try enterContainer()
        advanceASCII()  // [
        let mark = elements.count
        skipWhitespace()
        if peek() == UInt8(ascii: "]") {
            advanceASCII()
            depth -= 1
            return SourceValue(.array([]), span: span(from: start))
        }
        while true {
            skipWhitespace()
            elements.push(try parseValue())
            skipWhitespace()
            switch peek() {
            case UInt8(ascii: ","):
                let comma = offset
                advanceASCII()
                skipWhitespace()
                if peek() == UInt8(ascii: "]") { throw trailingComma(at: comma) }
            case UInt8(ascii: "]"):
                advanceASCII()
                depth -= 1
                let held = elements.popArray(from: mark)
                treeBytes += ValueMemory.elements(held.count)
                return SourceValue(.array(held), span: span(from: start))
            default:
                throw error("expected ',' or ']' after array element, found \(describeCurrent())")
            }
        }
    }

    mutating func expectLiteral(_ literal: StaticString) throws(JSONSyntaxError) {
        let count = literal.utf8CodeUnitCount
        let matches = literal.withUTF8Buffer { expected -> Bool in
            guard offset + count <= bytes.count else { return false }
            for i in 0..<count where bytes[offset + i] != expected[i] { return false }
            return true
        }
        guard matches else { throw error("invalid literal, expected '\(literal)'") }
        offset += count
    }

    mutating func parseNumber() throws(JSONSyntaxError) -> JSONNumber {
        let begin = offset
        if peek() == UInt8(ascii: "-") { advanceASCII() }
        guard let first = peek(), isDigit(first) else { throw error("expected a digit in number") }
        if first == UInt8(ascii: "0") {
            advanceASCII()
            if let next = peek(), isDigit(next) { throw error("leading zeros are not allowed in numbers") }
        } else {
            while let c = peek(), isDigit(c) { advanceASCII() }
        }
        if peek() == UInt8(ascii: ".") {
            advanceASCII()
            guard let c = peek(), isDigit(c) else { throw error("expected a digit after the decimal point") }
            while let c = peek(), isDigit(c) { advanceASCII() }
        }
        if let e = peek(), e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
            advanceASCII()
            if let sign = peek(), sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { advanceASCII() }
            guard let c = peek(), isDigit(c) else { throw error("expected a digit in the exponent") }
            while let c = peek(), isDigit(c) { advanceASCII() }
        }
        return JSONNumber(utf8: UnsafeBufferPointer(rebasing: bytes[begin..<offset]))
    }

    // MARK: - Helpers

    @inline(__always) func peek() -> UInt8? { offset < bytes.count ? bytes[offset] : nil }
    @inline(__always) func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }

    /// Advance over one ASCII byte that is not a line break.
    @inline(__always) mutating func advanceASCII() {
        offset += 1
    }

    mutating func skipWhitespace() {
        while offset < bytes.count {
            switch bytes[offset] {
            case 0x20, 0x09, 0x0A, 0x0D:
                offset += 1
            default:
                return
            }
        }
    }

    func describeCurrent() -> String {
        guard let c = peek() else { return "end of input" }
        if c >= 0x21, c < 0x7F { return "'\(Character(Unicode.Scalar(c)))'" }
        switch c {
        case 0x20: return "a space"
        case 0x0A, 0x0D: return "a line break"
        case 0x09: return "a tab"
        default: return hexByte(c)
        }
    }

    private func hexByte(_ byte: UInt8) -> String {
        let hex = Swift.String(byte, radix: 16, uppercase: true)
        return "byte 0x" + (hex.count == 1 ? "0" + hex : hex)
    }

    func trailingComma(at comma: Int) -> JSONSyntaxError {
        JSONSyntaxError(issue: ParseIssue(
            kind: .invalidJSON, message: "trailing comma is not allowed in JSON", range: file.range(from: comma, to: comma + 1)))
    }

    func error(_ message: String) -> JSONSyntaxError {
        JSONSyntaxError(issue: ParseIssue(kind: .invalidJSON, message: message, range: SourceRange(at: position)))
    }
}
