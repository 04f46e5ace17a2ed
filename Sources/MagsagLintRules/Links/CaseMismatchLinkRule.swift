import MagsagLintCore
import MagsagSource

/// Reports links whose target exists only with different letter case.
public struct CaseMismatchLinkRule: RepositoryRule {
    public init() {}

    public static let description = RuleDescription(
        id: "case-mismatch-link",
        name: "Case-mismatched link",
        category: .links,
        defaultSeverity: .error,
        summary: "A link's target exists only with different letter case",
        rationale: """
            macOS and Windows file systems ignore case, so the link works on the author's machine; git, GitHub \
            and Linux do not, so it is broken for everyone else.
            """,
        fix: "Spell the link exactly as the file is named.",
        triggeringExamples: [
            Example(files: [
                "docs/a.md": "[plans](↓../Docs/Plans.md) [dir](↓Sub/)\n",
                "docs/plans.md": "# Plans\n",
                "docs/sub/b.md": "# B\n",
            ], linted: ["docs/a.md"]),
        ],
        nonTriggeringExamples: [
            Example(files: [
                "docs/a.md": "[plans](plans.md) [missing](Nope.md)\n",
                "docs/plans.md": "# Plans\n",
            ], linted: ["docs/a.md"]),
        ])

    public func check(_ repository: RepositoryIndex, into sink: inout DiagnosticSink) {
        let index = LinkIndex.of(repository)
        for link in LinkOccurrence.all(in: repository) {
            guard case .path(let path, _, _) = link.target,
                  case .otherCase(let actual) = index.existence(of: path, in: repository) else { continue }
            sink.report(
                "\(link.noun) target `\(link.destination)` exists only as \(actual)", path: link.document.path,
                range: link.range, pointer: link.pointer, notes: ["resolved to \(path)"],
                help: "spell the path with the same letter case as \(actual)")
        }
    }
}
