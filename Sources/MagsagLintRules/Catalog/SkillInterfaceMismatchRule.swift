import MagsagCatalog
import MagsagLintCore
import MagsagSource

/// Reports SKILL.md `iface` entries that disagree with skill.yaml `contracts`, or are prose.
public struct SkillInterfaceMismatchRule: RepositoryRule {
    public init() {}

    public static let description = RuleDescription(
        id: "skill-interface-mismatch",
        name: "Skill interface mismatch",
        category: .contracts,
        defaultSeverity: .error,
        summary: "A SKILL.md iface names other schemas than skill.yaml's contracts, or describes them in prose",
        rationale: """
            SKILL.md is what people and agents read; skill.yaml is what the runtime loads. When their \
            contracts differ, examples, callers and documentation are checked against different schemas. An \
            `iface` written as prose cannot be checked at all.
            """,
        fix: "Make `iface.input_schema`/`output_schema` the same paths as skill.yaml's `contracts`.",
        triggeringExamples: [
            Example(files: [
                "catalog/skills/lookup/skill.yaml": "contracts:\n  input_schema: catalog/skills/lookup/contracts/input.schema.json\n",
                "catalog/skills/lookup/SKILL.md": "---\niface:\n  input_schema: ↓catalog/skills/lookup/contracts/in.schema.json\n---\n",
            ]),
            Example("catalog/skills/lookup/SKILL.md", "---\niface: ↓Takes a rule id and returns its entry\n---\n"),
            Example("catalog/skills/lookup/SKILL.md", "---\niface:\n  output_schema: ↓the rule entry as JSON\n---\n"),
        ],
        nonTriggeringExamples: [
            Example("catalog/skills/_template/SKILL.md", "---\niface:\n  input_schema: <path to the input schema>\n---\n"),
            Example(files: [
                "catalog/skills/lookup/skill.yaml": "contracts:\n  input_schema: catalog/skills/lookup/contracts/input.schema.json\n",
                "catalog/skills/lookup/SKILL.md":
                    "---\niface:\n  input_schema: ./catalog/skills/lookup/contracts/input.schema.json\n  output_schema: catalog/skills/lookup/contracts/output.schema.json\n---\n",
            ]),
        ])

    public func check(_ repository: RepositoryIndex, into sink: inout DiagnosticSink) {
        // Findings land on the skill card: only linted cards are read.
        for skill in CatalogModel.of(repository, settings: sink.settings).skills
        where skill.cardIsLinted(in: repository) {
            guard let iface = skill.card?.child("iface") else { continue }
            guard iface.value.objectValue != nil else {
                if let text = iface.string, !(skill.isTemplate && (text.utf8Contains("<") || text.utf8Contains("{"))) {
                    sink.report("iface is prose, not a mapping of schema paths", at: iface, label: "not a path",
                                help: "write iface: {input_schema: <path>, output_schema: <path>}")
                }
                continue
            }
            for (name, field) in iface.members {
                guard let text = field.string else { continue }
                if skill.isTemplate, text.utf8Contains("<") || text.utf8Contains("{") { continue }
                if !ContractPath.looksLikePath(text) {
                    sink.report("iface.\(name) is prose, not a schema path", at: field, label: "not a path",
                                help: "name the schema file, as skill.yaml's contracts.\(name) does")
                    continue
                }
                guard !skill.isTemplate, let declared = skill.manifest?.descendant("contracts", name),
                      let declaredText = declared.string else { continue }
                let a = RepositoryPath.normalize(text.trimmingWhitespace) ?? text
                let b = RepositoryPath.normalize(declaredText.trimmingWhitespace) ?? declaredText
                if a != b {
                    sink.report("iface.\(name) '\(text)' differs from skill.yaml contracts.\(name) '\(declaredText)'", at: field,
                                label: "differs", related: [declared.location("skill.yaml declares")],
                                help: "use the same schema path in SKILL.md and skill.yaml")
                }
            }
        }
    }
}
