import MagsagCatalog
import MagsagLintCore
import MagsagSource

/// Reports contract schema paths that do not exist, are absolute, or leave the repository.
public struct MissingContractFileRule: RepositoryRule {
    public init() {}

    public static let description = RuleDescription(
        id: "missing-contract-file",
        name: "Missing contract file",
        category: .contracts,
        defaultSeverity: .error,
        summary: "A contracts or iface schema path names a file that is missing, absolute or outside the repository",
        rationale: """
            Input and output contracts are the only machine-checkable promise between a caller and an agent or \
            skill. A path to a moved file, an absolute path, or one that climbs out with `..` validates nothing \
            on anyone else's machine.
            """,
        fix: "Point the path at the schema's repository-relative location, e.g. `catalog/contracts/x_input.schema.json`.",
        triggeringExamples: [
            Example("catalog/agents/main/a-mag/agent.yaml", "contracts:\n  input_schema: ↓catalog/contracts/gone.schema.json\n"),
            Example("catalog/skills/lookup/skill.yaml", "contracts:\n  input_schema: ↓/home/me/in.schema.json\n  output_schema: ↓../../../out.schema.json\n"),
            Example("catalog/skills/lookup/SKILL.md", "---\ntitle: Lookup\niface:\n  input_schema: ↓contracts/missing.schema.json\n---\n# Lookup\n"),
        ],
        nonTriggeringExamples: [
            Example(files: [
                "catalog/agents/main/a-mag/agent.yaml": "contracts:\n  input_schema: catalog/contracts/a_input.schema.json\n",
                "catalog/contracts/a_input.schema.json": "{\"type\": \"object\"}",
                "catalog/skills/lookup/skill.yaml": "contracts:\n  output_schema: contracts/output.schema.json\n",
                "catalog/skills/lookup/contracts/output.schema.json": "{}",
            ], note: "paths resolve from the repository root, else from the descriptor's folder"),
        ])

    public func check(_ repository: RepositoryIndex, into sink: inout DiagnosticSink) {
        for contract in ContractPath.all(in: CatalogModel.of(repository, settings: sink.settings), including: repository.linted.contains) {
            guard let text = contract.field.string?.trimmingWhitespace else { continue }
            if RepositoryPath.isAbsolute(text) {
                sink.report("\(contract.member) '\(text)' is an absolute path", at: contract.field, label: "absolute path",
                            help: "use a path relative to the repository root")
            } else if RepositoryPath.normalize(text) == nil {
                sink.report("\(contract.member) '\(text)' points outside the repository", at: contract.field,
                            label: "escapes the repository", help: "keep contracts inside the repository")
            } else if let path = contract.resolved(in: repository), !repository.fileExists(path) {
                sink.report("\(contract.member) '\(text)' does not exist", at: contract.field, label: "missing file",
                            help: "fix the path or add the schema")
            }
        }
    }
}
