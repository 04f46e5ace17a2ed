import MagsagLintCore
import MagsagSource

/// Reports To-do and Validation items that are not checkboxes.
public struct ExecplanTodoFormatRule: RepositoryRule {
    public init() {}

    /// Sections whose list items must be checkboxes.
    static let checklistKeys: Set<String> = ["todo", "validationandacceptance", "validation"]

    public static let description = RuleDescription(
        id: "execplan-todo-format",
        name: "ExecPlan to-do format",
        category: .execplans,
        defaultSeverity: .warning,
        summary: "A list item in an ExecPlan's To-do or Validation section is not a `- [ ]` checkbox",
        rationale: """
            Checkboxes make progress countable: tools (and the `completed-plan-open-todo` rule) can tell what is \
            still open. Concrete Steps may stay a numbered list; nested items are free.
            """,
        fix: "Write the item as `- [ ] ...` (or `- [x] ...` when done).",
        triggeringExamples: [
            Example("docs/development/plans/p.md", """
                # Plan

                ## To-do

                - [ ] Write the parser.
                ↓- Write the tests.

                ## Validation and Acceptance

                ↓1. `swift test` passes.

                """),
        ],
        nonTriggeringExamples: [
            Example("docs/development/plans/p.md", """
                # Plan

                ## To-do

                - [x] Write the parser.
                  - sub-point
                1. [ ] Numbered task.

                ## Concrete Steps

                1. Run the generator.

                ## Validation and Acceptance

                Prose only.

                """),
        ])

    public func check(_ repository: RepositoryIndex, into sink: inout DiagnosticSink) {
        for plan in ExecPlan.linted(in: repository, folder: sink.settings.roots.plans, settings: sink.settings.execPlans) {
            for section in plan.sections where Self.checklistKeys.contains(section.key) {
                for item in plan.items(of: section) where item.checkbox == nil {
                    sink.report(
                        "item of `\(section.heading.text)` is not a checkbox", path: plan.document.path,
                        range: item.markerRange, help: "write the item as `- [ ] \(item.text)`")
                }
            }
        }
    }
}
