import MagsagLintCore
import MagsagSource

/// Reports front-matter tags missing from the repository's controlled vocabulary.
public struct UnknownTagRule: RepositoryRule {
    public init() {}

    public static let description = RuleDescription(
        id: "unknown-tag",
        name: "Unknown tag",
        category: .docs,
        defaultSeverity: .error,
        summary: "A front-matter tag is not in the controlled vocabulary of docs/governance/taxonomy.md",
        rationale: """
            Tags only group documents when everyone uses the same words; `plan`, `plans` and `planning` split one \
            topic three ways. The vocabulary is the first column (backticked values) of the table under the \
            heading containing "Vocabulary" in docs/governance/taxonomy.md, or in the document the configuration's \
            `taxonomy` key names; the option `tags` (`options: {unknown-tag: {tags: [plans, governance]}}`) gives \
            the vocabulary inline instead. Without either the rule is silent.
            """,
        fix: "Use the closest tag of the vocabulary, or add the new tag to the taxonomy table first.",
        triggeringExamples: [
            Example(files: [
                "docs/governance/taxonomy.md": "# Taxonomy\n\n## Controlled Vocabulary\n\n| Tag | Meaning |\n|---|---|\n| `plans` | ExecPlans |\n| `governance` | Rules |\n",
                "docs/a.md": "---\ntags: [governance, ↓plan, ↓wip]\n---\n# A\n",
            ], linted: ["docs/a.md"]),
        ],
        nonTriggeringExamples: [
            Example(files: [
                "docs/governance/taxonomy.md": "# Taxonomy\n\n## Controlled Vocabulary\n\n| Tag | Meaning |\n|---|---|\n| `plans` | ExecPlans |\n",
                "docs/a.md": "---\ntags: [plans]\n---\n# A\n",
            ]),
            Example("docs/a.md", "---\ntags: [anything]\n---\n# A\n", note: "No taxonomy file: silent."),
        ])

    public func check(_ repository: RepositoryIndex, into sink: inout DiagnosticSink) {
        let inline = sink.stringsOption("tags")
        let index = DocsIndex.of(repository, taxonomy: sink.settings.taxonomy, roots: sink.settings.roots)
        let vocabulary: [String], source: String
        if !inline.isEmpty {
            (vocabulary, source) = (inline, "the `tags` option of unknown-tag")
        } else if let tags = index.vocabulary, let path = index.taxonomyPath {
            (vocabulary, source) = (tags, path)
        } else {
            return
        }
        let taxonomyPath = source
        let known = Set(vocabulary)
        for (path, document) in repository.sortedLintedDocuments {
            guard let object = FrontMatterFields.object(of: document, roots: sink.settings.roots),
                  let tags = object["tags"]?.arrayValue else { continue }
            for (position, tag) in tags.enumerated() {
                guard let name = tag.stringValue, !known.contains(name) else { continue }
                let help = EditDistance.closest(to: name.lowercased(), in: vocabulary).map { "did you mean `\($0)`?" }
                    ?? "use a tag listed in \(taxonomyPath), or add this one there first"
                sink.report(
                    "tag \"\(name)\" is not in the controlled vocabulary", path: path, range: tag.range,
                    pointer: JSONPointer(tokens: ["tags", String(position)]),
                    related: inline.isEmpty ? [Location.file(taxonomyPath, label: "vocabulary defined here")] : [], help: help)
            }
        }
    }
}
