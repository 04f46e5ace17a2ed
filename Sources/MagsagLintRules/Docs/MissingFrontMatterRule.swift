import MagsagLintCore
import MagsagSource

/// Reports documents that need front-matter and have none.
public struct MissingFrontMatterRule: FileRule {
    public init() {}

    public static let description = RuleDescription(
        id: "missing-front-matter",
        name: "Missing front-matter",
        category: .docs,
        defaultSeverity: .error,
        summary: "A Markdown file under docs/, catalog/ or the repository root has no YAML front-matter",
        rationale: """
            MAGSAG documents carry their title, slug, status, dates and tags in front-matter; indexes, the \
            taxonomy and staleness checks read it. README.md, CHANGELOG.md, LICENSE and files in `_templates/` \
            folders are exempt.
            """,
        fix: "Start the file with a `---` block holding title, slug, status, last_updated, last_synced, tags, summary and description.",
        triggeringExamples: [
            Example("docs/guide.md", "↓# Guide\n\nText.\n"),
            Example("docs/empty.md", "↓---\n---\n# Empty front-matter\n"),
        ],
        nonTriggeringExamples: [
            Example("docs/guide.md", "---\ntitle: Guide\n---\n# Guide\n"),
            Example("docs/README.md", "# Readme needs none\n"),
            Example("docs/_templates/execplan.md", "# Template\n"),
            Example("Sources/notes.md", "# Outside the documented folders\n"),
        ])

    public func check(_ document: LintDocument, into sink: inout DiagnosticSink) {
        guard document.kind == .markdown, FrontMatterScope.requiresFrontMatter(document.path),
              let markdown = document.markdown else { return }
        let help = "add a `---` front-matter block with title, slug, status, last_updated, last_synced, tags, summary and description"
        guard let block = markdown.frontMatterBlock else {
            sink.report("document has no front-matter", path: document.path, range: .fileStart, help: help)
            return
        }
        if block.isTerminated, markdown.frontMatter == nil, document.issues.isEmpty {
            sink.report("front-matter block is empty", path: document.path, range: block.openingRange, help: help)
        }
    }
}
