import MagsagCatalog
import MagsagLintCore
import MagsagSource

/// Reports MCP server configs whose `id` is not their file name.
public struct MCPServerIDMismatchRule: RepositoryRule {
    public init() {}

    public static let description = RuleDescription(
        id: "mcp-server-id-mismatch",
        name: "MCP server id mismatch",
        category: .mcp,
        defaultSeverity: .error,
        summary: "An MCP server config's id differs from its file name",
        rationale: """
            Permissions (`mcp:<id>`) and tool names (`<id>.<tool>`) use the id, while loaders and people find \
            configs by file name; when the two differ, permission reviews and loading look at different servers.
            """,
        fix: "Rename the file to `<id>.yaml` or change the id to the file name.",
        triggeringExamples: [
            Example("tools/adk/servers/pg-readonly.yaml", "id: ↓postgres\nversion: \"1\"\ntype: postgres\n"),
        ],
        nonTriggeringExamples: [
            Example("tools/adk/servers/pg-readonly.yaml", "id: pg-readonly\nversion: \"1\"\ntype: postgres\n"),
        ])

    public func check(_ repository: RepositoryIndex, into sink: inout DiagnosticSink) {
        for server in CatalogModel.of(repository, settings: sink.settings).mcpServers {
            guard let id = server.root.child("id"), let text = id.scalarText, text != server.stem else { continue }
            sink.report("mcp server id '\(text)' differs from its file name '\(server.stem)'", at: id, label: "declared here",
                        help: "rename the file to \(text).yaml or set id: \(server.stem)")
        }
    }
}
