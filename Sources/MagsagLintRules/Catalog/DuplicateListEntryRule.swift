import MagsagJSONSchema
import MagsagLintCore
import MagsagRunner
import MagsagSource

/// Reports entries repeated in lists that are sets: an agent's dependencies, a skill's permissions, an
/// eval's targets, a JSON Schema `enum`.
public struct DuplicateListEntryRule: FileRule {
    public init() {}

    public static let description = RuleDescription(
        id: "duplicate-list-entry",
        name: "Duplicate list entry",
        category: .catalog,
        defaultSeverity: .warning,
        summary: "A list whose order carries no meaning names the same entry twice (dependencies, permissions, eval targets, schema enum)",
        rationale: """
            `depends_on.skills`, `depends_on.sub_agents`, a skill's or a skills-registry entry's `permissions`, \
            an eval's `target_agents` and a JSON Schema `enum` are sets: a repeated entry adds nothing, hides \
            the entry that was meant (often a typo of another one) and makes diffs noisy. Repeated `required` \
            and `type` entries break the metaschema and are reported by `invalid-schema`.
            """,
        fix: "Remove the repeated entry (`--fix` does it, keeping the first one and every comment).",
        triggeringExamples: [
            Example("catalog/agents/main/a-mag/agent.yaml", """
                depends_on:
                  skills:
                    - magsag://skill.lookup@>=0.1.0
                    - magsag://skill.rank@0.2.0   # ranking
                    - ↓magsag://skill.lookup@>=0.1.0
                  sub_agents: [b-sag, c-sag, ↓b-sag]

                """, fixed: """
                depends_on:
                  skills:
                    - magsag://skill.lookup@>=0.1.0
                    - magsag://skill.rank@0.2.0   # ranking
                  sub_agents: [b-sag, c-sag]

                """, note: "the repeated entries go, the first ones and the comments stay"),
            Example("catalog/contracts/order.schema.json", """
                {
                  "$schema": "https://json-schema.org/draft/2020-12/schema",
                  "properties": {"state": {"enum": ["open", "closed", ↓"open", null, ↓null]}}
                }

                """, fixed: """
                {
                  "$schema": "https://json-schema.org/draft/2020-12/schema",
                  "properties": {"state": {"enum": ["open", "closed", null]}}
                }

                """),
            Example("catalog/skills/lookup/skill.yaml", "id: skill.lookup\npermissions: [\"mcp:pg-readonly\", ↓'mcp:pg-readonly']\n",
                    fixed: "id: skill.lookup\npermissions: [\"mcp:pg-readonly\"]\n"),
        ],
        nonTriggeringExamples: [
            Example("catalog/agents/main/a-mag/agent.yaml", """
                depends_on:
                  skills: [magsag://skill.lookup@0.1.0, magsag://skill.lookup@0.2.0]
                  sub_agents: [b-sag, c-sag]

                """),
            Example("catalog/contracts/order.schema.json", """
                {"$schema": "https://json-schema.org/draft/2020-12/schema", "enum": [1, "1", true, "true"], "examples": ["a", "a"]}
                """),
            Example("catalog/evals/e/eval.yaml", "target_agents: [a-mag, b-mag]\n"),
        ])

    public func check(_ document: LintDocument, into sink: inout DiagnosticSink) {
        guard let root = document.root else { return }
        for (list, name) in Self.lists(in: document, root: root, catalog: sink.settings.roots.catalog) {
            guard let items = list.arrayValue else { continue }
            for (index, first) in TextEdit.duplicateIndices(items) {
                let item = items[index]
                let fix = TextEdit.removeItem(index, of: list, in: document.file).map {
                    Fix(message: "remove the repeated entry", applicability: .safe, edits: [$0])
                }
                sink.report(
                    "`\(name)` lists \(Self.describe(item)) twice", path: document.path, range: item.range,
                    label: "repeated", related: [Location(path: document.path, range: items[first].range, label: "first listed here")],
                    help: "remove the repeated entry", fix: fix)
            }
        }
    }

    /// The set-like lists of a document, with the name used in messages.
    private static let enumNeedles = NeedleSet([Array("enum".utf8), Array("\\u".utf8)])

    static func lists(in document: LintDocument, root: SourceValue, catalog: String) -> [(SourceValue, String)] {
        let path = document.path
        if document.kind == .json, ContractStore.isSchemaPath(path) {
            // Draft-04's metaschema requires unique `enum` items itself (`invalid-schema` reports them).
            guard SchemaInspection.declaredDialect(of: root) != .draft4 else { return [] }
            // A key `enum` is spelled out in the bytes unless a `\u` escape spells it: without either,
            // there is no schema to walk.
            guard document.contains(anyOf: enumNeedles) else { return [] }
            var found: [(SourceValue, String)] = []
            SchemaWalk.objects(in: root, documentURI: "", dialect: nil) { object, _, _ in
                if let list = object["enum"], list.arrayValue != nil { found.append((list, "enum")) }
            }
            return found
        }
        guard document.kind == .yaml, path.hasPrefix(catalog + "/") else { return [] }
        let name = path.lastPathSegment
        switch name {
        case "agent.yaml":
            return ["skills", "sub_agents"].compactMap { key in root["depends_on"]?[key].map { ($0, "depends_on.\(key)") } }
        case "skill.yaml":
            return root["permissions"].map { [($0, "permissions")] } ?? []
        case "eval.yaml":
            return root["target_agents"].map { [($0, "target_agents")] } ?? []
        case "skills.yaml" where path.hasSuffix("/registry/skills.yaml"):
            return (root["skills"]?.arrayValue ?? []).compactMap { entry in entry["permissions"].map { ($0, "permissions") } }
        default:
            return []
        }
    }

    static func describe(_ value: SourceValue) -> String {
        switch value.kind {
        case .string(let text): "'\(text)'"
        case .number(let number): number.text
        case .bool(let flag): String(flag)
        default: "null"
        }
    }
}
