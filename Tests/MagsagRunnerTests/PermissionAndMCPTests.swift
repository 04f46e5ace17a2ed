import MagsagLintCore
import MagsagRunner
import MagsagSource
import Testing

/// Skill permissions against the policies in force, and MCP counts in the run summary.
@Suite struct PermissionAndMCPTests {
    typealias S = RunnerTestSupport

    private func files(policy: String?, magExtra: String = "", usage: String = "", status: String = "") -> [String: String] {
        var files = S.pair(magExtra: magExtra)
        files["catalog/skills/s/skill.yaml"] = "id: skill.s\nversion: 1.2.0\npermissions:\n  - mcp:repo-files\n"
        if let policy { files["catalog/policies/tool_permissions.yaml"] = policy }
        files[S.magFixture] = S.fixture(calls: "  - skill: magsag://skill.s@^1.0.0\n    input: {k: 1}\n    output: {v: one}\n\(status)\(usage)")
        return files
    }

    private func denials(_ files: [String: String]) -> [String] {
        S.run(files).findings.filter { $0.check == .skillPermission }.map(\.message)
    }

    @Test func policyRefusingTheServerIsReported() {
        #expect(denials(files(policy: "default_permission: NEVER\n")) == [
            "'skill.s' needs 'mcp:repo-files' but catalog/policies/tool_permissions.yaml refuses every tool of 'repo-files' (default_permission: NEVER, and no category or tool grants one)",
        ])
        #expect(denials(files(policy: "default_permission: ALWAYS\nserver_defaults:\n  repo-files: NEVER\n")).count == 1)
    }

    @Test func grantsAndOtherServersAreAllowed() {
        #expect(denials(files(policy: nil)) == [])
        #expect(denials(files(policy: "default_permission: NEVER\nserver_defaults:\n  repo-files: REQUIRE_APPROVAL\n")) == [])
        #expect(denials(files(policy: "default_permission: NEVER\ntools:\n  repo-files.read_text_file: ALWAYS\n")) == [])
        #expect(denials(files(policy: "default_permission: NEVER\ncategories:\n  r: {permission: ALWAYS, tools: ['*.read_*']}\n")) == [])
        #expect(denials(files(policy: "default_permission: REQUIRE_APPROVAL\nserver_defaults:\n  other: NEVER\n")) == [])
        // environment overrides are not applied
        #expect(denials(files(policy: "default_permission: ALWAYS\nenvironments:\n  ci:\n    default_permission: NEVER\n")) == [])
    }

    @Test func callerPolicyDenyingTheServer() {
        #expect(denials(files(policy: nil, magExtra: "policies:\n  tools:\n    repo-files.*: deny\n")) == [
            "'skill.s' needs 'mcp:repo-files' but the caller's policies.tools denies 'repo-files.*'",
        ])
        #expect(denials(files(policy: nil, magExtra: "policies:\n  tools:\n    repo-files.*: deny\n    repo-files.read_text_file: allow\n")) == [])
    }

    @Test func summaryCountsMCPCallsAndErrorsPerAgentAndStep() throws {
        var files = files(policy: nil, status: "    status: failure\n    error: {code: E_MCP, message: down}\n")
        files[S.magFixture] = S.fixture(calls: """
              - skill: magsag://skill.s@^1.0.0
                input: {k: 1}
                status: failure
                error: {code: E_MCP, message: down}
              - skill: magsag://skill.s@^1.0.0
                step: lookup
                input: {k: 1}
                output: {v: one}
                usage: {mcp_calls: 3, mcp_errors: 2}

            """)
        let value = try #require(JSONParser.parse(RunSummary(S.run(files)).json()).value)
        #expect(value["mcp"]?["calls"]?.numberValue?.intValue == 4)
        #expect(value["mcp"]?["errors"]?.numberValue?.intValue == 3)
        let agent = try #require(value["agents"]?.arrayValue?.first { $0["agent"]?.stringValue == "main.a-mag" })
        #expect(agent["mcp_calls"]?.numberValue?.intValue == 4)
        #expect(agent["mcp_errors"]?.numberValue?.intValue == 3)
        let steps = value["steps"]?.arrayValue ?? []
        let lookup = try #require(steps.first { $0["name"]?.stringValue == "lookup" })
        #expect(lookup["mcp"]?["calls"]?.numberValue?.intValue == 3 && lookup["mcp"]?["errors"]?.numberValue?.intValue == 2)
        let plain = try #require(steps.first { $0["name"]?.stringValue == "skill.s" })
        #expect(plain["mcp"]?["calls"]?.numberValue?.intValue == 1 && plain["mcp"]?["errors"]?.numberValue?.intValue == 1)
    }
}
