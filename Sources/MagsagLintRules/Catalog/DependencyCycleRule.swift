import MagsagCatalog
import MagsagLintCore
import MagsagSource

/// Reports cycles in the agent dependency graph, spelling the cycle out.
public struct DependencyCycleRule: RepositoryRule {
    public init() {}

    public static let description = RuleDescription(
        id: "dependency-cycle",
        name: "Dependency cycle",
        category: .catalog,
        defaultSeverity: .error,
        summary: "Agents depend on each other in a cycle",
        rationale: """
            Delegation follows `depends_on`: a cycle lets a run delegate forever, or until budgets run out, and \
            makes the agents impossible to release or test in dependency order.
            """,
        fix: "Break the cycle: move the shared work into a skill or a new sub-agent both can depend on.",
        triggeringExamples: [
            Example(files: [
                "catalog/agents/sub/a-sag/agent.yaml": "depends_on:\n  sub_agents:\n    - ↓magsag://sub.b-sag@1.0.0\n",
                "catalog/agents/sub/b-sag/agent.yaml": "depends_on:\n  sub_agents:\n    - c-sag\n",
                "catalog/agents/sub/c-sag/agent.yaml": "depends_on:\n  sub_agents:\n    - magsag://sub.a-sag\n",
            ]),
            Example("catalog/agents/sub/a-sag/agent.yaml", "depends_on:\n  sub_agents:\n    - ↓a-sag\n"),
        ],
        nonTriggeringExamples: [
            Example(files: [
                "catalog/agents/main/a-mag/agent.yaml": "depends_on:\n  sub_agents:\n    - b-sag\n    - c-sag\n",
                "catalog/agents/sub/b-sag/agent.yaml": "depends_on:\n  sub_agents:\n    - c-sag\n",
                "catalog/agents/sub/c-sag/agent.yaml": "depends_on:\n  skills:\n    - skill.x\n",
            ]),
        ])

    public func check(_ repository: RepositoryIndex, into sink: inout DiagnosticSink) {
        let catalog = CatalogModel.of(repository, settings: sink.settings)
        // A cycle is reported on a linted member when it has one: the agents reachable from the linted ones
        // hold every such cycle (only their descriptors are read).
        let graph = DependencyGraph(catalog, from: catalog.agents.indices.filter { repository.linted.contains(catalog.agents[$0].path) })
        for component in graph.cycles() {
            // Report once per cycle, at the first member (by path) the run lints.
            let members = component.sorted { catalog.agents[$0].path < catalog.agents[$1].path }
            guard let start = members.first(where: { repository.linted.contains(catalog.agents[$0].path) }) ?? members.first,
                  let cycle = graph.cycle(from: start, within: Set(component)), cycle.count >= 2,
                  let edge = graph.edge(from: cycle[0], to: cycle[1]) else { continue }
            let names = cycle.map { catalog.agents[$0].folderName }
            let related = zip(cycle.dropFirst(), cycle.dropFirst(2)).compactMap { graph.edge(from: $0, to: $1) }
                .map { $0.location("continues here") }
            sink.report("dependency cycle: \(names.joined(separator: " -> "))", at: edge, label: "closes a cycle",
                        related: related, help: "break the cycle by moving shared work into a skill or a new sub-agent")
        }
    }
}
