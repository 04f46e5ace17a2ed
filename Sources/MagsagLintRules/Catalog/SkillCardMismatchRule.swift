import MagsagCatalog
import MagsagLintCore
import MagsagSource

/// Reports a SKILL.md whose `name` is not its folder, or whose `mcp.server_ref` is not granted.
public struct SkillCardMismatchRule: RepositoryRule {
    public init() {}

    public static let description = RuleDescription(
        id: "skill-card-mismatch",
        name: "Skill card mismatch",
        category: .catalog,
        defaultSeverity: .error,
        summary: "A SKILL.md names another skill than its folder, or uses an MCP server its skill.yaml does not grant",
        rationale: """
            Skills are found by folder; a SKILL.md `name` that differs documents a skill nobody can load. A \
            `mcp.server_ref` without the matching `mcp:<server>` permission in skill.yaml describes a server \
            the runtime will refuse to hand the skill, so the skill fails on its first tool call.
            """,
        fix: "Make `name` the folder name, and add `mcp:<server>` to skill.yaml's `permissions` (or fix `server_ref`).",
        triggeringExamples: [
            Example("catalog/skills/rule-lookup/SKILL.md", "---\nname: ↓rules-lookup\n---\n# Rule lookup\n"),
            Example(files: [
                "catalog/skills/notes/skill.yaml": "id: skill.notes\npermissions:\n  - mcp:filesystem\n",
                "catalog/skills/notes/SKILL.md": "---\nname: notes\nmcp:\n  server_ref: ↓notion\n---\n# Notes\n",
            ]),
        ],
        nonTriggeringExamples: [
            Example(files: [
                "catalog/skills/notes/skill.yaml": "id: skill.notes\npermissions:\n  - mcp:notion\n",
                "catalog/skills/notes/SKILL.md": "---\nname: notes\nmcp:\n  server_ref: notion\n---\n# Notes\n",
            ]),
            Example("catalog/skills/_template/SKILL.md", "---\nname: <skill-name>\n---\n# Template\n"),
        ])

    public func check(_ repository: RepositoryIndex, into sink: inout DiagnosticSink) {
        // Findings land on the skill card: only linted cards are read.
        for skill in CatalogModel.of(repository, settings: sink.settings).skills
        where !skill.isTemplate && skill.cardIsLinted(in: repository) {
            guard let card = skill.card else { continue }
            if let name = card.child("name"), let text = name.string, text != skill.folderName {
                sink.report("the skill card names the skill '\(text)' but its folder is '\(skill.folderName)'", at: name,
                            label: "not the folder name", help: "set `name: \(skill.folderName)`")
            }
            guard let reference = card.child("mcp")?.child("server_ref"), let server = reference.string,
                  let manifest = skill.manifest else { continue }
            // A permissions value that is not a list is schema-violation's finding, not this rule's.
            guard let list = manifest.child("permissions"), list.value.arrayValue != nil else { continue }
            let permissions = list.elements.compactMap(\.string)
            if !permissions.contains("mcp:\(server)") {
                sink.report("the skill card uses the MCP server '\(server)' but skill.yaml does not grant `mcp:\(server)`", at: reference,
                            label: "not granted", related: manifest.child("permissions").map { [$0.location("permissions declared here")] } ?? [],
                            help: "add `mcp:\(server)` to skill.yaml's permissions, or correct `server_ref`")
            }
        }
    }
}
