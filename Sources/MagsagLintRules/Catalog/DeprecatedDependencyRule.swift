import MagsagCatalog
import MagsagLintCore
import MagsagSource

/// Warns when a non-deprecated agent depends on a deprecated agent or skill.
public struct DeprecatedDependencyRule: RepositoryRule {
    public init() {}

    public static let description = RuleDescription(
        id: "deprecated-dependency",
        name: "Deprecated dependency",
        category: .catalog,
        defaultSeverity: .warning,
        summary: "An agent or registry route that is not deprecated depends on a deprecated agent or skill",
        rationale: """
            Deprecation announces removal. Live agents and task routes that still delegate to a deprecated \
            agent or skill will break when it goes, and nobody is told until then.
            """,
        fix: "Move the dependency to the replacement named in the target's `deprecated_message`, or deprecate the caller too.",
        triggeringExamples: [
            Example(files: [
                "catalog/agents/main/a-mag/agent.yaml": "depends_on:\n  sub_agents:\n    - ↓magsag://sub.old-sag@1.0.0\n",
                "catalog/agents/sub/old-sag/agent.yaml": "version: 1.0.0\ndeprecated: true\ndeprecated_message: use new-sag\n",
            ]),
            Example(files: [
                "catalog/registry/agents.yaml": "tasks:\n  - id: triage\n    default: ↓magsag://main.old-mag@^1.0.0\n",
                "catalog/agents/main/old-mag/agent.yaml": "version: 1.2.0\ndeprecated: true\ndeprecated_message: use new-mag\n",
            ], note: "a task route in the agents registry"),
        ],
        nonTriggeringExamples: [
            Example(files: [
                "catalog/agents/main/a-mag/agent.yaml":
                    "deprecated: true\ndeprecated_message: use b-mag\ndepends_on:\n  sub_agents:\n    - old-sag\n",
                "catalog/agents/sub/old-sag/agent.yaml": "deprecated: true\ndeprecated_message: use new-sag\n",
            ], note: "a deprecated caller may keep its deprecated dependencies"),
        ])

    public func check(_ repository: RepositoryIndex, into sink: inout DiagnosticSink) {
        let catalog = CatalogModel.of(repository, settings: sink.settings)
        // Findings land on the referring file: only references written in linted files are read.
        for (owner, dependency) in catalog.resolvableDependencies(of: { repository.linted.contains($1.path) },
                                                                     registry: { repository.linted.contains($0.field.path) })
        where owner?.isDeprecated != true {
            guard let reference = dependency.parsed, let target = catalog.resolve(reference), target.isDeprecated else { continue }
            let message = target.agentIndex.flatMap { catalog.agents[$0].root.child("deprecated_message")?.string }
            let noun = reference.kind == .skill ? "skill" : "agent"
            sink.report("depends on deprecated \(noun) '\(reference.name)'", at: dependency.field, label: "deprecated",
                        related: [Location.file(target.path, label: "deprecated here")],
                        notes: message.map { ["deprecation message: \($0)"] } ?? [],
                        help: "move to the replacement, or deprecate this caller too")
        }
    }
}
