import MagsagCatalog
import MagsagLintCore
import MagsagSource

/// Reports `version` fields that are not semantic versions.
public struct InvalidVersionRule: RepositoryRule {
    public init() {}

    public static let description = RuleDescription(
        id: "invalid-version",
        name: "Invalid version",
        category: .catalog,
        defaultSeverity: .error,
        summary: "An agent, skill, skills-registry entry or MCP server declares a version that is not a semantic version",
        rationale: """
            Version ranges in references are compared against these versions; a value that is not SemVer \
            (`1.0`, `v2`, `latest`, a YAML number) can satisfy no range. MCP server configs may use a short \
            numeric version (`"1"`, `"1.2"`), as MAGSAG's own configs do.
            """,
        fix: "Write the version as MAJOR.MINOR.PATCH, quoted if needed (`version: 1.2.0`).",
        triggeringExamples: [
            Example("catalog/agents/main/a-mag/agent.yaml", "slug: a-mag\nversion: ↓1.0\n"),
            Example("catalog/skills/lookup/skill.yaml", "id: skill.lookup\nversion: ↓v1.2.0\n"),
            Example("catalog/registry/skills.yaml", "skills:\n  - id: skill.lookup\n    version: ↓01.2.0\n"),
            Example("tools/adk/servers/fetch.yaml", "id: fetch\nversion: ↓latest\n"),
        ],
        nonTriggeringExamples: [
            Example("catalog/agents/main/a-mag/agent.yaml", "version: 1.0.0-rc.1+build.5\n"),
            Example("tools/adk/servers/fetch.yaml", "id: fetch\nversion: \"1\"\n"),
            Example("catalog/agents/_template/mag-template/agent.yaml", "version: <semver>\n"),
        ])

    public func check(_ repository: RepositoryIndex, into sink: inout DiagnosticSink) {
        let catalog = CatalogModel.of(repository, settings: sink.settings)
        // Findings land on the agent's or skill's own file: only linted descriptors and manifests are read.
        for agent in catalog.agents where repository.linted.contains(agent.path) {
            check(agent.version, owner: "agent", template: agent.isTemplate, into: &sink)
        }
        for skill in catalog.skills where skill.manifestIsLinted(in: repository) {
            check(skill.version, owner: "skill", template: skill.isTemplate, into: &sink)
        }
        for entry in catalog.skillsRegistry?.child("skills")?.elements ?? [] {
            check(entry.child("version"), owner: "skills-registry entry", template: false, into: &sink)
        }
        for server in catalog.mcpServers {
            guard let field = server.root.child("version") else { continue }
            if let text = field.scalarText, Self.isServerVersion(text) { continue }
            sink.report("mcp server version '\(field.scalarText ?? field.value.typeName)' is not a version number", at: field,
                        label: "invalid version", help: "use a semantic version such as 1.0.0 (or a short one such as \"1\")")
        }
    }

    private func check(_ field: CatalogField?, owner: String, template: Bool, into sink: inout DiagnosticSink) {
        guard let field else { return }
        let text = field.scalarText ?? ""
        if template, text.utf8Contains("<") || text.utf8Contains("{") { return }
        guard field.string == nil || SemanticVersion(text) == nil else { return }
        let shown = field.scalarText.map { "'\($0)'" } ?? field.value.typeName
        let why = field.string == nil && field.scalarText != nil ? " (a YAML number, not a string)" : ""
        sink.report("\(owner) version \(shown) is not a semantic version\(why)", at: field, label: "invalid version",
                    help: "write MAJOR.MINOR.PATCH, e.g. version: 1.2.0")
    }

    /// `1`, `1.2`, or a semantic version.
    static func isServerVersion(_ text: String) -> Bool {
        if SemanticVersion(text) != nil { return true }
        let parts = text.asciiSplit(".", omittingEmptySubsequences: false)
        return (1...2).contains(parts.count) && parts.allSatisfy { SemanticVersion.numericPart($0) != nil }
    }
}
