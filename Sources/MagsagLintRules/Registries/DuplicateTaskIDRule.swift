import MagsagCatalog
import MagsagLintCore
import MagsagSource

/// Reports agents-registry tasks that repeat an `id` or a `match` pattern.
public struct DuplicateTaskIDRule: RepositoryRule {
    public init() {}

    public static let description = RuleDescription(
        id: "duplicate-task-id",
        name: "Duplicate task id",
        category: .registries,
        defaultSeverity: .error,
        summary: "Two tasks in the agents registry share an id or a match pattern",
        rationale: """
            The router picks the first task that matches; a second task with the same id or pattern is dead \
            configuration that looks live, and edits to it change nothing.
            """,
        fix: "Merge the two tasks or give the second its own id or pattern.",
        triggeringExamples: [
            Example("catalog/registry/agents.yaml", "tasks:\n  - id: triage\n  - id: ↓triage\n  - match: \"offer-*\"\n  - match: ↓\"offer-*\"\n"),
        ],
        nonTriggeringExamples: [
            Example("catalog/registry/agents.yaml", "tasks:\n  - id: triage\n  - id: review\n  - match: \"offer-*\"\n"),
        ])

    public func check(_ repository: RepositoryIndex, into sink: inout DiagnosticSink) {
        let catalog = CatalogModel.of(repository, settings: sink.settings)
        var seen: [String: CatalogField] = [:]
        for task in catalog.agentsRegistry?.child("tasks")?.elements ?? [] {
            for key in ["id", "match"] {
                guard let field = task.child(key), let text = field.scalarText else { continue }
                if let first = seen["\(key)\u{0}\(text)"] {
                    sink.report("task \(key) '\(text)' is already used", at: field, label: "duplicate",
                                related: [first.location("first used here")], help: "merge the tasks or rename this one")
                } else {
                    seen["\(key)\u{0}\(text)"] = field
                }
            }
        }
    }
}
