import MagsagCatalog
import MagsagLintCore
import MagsagSource

/// Reports eval `target_agents` that name no agent.
public struct UnknownEvalTargetRule: RepositoryRule {
    public init() {}

    public static let description = RuleDescription(
        id: "unknown-eval-target",
        name: "Unknown eval target",
        category: .catalog,
        defaultSeverity: .error,
        summary: "An eval's target_agents names an agent that does not exist",
        rationale: """
            An eval hook attaches to agents by slug; a renamed or removed agent silently drops out of \
            evaluation, and its regressions stop being caught.
            """,
        fix: "Use the agent's current slug (or a magsag://main.|sub. reference), or remove the entry.",
        triggeringExamples: [
            Example(files: [
                "catalog/evals/quality/eval.yaml": "target_agents:\n  - a-mag\n  - ↓ghost-sag\n  - ↓magsag://sub.a-mag\n",
                "catalog/agents/main/a-mag/agent.yaml": "slug: a-mag\n",
            ], linted: ["catalog/evals/quality/eval.yaml"]),
        ],
        nonTriggeringExamples: [
            Example(files: [
                "catalog/evals/quality/eval.yaml": "target_agents:\n  - a-mag\n  - magsag://sub.b-sag@^1.0.0\n  - \"*\"\n",
                "catalog/agents/main/a-mag/agent.yaml": "slug: a-mag\n",
                "catalog/agents/sub/b-sag/agent.yaml": "version: 1.1.0\n",
            ]),
        ])

    public func check(_ repository: RepositoryIndex, into sink: inout DiagnosticSink) {
        let catalog = CatalogModel.of(repository, settings: sink.settings)
        for eval in catalog.evals {
            for target in eval.child("target_agents")?.elements ?? [] {
                guard let text = target.string, !text.utf8Contains("*") else { continue }
                guard let dependency = CatalogDependency(target, list: "target_agents", implied: .main) else { continue }
                switch dependency.reference {
                case .failure(let error):
                    sink.report("malformed target '\(text)': \(error.message)", at: target, label: "cannot be read")
                case .success(let reference):
                    guard reference.kind != .skill, catalog.resolve(reference, anyAgentKind: true) == nil else {
                        if reference.kind == .skill {
                            sink.report("target '\(text)' names a skill, not an agent", at: target, label: "not an agent")
                        }
                        continue
                    }
                    sink.report("eval target '\(reference.name)' is not an agent", at: target, label: "unknown agent",
                                notes: catalog.unresolvedHint(reference).map { [$0] } ?? [],
                                help: "use the slug of an agent under \(catalog.layout.agents)/main or /sub")
                }
            }
        }
    }
}
