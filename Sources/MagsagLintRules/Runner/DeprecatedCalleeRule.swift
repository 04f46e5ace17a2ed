import MagsagLintCore
import MagsagRunner

/// Runner: a fixture records a call to a deprecated agent or skill.
public struct DeprecatedCalleeRule: RunnerReportRule {
    public init() {}

    public static let description = RuleDescription(
        id: "deprecated-callee",
        name: "Deprecated callee",
        category: .contracts,
        defaultSeverity: .warning,
        summary: "A fixture records a call to a deprecated agent or skill",
        rationale: """
            A case built on a deprecated callee keeps the caller tied to something scheduled to go away.
            """,
        fix: "Move the caller (and its fixtures) to the callee's replacement.",
        triggeringExamples: [
            Example(files: RunnerExamples.pair(sagExtra: "deprecated: true\ndeprecated_message: use c-sag\n").merging([RunnerExamples.magFixture: RunnerExamples.call("↓magsag://sub.b-sag@^1.0.0")]) { a, _ in a }),
        ],
        nonTriggeringExamples: [
            Example(files: RunnerExamples.pair(sagExtra: "deprecated: false\n").merging([RunnerExamples.magFixture: RunnerExamples.call("magsag://sub.b-sag@^1.0.0")]) { a, _ in a }),
        ])

    public func check(_ repository: RepositoryIndex, into sink: inout DiagnosticSink) {
        RunnerCheck.deprecatedCallee.report(repository, into: &sink)
    }
}
