import MagsagCatalog
import MagsagLintCore
import MagsagSource

/// Warns about contract schema changes whose effect on callers cannot be decided.
public struct PossiblyBreakingContractChangeRule: RepositoryRule {
    public init() {}

    public static let description = RuleDescription(
        id: "possibly-breaking-contract-change",
        name: "Possibly breaking contract change",
        category: .contracts,
        defaultSeverity: .warning,
        summary: "A contract schema changed since the base revision in a way whose effect on callers cannot be decided",
        rationale: """
            Some changes cannot be judged from the two schemas alone: a pattern replaced by another, a `format` \
            changed, a `$ref` whose target cannot be resolved offline, an `anyOf` rewritten rather than extended. \
            Rather than guess, the tool asks a human to confirm the change is compatible for the agents and skills \
            that use the contract. Silent without a base revision.
            """,
        fix: "Check the change against the callers; if it is compatible, suppress the finding with a reason, otherwise treat it as breaking.",
        triggeringExamples: [
            Example(files: [
                "catalog/agents/sub/b-sag/agent.yaml": "version: 1.1.0\ncontracts:\n  input_schema: catalog/contracts/b_input.schema.json\n",
                "catalog/contracts/b_input.schema.json": "{\"properties\": {\"code\": {\"type\": \"string\", ↓\"pattern\": \"^[A-Z]{2}[0-9]+$\"}}}",
            ], base: [
                "catalog/agents/sub/b-sag/agent.yaml": "version: 1.0.0\ncontracts:\n  input_schema: catalog/contracts/b_input.schema.json\n",
                "catalog/contracts/b_input.schema.json": "{\"properties\": {\"code\": {\"type\": \"string\", \"pattern\": \"^[A-Z]+[0-9]*$\"}}}",
            ]),
        ],
        nonTriggeringExamples: [
            Example(files: [
                "catalog/agents/sub/b-sag/agent.yaml": "version: 1.0.1\ncontracts:\n  input_schema: catalog/contracts/b_input.schema.json\n",
                "catalog/contracts/b_input.schema.json": "{\"properties\": {\"code\": {\"type\": \"string\", \"pattern\": \"^[A-Z]+[0-9]*$\", \"title\": \"Code\"}}}",
            ], base: [
                "catalog/agents/sub/b-sag/agent.yaml": "version: 1.0.0\ncontracts:\n  input_schema: catalog/contracts/b_input.schema.json\n",
                "catalog/contracts/b_input.schema.json": "{\"properties\": {\"code\": {\"type\": \"string\", \"pattern\": \"^[A-Z]+[0-9]*$\"}}}",
            ], note: "annotation-only changes are compatible"),
        ])

    public func check(_ repository: RepositoryIndex, into sink: inout DiagnosticSink) {
        for finding in ContractEvolution.of(repository, layout: CatalogLayout(roots: sink.settings.roots)).findings where finding.worst == .possiblyBreaking {
            let affected = finding.consumers(.possiblyBreaking)
            let location = finding.change.location
            sink.report("\(finding.change.summary) at '\(location.pointer)' may break \(ContractWording.affected(affected))",
                        path: location.path, range: SourceRange(at: location.range.start), pointer: location.pointer,
                        label: "cannot tell whether this is compatible", related: ContractWording.related(affected),
                        help: "check the change against the callers of \(ContractWording.names(affected))")
        }
    }
}
