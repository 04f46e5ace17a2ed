/// Catalog health: agents, skills and contracts with their dependencies, unused entries and fixture
/// coverage.
package struct CatalogAudit: Sendable, Codable, Equatable {
    package var agents: [AgentAudit]
    package var skills: [SkillAudit]
    package var contracts: [ContractAudit]
    /// Skills no agent depends on.
    package var unusedSkills: [String]
    /// Contracts no agent, skill or schema references.
    package var unusedContracts: [String]
    /// Agents with at least one fixture, and all agents (templates excluded).
    package var agentsWithFixtures: Int
    package var agentCount: Int
    package var mcpServers: [String]
    package var evals: [String]

    /// Percentage of agents with fixtures (100 without agents).
    package var fixtureCoverage: Int {
        agentCount == 0 ? 100 : (agentsWithFixtures * 100) / agentCount
    }
}

/// One dependency as written, and whether it resolved.
package struct DependencyAudit: Sendable, Codable, Equatable {
    /// `sub`, `skill` (or `main`).
    package var kind: String
    /// The reference as written.
    package var reference: String
    /// The resolved name (`sub.x`, `skill.y`), nil when it did not resolve.
    package var resolved: String?
}

/// One agent.
package struct AgentAudit: Sendable, Codable, Equatable {
    /// `main.<slug>` or `sub.<slug>`.
    package var key: String
    /// `mag` or `sag`.
    package var role: String
    package var path: String
    package var version: String?
    package var deprecated: Bool
    package var dependencies: [DependencyAudit]
    /// Declared contracts: `input_schema` → path.
    package var contracts: [String: String]
    /// Fixture files under `fixtures/`.
    package var fixtures: [String]
    package var score: Int
}

/// One skill.
package struct SkillAudit: Sendable, Codable, Equatable {
    /// `skill.<name>`.
    package var key: String
    package var path: String
    package var version: String?
    package var contracts: [String: String]
    /// Agents depending on it (keys).
    package var usedBy: [String]
    /// Whether `resources/examples/in.json` exists.
    package var hasExamples: Bool
    package var score: Int
}

/// One contract file.
package struct ContractAudit: Sendable, Codable, Equatable {
    package var path: String
    /// Agents and skills declaring it (keys).
    package var usedBy: [String]
    /// Whether another schema `$ref`s it.
    package var referencedBySchema: Bool
    package var score: Int
}

/// One line of the score history.
package struct AuditHistoryEntry: Sendable, Codable, Equatable {
    package var date: String
    package var commit: String?
    package var scores: AuditScores
}
