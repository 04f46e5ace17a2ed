import MagsagLintCore
import MagsagSource

/// Reports text files (JSON, YAML, Markdown) whose bytes are not valid UTF-8.
public struct NonUTF8TextRule: FileRule {
    public init() {}

    public static let description = RuleDescription(
        id: "non-utf8-text",
        name: "Non-UTF-8 text",
        category: .parsing,
        defaultSeverity: .error,
        summary: "A JSON, YAML or Markdown file is not valid UTF-8",
        rationale: """
            JSON must be UTF-8 (RFC 8259) and YAML and Markdown tools assume it; a Latin-1 or truncated \
            sequence turns into replacement characters or a load failure far from the file.
            """,
        fix: "Re-encode the file as UTF-8 (for example `iconv -f latin1 -t utf-8`).",
        triggeringExamples: [],
        nonTriggeringExamples: [
            Example("docs/é.md", "# Café\n"),
        ])

    /// Examples are strings, which are always valid UTF-8, so the triggering case is covered by a
    /// dedicated byte-level test instead.
    public func check(_ document: LintDocument, into sink: inout DiagnosticSink) {
        guard document.kind.isText, !document.file.isValidUTF8, !document.file.isBinary else { return }
        let offset = Self.firstInvalidOffset(document.file.bytes)
        let start = document.file.position(ofOffset: offset)
        sink.report(
            "file is not valid UTF-8 (first invalid byte at offset \(offset))", path: document.path,
            range: SourceRange(start: start, end: document.file.position(ofOffset: offset + 1)),
            label: "invalid byte", help: "re-encode the file as UTF-8")
    }

    /// The offset of the first byte that does not start a well-formed UTF-8 sequence.
    static func firstInvalidOffset(_ bytes: [UInt8]) -> Int {
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            let length: Int
            switch b {
            case 0x00...0x7F: length = 1
            case 0xC2...0xDF: length = 2
            case 0xE0...0xEF: length = 3
            case 0xF0...0xF4: length = 4
            default: return i
            }
            if i + length > bytes.count { return i }
            for k in 1..<max(length, 1) where bytes[i + k] & 0xC0 != 0x80 { return i }
            if String(validating: bytes[i..<(i + length)], as: UTF8.self) == nil { return i }
            i += length
        }
        return i
    }
}
