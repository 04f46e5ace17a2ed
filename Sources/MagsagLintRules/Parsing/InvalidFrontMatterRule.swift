import MagsagLintCore
import MagsagSource

/// Reports Markdown front-matter blocks that cannot be read.
public struct InvalidFrontMatterRule: FileRule {
    public init() {}

    public static let description = RuleDescription(
        id: "invalid-front-matter",
        name: "Invalid front-matter",
        category: .parsing,
        defaultSeverity: .error,
        summary: "A Markdown file's YAML front-matter is unterminated, malformed or not a mapping",
        rationale: """
            Front-matter carries a document's title, slug, status, dates and tags; docs tooling, indexes and \
            the docs rules read it. A block that does not parse silently drops all of that.
            """,
        fix: "Close the block with a line containing only `---` and make its content a valid YAML mapping.",
        triggeringExamples: [
            Example("docs/guide.md", "---\ntitle: Guide\nslug: [guide\n↓---\n# Guide\n"),
            Example("docs/guide.md", "↓---\ntitle: Guide\n# Guide\n"),
        ],
        nonTriggeringExamples: [
            Example("docs/guide.md", "---\ntitle: Guide\nslug: guide\n---\n# Guide\n"),
            Example("docs/plain.md", "# No front-matter\n"),
        ])

    public func check(_ document: LintDocument, into sink: inout DiagnosticSink) {
        guard document.kind == .markdown else { return }
        for issue in document.issues
        where issue.kind == .invalidFrontMatter || issue.kind == .invalidYAML
            || issue.kind == .aliasExpansionLimit || issue.kind == .nestingLimit {
            sink.report(issue.message, path: document.path, range: issue.range, label: "here",
                        help: "make the front-matter a valid YAML mapping between two `---` lines")
        }
    }
}
