/// The files structural (JSON Schema) validation applies to: the plug-in point for the schema engine.
///
/// A descriptor rule validates each `root.value` against the repository's own `catalog/_schemas/<schema>`
/// when present, else against a built-in schema, and reports errors at `root.path` + the error's pointer
/// (the values carry their ranges). Templates are listed so placeholders can be allowed for them.
extension CatalogModel {
    /// What a descriptor file is.
    package enum DescriptorKind: String, Sendable, CaseIterable {
        case agent, skill, skillCard, agentsRegistry, skillsRegistry, mcpServer, eval

        /// The file name of the schema in `catalog/_schemas/` that governs this kind.
        package var schemaFileName: String {
            switch self {
            case .agent: "agent.schema.json"
            case .skill: "skill.schema.json"
            case .skillCard: "skill_card.schema.json"
            case .agentsRegistry: "agents_registry.schema.json"
            case .skillsRegistry: "skills_registry.schema.json"
            case .mcpServer: "mcp_server.schema.json"
            case .eval: "eval.schema.json"
            }
        }
    }

    /// One file to validate structurally.
    package struct Descriptor: Sendable {
        package var kind: DescriptorKind
        package var root: CatalogField
        package var isTemplate: Bool
    }

    /// Every descriptor of the snapshot, in a deterministic order.
    package var descriptors: [Descriptor] { descriptors { _ in true } }

    /// The descriptors whose path `include` accepts, in `descriptors` order: the others are not read.
    package func descriptors(including include: (String) -> Bool) -> [Descriptor] {
        var out: [Descriptor] = agents.filter { include($0.path) }
            .map { Descriptor(kind: .agent, root: $0.root, isTemplate: $0.isTemplate) }
        for skill in skills {
            if let path = skill.manifestPath, include(path), let manifest = skill.manifest {
                out.append(Descriptor(kind: .skill, root: manifest, isTemplate: skill.isTemplate))
            }
            if let path = skill.cardPath, include(path), let card = skill.card {
                out.append(Descriptor(kind: .skillCard, root: card, isTemplate: skill.isTemplate))
            }
        }
        if let agentsRegistry, include(agentsRegistry.path) {
            out.append(Descriptor(kind: .agentsRegistry, root: agentsRegistry, isTemplate: false))
        }
        if let skillsRegistry, include(skillsRegistry.path) {
            out.append(Descriptor(kind: .skillsRegistry, root: skillsRegistry, isTemplate: false))
        }
        out += mcpServers.filter { include($0.path) }.map { Descriptor(kind: .mcpServer, root: $0.root, isTemplate: false) }
        out += evals.filter { include($0.path) }.map { Descriptor(kind: .eval, root: $0, isTemplate: false) }
        return out
    }
}
