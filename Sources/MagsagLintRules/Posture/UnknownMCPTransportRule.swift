import MagsagCatalog
import MagsagLintCore
import MagsagSource

/// Reports MCP transports and server kinds the runtime does not know.
public struct UnknownMCPTransportRule: FileRule {
    public init() {}

    /// Transport types MCP clients implement.
    static let transports: Set<String> = ["stdio", "http", "sse", "streamable-http"]
    /// Server kinds (`type` at the top of a config) MAGSAG knows, besides the transport names.
    static let kinds: Set<String> = ["mcp", "postgres"]

    public static let description = RuleDescription(
        id: "unknown-mcp-transport",
        name: "Unknown MCP transport",
        category: .mcp,
        defaultSeverity: .error,
        summary: "An MCP server config names a transport type or server kind the runtime does not know",
        rationale: """
            The runtime picks how to reach a server from `transport.type` (`stdio`, `http`, `sse`, \
            `streamable-http`; also in each `fallback[]` entry, or `transport: stdio` as a string) and what it \
            is from the top-level `type` (`mcp`, `postgres`, or a transport name in older configs). Any other \
            value makes the server unreachable, or silently falls back to a default the author did not choose. \
            More kinds and transports can be allowed with the options `kinds: [...]` and `transports: [...]`.
            """,
        fix: "Use one of `stdio`, `http`, `sse`, `streamable-http` (transport) or `mcp`, `postgres` (kind), or allow the value in the options.",
        triggeringExamples: [
            Example("tools/adk/servers/fetch.yaml", """
                id: fetch
                type: ↓websocket-server
                transport:
                  type: ↓ws
                  url: wss://mcp.example.com/fetch
                fallback:
                  - type: ↓HTTP
                    url: https://mcp.example.com/fetch
                """),
        ],
        nonTriggeringExamples: [
            Example("tools/adk/servers/fetch.yaml", """
                id: fetch
                type: mcp
                transport:
                  type: streamable-http
                  url: https://mcp.example.com/fetch
                fallback:
                  - type: stdio
                    command: node
                    args: [servers/fetch/index.js]
                """),
            Example(".mcp/servers/pg.yaml", "id: pg\nversion: \"1\"\ntype: postgres\n"),
        ])

    public func check(_ document: LintDocument, into sink: inout DiagnosticSink) {
        guard PosturePaths.isMCPServerConfig(document.path, mcp: sink.settings.roots.mcp), let value = document.root,
              value.objectValue != nil else { return }
        let root = CatalogField(path: document.path, value: value)
        let transports = Self.transports.union(sink.stringsOption("transports"))
        let kinds = Self.kinds.union(transports).union(sink.stringsOption("kinds"))
        if let type = root.child("type") { check(type, allowed: kinds, what: "server kind", into: &sink) }
        var transportFields: [CatalogField] = []
        if let transport = root.child("transport") {
            if transport.value.objectValue != nil {
                if let type = transport.child("type") { transportFields.append(type) }
            } else {
                transportFields.append(transport)
            }
        }
        for entry in root.child("fallback")?.elements ?? [] {
            if let type = entry.child("type") { transportFields.append(type) }
        }
        for field in transportFields { check(field, allowed: transports, what: "transport type", into: &sink) }
    }

    private func check(_ field: CatalogField, allowed: Set<String>, what: String, into sink: inout DiagnosticSink) {
        guard let text = field.scalarText else {
            sink.report("\(what) must be a string", at: field, label: "not a string", help: "use one of \(allowed.sorted().joined(separator: ", "))")
            return
        }
        guard !allowed.contains(text) else { return }
        let lowered = text.lowercased()
        let help = allowed.contains(lowered) ? "write '\(lowered)'" : "use one of \(allowed.sorted().joined(separator: ", ")), or allow it in the rule's options"
        sink.report("unknown \(what) '\(text)'", at: field, label: "unknown", help: help)
    }
}
