import MagsagLintCore
import MagsagRunner

/// Runner: a fixture records more attempts than the retry policy allows.
public struct RetryLimitExceededRule: RunnerReportRule {
    public init() {}

    public static let description = RuleDescription(
        id: "retry-limit-exceeded",
        name: "Retry limit exceeded",
        category: .contracts,
        defaultSeverity: .error,
        summary: "A fixture records more attempts than the retry policy allows",
        rationale: """
            evaluation.retry_policy.max_attempts bounds how often an agent is retried; a recorded run beyond it cannot happen under the declared policy.
            """,
        fix: "Raise max_attempts deliberately, or record a run within the policy.",
        triggeringExamples: [
            Example(files: RunnerExamples.pair(magExtra: "evaluation:\n  retry_policy:\n    max_attempts: 2\n").merging([RunnerExamples.magFixture: RunnerExamples.call("magsag://sub.b-sag@^1.0.0", top: "attempts: ↓3\n")]) { a, _ in a }),
        ],
        nonTriggeringExamples: [
            Example(files: RunnerExamples.pair(magExtra: "evaluation:\n  retry_policy:\n    max_attempts: 2\n").merging([RunnerExamples.magFixture: RunnerExamples.call("magsag://sub.b-sag@^1.0.0", top: "attempts: 2\n")]) { a, _ in a }),
        ])

    public func check(_ repository: RepositoryIndex, into sink: inout DiagnosticSink) {
        RunnerCheck.retries.report(repository, into: &sink)
    }
}
