import MagsagLintCore
import MagsagRunner

/// Runner: a fixture records a call to a sub-agent or skill that the agent's depends_on does not declare.
public struct UndeclaredDelegationRule: RunnerReportRule {
    public init() {}

    public static let description = RuleDescription(
        id: "undeclared-delegation",
        name: "Undeclared delegation",
        category: .contracts,
        defaultSeverity: .error,
        summary: "A fixture records a call to a sub-agent or skill that the agent's depends_on does not declare",
        rationale: """
            depends_on is what governance, version ranges and affected-agent selection see; a call outside it bypasses all three.
            """,
        fix: "Declare the callee in depends_on, or remove the call from the fixture.",
        triggeringExamples: [
            Example(files: RunnerExamples.pair(dependency: "magsag://sub.other-sag").merging([RunnerExamples.magFixture: RunnerExamples.call("↓magsag://sub.b-sag@^1.0.0")]) { a, _ in a }),
        ],
        nonTriggeringExamples: [
            Example(files: RunnerExamples.pair(dependency: "sub.b-sag").merging([RunnerExamples.magFixture: RunnerExamples.call("magsag://sub.b-sag@1.0.0")]) { a, _ in a }, note: "a reference resolving to the same agent counts as declared"),
        ])

    public func check(_ repository: RepositoryIndex, into sink: inout DiagnosticSink) {
        RunnerCheck.undeclaredDelegation.report(repository, into: &sink)
    }
}
