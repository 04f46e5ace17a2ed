import MagsagCatalog
import MagsagLintCore
import MagsagSource

/// Reports `mcp:<server>` permissions and `mcp.server_ref`s that name no configured MCP server.
public struct UnknownMCPServerRule: RepositoryRule {
    public init() {}

    public static let description = RuleDescription(
        id: "unknown-mcp-server",
        name: "Unknown MCP server",
        category: .mcp,
        defaultSeverity: .error,
        summary: "A skill permission or server_ref names an MCP server that has no config",
        rationale: """
            A skill granted `mcp:pg-readonly` can only call that server if a config for it exists \
            (a file such as pg-readonly.yaml under the MCP server folder, `tools/adk/servers/` or `.mcp/servers/` in older layouts). A permission for a \
            missing server is either a typo or a leftover, and the skill fails when it first connects.
            """,
        fix: "Fix the server name, add the server's config, or remove the permission.",
        triggeringExamples: [
            Example(files: [
                "tools/adk/servers/fetch.yaml": "id: fetch\nversion: \"1\"\ntype: mcp\n",
                "catalog/skills/a/skill.yaml": "id: skill.a\npermissions:\n  - mcp:fetch\n  - ↓mcp:pg-readonly\n",
                "catalog/skills/a/SKILL.md": "---\nname: a\nmcp:\n  server_ref: ↓postgres\n---\n",
                "catalog/registry/skills.yaml": "skills:\n  - id: skill.a\n    permissions: [↓mcp:github]\n",
            ]),
        ],
        nonTriggeringExamples: [
            Example(files: [
                ".mcp/servers/pg-readonly.yaml": "id: pg-readonly\nversion: \"1\"\ntype: postgres\n",
                "catalog/skills/a/skill.yaml": "id: skill.a\npermissions:\n  - mcp:pg-readonly\n  - fs:read\n",
                "catalog/skills/a/SKILL.md": "---\nname: a\nmcp:\n  server_ref: pg-readonly\n---\n",
            ]),
        ])

    public func check(_ repository: RepositoryIndex, into sink: inout DiagnosticSink) {
        let catalog = CatalogModel.of(repository, settings: sink.settings)
        var permissionLists: [CatalogField] = []
        // Findings land on the file naming the server: only linted skill files are read.
        for skill in catalog.skills where !skill.isTemplate {
            if skill.manifestIsLinted(in: repository), let list = skill.manifest?.child("permissions") {
                permissionLists.append(list)
            }
            if skill.cardIsLinted(in: repository), let ref = skill.card?.descendant("mcp", "server_ref"), let name = ref.scalarText {
                report(name, at: ref, catalog: catalog, into: &sink)
            }
        }
        for entry in catalog.skillsRegistry?.child("skills")?.elements ?? [] {
            if let list = entry.child("permissions") { permissionLists.append(list) }
        }
        for list in permissionLists {
            for permission in list.elements {
                guard let text = permission.string, text.hasPrefix("mcp:") else { continue }
                let name = String(text.dropFirst(4).prefix { $0 != ":" && $0 != "/" })
                report(name, at: permission, catalog: catalog, into: &sink)
            }
        }
    }

    private func report(_ name: String, at field: CatalogField, catalog: CatalogModel, into sink: inout DiagnosticSink) {
        guard !name.isEmpty, !catalog.mcpServerIDs.contains(name) else { return }
        let folders = catalog.layout.mcpServerFolders.joined(separator: " or ")
        sink.report("mcp server '\(name)' has no config", at: field, label: "unknown server",
                    notes: catalog.mcpServerIDs.isEmpty ? ["no mcp server configs were found under \(folders)"]
                        : ["configured servers: \(catalog.mcpServerIDs.sorted().joined(separator: ", "))"],
                    help: "add \(catalog.layout.mcpServerFolders[0])/\(name).yaml or fix the name")
    }
}
