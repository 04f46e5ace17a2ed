import MagsagCatalog
import MagsagLintCore
import MagsagSource

/// Reports skills-registry entries that disagree with the skill.yaml at their location.
public struct RegistrySkillMismatchRule: RepositoryRule {
    public init() {}

    public static let description = RuleDescription(
        id: "registry-skill-mismatch",
        name: "Registry skill mismatch",
        category: .registries,
        defaultSeverity: .error,
        summary: "A skills-registry entry's id, version, entrypoint or permissions differ from the skill.yaml at its location",
        rationale: """
            The registry is what the runtime resolves `skill.` references through; skill.yaml is what the \
            skill's owners edit. When they drift, version ranges are checked against one version and the other \
            one runs, and permission reviews look at the wrong list.
            """,
        fix: "Copy the values from skill.yaml into the registry entry (or the reverse), in the same change.",
        triggeringExamples: [
            Example(files: [
                "catalog/registry/skills.yaml": """
                    skills:
                      - id: ↓skill.lookup-v2
                        version: ↓1.1.0
                        location: catalog/skills/lookup
                        entrypoint: "@magsag/catalog#skills.lookup"
                        permissions: ↓[mcp:fetch]
                    """,
                "catalog/skills/lookup/skill.yaml":
                    "id: skill.lookup\nversion: 1.0.0\nentrypoint: \"@magsag/catalog#skills.lookup\"\npermissions: []\n",
            ]),
        ],
        nonTriggeringExamples: [
            Example(files: [
                "catalog/registry/skills.yaml":
                    "skills:\n  - id: skill.lookup\n    version: 1.0.0\n    location: catalog/skills/lookup\n    permissions: [mcp:a, mcp:b]\n",
                "catalog/skills/lookup/skill.yaml": "id: skill.lookup\nversion: 1.0.0\npermissions: [mcp:b, mcp:a]\n",
            ]),
        ])

    public func check(_ repository: RepositoryIndex, into sink: inout DiagnosticSink) {
        let catalog = CatalogModel.of(repository, settings: sink.settings)
        // Findings land on the registry: the manifests it points at are read only when it is linted.
        guard let registry = catalog.skillsRegistry, repository.linted.contains(registry.path) else { return }
        let skillsByFolder = Dictionary(catalog.skills.map { ($0.folder, $0) }, uniquingKeysWith: { a, _ in a })
        for entry in registry.child("skills")?.elements ?? [] {
            guard let location = entry.child("location")?.string.flatMap({ RepositoryPath.normalize($0.trimmingWhitespace) }),
                  let manifest = skillsByFolder[location]?.manifest else { continue }
            for key in ["id", "version", "entrypoint"] {
                guard let registered = entry.child(key), let declared = manifest.child(key),
                      let a = registered.scalarText, let b = declared.scalarText, a != b else { continue }
                sink.report("registry \(key) '\(a)' differs from skill.yaml's '\(b)'", at: registered, label: "differs",
                            related: [declared.location("skill.yaml declares")],
                            help: "make the registry entry and \(manifest.path) agree")
            }
            if let registered = entry.child("permissions"), let declared = manifest.child("permissions"),
               let a = Self.strings(registered), let b = Self.strings(declared), Set(a) != Set(b) {
                sink.report("registry permissions [\(a.joined(separator: ", "))] differ from skill.yaml's [\(b.joined(separator: ", "))]",
                            at: registered, label: "differs", related: [declared.location("skill.yaml declares")],
                            help: "make the registry entry and \(manifest.path) list the same permissions")
            }
        }
    }

    static func strings(_ field: CatalogField) -> [String]? {
        if field.value.isNull { return [] }
        guard field.value.arrayValue != nil else { return nil }
        return field.elements.compactMap(\.scalarText)
    }
}
