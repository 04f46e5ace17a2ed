import MagsagLintCore
import MagsagRunner

/// Runner: a fixture's expected output does not validate against the agent's output contract.
public struct FixtureOutputInvalidRule: RunnerReportRule {
    public init() {}

    public static let description = RuleDescription(
        id: "fixture-output-invalid",
        name: "Fixture output invalid",
        category: .contracts,
        defaultSeverity: .error,
        summary: "A fixture's expected output does not validate against the agent's output contract",
        rationale: """
            The expected output stands for what the agent returns to its callers; if the agent's own output contract rejects it, either the case or the contract is wrong.
            """,
        fix: "Fix the expected output, or the output contract if the output is right.",
        triggeringExamples: [
            Example(files: [RunnerExamples.mag: "contracts:\n  output_schema: catalog/contracts/a_out.schema.json\n", "catalog/contracts/a_out.schema.json": "{\"properties\": {\"n\": {\"type\": \"integer\"}}}", RunnerExamples.magFixture: "name: basic\ninput: {}\nexpect:\n  status: success\n  output:\n    n: ↓\"x\"\n"]),
        ],
        nonTriggeringExamples: [
            Example(files: [RunnerExamples.mag: "contracts:\n  output_schema: catalog/contracts/a_out.schema.json\n", "catalog/contracts/a_out.schema.json": "{\"properties\": {\"n\": {\"type\": \"integer\"}}}", RunnerExamples.magFixture: "name: basic\ninput: {}\nexpect:\n  status: success\n  output:\n    n: 3\n"]),
        ])

    public func check(_ repository: RepositoryIndex, into sink: inout DiagnosticSink) {
        RunnerCheck.outputInvalid.report(repository, into: &sink)
    }
}
