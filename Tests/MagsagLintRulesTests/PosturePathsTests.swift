import Testing
@testable import MagsagLintRules

/// Which files the posture rules read, told from the catalog root the rules pass in.
@Suite struct PosturePathsTests {
    @Test func policiesAndDescriptorsAreToldByPlace() {
        #expect(PosturePaths.isFlowGovernance("catalog/policies/flow_governance.yaml", catalog: "catalog"))
        #expect(PosturePaths.isFlowGovernance("cat/policies/flow_governance.yml", catalog: "cat"))
        #expect(!PosturePaths.isFlowGovernance("catalog/policies/old/flow_governance.yaml", catalog: "catalog"))
        #expect(!PosturePaths.isFlowGovernance("catalogue/policies/flow_governance.yaml", catalog: "catalog"))
        #expect(!PosturePaths.isFlowGovernance("catalog/policiesx/flow_governance.yaml", catalog: "catalog"))
        #expect(PosturePaths.isPermissionPolicy("catalog/policies/tool_permissions.yaml", catalog: "catalog"))
        #expect(!PosturePaths.isPermissionPolicy("catalog/policies/tool_permissions.json", catalog: "catalog"))
        // A name starting with a combining mark is still directly in the folder (compared as bytes).
        #expect(PosturePaths.isPermissionPolicy("catalog/policies/\u{301}permissions.yaml", catalog: "catalog"))
        #expect(PosturePaths.isAgentDescriptor("catalog/agents/main/a-mag/agent.yaml", catalog: "catalog"))
        #expect(!PosturePaths.isAgentDescriptor("catalog/agentsx/a/agent.yaml", catalog: "catalog"))
        #expect(!PosturePaths.isAgentDescriptor("catalog/agents/a/agent.json", catalog: "catalog"))
        #expect(PosturePaths.isMCPServerConfig(".mcp/servers/x.yaml", mcp: [".mcp/servers", "tools/adk/servers/"]))
        #expect(PosturePaths.isMCPServerConfig("tools/adk/servers/y.yml", mcp: [".mcp/servers", "tools/adk/servers/"]))
        #expect(!PosturePaths.isMCPServerConfig(".mcp/servers/sub/x.yaml", mcp: [".mcp/servers"]))
    }
}
