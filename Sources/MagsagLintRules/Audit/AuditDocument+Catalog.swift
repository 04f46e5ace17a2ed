/// Catalog and findings blocks.
extension AuditDocument {
    static func catalog(_ report: AuditReport) -> [AuditBlock] {
        let catalog = report.catalog
        var out: [AuditBlock] = [.heading(level: 2, text: "Catalog")]
        let withoutFixtures = catalog.agents.filter(\.fixtures.isEmpty).map(\.key)
        out.append(.list([
            "Fixture coverage: \(catalog.agentsWithFixtures)/\(catalog.agentCount) agents (\(catalog.fixtureCoverage)%)"
                + (withoutFixtures.isEmpty ? "" : "; WITHOUT FIXTURES: \(withoutFixtures.joined(separator: ", "))"),
            "Unused skills: \(catalog.unusedSkills.isEmpty ? "none" : catalog.unusedSkills.joined(separator: ", "))",
            "Unused contracts: \(catalog.unusedContracts.isEmpty ? "none" : catalog.unusedContracts.joined(separator: ", "))",
            "MCP servers: \(catalog.mcpServers.isEmpty ? "none" : catalog.mcpServers.joined(separator: ", "))",
            "Evals: \(catalog.evals.isEmpty ? "none" : catalog.evals.joined(separator: ", "))",
        ]))
        out.append(.heading(level: 3, text: "Agents (\(catalog.agents.count))"))
        if !catalog.agents.isEmpty {
            out.append(.table(AuditTable(
                headers: ["Agent", "Role", "Version", "Depends on", "Contracts", "Fixtures", "Score"],
                rows: catalog.agents.map { agent in
                    [agent.key + (agent.deprecated ? " (deprecated)" : ""), agent.role.uppercased(), agent.version ?? "-",
                     agent.dependencies.isEmpty ? "-" : agent.dependencies.map { $0.resolved ?? "\($0.reference) (unresolved)" }.joined(separator: ", "),
                     contracts(agent.contracts), agent.fixtures.isEmpty ? "NONE" : String(agent.fixtures.count), String(agent.score)]
                }, numeric: [6])))
        }
        out.append(.heading(level: 3, text: "Skills (\(catalog.skills.count))"))
        if !catalog.skills.isEmpty {
            out.append(.table(AuditTable(
                headers: ["Skill", "Version", "Used by", "Contracts", "Examples", "Score"],
                rows: catalog.skills.map { skill in
                    [skill.key, skill.version ?? "-", skill.usedBy.isEmpty ? "UNUSED" : skill.usedBy.joined(separator: ", "),
                     contracts(skill.contracts), skill.hasExamples ? "yes" : "no", String(skill.score)]
                }, numeric: [5])))
        }
        out.append(.heading(level: 3, text: "Contracts (\(catalog.contracts.count))"))
        if !catalog.contracts.isEmpty {
            out.append(.table(AuditTable(
                headers: ["Contract", "Declared by", "Referenced by a schema", "Score"],
                rows: catalog.contracts.map { contract in
                    [contract.path, contract.usedBy.isEmpty ? "-" : contract.usedBy.joined(separator: ", "),
                     contract.referencedBySchema ? "yes" : "no", String(contract.score)]
                }, numeric: [3])))
        }
        return out
    }

    static func contracts(_ map: [String: String]) -> String {
        map.isEmpty ? "-" : map.keys.sorted().map { "\($0): \(map[$0] ?? "")" }.joined(separator: ", ")
    }

    static func findings(_ report: AuditReport) -> [AuditBlock] {
        var out: [AuditBlock] = [.heading(level: 2, text: "Findings behind the scores")]
        out.append(.paragraph(
            "Each file starts at 100 and loses \(AuditScoring.penalty(.error)) per error, \(AuditScoring.penalty(.warning)) per warning, "
                + "\(AuditScoring.penalty(.info)) per info finding and the audit penalties listed; an area scores the mean of its files "
                + "(100 when empty); overall is the mean of the three areas."))
        for area in AuditArea.allCases {
            let list = report.findings[area] ?? []
            let score = report.scores.score(area).map { " — score \($0)" } ?? ""
            out.append(.heading(level: 3, text: "\(area.title)\(score) (\(list.count))"))
            if list.isEmpty {
                out.append(.paragraph("None."))
                continue
            }
            out.append(.table(AuditTable(
                headers: ["Location", "Rule", "Severity", "Penalty", "Message"],
                rows: list.map { ["\($0.path):\($0.line)", $0.rule, $0.severity, "-\($0.penalty)", $0.message] },
                numeric: [3])))
        }
        return out
    }
}
