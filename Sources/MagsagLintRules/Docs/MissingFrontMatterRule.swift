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
        summary: "A Markdown file under the docs or catalog root or at the repository root has no YAML front-matter",
        rationale: """
            MAGSAG documents carry their title, slug, status, dates and tags in front-matter; indexes, the \
            taxonomy and staleness checks read it. README.md, CHANGELOG.md, LICENSE and files in `_templates/` \
            folders are exempt. The docs and catalog roots are `roots.docs` and `roots.catalog` (`docs/` and \
            `catalog/` by default). The options `include` and `exclude`, lists of globs, add files that need \
            front-matter and remove files that do not: \
            `options: {missing-front-matter: {include: ['guides/**/*.md'], exclude: ['docs/generated/**']}}` \
            (an included file must be linted, so a folder outside the roots also goes in the top-level `include`).
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
        guard document.kind == .markdown, Self.requiresFrontMatter(document.path, sink),
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

    /// Whether `path` needs front-matter: the configured roots, plus the `include` globs, minus the `exclude` globs.
    static func requiresFrontMatter(_ path: String, _ sink: DiagnosticSink) -> Bool {
        if sink.stringsOption("exclude").compactMap(Glob.init).contains(where: { $0.matches(path) }) { return false }
        if FrontMatterScope.requiresFrontMatter(path, roots: sink.settings.roots) { return true }
        let lower = path.lowercasedIfNeeded()
        guard lower.hasSuffix(".md") || lower.hasSuffix(".markdown") else { return false }
        return sink.stringsOption("include").compactMap(Glob.init).contains { $0.matches(path) }
    }
}
