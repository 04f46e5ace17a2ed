import MagsagLintCore
import MagsagSource

/// Reports `#fragment` links to headings or anchors that do not exist.
public struct BrokenAnchorRule: RepositoryRule {
    public init() {}

    public static let description = RuleDescription(
        id: "broken-anchor",
        name: "Broken anchor",
        category: .links,
        defaultSeverity: .error,
        summary: "A link's `#fragment` matches no heading, HTML anchor or line of its target",
        rationale: """
            Fragments resolve to GitHub heading anchors (lowercase, punctuation dropped, spaces to `-`, repeats \
            suffixed `-1`, `-2`), to HTML `id`/`name` anchors, or to line anchors (`#L10`, `#L10-L20`) within the \
            target's line count; matching is case-sensitive, as in browsers. A renamed heading silently breaks \
            every link into it.
            """,
        fix: "Use the target heading's current anchor, or add an explicit anchor.",
        triggeringExamples: [
            Example(files: [
                "docs/a.md": "# Alpha\n\n## Set-up & Usage\n\n[self](↓#setup--usage) [other](↓b.md#gamma) [case](↓#Alpha)\n",
                "docs/b.md": "# Beta\n",
            ]),
            Example(files: [
                "docs/a.md": "[line](↓config.yaml#L10-L12)\n",
                "docs/config.yaml": "a: 1\n",
            ]),
        ],
        nonTriggeringExamples: [
            Example(files: [
                "docs/a.md": """
                    # Alpha

                    ## Set-up & Usage

                    ## Set-up & Usage

                    <a name="custom"></a>

                    [1](#set-up--usage) [2](#set-up--usage-1) [3](b.md#beta-) [4](#custom) [5](config.yaml#L2)
                    [6](b.md#user-content-beta-) [7](schema.json#/definitions/x) [8](#top)
                    """,
                "docs/b.md": "# Beta ✨\n",
                "docs/config.yaml": "a: 1\nb: 2\n",
                "docs/schema.json": "{}\n",
            ], linted: ["docs/a.md"]),
        ])

    public func check(_ repository: RepositoryIndex, into sink: inout DiagnosticSink) {
        let index = LinkIndex.of(repository)
        for link in LinkOccurrence.all(in: repository) {
            let path: String
            let fragment: String
            switch link.target {
            case .sameDocument(let value):
                path = link.document.path
                fragment = value
            case .path(let target, let value?, _):
                guard index.existence(of: target, in: repository) == .file else { continue }
                path = target
                fragment = value
            default:
                continue
            }
            guard index.fragmentExists(fragment, in: path, repository: repository) == false else { continue }
            let inTarget = path == link.document.path ? "this document" : path
            var help = "link to an existing heading anchor of \(inTarget)"
            if LinkIndex.lineAnchor(fragment) != nil, let file = repository.documents[path]?.file {
                help = "\(path) has \(LinkIndex.lineCount(file)) lines"
            } else if let closest = index.suggestion(for: fragment, in: path, repository: repository) {
                help = "did you mean `#\(closest)`?"
            }
            sink.report(
                "anchor `#\(fragment)` does not exist in \(inTarget)", path: link.document.path, range: link.range,
                pointer: link.pointer, help: help)
        }
    }
}
