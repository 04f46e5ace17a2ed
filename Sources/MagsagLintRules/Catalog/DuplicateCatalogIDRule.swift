import MagsagCatalog
import MagsagLintCore
import MagsagSource

/// Reports agent slugs, skill ids, skills-registry ids and MCP server ids declared twice.
public struct DuplicateCatalogIDRule: RepositoryRule {
    public init() {}

    public static let description = RuleDescription(
        id: "duplicate-catalog-id",
        name: "Duplicate catalog id",
        category: .catalog,
        defaultSeverity: .error,
        summary: "Two agents share a slug, two skills or skills-registry entries an id, or two MCP server configs an id",
        rationale: """
            Catalog ids are how runs, logs, registries and references name things; with two entries under one \
            id, which one a lookup returns depends on file order.
            """,
        fix: "Rename one of the two entries, or delete the stale copy.",
        triggeringExamples: [
            Example(files: [
                "catalog/agents/main/a-mag/agent.yaml": "slug: a-mag\n",
                "catalog/agents/sub/b-sag/agent.yaml": "slug: ↓a-mag\n",
            ]),
            Example("catalog/registry/skills.yaml", "skills:\n  - id: skill.a\n  - id: ↓skill.a\n"),
            Example(files: [
                "catalog/skills/a/skill.yaml": "id: skill.a\n",
                "catalog/skills/b/skill.yaml": "id: ↓skill.a\n",
            ]),
            Example(files: [
                ".mcp/servers/fetch.yaml": "id: fetch\n",
                "tools/adk/servers/fetch.yaml": "id: ↓fetch\n",
            ]),
        ],
        nonTriggeringExamples: [
            Example(files: [
                "catalog/agents/main/a-mag/agent.yaml": "slug: a-mag\n",
                "catalog/agents/sub/b-sag/agent.yaml": "slug: b-sag\n",
                "catalog/agents/_template/mag-template/agent.yaml": "slug: a-mag\n",
                "catalog/skills/a/skill.yaml": "id: skill.a\n",
                "catalog/registry/skills.yaml": "skills:\n  - id: skill.a\n",
            ]),
        ])

    public func check(_ repository: RepositoryIndex, into sink: inout DiagnosticSink) {
        let catalog = CatalogModel.of(repository, settings: sink.settings)
        // A duplicate is reported on the later declaration: a linted agent's slug is compared with every
        // agent whose descriptor bytes can spell it (the others are not read).
        let slugs = Set(catalog.agents.filter { !$0.isTemplate && repository.linted.contains($0.path) }.compactMap { $0.slug?.scalarText })
        let sharing = catalog.agentIndices(mentioning: slugs, in: repository)
        let agents = catalog.agents.indices.filter { i in
            !catalog.agents[i].isTemplate && (repository.linted.contains(catalog.agents[i].path) || sharing.contains(i))
        }
        report(agents.compactMap { catalog.agents[$0].slug }, noun: "agent slug", into: &sink)
        // Skill ids likewise: a linted manifest's id against every manifest whose bytes can spell it. An id
        // that YAML could write in another form (a number, a boolean, quotes or spaces) reads them all.
        let skills = catalog.skills.filter { !$0.isTemplate }
        let lintedSkills = skills.filter { $0.manifestIsLinted(in: repository) }
        let ids = lintedSkills.compactMap { $0.id?.scalarText }
        let spelled = ids.allSatisfy(Self.isSpelledAsIs) ? catalog.skillPaths(mentioning: Set(ids), in: repository) : nil
        let chosen = skills.filter { skill in
            guard let path = skill.manifestPath else { return false }
            return repository.linted.contains(path) || spelled?.contains(path) ?? true
        }
        report(chosen.compactMap(\.id), noun: "skill id", into: &sink)
        report(catalog.skillsRegistry?.child("skills")?.elements.compactMap { $0.child("id") } ?? [],
               noun: "skills-registry id", into: &sink)
        report(catalog.mcpServers.compactMap { $0.root.child("id") }, noun: "mcp server id", into: &sink)
    }

    /// Whether every scalar whose text is `text` spells it as is: a plain name starting with a letter,
    /// and not a word YAML reads as a boolean or null (numbers and booleans are compared by their
    /// canonical text, which another spelling can produce).
    static func isSpelledAsIs(_ text: String) -> Bool {
        guard let first = text.utf8.first, (first | 0x20) >= 0x61, (first | 0x20) <= 0x7A,
              CatalogModel.isPlainName(text) else { return false }
        let words: Set<String> = ["true", "false", "yes", "no", "on", "off", "y", "n", "null", "inf", "nan", "infinity"]
        return !words.contains(text.lowercased()) && Double(text) == nil
    }

    private func report(_ fields: [CatalogField], noun: String, into sink: inout DiagnosticSink) {
        var first: [String: CatalogField] = [:]
        for field in fields {
            guard let text = field.scalarText else { continue }
            if let original = first[text] {
                sink.report("\(noun) '\(text)' is already declared in \(original.path)", at: field, label: "duplicate",
                            related: [original.location("first declared here")], help: "give each entry a unique id")
            } else {
                first[text] = field
            }
        }
    }
}
