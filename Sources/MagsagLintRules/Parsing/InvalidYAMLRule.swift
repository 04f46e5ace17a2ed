import MagsagCatalog
import MagsagLintCore
import MagsagSource

/// Reports YAML files that are not well-formed.
public struct InvalidYAMLRule: FileRule {
    public init() {}

    public static let description = RuleDescription(
        id: "invalid-yaml",
        name: "Invalid YAML",
        category: .parsing,
        defaultSeverity: .error,
        summary: "A YAML file is not well-formed YAML",
        rationale: """
            Agent descriptors, skill manifests, registries and policies are loaded at run time; a file that \
            does not parse takes the agent or the whole catalog down, and hides every other defect in it.
            """,
        fix: "Correct the syntax at the reported position (indentation, unclosed quotes, tabs used for indentation).",
        triggeringExamples: [
            Example("catalog/agents/main/a-mag/agent.yaml", "slug: a-mag\nname: [unclosed\n↓"),
            Example("catalog/policies/p.yaml", "key: \"unterminated\n↓"),
        ],
        nonTriggeringExamples: [
            Example("catalog/agents/main/a-mag/agent.yaml", "slug: a-mag\nname: AMag\nversion: 0.1.0\n"),
        ])

    public func check(_ document: LintDocument, into sink: inout DiagnosticSink) {
        guard document.kind == .yaml else { return }
        for issue in document.issues
        where issue.kind == .invalidYAML || issue.kind == .aliasExpansionLimit || issue.kind == .nestingLimit {
            sink.report(issue.message, path: document.path, range: issue.range, label: "here",
                        help: "fix the YAML syntax at this position")
        }
    }
}
