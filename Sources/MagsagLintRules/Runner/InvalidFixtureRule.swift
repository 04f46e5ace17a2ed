import MagsagLintCore
import MagsagRunner

/// Runner: a runner fixture does not follow the fixture format.
public struct InvalidFixtureRule: RunnerReportRule {
    public init() {}

    public static let description = RuleDescription(
        id: "invalid-fixture",
        name: "Invalid fixture",
        category: .contracts,
        defaultSeverity: .error,
        summary: "A runner fixture does not follow the fixture format",
        rationale: """
            Fixtures are the runner's input: a misspelt member or a wrong shape is silently ignored or misread, so the case proves less than it seems to.
            """,
        fix: "Follow the fixture format in docs/runner.md (published as docs/fixture.schema.json).",
        triggeringExamples: [
            Example("catalog/agents/main/a-mag/fixtures/basic.yaml", "name: basic\ninput: {}\nexpect:\n  status: ↓done\n"),
            Example("catalog/skills/s/fixtures/one.json", "{\"name\": \"one\", \"input\": {}, \"calls\": [↓{\"agent\": \"sub.b-sag\"}], \"expect\": {\"status\": \"error\"}}"),
        ],
        nonTriggeringExamples: [
            Example("catalog/agents/main/a-mag/fixtures/basic.yaml", "name: basic\ninput: {}\ncalls: []\nexpect:\n  status: success\n  output: {}\n"),
            Example("catalog/agents/main/a-mag/notes/basic.yaml", "name: 1\n", note: "not under fixtures/"),
        ])

    public func check(_ repository: RepositoryIndex, into sink: inout DiagnosticSink) {
        RunnerCheck.invalidFixture.report(repository, into: &sink)
    }
}
