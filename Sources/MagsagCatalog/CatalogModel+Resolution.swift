/// Resolving references against the catalog.
extension CatalogModel {
    /// The agent or skill `reference` names, or nil.
    ///
    /// `main.X`/`sub.X` resolve to `agents/main|sub/X/agent.yaml`; `skill.X` to the skill folder whose
    /// id or folder name is X, else to the skills-registry entry `skill.X` whose location exists. A bare
    /// slug in a list that does not imply one kind (eval `target_agents`) tries main, then sub.
    package func resolve(_ reference: CatalogReference, anyAgentKind: Bool = false) -> CatalogTarget? {
        switch reference.kind {
        case .main, .sub:
            if let i = agentsByKey[reference.key] { return target(agent: i) }
            guard anyAgentKind, !reference.kindIsExplicit else { return nil }
            for kind in ["main", "sub"] {
                if let i = agentsByKey["\(kind).\(reference.name)"] { return target(agent: i) }
            }
            return nil
        case .skill:
            if let i = skillIndex(named: reference.name) {
                let skill = skills[i]
                let version = skill.version ?? registeredSkills["skill.\(reference.name)"]?.child("version")
                return CatalogTarget(kind: .skill, name: reference.name, path: skill.primaryPath, version: version,
                                     isDeprecated: skill.isDeprecated, agentIndex: nil)
            }
            let id = "skill.\(reference.name)"
            if let entry = registeredSkills[id], existingLocations[id] != nil {
                return CatalogTarget(kind: .skill, name: reference.name, path: entry.path, version: entry.child("version"),
                                     isDeprecated: entry.child("deprecated")?.isTrue == true, agentIndex: nil)
            }
            return nil
        }
    }

    private func target(agent i: Int) -> CatalogTarget {
        let agent = agents[i]
        return CatalogTarget(kind: agent.folderKind ?? .main, name: agent.folderName, path: agent.path,
                             version: agent.version, isDeprecated: agent.isDeprecated, agentIndex: i)
    }

    /// Why `reference` did not resolve, when something near it exists (for a note).
    package func unresolvedHint(_ reference: CatalogReference) -> String? {
        switch reference.kind {
        case .main, .sub:
            let other = reference.kind == .main ? "sub" : "main"
            if agentsByKey["\(other).\(reference.name)"] != nil {
                return "a \(other) agent named '\(reference.name)' exists; the reference names a \(reference.kind.rawValue) agent"
            }
            if agents.contains(where: { $0.isTemplate && $0.folderName == reference.name }) {
                return "'\(reference.name)' is a template; templates are not resolvable"
            }
            if skillIndex(named: reference.name) != nil { return "a skill named '\(reference.name)' exists" }
        case .skill:
            if let entry = registeredSkills["skill.\(reference.name)"] {
                let location = entry.child("location")?.string ?? "?"
                return "the skills registry lists skill.\(reference.name) at '\(location)', which does not exist"
            }
            if agentsByKey["sub.\(reference.name)"] != nil || agentsByKey["main.\(reference.name)"] != nil {
                return "an agent named '\(reference.name)' exists; the reference names a skill"
            }
        }
        return nil
    }
}
