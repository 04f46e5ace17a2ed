import MagsagCatalog
import MagsagLintCore
import MagsagSource

/// Warns about skill folders the skills registry does not list.
public struct UnregisteredSkillRule: RepositoryRule {
    public init() {}

    public static let description = RuleDescription(
        id: "unregistered-skill",
        name: "Unregistered skill",
        category: .registries,
        defaultSeverity: .warning,
        summary: "A skill folder is not listed in catalog/registry/skills.yaml",
        rationale: """
            The runtime resolves `skill.` references through the skills registry; a skill that is not \
            registered cannot be called, however complete its folder is. Reported only when the registry exists.
            """,
        fix: "Add an entry (id, version, location, entrypoint, permissions) for the skill to the skills registry.",
        triggeringExamples: [
            Example(files: [
                "catalog/registry/skills.yaml": "skills:\n  - id: skill.a\n    location: catalog/skills/a\n",
                "catalog/skills/a/skill.yaml": "id: skill.a\n",
                "catalog/skills/b/skill.yaml": "version: 1.0.0\nid: ↓skill.b\n",
                "catalog/skills/c/SKILL.md": "↓---\nname: c\n---\n# C\n",
            ]),
        ],
        nonTriggeringExamples: [
            Example(files: [
                "catalog/registry/skills.yaml": "skills:\n  - id: skill.a\n    location: catalog/skills/a\n  - id: skill.b\n",
                "catalog/skills/a/skill.yaml": "id: skill.a\n",
                "catalog/skills/b/SKILL.md": "---\nname: b\n---\n",
                "catalog/skills/_template/skill.yaml": "id: skill.your-skill\n",
            ]),
            Example("catalog/skills/a/skill.yaml", "id: skill.a\n", note: "no registry: nothing to compare with"),
        ])

    public func check(_ repository: RepositoryIndex, into sink: inout DiagnosticSink) {
        let catalog = CatalogModel.of(repository, settings: sink.settings)
        guard let registry = catalog.skillsRegistry else { return }
        var ids: Set<String> = []
        var locations: Set<String> = []
        for entry in registry.child("skills")?.elements ?? [] {
            if let id = entry.child("id")?.string { ids.insert(id) }
            if let location = entry.child("location")?.string.flatMap({ RepositoryPath.normalize($0.trimmingWhitespace) }) {
                locations.insert(location)
            }
        }
        // Findings land on the skill's own file: only skills whose file is linted are read.
        for skill in catalog.skills where !skill.isTemplate && repository.linted.contains(skill.primaryPath) {
            let id = skill.id?.string ?? "skill.\(skill.folderName)"
            guard !ids.contains(id), !locations.contains(skill.folder) else { continue }
            if let field = skill.id {
                sink.report("skill '\(id)' is not in the skills registry", at: field, label: "unregistered",
                            related: [Location.file(registry.path, label: "skills registry")],
                            help: "add an entry for \(id) to \(registry.path)")
            } else {
                sink.report("skill folder '\(skill.folder)' is not in the skills registry", path: skill.primaryPath,
                            range: .fileStart, label: "unregistered", related: [Location.file(registry.path, label: "skills registry")],
                            help: "add an entry for \(id) to \(registry.path)")
            }
        }
    }
}
