import MagsagCatalog
import MagsagLintCore
import MagsagSource

/// Reports `risk_class: low` agents that depend on a skill with write-capable MCP permissions.
public struct WritePermissionForLowRiskAgentRule: RepositoryRule {
    public init() {}

    public static let description = RuleDescription(
        id: "write-permission-for-low-risk-agent",
        name: "Write permission for low-risk agent",
        category: .security,
        defaultSeverity: .warning,
        summary: "A risk_class low agent uses a skill that can write through MCP",
        rationale: """
            `risk_class` decides how much review and approval an agent's runs get; `low` says the agent cannot \
            change anything that matters. A skill it depends on that holds a write-capable permission makes \
            that false. Write-capable means a permission with a `write`, `rw`, `read-write` or `admin` segment \
            (`mcp:github:write`, `fs:write`), or `mcp:<server>` where the server config's `permissions.scope` \
            includes `write`, `read-write`, `rw` or `admin`. A server without a `scope` is not assumed to write.
            """,
        fix: "Raise the agent's `risk_class` to `medium` or `high`, or give the skill a read-only server or permission.",
        triggeringExamples: [
            Example(files: [
                "tools/adk/servers/github.yaml": "id: github\npermissions:\n  scope: [read, write]\n",
                "catalog/skills/issue-sync/skill.yaml": "id: skill.issue-sync\npermissions:\n  - mcp:github\n",
                "catalog/skills/notes/skill.yaml": "id: skill.notes\npermissions:\n  - fs:write\n",
                "catalog/agents/main/triage-mag/agent.yaml": """
                    slug: triage-mag
                    risk_class: low
                    depends_on:
                      skills:
                        - ↓magsag://skill.issue-sync@^1.0.0
                        - ↓skill.notes
                    """,
            ]),
        ],
        nonTriggeringExamples: [
            Example(files: [
                "tools/adk/servers/github.yaml": "id: github\npermissions:\n  scope: read\n  write_requires_approval: true\n",
                "catalog/skills/issue-read/skill.yaml": "id: skill.issue-read\npermissions:\n  - mcp:github\n",
                "catalog/agents/main/triage-mag/agent.yaml": """
                    slug: triage-mag
                    risk_class: low
                    depends_on:
                      skills: [skill.issue-read]
                    """,
            ]),
        ])

    private static let writeWords: Set<String> = ["write", "rw", "readwrite", "read-write", "read_write", "admin"]

    public func check(_ repository: RepositoryIndex, into sink: inout DiagnosticSink) {
        let catalog = CatalogModel.of(repository, settings: sink.settings)
        let writableServers = Self.writableServers(repository, settings: sink.settings)
        for agent in catalog.agents where !agent.isTemplate && repository.linted.contains(agent.path) {
            guard let risk = agent.root.child("risk_class"), risk.string == "low" else { continue }
            for dependency in agent.dependencies {
                guard let reference = dependency.parsed, reference.kind == .skill,
                      let index = catalog.skillIndex(named: reference.name) else { continue }
                let skill = catalog.skills[index]
                for permission in skill.manifest?.child("permissions")?.elements ?? [] {
                    guard let text = permission.string, let why = Self.writeReason(text, writableServers: writableServers) else { continue }
                    sink.report("low-risk agent depends on '\(reference.name)', whose permission '\(text)' \(why)",
                                at: dependency.field, label: "write-capable skill",
                                related: [permission.location("write-capable permission"), risk.location("risk_class")],
                                help: "raise risk_class to medium or high, or use a read-only permission")
                    break
                }
            }
        }
    }

    static func writeReason(_ permission: String, writableServers: [String: Bool]) -> String? {
        let segments = permission.lowercased().split { $0 == ":" || $0 == "/" || $0 == "." }.map(String.init)
        if segments.dropFirst().contains(where: { writeWords.contains($0) }) { return "grants write access" }
        if segments.first == "mcp", segments.count >= 2, writableServers[segments[1]] == true {
            return "names a server whose scope includes write"
        }
        return nil
    }

    /// Server id → whether its `permissions.scope` includes a write word.
    static func writableServers(_ repository: RepositoryIndex, settings: LintSettings) -> [String: Bool] {
        repository.memoized("posture.writable-servers|" + settings.roots.mcp.joined(separator: "|")) { repository in
            var result: [String: Bool] = [:]
            for path in PosturePaths.mcpServerConfigs(in: repository, settings: settings) {
                guard let root = repository.documents[path]?.root else { continue }
                let scope = root["permissions"]?["scope"]
                var words: [String] = scope?.stringValue.map { [$0] } ?? []
                words += scope?.arrayValue?.compactMap(\.stringValue) ?? []
                let tokens = words.flatMap { $0.lowercased().split { $0 == "," || $0 == " " || $0 == "+" || $0 == "|" }.map(String.init) }
                let writable = tokens.contains { writeWords.contains($0) }
                let name = PosturePaths.fileName(path)
                let stem = name.hasSuffix(".yml") ? String(name.dropLast(4)) : String(name.dropLast(5))
                result[stem] = writable || result[stem] == true
                if let id = root["id"]?.stringValue { result[id] = writable || result[id] == true }
            }
            return result
        }
    }
}
