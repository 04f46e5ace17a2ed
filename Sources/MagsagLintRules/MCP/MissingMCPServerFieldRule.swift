import MagsagCatalog
import MagsagLintCore
import MagsagSource

/// Reports MCP server configs without `id`, `version`, or a `transport`/`type`.
public struct MissingMCPServerFieldRule: RepositoryRule {
    public init() {}

    public static let description = RuleDescription(
        id: "missing-mcp-server-field",
        name: "Missing MCP server field",
        category: .mcp,
        defaultSeverity: .error,
        summary: "An MCP server config lacks its id, its version, or both its transport and its type",
        rationale: """
            The MCP runtime starts a server from its config: without an id it cannot be named in permissions, \
            without a version it cannot be pinned, and without a transport (or a `type` implying one) it cannot \
            be started at all.
            """,
        fix: "Add the missing field: `id:` (the file name), `version:`, and `transport:` (or `type:`).",
        triggeringExamples: [
            Example("tools/adk/servers/fetch.yaml", "↓description: fetch server\ntools: []\n"),
            Example(".mcp/servers/pg.yaml", "↓id: pg\nversion: \"1\"\n"),
        ],
        nonTriggeringExamples: [
            Example("tools/adk/servers/fetch.yaml", "id: fetch\nversion: 1.0.0\ntransport:\n  type: stdio\n  command: npx\n"),
            Example(".mcp/servers/pg.yaml", "id: pg\nversion: \"1\"\ntype: postgres\n"),
        ])

    public func check(_ repository: RepositoryIndex, into sink: inout DiagnosticSink) {
        for server in CatalogModel.of(repository, settings: sink.settings).mcpServers {
            guard let object = server.root.value.objectValue, let first = object.members.first else { continue }
            var missing: [String] = []
            if server.root.child("id") == nil { missing.append("id") }
            if server.root.child("version") == nil { missing.append("version") }
            if server.root.child("transport") == nil, server.root.child("type") == nil { missing.append("transport (or type)") }
            guard !missing.isEmpty else { continue }
            var anchor = server.root
            anchor.value.range = first.keyRange
            sink.report("mcp server config lacks \(missing.joined(separator: ", "))", at: anchor, label: "incomplete",
                        help: "add \(missing.joined(separator: ", ")) to \(server.path)")
        }
    }
}
