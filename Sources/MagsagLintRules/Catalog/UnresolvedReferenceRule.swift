import MagsagCatalog
import MagsagLintCore
import MagsagSource

/// Reports `magsag://` and bare references that name no agent or skill.
public struct UnresolvedReferenceRule: RepositoryRule {
    public init() {}

    public static let description = RuleDescription(
        id: "unresolved-reference",
        name: "Unresolved reference",
        category: .catalog,
        defaultSeverity: .error,
        summary: "A dependency or registry route names an agent or skill that does not exist, or cannot be read",
        rationale: """
            The MAGSAG runtime never resolves `magsag://` references ahead of time: a dependency on a renamed \
            sub-agent, or on a skill whose registry location is gone, only fails when a run reaches it. \
            Templates are not resolvable targets.
            """,
        fix: "Point the reference at an existing `main.`, `sub.` or `skill.` entry, or add the missing agent or skill.",
        triggeringExamples: [
            Example(files: [
                "catalog/agents/main/a-mag/agent.yaml":
                    "slug: a-mag\ndepends_on:\n  sub_agents:\n    - ↓magsag://sub.ghost-sag@1.0.0\n  skills:\n    - ↓skill.missing\n",
            ]),
            Example(files: [
                "catalog/registry/agents.yaml": "tasks:\n  - id: t\n    default: ↓magsag://main.gone-mag@>=1.0.0\n",
                "catalog/agents/sub/gone-mag/agent.yaml": "slug: gone-mag\n",
            ], linted: ["catalog/registry/agents.yaml"], note: "main. and sub. are different namespaces"),
            Example(files: [
                "catalog/agents/main/a-mag/agent.yaml": "depends_on:\n  skills:\n    - ↓magsag://skill.lookup@1.0.0\n",
                "catalog/registry/skills.yaml": "skills:\n  - id: skill.lookup\n    location: catalog/skills/old-lookup\n",
            ], linted: ["catalog/agents/main/a-mag/agent.yaml"], note: "the registry entry's location does not exist"),
            Example("catalog/agents/main/a-mag/agent.yaml", "depends_on:\n  sub_agents:\n    - ↓http://sub.b-sag\n"),
        ],
        nonTriggeringExamples: [
            Example(files: [
                "catalog/agents/main/a-mag/agent.yaml":
                    "depends_on:\n  sub_agents:\n    - magsag://sub.b-sag@^1.0.0\n    - b-sag\n  skills:\n    - skill.lookup\n    - agdd://skill.lookup\n",
                "catalog/agents/sub/b-sag/agent.yaml": "slug: b-sag\nversion: 1.2.0\n",
                "catalog/skills/lookup/skill.yaml": "id: skill.lookup\nversion: 1.0.0\n",
            ]),
            Example(files: [
                "catalog/agents/_template/mag-template/agent.yaml":
                    "depends_on:\n  sub_agents:\n    - magsag://sub.your-sag@^0.1.0\n",
            ], note: "template references are placeholders"),
        ])

    public func check(_ repository: RepositoryIndex, into sink: inout DiagnosticSink) {
        let catalog = CatalogModel.of(repository, settings: sink.settings)
        // Findings land on the referring file: only references written in linted files are read.
        for (_, dependency) in catalog.resolvableDependencies(of: { repository.linted.contains($1.path) },
                                                                     registry: { repository.linted.contains($0.field.path) }) {
            switch dependency.reference {
            case .failure(let error):
                sink.report("malformed reference '\(dependency.field.string ?? "")': \(error.message)", at: dependency.field,
                            label: "cannot be read",
                            help: "write references as magsag://<main|sub|skill>.<name>@<range>")
            case .success(let reference):
                guard catalog.resolve(reference) == nil else { continue }
                let noun = reference.kind == .skill ? "skill" : "\(reference.kind.rawValue) agent"
                sink.report("\(noun) '\(reference.name)' referenced as '\(reference.text)' does not exist", at: dependency.field,
                            label: "unresolved", notes: catalog.unresolvedHint(reference).map { [$0] } ?? [],
                            help: "reference an existing \(noun) or add it to the catalog")
            }
        }
    }
}
