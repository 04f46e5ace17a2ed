import MagsagLintCore
import MagsagSource

/// Reports deprecated documents that point readers nowhere.
public struct DeprecatedDocWithoutReplacementRule: RepositoryRule {
    public init() {}

    /// Front-matter keys that name a replacement.
    static let replacementKeys = ["superseded_by", "replaced_by", "replacement", "successor"]

    public static let description = RuleDescription(
        id: "deprecated-doc-without-replacement",
        name: "Deprecated document without replacement",
        category: .docs,
        defaultSeverity: .warning,
        summary: "A document with `status: deprecated` neither names nor links to a replacement",
        rationale: """
            A deprecated document stays reachable from old links and search; a reader who lands on it needs to \
            know where the current information lives. A replacement is a front-matter `superseded_by` \
            (`replaced_by`, `replacement`, `successor`) value or a link to another existing Markdown document.
            """,
        fix: "Add `superseded_by: <path>` to the front-matter or link to the document that replaces this one.",
        triggeringExamples: [
            Example("docs/old.md", "---\nstatus: ↓deprecated\n---\n# Old\n\nSee [the web](https://example.com).\n"),
        ],
        nonTriggeringExamples: [
            Example(files: [
                "docs/old.md": "---\nstatus: deprecated\n---\n# Old\n\nUse [the new guide](new.md) instead.\n",
                "docs/new.md": "---\nstatus: living\n---\n# New\n",
            ]),
            Example("docs/old.md", "---\nstatus: deprecated\nsuperseded_by: docs/new.md\n---\n# Old\n"),
        ])

    public func check(_ repository: RepositoryIndex, into sink: inout DiagnosticSink) {
        for (path, document) in repository.sortedLintedDocuments {
            guard let object = FrontMatterFields.object(of: document, roots: sink.settings.roots),
                  let status = object["status"], status.stringValue == "deprecated",
                  let markdown = document.markdown else { continue }
            if Self.replacementKeys.contains(where: { object[$0].map { !$0.isNull } ?? false }) { continue }
            let linksElsewhere = markdown.links.contains { link in
                guard !link.isImage, case .path(let target, _, _) = LinkTarget.resolve(link.destination, from: path),
                      target != path, repository.fileExists(target) else { return false }
                return repository.documents[target]?.kind == .markdown
            }
            if linksElsewhere { continue }
            sink.report(
                "deprecated document names no replacement", path: path, range: status.range,
                pointer: JSONPointer(tokens: ["status"]),
                help: "add `superseded_by: <path>` to the front-matter or link to the replacing document")
        }
    }
}
