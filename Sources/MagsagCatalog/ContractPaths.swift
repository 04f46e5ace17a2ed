import MagsagLintCore

/// The contract paths agents and skills declare, and how they resolve.
package struct ContractPath: Sendable {
    /// The string value naming the schema.
    package var field: CatalogField
    /// `contracts.input_schema`, `iface.output_schema`, ...
    package var member: String

    package init(field: CatalogField, member: String) {
        self.field = field
        self.member = member
    }

    /// Every contract path declared by non-template agents and skills (`contracts.*` in agent.yaml and
    /// skill.yaml, `iface.*` in SKILL.md when it looks like a path).
    /// Only the files `include` accepts are read.
    package static func all(in catalog: CatalogModel, including include: (String) -> Bool = { _ in true }) -> [ContractPath] {
        var out: [ContractPath] = []
        func collect(_ root: CatalogField?, _ key: String) {
            for (name, field) in root?.child(key)?.members ?? [] where field.string != nil {
                out.append(ContractPath(field: field, member: "\(key).\(name)"))
            }
        }
        for agent in catalog.agents where !agent.isTemplate && include(agent.path) { collect(agent.root, "contracts") }
        for skill in catalog.skills where !skill.isTemplate {
            if let path = skill.manifestPath, include(path) { collect(skill.manifest, "contracts") }
            guard let path = skill.cardPath, include(path), let card = skill.card else { continue }
            for (name, field) in card.child("iface")?.members ?? [] {
                if let text = field.string, looksLikePath(text) { out.append(ContractPath(field: field, member: "iface.\(name)")) }
            }
        }
        return out
    }

    /// A value that is a file path rather than prose: no spaces, ends in `.json`.
    package static func looksLikePath(_ text: String) -> Bool {
        !text.utf8Contains(" ") && !text.isEmpty && (text.hasSuffix(".json") || text.utf8Contains("/"))
    }

    /// The repository path the value names: from the repository root, else from the declaring file's
    /// folder; nil when absolute or escaping the repository.
    package func resolved(in repository: RepositoryIndex) -> String? {
        guard let text = field.string?.trimmingWhitespace, let fromRoot = RepositoryPath.normalize(text) else { return nil }
        if repository.fileExists(fromRoot) { return fromRoot }
        if let local = RepositoryPath.join(RepositoryPath.folder(of: field.path), text), repository.fileExists(local) { return local }
        return fromRoot
    }
}
