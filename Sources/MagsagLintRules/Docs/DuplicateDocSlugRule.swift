import MagsagLintCore
import MagsagSource

/// Reports front-matter slugs used by more than one document.
public struct DuplicateDocSlugRule: RepositoryRule {
    public init() {}

    public static let description = RuleDescription(
        id: "duplicate-doc-slug",
        name: "Duplicate document slug",
        category: .docs,
        defaultSeverity: .error,
        summary: "Two documents declare the same front-matter slug",
        rationale: """
            Slugs identify documents in indexes, sites and cross-references; two documents with one slug make \
            every such reference ambiguous, and site generators silently keep only one of them.
            """,
        fix: "Give one of the documents a new, unique slug.",
        triggeringExamples: [
            Example(files: [
                "docs/a.md": "---\nslug: ↓shared-slug\n---\n# A\n",
                "docs/b.md": "---\nslug: ↓shared-slug\n---\n# B\n",
            ]),
            Example(files: [
                "docs/a.md": "---\nslug: ↓shared-slug\n---\n# A\n",
                "docs/b.md": "---\nslug: shared-slug\n---\n# B\n",
            ], linted: ["docs/a.md"], note: "The other document is context: only the linted one is reported."),
        ],
        nonTriggeringExamples: [
            Example(files: [
                "docs/a.md": "---\nslug: slug-a\n---\n# A\n",
                "docs/b.md": "---\nslug: slug-b\n---\n# B\n",
            ]),
        ])

    public func check(_ repository: RepositoryIndex, into sink: inout DiagnosticSink) {
        let index = DocsIndex.withSlugs(repository, roots: sink.settings.roots)
        for slug in index.slugs.keys.sorted() {
            guard let uses = index.slugs[slug], uses.count > 1 else { continue }
            for (position, use) in uses.enumerated() where repository.linted.contains(use.path) {
                let other = position == 0 ? uses[1] : uses[0]
                sink.report(
                    "slug \"\(slug)\" is also used by \(other.path)", path: use.path, range: use.range,
                    pointer: JSONPointer(tokens: ["slug"]),
                    related: [Location(path: other.path, range: other.range, label: "also declared here")],
                    notes: uses.count > 2 ? ["\(uses.count) documents share this slug"] : [],
                    help: "give one of the documents a unique slug")
            }
        }
    }
}
