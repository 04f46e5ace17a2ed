import MagsagCatalog
import MagsagLintCore
import MagsagSource

/// The MCP servers configured under `roots.mcp`, with their tool names; built once per run.
struct MCPServerIndex: Sendable {
    /// Server id (declared id and file stem) → tool names (empty when the config lists none).
    var tools: [String: Set<String>] = [:]

    var isEmpty: Bool { tools.isEmpty }

    static func of(_ repository: RepositoryIndex, settings: LintSettings) -> MCPServerIndex {
        repository.memoized("posture.mcp-servers|" + settings.roots.mcp.joined(separator: "|")) { repository in
            var index = MCPServerIndex()
            for path in PosturePaths.mcpServerConfigs(in: repository, settings: settings)
            where !repository.deleted.contains(path) {
                let name = PosturePaths.fileName(path)
                let stem = name.hasSuffix(".yml") ? String(name.dropLast(4)) : String(name.dropLast(5))
                let root = repository.documents[path]?.root
                let names = Set(root?["tools"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? [])
                index.tools[stem, default: []].formUnion(names)
                if let id = root?["id"]?.stringValue { index.tools[id, default: []].formUnion(names) }
            }
            return index
        }
    }
}
