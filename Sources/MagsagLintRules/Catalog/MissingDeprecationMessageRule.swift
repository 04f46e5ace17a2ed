import MagsagCatalog
import MagsagLintCore
import MagsagSource

/// Reports deprecated agents and skills without a `deprecated_message`.
public struct MissingDeprecationMessageRule: RepositoryRule {
    public init() {}

    public static let description = RuleDescription(
        id: "missing-deprecation-message",
        name: "Missing deprecation message",
        category: .catalog,
        defaultSeverity: .warning,
        summary: "A deprecated agent or skill does not say what replaces it",
        rationale: """
            `deprecated: true` tells callers to move away but not where to; the `deprecated_message` is what \
            the warning shows to every caller.
            """,
        fix: "Add `deprecated_message:` naming the replacement and the removal date.",
        triggeringExamples: [
            Example("catalog/agents/sub/old-sag/agent.yaml", "slug: old-sag\n↓deprecated: true\n"),
            Example("catalog/skills/old/skill.yaml", "id: skill.old\n↓deprecated: true\ndeprecated_message: \"\"\n"),
        ],
        nonTriggeringExamples: [
            Example("catalog/agents/sub/old-sag/agent.yaml", "deprecated: true\ndeprecated_message: use new-sag; removal in 2.0\n"),
            Example("catalog/agents/sub/a-sag/agent.yaml", "deprecated: false\n"),
        ])

    public func check(_ repository: RepositoryIndex, into sink: inout DiagnosticSink) {
        let catalog = CatalogModel.of(repository, settings: sink.settings)
        let roots = catalog.agents.filter { !$0.isTemplate && repository.linted.contains($0.path) }.map(\.root)
            + catalog.skills.filter { !$0.isTemplate && $0.manifestIsLinted(in: repository) }.compactMap(\.manifest)
        for root in roots {
            guard let flag = root.child("deprecated"), flag.isTrue else { continue }
            let message = root.child("deprecated_message")?.string?.trimmingWhitespace ?? ""
            guard message.isEmpty else { continue }
            var field = flag
            if let key = flag.keyRange { field.value.range = SourceRange(start: key.start, end: flag.range.end) }
            sink.report("deprecated without a deprecated_message", at: field, label: "deprecated here",
                        help: "add deprecated_message naming the replacement")
        }
    }
}
