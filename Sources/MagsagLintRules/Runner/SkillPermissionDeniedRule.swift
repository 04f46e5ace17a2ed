import MagsagLintCore
import MagsagRunner

/// Runner: a fixture records a call to a skill whose MCP permissions the policies in force refuse.
public struct SkillPermissionDeniedRule: RunnerReportRule {
    public init() {}

    static let skill = "catalog/skills/s/skill.yaml"
    static let policy = "catalog/policies/tool_permissions.yaml"

    /// A MAG calling skill.s (granted `mcp:srv`) under `policy`, with optional MAG YAML.
    static func files(policy text: String, magExtra: String = "", marker: String = "") -> [String: String] {
        [
            RunnerExamples.mag: "version: 1.0.0\ndepends_on:\n  skills:\n    - magsag://skill.s@^1.0.0\n" + magExtra,
            skill: "id: skill.s\nversion: 1.0.0\npermissions:\n  - mcp:srv\n",
            policy: text,
            RunnerExamples.magFixture: "name: basic\ninput: {}\ncalls:\n  - skill: \(marker)magsag://skill.s@^1.0.0\n    input: {}\n    output: {}\nexpect:\n  status: success\n  output: {}\n",
        ]
    }

    public static let description = RuleDescription(
        id: "skill-permission-denied",
        name: "Skill permission denied",
        category: .contracts,
        defaultSeverity: .error,
        summary: "A fixture records a call to a skill whose MCP server the permission policies or the caller's policies.tools refuse",
        rationale: """
            A skill holding `mcp:<server>` receives an MCP runtime for that server; when the tool permission policies in force (`default_permission`/`server_defaults` NEVER with no category or tool granting one of its tools) or the calling agent's `policies.tools` (`<server>.*: deny`) refuse every tool of the server, the recorded call cannot happen in production.
            """,
        fix: "Grant the server's tools the skill needs in the policy, or have the agent call a skill that needs no refused server.",
        triggeringExamples: [
            Example(files: files(policy: "default_permission: NEVER\n", marker: "↓"), note: "every tool is refused by default"),
            Example(files: files(policy: "default_permission: ALWAYS\n", magExtra: "policies:\n  tools:\n    srv.*: deny\n", marker: "↓"),
                    note: "the caller denies the server"),
        ],
        nonTriggeringExamples: [
            Example(files: files(policy: "default_permission: NEVER\ncategories:\n  read_only:\n    permission: ALWAYS\n    tools: [srv.read_*]\n"),
                    note: "a category grants some tools of the server"),
            Example(files: files(policy: "default_permission: REQUIRE_APPROVAL\nserver_defaults:\n  other: NEVER\n")),
        ])

    public func check(_ repository: RepositoryIndex, into sink: inout DiagnosticSink) {
        RunnerCheck.skillPermission.report(repository, into: &sink)
    }
}
