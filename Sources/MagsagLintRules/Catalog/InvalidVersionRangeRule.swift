import MagsagCatalog
import MagsagLintCore
import MagsagSource

/// Reports `@<range>` suffixes that are not npm/semver ranges.
public struct InvalidVersionRangeRule: RepositoryRule {
    public init() {}

    public static let description = RuleDescription(
        id: "invalid-version-range",
        name: "Invalid version range",
        category: .catalog,
        defaultSeverity: .error,
        summary: "A reference's version range is malformed or uses an operator npm ranges do not have",
        rationale: """
            References use npm range syntax (`1.2.3`, `>=1.0.0`, `^1.2.0`, `~1.2`, `1.x`, `1.0.0 - 2.0.0`, \
            `||`). Operators borrowed from other ecosystems (`==`, `!=`, `~=`) mean nothing to a semver \
            resolver, so the range constrains nothing.
            """,
        fix: "Rewrite the range in npm syntax, for example `>=1.2.0 <2.0.0` instead of `>=1.2.0,!=1.3.0`.",
        triggeringExamples: [
            Example("catalog/agents/main/a-mag/agent.yaml",
                    "depends_on:\n  sub_agents:\n    - ↓magsag://sub.b-sag@!=1.0.0\n  skills:\n    - ↓skill.lookup@1.0.0.0\n"),
            Example("catalog/registry/agents.yaml", "tasks:\n  - id: t\n    default: ↓magsag://main.a-mag@==1.0.0\n"),
        ],
        nonTriggeringExamples: [
            Example("catalog/agents/main/a-mag/agent.yaml", """
                depends_on:
                  sub_agents:
                    - magsag://sub.b-sag@>=1.2.3 <2.0.0-0
                    - magsag://sub.c-sag@^0.2 || ~1.4.x || *
                    - magsag://sub.d-sag@1.2.3-beta.1 - 2
                """),
        ])

    public func check(_ repository: RepositoryIndex, into sink: inout DiagnosticSink) {
        let catalog = CatalogModel.of(repository, settings: sink.settings)
        // Findings land on the agent's own file: only linted descriptors are read.
        for agent in catalog.agents where repository.linted.contains(agent.path) {
            for dependency in agent.dependencies { check(dependency, into: &sink) }
        }
        for dependency in catalog.registryDependencies { check(dependency, into: &sink) }
    }

    private func check(_ dependency: CatalogDependency, into sink: inout DiagnosticSink) {
        guard let reference = dependency.parsed, let rangeText = reference.rangeText else { return }
        do throws(VersionRange.ParseError) {
            _ = try VersionRange(parsing: rangeText)
        } catch {
            sink.report("invalid version range '\(rangeText)': \(error.message)", at: dependency.field, label: "invalid range",
                        help: "use npm range syntax: 1.2.3, >=1.2.3, ^1.2.3, ~1.2.3, 1.x, 1.0.0 - 2.0.0, joined by spaces or ||")
        }
    }
}
