/// The outcome of parsing one JSON document.
public struct JSONParseResult: Sendable {
    /// The document's value; nil when the text is not well-formed JSON.
    public var value: SourceValue?
    /// Syntax errors (at most one: parsing stops at the first) and duplicate keys.
    public var issues: [ParseIssue]
    /// The heap `value` keeps, its own slot included, counted while parsing (`ValueMemory`); nil
    /// without a value or when a duplicate key dropped a member.
    public var valueMemory: Int?

    public init(value: SourceValue?, issues: [ParseIssue], valueMemory: Int? = nil) {
        self.value = value
        self.issues = issues
        self.valueMemory = valueMemory
    }
}

/// A strict RFC 8259 JSON parser that keeps the position of every value and key.
///
/// - Duplicate object keys are reported (the last one wins, as in most JSON consumers).
/// - Number text is preserved in `JSONNumber.text`.
/// - Nesting is bounded (`maxDepth`), so hostile input cannot exhaust the stack.
/// - A leading UTF-8 byte-order mark is skipped; invalid UTF-8 inside strings is an error.
/// - Lone surrogate escapes (`"\uD800"`) decode to U+FFFD (RFC 8259 leaves them undefined).
///
/// Values keep spans (`SourceSpan`, byte offsets in `SourceSpace`); lines and columns are worked out
/// from the file's line index when a range is asked for, so parsing counts no lines.
public enum JSONParser {
    /// Default nesting bound.
    public static let defaultMaxDepth = 512

    /// Parse a whole file.
    public static func parse(_ file: SourceFile, maxDepth: Int = defaultMaxDepth) -> JSONParseResult {
        guard let base = file.spaceBase else {
            // The space is full: parsed as if at offset 0, then every span is kept whole.
            var result = scan(file, maxDepth: maxDepth, base: 0)
            result.value = result.value.map { SourceSpace.keptWhole($0, file: file, base: 0) }
            return result
        }
        return scan(file, maxDepth: maxDepth, base: base)
    }

    private static func scan(_ file: SourceFile, maxDepth: Int, base: UInt32) -> JSONParseResult {
        file.bytes.withUnsafeBufferPointer { buffer in
            var scanner = JSONScanner(buffer: buffer, maxDepth: maxDepth, file: file, base: base)
            return scanner.parseDocument()
        }
    }

    /// Parse bytes; positions are relative to the start of `bytes`.
    public static func parse(bytes: [UInt8], maxDepth: Int = defaultMaxDepth) -> JSONParseResult {
        parse(SourceFile(path: "", bytes: bytes, linesOnFirstUse: true), maxDepth: maxDepth)
    }

    /// Parse a string; convenient for tests and embedded documents.
    public static func parse(_ text: String, maxDepth: Int = defaultMaxDepth) -> JSONParseResult {
        parse(bytes: Array(text.utf8), maxDepth: maxDepth)
    }
}

/// Error used internally to unwind to `parseDocument`.
struct JSONSyntaxError: Error {
    var issue: ParseIssue
}
