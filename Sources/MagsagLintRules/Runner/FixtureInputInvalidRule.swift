import MagsagLintCore
import MagsagRunner

/// Runner: a fixture's input does not validate against the agent's input contract.
public struct FixtureInputInvalidRule: RunnerReportRule {
    public init() {}

    public static let description = RuleDescription(
        id: "fixture-input-invalid",
        name: "Fixture input invalid",
        category: .contracts,
        defaultSeverity: .error,
        summary: "A fixture's input does not validate against the agent's input contract",
        rationale: """
            A case whose input the agent's own contract rejects tests a call that can never happen, and hides that the contract and the agent's real inputs have drifted apart.
            """,
        fix: "Fix the fixture's input, or the input contract if the input is right.",
        triggeringExamples: [
            Example(files: [RunnerExamples.mag: "contracts:\n  input_schema: catalog/contracts/a_in.schema.json\n", "catalog/contracts/a_in.schema.json": RunnerExamples.stringQ, RunnerExamples.magFixture: "name: basic\ninput:\n  q: ↓1\nexpect:\n  status: error\n"]),
        ],
        nonTriggeringExamples: [
            Example(files: [RunnerExamples.mag: "contracts:\n  input_schema: catalog/contracts/a_in.schema.json\n", "catalog/contracts/a_in.schema.json": RunnerExamples.stringQ, RunnerExamples.magFixture: "name: basic\ninput:\n  q: text\nexpect:\n  status: error\n"]),
        ])

    public func check(_ repository: RepositoryIndex, into sink: inout DiagnosticSink) {
        RunnerCheck.inputInvalid.report(repository, into: &sink)
    }
}
