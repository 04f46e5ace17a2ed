import MagsagCatalog
import MagsagLintCore
import MagsagSource

/// Reports JSON files that are not well-formed.
public struct InvalidJSONRule: FileRule {
    public init() {}

    public static let description = RuleDescription(
        id: "invalid-json",
        name: "Invalid JSON",
        category: .parsing,
        defaultSeverity: .error,
        summary: "A JSON file is not well-formed JSON (RFC 8259)",
        rationale: """
            Contracts, fixtures, examples and tool descriptors are read by strict JSON parsers at run time; \
            a file that does not parse breaks every agent that loads it, and no other check can look inside it.
            """,
        fix: "Correct the syntax at the reported position (trailing commas, comments and single quotes are not JSON).",
        triggeringExamples: [
            Example("catalog/contracts/a.schema.json", "{\n  \"type\": \"object\"↓,\n}\n",
                    fixed: "{\n  \"type\": \"object\"\n}\n", note: "`--fix` removes a trailing comma"),
            Example("catalog/skills/s/resources/examples/in.json", "{\"a\": ↓'single'}"),
        ],
        nonTriggeringExamples: [
            Example("catalog/contracts/a.schema.json", "{\n  \"type\": \"object\"\n}\n"),
        ])

    /// The parser's message for a trailing comma, the one syntax error with a safe fix.
    static let trailingComma = "trailing comma is not allowed in JSON"

    public func check(_ document: LintDocument, into sink: inout DiagnosticSink) {
        guard document.kind == .json else { return }
        for issue in document.issues where issue.kind == .invalidJSON || issue.kind == .nestingLimit {
            var fix: Fix?
            if issue.message == Self.trailingComma {
                fix = Fix(message: "remove the trailing comma", applicability: .safe, edits: [
                    Fix.Edit(path: document.path, startOffset: issue.range.start.offset, endOffset: issue.range.end.offset, replacement: ""),
                ])
            }
            sink.report(issue.message, path: document.path, range: issue.range, label: "here",
                        help: fix == nil ? "fix the JSON syntax at this position" : "remove the comma (`--fix` does it)", fix: fix)
        }
    }
}
