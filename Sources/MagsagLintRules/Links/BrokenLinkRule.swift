import MagsagLintCore
import MagsagSource

/// Reports relative links and images whose target does not exist in the snapshot.
public struct BrokenLinkRule: RepositoryRule {
    public init() {}

    public static let description = RuleDescription(
        id: "broken-link",
        name: "Broken link",
        category: .links,
        defaultSeverity: .error,
        summary: "A relative link, image or front-matter source URL points at a path that does not exist",
        rationale: """
            Links are resolved against the snapshot being linted (work tree, staged index or revision), so a link \
            to a file that exists only in the work tree is broken in a pre-commit check. `/x` resolves from the \
            repository root, anything else from the document's folder; query strings are dropped and \
            percent-escapes decoded. External URLs are never fetched. Links that differ only in letter case are \
            reported by `case-mismatch-link`.
            """,
        fix: "Point the link at the file's current path, or remove it.",
        triggeringExamples: [
            Example(files: [
                "docs/guide.md": "See [the plan](↓plans/missing.md) and ![diagram](↓img/flow.png).\n",
            ]),
            Example(files: [
                "docs/guide.md": "---\nsources:\n  - id: R1\n    url: ↓../nowhere.md\n---\nEscapes: [x](↓../../../etc/passwd)\n",
            ]),
        ],
        nonTriggeringExamples: [
            Example(files: [
                "docs/guide.md": """
                    [up](../AGENTS.md) [root](/AGENTS.md?plain=1) [dir](plans/) [space](my%20notes.md#top)
                    [web](https://example.com/x.md) [mail](mailto:a@b.c) [self](#guide)

                    ```
                    [in code](missing.md)
                    ```
                    `[in a span](missing.md)`
                    """,
                "AGENTS.md": "# Agents\n",
                "docs/plans/a.md": "# A\n",
                "docs/my notes.md": "# Notes\n",
            ], linted: ["docs/guide.md"]),
        ])

    public func check(_ repository: RepositoryIndex, into sink: inout DiagnosticSink) {
        let index = LinkIndex.of(repository)
        for link in LinkOccurrence.all(in: repository) {
            switch link.target {
            case .outsideRepository:
                sink.report(
                    "\(link.noun) `\(link.destination)` points outside the repository", path: link.document.path,
                    range: link.range, pointer: link.pointer, help: "link to a file inside the repository, or use a full URL")
            case .path(let path, _, _):
                guard index.existence(of: path, in: repository) == .missing else { continue }
                sink.report(
                    "\(link.noun) target `\(link.destination)` does not exist", path: link.document.path,
                    range: link.range, pointer: link.pointer, notes: ["resolved to \(path)"],
                    help: "point the \(link.noun) at an existing file or remove it")
            default:
                continue
            }
        }
    }
}
