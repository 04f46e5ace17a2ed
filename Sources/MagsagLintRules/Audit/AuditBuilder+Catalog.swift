import MagsagCatalog
import MagsagLintCore
import MagsagSource

/// Catalog: agents, skills, contracts, their dependencies, unused entries, fixture coverage.
extension AuditBuilder {
    /// Extensions of fixture files under an agent's `fixtures/` folder.
    static let fixtureExtensions = [".yaml", ".yml", ".json"]

    func buildCatalog(_ catalog: CatalogModel, ledger: inout Ledger) -> CatalogAudit {
        var fixturesByFolder: [String: [String]] = [:]
        for path in repository.allPaths.subtracting(repository.deleted) {
            guard let range = path.utf8Range(of: "/fixtures/"),
                  Self.fixtureExtensions.contains(where: { path.lowercased().hasSuffix($0) }) else { continue }
            fixturesByFolder[String(path[..<range.lowerBound]), default: []].append(path)
        }
        var usedBy: [String: Set<String>] = [:]
        var agents: [AgentAudit] = []
        for agent in catalog.agents where !agent.isTemplate {
            guard let key = agent.key else { continue }
            ledger.items[.catalog, default: []].insert(agent.path)
            var dependencies: [DependencyAudit] = []
            for dependency in agent.dependencies {
                let parsed = dependency.parsed
                let target = parsed.flatMap { catalog.resolve($0) }
                let resolved = target.map { "\($0.kind.rawValue).\($0.name)" }
                if let resolved { usedBy[resolved, default: []].insert(key) }
                dependencies.append(DependencyAudit(
                    kind: parsed?.kind.rawValue ?? dependency.list, reference: dependency.field.string ?? "", resolved: resolved))
            }
            let fixtures = (fixturesByFolder[agent.folder] ?? []).sorted()
            if fixtures.isEmpty {
                ledger.findings.append(AuditFinding(
                    rule: "audit/agent-without-fixtures", severity: "audit", path: agent.path, line: 1,
                    message: "agent \(key) has no fixture under \(agent.folder)/fixtures/", penalty: AuditScoring.agentWithoutFixtures))
            }
            agents.append(AgentAudit(
                key: key, role: agent.folderKind == .sub ? "sag" : "mag", path: agent.path, version: agent.version?.scalarText,
                deprecated: agent.isDeprecated, dependencies: dependencies,
                contracts: Self.contracts(agent.root, key: "contracts"), fixtures: fixtures, score: 100))
        }
        var skills: [SkillAudit] = []
        for skill in catalog.skills where !skill.isTemplate {
            let key = "skill.\(skill.name)"
            ledger.items[.catalog, default: []].insert(skill.primaryPath)
            let users = (usedBy[key] ?? []).sorted()
            if users.isEmpty {
                ledger.findings.append(AuditFinding(
                    rule: "audit/unused-skill", severity: "audit", path: skill.primaryPath, line: 1,
                    message: "no agent depends on \(key)", penalty: AuditScoring.unusedSkill))
            }
            var contracts = Self.contracts(skill.manifest, key: "contracts")
            if contracts.isEmpty {
                contracts = Self.contracts(skill.card, key: "iface").filter { ContractPath.looksLikePath($0.value) }
            }
            skills.append(SkillAudit(
                key: key, path: skill.primaryPath, version: skill.version?.scalarText, contracts: contracts, usedBy: users,
                hasExamples: repository.fileExists(skill.folder + "/resources/examples/in.json"), score: 100))
        }
        var declaredBy: [String: Set<String>] = [:]
        let owners = Dictionary(
            agents.map { ($0.path, $0.key) } + catalog.skills.filter { !$0.isTemplate }.flatMap { skill in
                [skill.manifest?.path, skill.cardPath].compactMap { $0 }.map { ($0, "skill.\(skill.name)") }
            }, uniquingKeysWith: { a, _ in a })
        for contract in ContractPath.all(in: catalog) {
            guard let path = contract.resolved(in: repository) else { continue }
            declaredBy[path, default: []].insert(owners[contract.field.path] ?? contract.field.path)
        }
        let referenced = SchemaReferenceIndex.of(repository).referenced
        var contracts: [ContractAudit] = []
        for path in catalog.contracts {
            ledger.items[.catalog, default: []].insert(path)
            contracts.append(ContractAudit(
                path: path, usedBy: (declaredBy[path] ?? []).sorted(), referencedBySchema: referenced.contains(path), score: 100))
        }
        let withFixtures = agents.filter { !$0.fixtures.isEmpty }.count
        return CatalogAudit(
            agents: agents.sorted { $0.key < $1.key }, skills: skills.sorted { $0.key < $1.key }, contracts: contracts,
            unusedSkills: skills.filter(\.usedBy.isEmpty).map(\.key).sorted(),
            unusedContracts: contracts.filter { $0.usedBy.isEmpty && !$0.referencedBySchema }.map(\.path),
            agentsWithFixtures: withFixtures, agentCount: agents.count,
            mcpServers: Set(catalog.mcpServers.map(\.id)).sorted(), evals: catalog.evals.map(\.path))
    }

    /// `key.*` string members of `root` (`input_schema` → path).
    static func contracts(_ root: CatalogField?, key: String) -> [String: String] {
        var out: [String: String] = [:]
        for (name, field) in root?.child(key)?.members ?? [] {
            if let text = field.string { out[name] = text }
        }
        return out
    }
}
