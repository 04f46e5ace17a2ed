import MagsagCatalog
import MagsagLintCore
@testable import MagsagLintRules
import MagsagSource
import Testing

/// Contract evolution across files: shared schemas, cycles, messages and the semver policy.
@Suite struct ContractEvolutionRuleTests {
    static func lint(_ files: [String: String], base: [String: String]) -> [Diagnostic] {
        Linter(rules: BuiltInRules.all).lint(FileSet.inMemory(files, base: base)).diagnostics
            .filter { $0.ruleID.contains("contract-change") || $0.ruleID == "version-not-bumped" }
    }

    @Test func sharedSchemaIsJudgedInBothDirections() {
        let files = [
            "catalog/agents/main/a-mag/agent.yaml": "version: 1.0.0\ncontracts:\n  input_schema: catalog/contracts/a_input.schema.json\n",
            "catalog/skills/lookup/skill.yaml": "id: skill.lookup\nversion: 1.0.0\ncontracts:\n  output_schema: catalog/contracts/lookup_output.schema.json\n",
            "catalog/contracts/a_input.schema.json": #"{"properties": {"money": {"$ref": "money.schema.json"}}}"#,
            "catalog/contracts/lookup_output.schema.json": #"{"properties": {"price": {"$ref": "money.schema.json"}}}"#,
            "catalog/contracts/money.schema.json": #"{"type": "object", "properties": {"currency": {"enum": ["EUR", "USD", "JPY"]}}}"#,
        ]
        let base = ["catalog/contracts/money.schema.json": #"{"type": "object", "properties": {"currency": {"enum": ["EUR", "USD"]}}}"#]
        let found = Self.lint(files, base: base)
        let breaking = found.filter { $0.ruleID == "breaking-contract-change" }
        #expect(breaking.count == 1)
        #expect(breaking.first?.message == #"enum value "JPY" added at '/properties/currency/enum' breaks the output of skill.lookup"#)
        #expect(breaking.first?.related.map(\.path) == ["catalog/skills/lookup/skill.yaml"])
        // The widened input is compatible but still needs a minor bump, as does the output's major.
        let bumps = found.filter { $0.ruleID == "version-not-bumped" }.map(\.message).sorted()
        #expect(bumps == [
            "contract change breaks the output of skill.lookup but its version stays at 1.0.0; a major bump is needed",
            "contract change changes the input of main.a-mag but its version stays at 1.0.0; a minor bump is needed",
        ])
    }

    @Test func crossFileCyclesTerminateAndCompare() {
        let files = [
            "catalog/agents/main/a-mag/agent.yaml": "version: 2.0.0\ncontracts:\n  input_schema: catalog/contracts/tree.schema.json\n",
            "catalog/contracts/tree.schema.json": #"{"properties": {"children": {"type": "array", "items": {"$ref": "node.schema.json"}}}}"#,
            "catalog/contracts/node.schema.json": #"{"properties": {"name": {"type": "string", "maxLength": 8}, "sub": {"$ref": "tree.schema.json"}}}"#,
        ]
        let base = ["catalog/contracts/node.schema.json": #"{"properties": {"name": {"type": "string"}, "sub": {"$ref": "tree.schema.json"}}}"#]
        let found = Self.lint(files, base: base).filter { $0.ruleID == "breaking-contract-change" }
        #expect(found.map(\.message) == ["maxLength 8 added at '/properties/name/maxLength' breaks the input of main.a-mag"])
        #expect(found.first?.primary.path == "catalog/contracts/node.schema.json")
    }

    @Test func silentWithoutBaseAndForUnchangedContracts() {
        let files = [
            "catalog/agents/main/a-mag/agent.yaml": "version: 1.0.0\ncontracts:\n  input_schema: catalog/contracts/a_input.schema.json\n",
            "catalog/contracts/a_input.schema.json": #"{"required": ["x"]}"#,
        ]
        #expect(Linter(rules: BuiltInRules.all).lint(FileSet.inMemory(files)).diagnostics.filter { $0.ruleID.contains("contract-change") }.isEmpty)
        #expect(Self.lint(files, base: ["catalog/agents/main/a-mag/agent.yaml": "version: 0.9.0\ncontracts:\n  input_schema: catalog/contracts/a_input.schema.json\n"]).isEmpty)
    }

    @Test func newContractOrConsumerHasNothingToCompare() {
        let files = [
            "catalog/agents/main/a-mag/agent.yaml": "version: 1.0.0\ncontracts:\n  input_schema: catalog/contracts/b_input.schema.json\n",
            "catalog/contracts/b_input.schema.json": #"{"required": ["x"]}"#,
        ]
        let set = FileSet.inMemory(files, base: [:], added: ["catalog/contracts/b_input.schema.json"])
        #expect(Linter(rules: BuiltInRules.all).lint(set).diagnostics.filter { $0.ruleID.contains("contract-change") }.isEmpty)
    }

    @Test(arguments: [
        ("1.2.0", "2.0.0", true, nil), ("1.2.0", "1.3.0", true, "major"), ("0.3.1", "0.4.0", true, nil),
        ("0.3.1", "0.3.2", true, "minor"), ("1.2.0", "1.3.0", false, nil), ("1.2.0", "1.2.1", false, "minor"),
        ("0.3.1", "0.3.2", false, nil), ("0.3.1", "0.3.1", false, "patch"), ("1.0.0", "1.0.0-rc.1", false, "minor"),
    ] as [(String, String, Bool, String?)])
    func versionPolicy(_ before: String, _ now: String, _ breaking: Bool, _ expected: String?) throws {
        let a = try #require(SemanticVersion(before)), b = try #require(SemanticVersion(now))
        #expect(VersionNotBumpedRule.requiredBump(from: a, to: b, breaking: breaking) == expected)
    }
}
