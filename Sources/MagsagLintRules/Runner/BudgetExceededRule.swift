import MagsagLintCore
import MagsagRunner

/// Runner: a case's recorded calls use more tokens or time than the agent's budgets, or a call more than its callee's limits.
public struct BudgetExceededRule: RunnerReportRule {
    public init() {}

    /// Builds the runner's shared report first (the longest model of a run), unlike the other rules reading it.
    public static var startOrder: Int { -1 }

    public static let description = RuleDescription(
        id: "budget-exceeded",
        name: "Budget exceeded",
        category: .contracts,
        defaultSeverity: .error,
        summary: "A case's recorded calls use more tokens or time than the agent's budgets, or a call more than its callee's limits",
        rationale: """
            MAGSAG records budgets but never enforces them; a fixture whose usage is over budget documents a run that governance should have stopped.
            """,
        fix: "Raise the budget deliberately, or record a run that stays within it.",
        triggeringExamples: [
            Example(files: RunnerExamples.pair(magExtra: "budgets:\n  tokens: 100\n").merging([RunnerExamples.magFixture: RunnerExamples.call("magsag://sub.b-sag@^1.0.0", usage: "    usage:\n      tokens: ↓150\n")]) { a, _ in a }),
            Example(files: RunnerExamples.pair(sagExtra: "budgets:\n  time_s: 1\n").merging([RunnerExamples.magFixture: RunnerExamples.call("magsag://sub.b-sag@^1.0.0", usage: "    usage:\n      duration_ms: ↓1500\n")]) { a, _ in a }, note: "above the callee's own time limit"),
        ],
        nonTriggeringExamples: [
            Example(files: RunnerExamples.pair(magExtra: "budgets:\n  tokens: 100\n  time_s: 2\n").merging([RunnerExamples.magFixture: RunnerExamples.call("magsag://sub.b-sag@^1.0.0", usage: "    usage:\n      tokens: 50\n      duration_ms: 1500\n")]) { a, _ in a }),
        ])

    public func check(_ repository: RepositoryIndex, into sink: inout DiagnosticSink) {
        RunnerCheck.budget.report(repository, into: &sink)
    }
}
