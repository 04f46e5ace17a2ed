import MagsagLintCore
import MagsagSource

/// Reports plan indexes and plan files that disagree.
public struct PlanIndexMismatchRule: RepositoryRule {
    public init() {}

    public static let description = RuleDescription(
        id: "plan-index-mismatch",
        name: "Plan index mismatch",
        category: .execplans,
        defaultSeverity: .error,
        summary: "A plan index lists a plan that does not exist, or a plan file is missing from an index",
        rationale: """
            The "Active Plans" and "Completed Plans" lists of docs/development/PLANS.md and \
            docs/architecture/plans.md are how people find ongoing work; each index with such lists must name \
            every plan in docs/development/plans/, and every plan it names must exist.
            """,
        fix: "Add the plan to the index (or remove the entry of a plan that was deleted or renamed).",
        triggeringExamples: [
            Example(files: [
                "docs/development/PLANS.md": "# Plans\n\n## Active Plans\n\n- [A](plans/a.md)\n- [Gone](↓plans/gone.md)\n",
                "docs/development/plans/a.md": "# A\n",
                "docs/development/plans/b.md": "↓# B\n",
            ]),
        ],
        nonTriggeringExamples: [
            Example(files: [
                "docs/development/PLANS.md": "# Plans\n\n## Active Plans\n\n- [A](plans/a.md)\n\n## Completed Plans\n\n- [B](plans/b.md)\n",
                "docs/development/plans/a.md": "# A\n",
                "docs/development/plans/b.md": "# B\n",
            ]),
            Example(files: [
                "docs/development/PLANS.md": "# Plan template\n\n## Usage\n",
                "docs/development/plans/a.md": "# A\n",
            ]),
        ])

    public func check(_ repository: RepositoryIndex, into sink: inout DiagnosticSink) {
        let index = PlanIndex.of(repository, settings: sink.settings.execPlans)
        guard !index.indexes.isEmpty else { return }
        for entry in index.entries
        where ExecPlanLayout.isPlan(entry.target, folder: sink.settings.roots.plans) && !repository.fileExists(entry.target) {
            sink.report(
                "plan index lists `\(entry.destination)`, which does not exist", path: entry.indexPath,
                range: entry.range, notes: ["resolved to \(entry.target)"],
                help: "remove the entry or point it at the plan's current path")
        }
        var listed: [String: Set<String>] = [:]
        for entry in index.entries { listed[entry.indexPath, default: []].insert(entry.target) }
        // Only linted plans are reported on: walk those (a few in a hook), not every path.
        let plans = repository.sortedLinted.filter { repository.fileExists($0) && ExecPlanLayout.isPlan($0, folder: sink.settings.roots.plans) }
        for plan in plans {
            for (indexPath, heading) in index.indexes where listed[indexPath]?.contains(plan) != true {
                let range = repository.documents[plan].flatMap { ExecPlan($0, longForm: []) }?.anchorRange ?? .fileStart
                sink.report(
                    "plan is not listed in \(indexPath)", path: plan, range: range,
                    related: [Location(path: indexPath, range: heading, label: "plan lists here")],
                    help: "add a link to this plan under \"Active Plans\" or \"Completed Plans\" in \(indexPath)")
            }
        }
    }
}
