import MagsagCatalog
import MagsagLintCore
import MagsagSource

/// Reports agents whose slug or role disagrees with their folder, or whose slug lacks its role suffix.
public struct AgentSlugMismatchRule: RepositoryRule {
    public init() {}

    public static let description = RuleDescription(
        id: "agent-slug-mismatch",
        name: "Agent slug mismatch",
        category: .catalog,
        defaultSeverity: .error,
        summary: "An agent's slug differs from its folder, its role from its main/sub folder, or its slug lacks the -mag/-sag suffix",
        rationale: """
            References resolve through folders (`magsag://sub.x` is the folder `x` under the sub-agents folder) while tooling and \
            logs use the declared slug and role; when they disagree, the agent that runs is not the one the \
            catalog says. MAG slugs end in `-mag` and SAG slugs in `-sag` so a reference shows its layer.
            """,
        fix: "Rename the folder or the slug so they agree, and set `role` to the folder's `main` or `sub`.",
        triggeringExamples: [
            Example("catalog/agents/main/offer-mag/agent.yaml", "slug: ↓offer_mag\nrole: main\n"),
            Example("catalog/agents/sub/price-sag/agent.yaml", "slug: price-sag\nrole: ↓main\n"),
            Example("catalog/agents/main/offer/agent.yaml", "slug: ↓offer\nrole: main\n"),
        ],
        nonTriggeringExamples: [
            Example("catalog/agents/main/offer-mag/agent.yaml", "slug: offer-mag\nrole: main\n"),
            Example("catalog/agents/_template/mag-template/agent.yaml", "slug: your-agent-mag\nrole: main\n"),
        ])

    public func check(_ repository: RepositoryIndex, into sink: inout DiagnosticSink) {
        for agent in CatalogModel.of(repository, settings: sink.settings).agents where !agent.isTemplate && repository.linted.contains(agent.path) {
            guard let kind = agent.folderKind else { continue }
            if let slug = agent.slug, let text = slug.string {
                if text != agent.folderName {
                    sink.report("slug '\(text)' differs from its folder name '\(agent.folderName)'", at: slug,
                                label: "declared here", help: "rename the folder or set slug: \(agent.folderName)")
                } else {
                    let suffix = kind == .main ? "-mag" : "-sag"
                    if !text.hasSuffix(suffix) {
                        sink.report("\(kind == .main ? "main" : "sub")-agent slug '\(text)' does not end in '\(suffix)'", at: slug,
                                    label: "missing \(suffix)", help: "rename the agent (folder and slug) to end in \(suffix)")
                    }
                }
            }
            if let role = agent.role, let text = role.string, text != kind.rawValue {
                sink.report("role '\(text)' does not match the agent's '\(kind.rawValue)' folder", at: role,
                            label: "declared here", help: "set role: \(kind.rawValue) or move the agent to agents/\(text)/")
            }
        }
    }
}
