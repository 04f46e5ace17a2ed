import MagsagCatalog
import MagsagLintCore
import MagsagSource

/// Reports skills-registry entries whose `location` folder does not exist.
public struct RegistryLocationMissingRule: RepositoryRule {
    public init() {}

    public static let description = RuleDescription(
        id: "registry-location-missing",
        name: "Registry location missing",
        category: .registries,
        defaultSeverity: .error,
        summary: "A skills-registry entry's location is missing, absolute or outside the repository",
        rationale: """
            The runtime loads a registered skill from its `location`. MAGSAG's own catalog has shipped \
            registry entries pointing at folders that no longer exist, so every agent depending on the skill \
            fails at run time.
            """,
        fix: "Point `location` at the skill's folder (e.g. `catalog/skills/<id>`), or remove the entry.",
        triggeringExamples: [
            Example("catalog/registry/skills.yaml", "skills:\n  - id: skill.a\n    location: ↓catalog/skills/gone\n"),
            Example("catalog/registry/skills.yaml", "skills:\n  - id: skill.a\n    location: ↓../elsewhere/a\n"),
        ],
        nonTriggeringExamples: [
            Example(files: [
                "catalog/registry/skills.yaml": "skills:\n  - id: skill.a\n    location: catalog/skills/a/\n",
                "catalog/skills/a/skill.yaml": "id: skill.a\n",
            ]),
        ])

    public func check(_ repository: RepositoryIndex, into sink: inout DiagnosticSink) {
        let catalog = CatalogModel.of(repository, settings: sink.settings)
        for entry in catalog.skillsRegistry?.child("skills")?.elements ?? [] {
            guard let location = entry.child("location"), let text = location.string?.trimmingWhitespace else { continue }
            guard let path = RepositoryPath.normalize(text) else {
                sink.report("location '\(text)' is not a folder inside the repository", at: location, label: "invalid location",
                            help: "use a repository-relative folder such as catalog/skills/<id>")
                continue
            }
            if !repository.directoryExists(path) {
                sink.report("location '\(text)' does not exist", at: location, label: "missing folder",
                            help: "point location at the skill's folder, or remove the entry")
            }
        }
    }
}
