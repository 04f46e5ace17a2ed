import MagsagLintCore
import MagsagSource

/// Reports keys repeated in one JSON object or YAML mapping.
public struct DuplicateKeyRule: FileRule {
    public init() {}

    public static let description = RuleDescription(
        id: "duplicate-key",
        name: "Duplicate key",
        category: .parsing,
        defaultSeverity: .error,
        summary: "A JSON object or YAML mapping (front-matter included) repeats a key",
        rationale: """
            Parsers disagree on duplicates: most keep the last value silently, some keep the first, strict ones \
            fail. Either way one of the two values is lost, usually the one someone just edited.
            """,
        fix: "Remove one of the two keys, or merge their values.",
        triggeringExamples: [
            Example("catalog/agents/sub/b-sag/agent.yaml", "slug: b-sag\nname: BSag\n↓slug: c-sag\n"),
            Example("catalog/contracts/a.schema.json", "{\"type\": \"object\", ↓\"type\": \"array\"}"),
            Example("docs/a.md", "---\ntitle: A\n↓title: B\n---\n# A\n"),
        ],
        nonTriggeringExamples: [
            Example("catalog/agents/sub/b-sag/agent.yaml", "slug: b-sag\nname: BSag\nnested:\n  slug: other\n"),
        ])

    public func check(_ document: LintDocument, into sink: inout DiagnosticSink) {
        for issue in document.issues where issue.kind == .duplicateKey {
            var related: [Location] = []
            if let first = issue.related {
                related.append(Location(path: document.path, range: first, label: issue.relatedLabel ?? "first defined here"))
            }
            sink.report(issue.message, path: document.path, range: issue.range, label: "duplicated here",
                        related: related, help: "remove one of the two keys or merge their values")
        }
    }
}
