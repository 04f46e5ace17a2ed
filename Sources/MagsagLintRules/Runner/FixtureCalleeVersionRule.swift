import MagsagLintCore
import MagsagRunner

/// Runner: a recorded call names a version range the callee's current version does not satisfy.
public struct FixtureCalleeVersionRule: RunnerReportRule {
    public init() {}

    public static let description = RuleDescription(
        id: "fixture-callee-version",
        name: "Fixture callee version",
        category: .contracts,
        defaultSeverity: .error,
        summary: "A recorded call names a version range the callee's current version does not satisfy",
        rationale: """
            The call was recorded against another version of the callee; its payloads may no longer be what the callee accepts or returns.
            """,
        fix: "Re-record the call against the callee's current version and update the range.",
        triggeringExamples: [
            Example(files: RunnerExamples.pair(dependency: "magsag://sub.b-sag").merging([RunnerExamples.magFixture: RunnerExamples.call("↓magsag://sub.b-sag@^2.0.0")]) { a, _ in a }),
        ],
        nonTriggeringExamples: [
            Example(files: RunnerExamples.pair(dependency: "magsag://sub.b-sag").merging([RunnerExamples.magFixture: RunnerExamples.call("magsag://sub.b-sag@>=1.0.0")]) { a, _ in a }),
        ])

    public func check(_ repository: RepositoryIndex, into sink: inout DiagnosticSink) {
        RunnerCheck.calleeVersion.report(repository, into: &sink)
    }
}
