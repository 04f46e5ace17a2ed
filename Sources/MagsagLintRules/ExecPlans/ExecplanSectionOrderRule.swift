import MagsagLintCore
import MagsagSource

/// Reports ExecPlan sections out of their skeleton's order.
public struct ExecplanSectionOrderRule: RepositoryRule {
    public init() {}

    public static let description = RuleDescription(
        id: "execplan-section-order",
        name: "ExecPlan section order",
        category: .execplans,
        defaultSeverity: .warning,
        summary: "An ExecPlan's sections are not in the order of its skeleton",
        rationale: """
            Readers and tools find sections by position as much as by name; a plan that moves Progress below \
            Concrete Steps hides the most recent state of the work. The long form follows the template in \
            docs/development/PLANS.md when there is one, else the documented order.
            """,
        fix: "Move the section to its place in the skeleton.",
        triggeringExamples: [
            Example("docs/development/plans/p.md", """
                # Plan

                ## Purpose

                ## Plan of Work

                ↓## Context

                ## Validation

                ## Status

                ## Follow-up

                """),
        ],
        nonTriggeringExamples: [
            Example("docs/development/plans/p.md", """
                # Plan

                ## Purpose

                ## Context

                ## Notes

                ## Plan of Work

                ## Validation

                ## Status

                ## Follow-up

                """),
        ])

    public func check(_ repository: RepositoryIndex, into sink: inout DiagnosticSink) {
        for plan in ExecPlan.linted(in: repository, folder: sink.settings.roots.plans, settings: sink.settings.execPlans) {
            var position: [String: Int] = [:]
            for (index, name) in plan.skeleton.enumerated() { position[ExecPlanLayout.key(name)] = index }
            var latest: (index: Int, name: String)?
            for section in plan.sections {
                guard let index = position[section.key] else { continue }
                if let previous = latest, index < previous.index {
                    sink.report(
                        "section `\(section.heading.text)` comes after `\(previous.name)`",
                        path: plan.document.path, range: section.heading.range,
                        notes: ["expected order: \(plan.skeleton.joined(separator: ", "))"],
                        help: "move `\(section.heading.text)` before `\(previous.name)`")
                } else {
                    latest = (index, section.heading.text)
                }
            }
        }
    }
}
