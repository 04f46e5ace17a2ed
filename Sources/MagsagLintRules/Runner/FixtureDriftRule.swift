import MagsagLintCore
import MagsagRunner

/// Runner: a caller's recorded call and the callee's own case have the same input but different outputs.
public struct FixtureDriftRule: RunnerReportRule {
    public init() {}

    public static let description = RuleDescription(
        id: "fixture-drift",
        name: "Fixture drift",
        category: .contracts,
        defaultSeverity: .error,
        summary: "A caller's recorded call and the callee's own case have the same input but different outputs",
        rationale: """
            Consumer-driven contract testing: the caller's assumption about the callee and the callee's own specified behaviour must agree. When they differ, one side has drifted; the finding is reported at both fixtures.
            """,
        fix: "Re-record the caller's call from the callee's current behaviour, or update the callee's case if the caller is right.",
        triggeringExamples: [
            Example(files: RunnerExamples.pair().merging([RunnerExamples.magFixture: RunnerExamples.call("magsag://sub.b-sag@^1.0.0", output: "↓{r: 1}"), RunnerExamples.sagFixture: "name: basic\ninput: {q: x}\nexpect:\n  status: success\n  output: ↓{r: 2}\n"]) { a, _ in a }),
        ],
        nonTriggeringExamples: [
            Example(files: RunnerExamples.pair().merging([RunnerExamples.magFixture: RunnerExamples.call("magsag://sub.b-sag@^1.0.0", output: "{r: 1}"), RunnerExamples.sagFixture: "name: basic\ninput: {q: x}\nexpect:\n  status: success\n  output: {r: 1.0}\n"]) { a, _ in a }),
        ])

    public func check(_ repository: RepositoryIndex, into sink: inout DiagnosticSink) {
        RunnerCheck.drift.report(repository, into: &sink)
    }
}
