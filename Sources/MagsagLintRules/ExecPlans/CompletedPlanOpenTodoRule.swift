import MagsagLintCore
import MagsagSource

/// Reports open to-dos in ExecPlans that say they are finished.
public struct CompletedPlanOpenTodoRule: RepositoryRule {
    public init() {}

    public static let description = RuleDescription(
        id: "completed-plan-open-todo",
        name: "Completed plan with open to-do",
        category: .execplans,
        defaultSeverity: .warning,
        summary: "An ExecPlan marked complete or deprecated still has unchecked to-dos",
        rationale: """
            A plan is finished when its status is `deprecated`, its Status section starts with Complete or Done, \
            or a plan index lists it under "Completed Plans". Unchecked to-dos then are either forgotten work or \
            forgotten ticks; both mislead the next reader.
            """,
        fix: "Tick the items that were done, and move the rest to a follow-up plan.",
        triggeringExamples: [
            Example("docs/development/plans/p.md", """
                ---
                status: deprecated
                ---
                # Plan

                ## To-do

                - [x] Done.
                ↓- [ ] Forgotten.

                """),
        ],
        nonTriggeringExamples: [
            Example("docs/development/plans/p.md", """
                ---
                status: living
                ---
                # Plan

                ## To-do

                - [ ] Still open, plan still active.

                ## Status

                In progress, not complete.

                """),
        ])

    public func check(_ repository: RepositoryIndex, into sink: inout DiagnosticSink) {
        let completedByIndex = Set(PlanIndex.of(repository, settings: sink.settings.execPlans).entries.filter(\.isCompleted).map(\.target))
        for plan in ExecPlan.linted(in: repository, folder: sink.settings.roots.plans, settings: sink.settings.execPlans) {
            guard plan.isComplete || completedByIndex.contains(plan.document.path) else { continue }
            guard let todo = plan.section("todo") else { continue }
            for item in plan.items(of: todo) where item.checkbox == false {
                sink.report(
                    "to-do is still open in a completed plan", path: plan.document.path, range: item.markerRange,
                    help: "tick the item if it was done, or move it to a follow-up plan")
            }
        }
    }
}
