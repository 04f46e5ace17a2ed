import Foundation
import MagsagGit
import Testing

/// `check --since`, `--range` and `--staged` compare changed contracts with the base revision; a plain
/// `check` (no base) stays silent about contract evolution.
@Suite struct ContractEvolutionEndToEndTests {
    static let agent = "catalog/agents/main/a-mag/agent.yaml"
    static let contract = "catalog/contracts/a_input.schema.json"
    static let output = "catalog/contracts/a_output.schema.json"

    static func agentYAML(_ version: String) -> String {
        """
        version: \(version)
        contracts:
          input_schema: \(contract)
          output_schema: \(output)

        """
    }

    /// Two commits: a contract and an agent, then an incompatible change to the input contract and a
    /// widened output enum. Returns the root and the first commit.
    static func repository(version: String) throws -> (URL, RepositoryWriter, String) {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("magsag-evolution-\(UUID().uuidString)")
        let writer = try RepositoryWriter.create(at: root.path)
        try writer.write(agent, agentYAML("1.0.0"))
        try writer.write(contract, #"{"type": "object", "properties": {"q": {"type": "string"}}, "required": ["q"]}"#)
        try writer.write(output, #"{"type": "object", "properties": {"status": {"enum": ["ok", "failed"]}}}"#)
        try writer.stage(agent, contract, output)
        let first = try writer.commit("add agent and contracts")
        try writer.write(agent, agentYAML(version))
        try writer.write(contract, #"{"type": "object", "properties": {"q": {"type": "string"}, "lang": {"type": "string"}}, "required": ["q", "lang"]}"#)
        try writer.write(output, #"{"type": "object", "properties": {"status": {"enum": ["ok", "failed", "partial"]}}}"#)
        try writer.stage(agent, contract, output)
        return (root, writer, first)
    }

    @Test func sinceReportsBreakingChangesAndTheMissingMajorBump() throws {
        let (root, writer, first) = try Self.repository(version: "1.1.0")
        defer { try? FileManager.default.removeItem(at: root) }
        _ = try writer.commit("require lang, add a status")
        let result = try CLI.run(["check", "--since", first, "--format", "concise", root.path])
        #expect(result.status == 1, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("\(Self.contract):1:107: error[breaking-contract-change]: property 'lang' became required at '/required' breaks the input of main.a-mag"), "\(result.stdout)")
        #expect(result.stdout.contains("\(Self.output):1:71: error[breaking-contract-change]: enum value \"partial\" added at '/properties/status/enum' breaks the output of main.a-mag"), "\(result.stdout)")
        #expect(result.stdout.contains("error[version-not-bumped]: contract change breaks the input of main.a-mag but its version went from 1.0.0 to 1.1.0; a major bump is needed"), "\(result.stdout)")

        let range = try CLI.run(["check", "--range", "\(first)..HEAD", "--format", "concise", root.path])
        #expect(range.stdout.contains("error[breaking-contract-change]"), "\(range.stdout)")
        // Without a base there is nothing to compare.
        let plain = try CLI.run(["check", "--format", "concise", root.path])
        #expect(!plain.stdout.contains("contract-change"), "\(plain.stdout)")
    }

    @Test func diffContractsReportsEveryChangeWithItsConsumers() throws {
        let (root, writer, first) = try Self.repository(version: "2.0.0")
        defer { try? FileManager.default.removeItem(at: root) }
        _ = try writer.commit("require lang, version 2")
        let text = try CLI.run(["diff-contracts", "\(first)..HEAD", root.path])
        #expect(text.status == 1, "a breaking change exits 1: \(text.stdout)\(text.stderr)")
        #expect(text.stdout.contains("breaking: \(Self.contract):1:107 property 'lang' became required"), "\(text.stdout)")
        #expect(text.stdout.contains("breaking for the input of main.a-mag"), "\(text.stdout)")
        #expect(text.stdout.contains("3 contract changes, 2 breaking"), "\(text.stdout)")
        let json = try CLI.run(["diff-contracts", "\(first)..HEAD", "--format", "json", root.path])
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        #expect((object?["changes"] as? [Any])?.count == 3, "\(json.stdout)")
        let none = try CLI.run(["diff-contracts", "HEAD..HEAD", root.path])
        #expect(none.status == 0 && none.stdout.contains("no contract changes"), "\(none.stdout)\(none.stderr)")
    }

    @Test func majorBumpSilencesTheVersionRuleButNotTheBreakingChange() throws {
        let (root, writer, first) = try Self.repository(version: "2.0.0")
        defer { try? FileManager.default.removeItem(at: root) }
        _ = try writer.commit("require lang, version 2")
        let result = try CLI.run(["check", "--since", first, "--format", "concise", root.path])
        #expect(result.stdout.contains("error[breaking-contract-change]"), "\(result.stdout)")
        #expect(!result.stdout.contains("version-not-bumped"), "\(result.stdout)")
    }

    @Test func stagedComparesTheIndexWithHead() throws {
        let (root, _, _) = try Self.repository(version: "1.0.0")
        defer { try? FileManager.default.removeItem(at: root) }
        let result = try CLI.run(["check", "--staged", "--format", "concise", root.path])
        #expect(result.stdout.contains("error[breaking-contract-change]: property 'lang' became required"), "\(result.stdout)")
        #expect(result.stdout.contains("but its version stays at 1.0.0; a major bump is needed"), "\(result.stdout)")
    }
}
