import MagsagLintCore
import MagsagRunner

/// Runner: a recorded call's input or output does not validate against the callee's contracts.
public struct ContractEdgeViolationRule: RunnerReportRule {
    public init() {}

    public static let description = RuleDescription(
        id: "contract-edge-violation",
        name: "Contract edge violation",
        category: .contracts,
        defaultSeverity: .error,
        summary: "A recorded call's input or output does not validate against the callee's contracts",
        rationale: """
            Each contract validating on its own proves little; the payload a caller actually sends must be one the callee accepts, and the output it relies on one the callee may return. A callee without contracts leaves the edge unverified (a warning).
            """,
        fix: "Fix the recorded payload, or align the caller and the callee's contract.",
        triggeringExamples: [
            Example(files: RunnerExamples.pair().merging([RunnerExamples.magFixture: RunnerExamples.call("magsag://sub.b-sag@^1.0.0", input: "{q: ↓2}")]) { a, _ in a }),
        ],
        nonTriggeringExamples: [
            Example(files: RunnerExamples.pair().merging([RunnerExamples.magFixture: RunnerExamples.call("magsag://sub.b-sag@^1.0.0")]) { a, _ in a }),
        ])

    public func check(_ repository: RepositoryIndex, into sink: inout DiagnosticSink) {
        RunnerCheck.contractEdge.report(repository, into: &sink)
    }
}
