import MagsagLintCore
import MagsagSource

/// Reports ExecPlans without a section of their skeleton.
public struct ExecplanMissingSectionRule: RepositoryRule {
    public init() {}

    public static let description = RuleDescription(
        id: "execplan-missing-section",
        name: "ExecPlan missing section",
        category: .execplans,
        defaultSeverity: .error,
        summary: "An ExecPlan under docs/development/plans/ lacks a `##` section of its skeleton",
        rationale: """
            ExecPlans are living documents that let another session pick the work up; each section of the \
            skeleton answers a question the next reader has. The long form has 13 sections (in the order of the \
            template in docs/development/PLANS.md when it has one); a plan that clearly uses the short form \
            (Purpose, Context, Plan of Work, Validation, Status, Follow-up) is checked against that instead.
            """,
        fix: "Add the missing `##` sections, even if only to say \"None yet\".",
        triggeringExamples: [
            Example("docs/development/plans/p.md", """
                ↓# Plan

                ## Purpose

                ## Context

                ## Plan of Work

                ## Validation

                ## Follow-up

                """),
        ],
        nonTriggeringExamples: [
            Example("docs/development/plans/p.md", """
                # Plan

                ## Purpose

                ## Context

                ## Plan of Work

                ## Validation

                ## Status

                ## Follow-up

                ## Update Log

                """),
            Example("docs/development/other.md", "# Not a plan\n\n## Purpose\n"),
        ])

    public func check(_ repository: RepositoryIndex, into sink: inout DiagnosticSink) {
        for plan in ExecPlan.linted(in: repository, folder: sink.settings.roots.plans, settings: sink.settings.execPlans) {
            let present = Set(plan.sections.map(\.key))
            let missing = plan.skeleton.filter { !present.contains(ExecPlanLayout.key($0)) }
            guard !missing.isEmpty else { continue }
            let names = missing.map { "`\($0)`" }.joined(separator: ", ")
            sink.report(
                "plan is missing section\(missing.count == 1 ? "" : "s") \(names)",
                path: plan.document.path, range: plan.anchorRange,
                notes: ["checked against the \(plan.form == .short ? "short" : "long") form: \(plan.skeleton.joined(separator: ", "))"],
                help: "add \(missing.count == 1 ? "a `## \(missing[0])` section" : "the missing `##` sections")")
        }
    }
}
