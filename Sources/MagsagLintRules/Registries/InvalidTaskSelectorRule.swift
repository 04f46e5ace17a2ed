import MagsagCatalog
import MagsagLintCore
import MagsagSource

/// Reports agents-registry tasks without exactly one of `id` and `match`, or with a malformed pattern.
public struct InvalidTaskSelectorRule: RepositoryRule {
    public init() {}

    public static let description = RuleDescription(
        id: "invalid-task-selector",
        name: "Invalid task selector",
        category: .registries,
        defaultSeverity: .error,
        summary: "A registry task has both or neither of id and match, or a match pattern that is not a valid glob",
        rationale: """
            A task is selected either by exact `id` or by an fnmatch `match` pattern. With both, which one wins \
            is up to the router; with neither, the task can never be selected; an unclosed `[` never matches.
            """,
        fix: "Keep exactly one of `id` and `match`, and close every `[` in the pattern.",
        triggeringExamples: [
            Example("catalog/registry/agents.yaml", "tasks:\n  - ↓id: t\n    match: \"t-*\"\n  - ↓description: nothing selects me\n"),
            Example("catalog/registry/agents.yaml", "tasks:\n  - match: ↓\"offer-[a-z\"\n"),
        ],
        nonTriggeringExamples: [
            Example("catalog/registry/agents.yaml", "tasks:\n  - id: t\n  - match: \"offer-[a-z]*\"\n"),
        ])

    public func check(_ repository: RepositoryIndex, into sink: inout DiagnosticSink) {
        let catalog = CatalogModel.of(repository, settings: sink.settings)
        for task in catalog.agentsRegistry?.child("tasks")?.elements ?? [] {
            guard let object = task.value.objectValue, let first = object.members.first else { continue }
            var anchor = task
            anchor.value.range = first.keyRange
            let id = task.child("id")
            let match = task.child("match")
            if id != nil, match != nil {
                sink.report("task has both id and match", at: anchor, label: "ambiguous selector",
                            help: "keep either id (exact) or match (glob)")
            } else if id == nil, match == nil {
                sink.report("task has neither id nor match", at: anchor, label: "never selected",
                            help: "add id: <task-id> or match: <glob>")
            }
            if let match, let pattern = match.string, !Self.isValidGlob(pattern) {
                sink.report("match pattern '\(pattern)' has an unclosed '['", at: match, label: "invalid glob",
                            help: "close the character class or escape the bracket as [[]")
            }
        }
    }

    /// Whether every `[` opens a class closed by a later `]` (fnmatch: `]` right after `[` or `[!` is literal).
    static func isValidGlob(_ pattern: String) -> Bool {
        let characters = Array(pattern)
        var i = 0
        while i < characters.count {
            if characters[i] == "[" {
                var j = i + 1
                if j < characters.count, characters[j] == "!" || characters[j] == "^" { j += 1 }
                if j < characters.count, characters[j] == "]" { j += 1 }
                while j < characters.count, characters[j] != "]" { j += 1 }
                guard j < characters.count else { return false }
                i = j
            }
            i += 1
        }
        return true
    }
}
