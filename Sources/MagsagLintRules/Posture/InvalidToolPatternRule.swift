import MagsagCatalog
import MagsagLintCore
import MagsagSource

/// Reports malformed tool patterns in permission policies and agents' `policies.tools`, and patterns
/// naming servers or tools that are not configured.
public struct InvalidToolPatternRule: RepositoryRule {
    public init() {}

    public static let description = RuleDescription(
        id: "invalid-tool-pattern",
        name: "Invalid tool pattern",
        category: .policies,
        defaultSeverity: .error,
        summary: "A tool pattern is not a well-formed <server>.<tool> glob or names an unconfigured server or tool",
        rationale: """
            Tool permissions match `<server>.<tool>` names with globs (`*` any run, `?` one character, \
            `[…]` a class, anchored). A pattern without a server part (`delete_*`), with an empty part, \
            spaces or an unclosed `[` never matches, so the permission it carries silently does nothing. When \
            MCP server configs exist, a literal server part must name one, and a literal tool part must be one \
            of that server's `tools[].name` when the config lists tools. Checked: `categories.*.tools[]` and \
            `tools` keys of `catalog/policies/*permissions*.yaml` (also under `environments`), and the keys \
            of an agent's `policies.tools`.
            """,
        fix: "Write `<server>.<tool>`, `<server>.*` or `*.<verb>_*`, with a configured server id.",
        triggeringExamples: [
            Example(files: [
                "tools/adk/servers/github.yaml": "id: github\ntools:\n  - name: create_issue\n",
                "catalog/policies/tool_permissions.yaml": """
                    categories:
                      write:
                        permission: REQUIRE_APPROVAL
                        tools: [↓"create_*", ↓"gitlab.create_*", ↓"github.create_isue", ↓"*.[abc"]
                    """,
                "catalog/agents/main/a-mag/agent.yaml": "slug: a-mag\npolicies:\n  tools:\n    ↓github: allow\n",
            ]),
        ],
        nonTriggeringExamples: [
            Example(files: [
                "tools/adk/servers/github.yaml": "id: github\ntools:\n  - name: create_issue\n",
                "catalog/policies/tool_permissions.yaml": """
                    categories:
                      write:
                        permission: REQUIRE_APPROVAL
                        tools: ["*.create_*", "github.create_issue", "github.*", "git?ub.[cd]*"]
                    tools:
                      github.create_issue: REQUIRE_APPROVAL
                    """,
                "catalog/agents/main/a-mag/agent.yaml": "slug: a-mag\npolicies:\n  tools:\n    github.*: allow\n",
            ]),
        ])

    public func check(_ repository: RepositoryIndex, into sink: inout DiagnosticSink) {
        let settings = sink.settings
        let servers = MCPServerIndex.of(repository, settings: settings)
        for (path, document) in repository.sortedLintedDocuments {
            guard let value = document.root, value.objectValue != nil else { continue }
            let root = CatalogField(path: path, value: value)
            var patterns: [PermissionPolicy.Pattern] = []
            if PosturePaths.isPermissionPolicy(path, settings: settings) {
                for scope in PermissionPolicy.scopes(root) { patterns += PermissionPolicy.patterns(in: scope.field) }
            } else if PosturePaths.isAgentDescriptor(path, settings: settings) {
                for member in root.descendant("policies", "tools")?.members ?? [] {
                    patterns.append(.init(text: member.key, path: path, range: member.field.keyRange ?? member.field.range,
                                          pointer: member.field.pointer))
                }
            }
            for pattern in patterns {
                guard let problem = Self.problem(pattern.text, servers: servers) else { continue }
                sink.report("tool pattern '\(pattern.text)' \(problem)", path: pattern.path, range: pattern.range,
                            pointer: pattern.pointer, label: "invalid pattern",
                            help: "write <server>.<tool> or <server>.* with a configured server")
            }
        }
    }

    static func problem(_ pattern: String, servers: MCPServerIndex) -> String? {
        guard let dot = pattern.firstIndex(of: ".") else { return "has no '<server>.' part" }
        let server = String(pattern[..<dot])
        let tool = String(pattern[pattern.index(after: dot)...])
        if server.isEmpty || tool.isEmpty { return "has an empty server or tool part" }
        for part in [server, tool] {
            if let bad = part.first(where: { !($0.isLetter || $0.isNumber || "_-*?[]!.".contains($0)) }) {
                return "contains '\(bad)', which no server or tool name has"
            }
            if !bracketsBalanced(part) { return "has an unclosed or empty '[…]' class" }
        }
        let isGlob = { (text: String) in text.contains { "*?[".contains($0) } }
        guard !servers.isEmpty, !isGlob(server) else { return nil }
        guard let tools = servers.tools[server] else { return "names the server '\(server)', which has no config" }
        if !tools.isEmpty, !isGlob(tool), !tools.contains(tool) { return "names the tool '\(tool)', which server '\(server)' does not list" }
        return nil
    }

    private static func bracketsBalanced(_ text: String) -> Bool {
        var open = false
        var length = 0
        for character in text {
            if character == "[" {
                if open { return false }
                open = true
                length = 0
            } else if character == "]" {
                if !open || length == 0 { return false }
                open = false
            } else if open, !(character == "!" && length == 0) {
                length += 1
            }
        }
        return !open
    }
}
