import MagsagCatalog
import MagsagLintCore
import MagsagSource

/// Reports references of the wrong kind for the list they are in or for the agent's role.
public struct DependencyKindMismatchRule: RepositoryRule {
    public init() {}

    public static let description = RuleDescription(
        id: "dependency-kind-mismatch",
        name: "Dependency kind mismatch",
        category: .catalog,
        defaultSeverity: .error,
        summary: "A reference names the wrong kind of target for where it is written",
        rationale: """
            `depends_on.sub_agents` lists sub-agents and `depends_on.skills` lists skills; a main agent \
            delegates to sub-agents and skills, a sub-agent never calls a main agent, and registry tasks route \
            to main agents. A reference of the wrong kind breaks the MAG/SAG layering the runtime assumes. \
            Sub-agents may depend on other sub-agents (acyclically), as MAGSAG catalogs do; the option \
            `allow-sub-agent-dependencies: false` (`options: {dependency-kind-mismatch: {allow-sub-agent-dependencies: \
            false}}`) restricts sub-agents to skills.
            """,
        fix: "Move the reference to the right list, or reference the right kind of target.",
        triggeringExamples: [
            Example("catalog/agents/main/a-mag/agent.yaml", """
                depends_on:
                  sub_agents:
                    - ↓magsag://skill.lookup@1.0.0
                    - ↓magsag://main.other-mag@1.0.0
                  skills:
                    - ↓magsag://sub.b-sag@1.0.0
                """),
            Example("catalog/registry/agents.yaml", "tasks:\n  - id: t\n    default: ↓magsag://sub.b-sag@1.0.0\n"),
        ],
        nonTriggeringExamples: [
            Example("catalog/agents/main/a-mag/agent.yaml", """
                depends_on:
                  sub_agents:
                    - magsag://sub.b-sag@1.0.0
                    - b-sag
                  skills:
                    - magsag://skill.lookup@1.0.0
                    - skill.lookup
                """),
            Example("catalog/registry/agents.yaml", "tasks:\n  - id: t\n    default: magsag://main.a-mag@1.0.0\n"),
        ])

    public func check(_ repository: RepositoryIndex, into sink: inout DiagnosticSink) {
        let catalog = CatalogModel.of(repository, settings: sink.settings)
        // Findings land on the agent's own file: only linted descriptors are read.
        for agent in catalog.agents where repository.linted.contains(agent.path) {
            for dependency in agent.dependencies {
                guard let reference = dependency.parsed else { continue }
                let expected: CatalogReference.Kind = dependency.list == "skills" ? .skill : .sub
                if reference.kind == .sub, expected == .sub, agent.effectiveKind == .sub, !agent.isTemplate,
                   !sink.boolOption("allow-sub-agent-dependencies", default: true) {
                    sink.report("sub-agent depends on the sub-agent '\(reference.text)'; this repository restricts sub-agents to skills",
                                at: dependency.field, label: "sub-agent dependency",
                                help: "let the main agent delegate to both sub-agents, or allow-sub-agent-dependencies in the options")
                } else if reference.kind != expected {
                    let noun = expected == .skill ? "skill" : "sub-agent"
                    sink.report("'\(reference.text)' names a \(reference.kind.rawValue) target in depends_on.\(dependency.list), which lists \(noun)s",
                                at: dependency.field, label: "expected a \(expected.rawValue). reference",
                                help: reference.kind == .main
                                    ? "agents may not depend on main agents; route through the registry instead"
                                    : "move it to depends_on.\(reference.kind == .skill ? "skills" : "sub_agents")")
                }
            }
        }
        for dependency in catalog.registryDependencies {
            guard let reference = dependency.parsed, reference.kind != .main else { continue }
            sink.report("registry route '\(reference.text)' names a \(reference.kind.rawValue) target; tasks route to main agents",
                        at: dependency.field, label: "expected a main. reference",
                        help: "route the task to a main agent (magsag://main.<slug>@<range>)")
        }
    }
}
