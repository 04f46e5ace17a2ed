import MagsagLintCore
import MagsagRunner

/// Runner: a fixture records a call to an agent or skill that does not exist in the catalog.
public struct UnknownCalleeRule: RunnerReportRule {
    public init() {}

    public static let description = RuleDescription(
        id: "unknown-callee",
        name: "Unknown callee",
        category: .contracts,
        defaultSeverity: .error,
        summary: "A fixture records a call to an agent or skill that does not exist in the catalog",
        rationale: """
            A recorded call to nothing cannot be checked against any contract, and the real run would fail at that step.
            """,
        fix: "Fix the reference, or add the missing agent or skill.",
        triggeringExamples: [
            Example(files: RunnerExamples.pair(dependency: "magsag://sub.c-sag").merging([RunnerExamples.magFixture: RunnerExamples.call("↓magsag://sub.c-sag")]) { a, _ in a }),
        ],
        nonTriggeringExamples: [
            Example(files: RunnerExamples.pair().merging([RunnerExamples.magFixture: RunnerExamples.call("magsag://sub.b-sag")]) { a, _ in a }),
        ])

    public func check(_ repository: RepositoryIndex, into sink: inout DiagnosticSink) {
        RunnerCheck.unknownCallee.report(repository, into: &sink)
    }
}
