import MagsagCatalog
import MagsagLintCore
import MagsagSource

/// Reports agent `name`s that are not PascalCase.
public struct InvalidAgentNameRule: RepositoryRule {
    public init() {}

    public static let description = RuleDescription(
        id: "invalid-agent-name",
        name: "Invalid agent name",
        category: .catalog,
        defaultSeverity: .error,
        summary: "An agent's name is not PascalCase",
        rationale: """
            MAGSAG agent names are PascalCase identifiers (`OfferOrchestratorMAG`); code generators and \
            entrypoint exports derive identifiers from them, and spaces or dashes break that.
            """,
        fix: "Write the name in PascalCase: a capital letter, then letters and digits only.",
        triggeringExamples: [
            Example("catalog/agents/main/offer-mag/agent.yaml", "slug: offer-mag\nname: ↓offer orchestrator\n"),
            Example("catalog/agents/sub/price-sag/agent.yaml", "name: ↓Price-Sag\n"),
        ],
        nonTriggeringExamples: [
            Example("catalog/agents/main/offer-mag/agent.yaml", "name: OfferOrchestratorMAG\n"),
            Example("catalog/agents/sub/a-sag/agent.yaml", "name: MarketMapper0SAG\n"),
        ])

    public func check(_ repository: RepositoryIndex, into sink: inout DiagnosticSink) {
        for agent in CatalogModel.of(repository, settings: sink.settings).agents where !agent.isTemplate && repository.linted.contains(agent.path) {
            guard let name = agent.root.child("name") else { continue }
            guard let text = name.string else {
                sink.report("agent name must be a string, found \(name.value.typeName)", at: name, label: "not a string")
                continue
            }
            if !Self.isPascalCase(text) {
                sink.report("agent name '\(text)' is not PascalCase", at: name, label: "not PascalCase",
                            help: "use a capital letter followed by letters and digits, e.g. OfferOrchestratorMAG")
            }
        }
    }

    /// `^[A-Z][A-Za-z0-9]*$`.
    static func isPascalCase(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, ("A"..."Z").contains(first) else { return false }
        return text.unicodeScalars.allSatisfy { ("A"..."Z").contains($0) || ("a"..."z").contains($0) || ("0"..."9").contains($0) }
    }
}
