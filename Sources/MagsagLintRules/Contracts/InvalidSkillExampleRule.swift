import MagsagCatalog
import MagsagJSONSchema
import MagsagLintCore
import MagsagSource

/// Validates a skill's `resources/examples/in.json` and `out.json` against its contracts.
public struct InvalidSkillExampleRule: RepositoryRule {
    public init() {}

    public static let description = RuleDescription(
        id: "invalid-skill-example",
        name: "Skill example violates its contract",
        category: .contracts,
        defaultSeverity: .error,
        summary: "A skill's example input or output does not validate against the skill's input or output contract",
        rationale: """
            Skill examples are what agent authors copy and what the runner replays; an example that breaks the \
            contract means either the contract or the documentation is wrong, and callers built from it fail.
            """,
        fix: "Update the example to the contract's current shape, or fix the contract.",
        triggeringExamples: [
            Example(files: [
                "catalog/skills/lookup/skill.yaml": "id: skill.lookup\ncontracts:\n  input_schema: catalog/skills/lookup/contracts/input.schema.json\n",
                "catalog/skills/lookup/contracts/input.schema.json": """
                    {"$schema": "http://json-schema.org/draft-07/schema#", "type": "object", "required": ["id"],
                     "properties": {"id": {"type": "string"}}}
                    """,
                "catalog/skills/lookup/resources/examples/in.json": "{\"id\": ↓42}\n",
            ], linted: ["catalog/skills/lookup/resources/examples/in.json"]),
        ],
        nonTriggeringExamples: [
            Example(files: [
                "catalog/skills/lookup/skill.yaml": "id: skill.lookup\ncontracts:\n  input_schema: catalog/skills/lookup/contracts/input.schema.json\n",
                "catalog/skills/lookup/contracts/input.schema.json": """
                    {"$schema": "http://json-schema.org/draft-07/schema#", "type": "object", "required": ["id"],
                     "properties": {"id": {"type": "string"}}}
                    """,
                "catalog/skills/lookup/resources/examples/in.json": "{\"id\": \"a-1\"}\n",
            ]),
        ])

    public func check(_ repository: RepositoryIndex, into sink: inout DiagnosticSink) {
        let catalog = CatalogModel.of(repository, settings: sink.settings)
        let schemas = RepositorySchemas.of(repository)
        for skill in catalog.skills where !skill.isTemplate {
            for (file, member) in [("in.json", "input_schema"), ("out.json", "output_schema")] {
                let example = skill.folder + "/resources/examples/" + file
                guard repository.linted.contains(example), let value = repository.documents[example]?.root else { continue }
                let declared = skill.manifest?.child("contracts")?.child(member) ?? skill.card?.child("iface")?.child(member)
                guard let field = declared, field.string.map(ContractPath.looksLikePath) == true,
                      let path = ContractPath(field: field, member: member).resolved(in: repository),
                      repository.documents[path] != nil,
                      case .success(let schema) = schemas.compiled(path: path) else { continue }
                for error in schema.validate(value) {
                    sink.report(
                        error.message, path: example, range: error.instanceRange, pointer: error.instanceLocation,
                        label: "violates `\(error.keyword)`",
                        related: [Location(path: field.path, range: field.range, label: "contract declared here")],
                        notes: error.note.map { [$0] } ?? [],
                        help: "update the example to match \(path), or fix the contract")
                }
            }
        }
    }
}
