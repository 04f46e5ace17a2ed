import MagsagLintCore
import MagsagSource

/// Notes ExecPlan sections that belong to neither skeleton.
public struct ExecplanUnknownSectionRule: RepositoryRule {
    public init() {}

    public static let description = RuleDescription(
        id: "execplan-unknown-section",
        name: "ExecPlan unknown section",
        category: .execplans,
        defaultSeverity: .info,
        summary: "An ExecPlan has a `##` section that is not part of its skeleton",
        rationale: """
            Extra sections are allowed but often are a renamed standard section (`Todo List` for `To-do`), which \
            then also shows up as missing. `Update Log` is accepted in both forms.
            """,
        fix: "Rename the section to the skeleton's name, or move its content under a `###` heading of a standard section.",
        triggeringExamples: [
            Example("docs/development/plans/p.md", """
                # Plan

                ## Purpose

                ## Context

                ↓## Todo List

                ## Plan of Work

                ## Validation

                ## Status

                ## Follow-up

                """),
        ],
        nonTriggeringExamples: [
            Example("docs/development/plans/p.md", "# Plan\n\n## Purpose\n\n## Context\n\n## Status\n\n## Update Log\n"),
        ])

    public func check(_ repository: RepositoryIndex, into sink: inout DiagnosticSink) {
        for plan in ExecPlan.linted(in: repository, folder: sink.settings.roots.plans, settings: sink.settings.execPlans) {
            let known = Set((plan.skeleton + ExecPlanLayout.optionalSections).map(ExecPlanLayout.key))
            for section in plan.sections where !known.contains(section.key) {
                let suggestion = EditDistance.closest(to: section.key, in: plan.skeleton.map(ExecPlanLayout.key))
                    .flatMap { key in plan.skeleton.first { ExecPlanLayout.key($0) == key } }
                sink.report(
                    "section `\(section.heading.text)` is not part of the ExecPlan skeleton",
                    path: plan.document.path, range: section.heading.range,
                    help: suggestion.map { "did you mean `\($0)`?" } ?? "use a section of the skeleton, or a `###` subsection")
            }
        }
    }
}
