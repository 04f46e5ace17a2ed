import MagsagCatalog
import MagsagLintCore
import MagsagSource

/// Which agents' (and skills') fixture results a change can alter.
public enum AffectedAgents {
    /// An agent or skill: its folder, its contract files and what it calls.
    public struct Node: Sendable, Hashable {
        public var key: String
        public var folder: String
        public var contracts: [String]
        public var callees: [String]

        public init(key: String, folder: String, contracts: [String], callees: [String]) {
            self.key = key
            self.folder = folder
            self.contracts = contracts
            self.callees = callees
        }
    }

    /// The keys whose results `changed` can alter, sorted: a node is hit when a changed path lies in its
    /// folder (fixtures included), is one of its contracts or a schema its contracts `$ref` (transitively),
    /// or is a global input (`globalPaths`: every path under these prefixes or equal to them); then every
    /// caller of a hit node, transitively.
    public static func select(changed: Set<String>, nodes: [Node], schemaRefs: [String: [String]],
                              globalPaths: [String] = []) -> [String] {
        if changed.contains(where: { path in globalPaths.contains { path == $0 || path.hasPrefix($0 + "/") } }) {
            return nodes.map(\.key).sorted()
        }
        let touchedSchemas = touched(by: changed, schemaRefs: schemaRefs)
        var hit: Set<String> = []
        for node in nodes {
            let prefix = node.folder + "/"
            if node.contracts.contains(where: touchedSchemas.contains) || changed.contains(where: { $0.hasPrefix(prefix) }) {
                hit.insert(node.key)
            }
        }
        var callers: [String: [String]] = [:]
        for node in nodes { for callee in node.callees { callers[callee, default: []].append(node.key) } }
        var pending = Array(hit)
        while let key = pending.popLast() {
            for caller in callers[key] ?? [] where hit.insert(caller).inserted { pending.append(caller) }
        }
        return hit.sorted()
    }

    /// The changed paths and every schema that `$ref`s one of them, transitively.
    static func touched(by changed: Set<String>, schemaRefs: [String: [String]]) -> Set<String> {
        var referrers: [String: [String]] = [:]
        for (from, targets) in schemaRefs { for target in targets { referrers[target, default: []].append(from) } }
        var touchedSchemas: Set<String> = []
        var queue = Array(changed)
        while let path = queue.popLast() {
            guard touchedSchemas.insert(path).inserted else { continue }
            queue += referrers[path] ?? []
        }
        return touchedSchemas
    }

    /// The snapshot files the `$ref`s of the document at `path` reach (relative to the file, then against
    /// its `$id`, and absolute URLs through `ids`), itself left out.
    static func targets(of path: String, root: SourceValue, ids: [String: String], in repository: RepositoryIndex) -> [String] {
        var refs: [String] = []
        SchemaReferenceIndex.collectRefs(root, into: &refs, depth: 0)
        let base = root["$id"]?.stringValue.map(SchemaReferenceIndex.stripFragment)
        var targets: Set<String> = []
        for ref in Set(refs) {
            let target = SchemaReferenceIndex.stripFragment(ref)
            guard !target.isEmpty else { continue }
            if target.utf8Contains("://") || target.hasPrefix("urn:") {
                if let found = ids[target] { targets.insert(found) }
                continue
            }
            if let local = RepositoryPath.join(RepositoryPath.folder(of: path), target), repository.fileExists(local) {
                targets.insert(local)
            }
            if let base, let url = SchemaReferenceIndex.resolve(target, against: base), let found = ids[url] { targets.insert(found) }
        }
        targets.remove(path)
        return targets.sorted()
    }

    /// `touched(by:schemaRefs:)` over `schemaReferences(in:)`, parsing only the schemas that can refer to
    /// what changed (see `SchemaReferrerSearch`); the whole walk when the closure grows large.
    static func touchedNarrowly(by changed: Set<String>, in repository: RepositoryIndex) -> Set<String> {
        let closure = SchemaReferrerSearch.closure(
            of: changed, in: repository, firstIDWins: false,
            include: { $0.path.hasSuffix(".json") && $0.mayHaveDollarKeys },
            targets: { path, root, ids in targets(of: path, root: root, ids: ids, in: repository) })
        return closure ?? touched(by: changed, schemaRefs: schemaReferences(in: repository))
    }

    /// For every `*.schema.json` of the snapshot, the snapshot files it `$ref`s (relative to the file, then
    /// against its `$id`, and absolute URLs through every schema's `$id`).
    public static func schemaReferences(in repository: RepositoryIndex) -> [String: [String]] {
        repository.memoized("runner.schemaReferences") { build($0) }
    }

    private static func build(_ repository: RepositoryIndex) -> [String: [String]] {
        var ids: [String: String] = [:]
        // Deferred plain data files (no `$` key: fixtures, examples) declare no `$id` and no `$ref`.
        let paths = repository.jsonDocuments.compactMap { $0.mayHaveDollarKeys && $0.document.path.hasSuffix(".json") ? $0.document.path : nil }
        for path in paths {
            if let id = repository.documents[path]?.root?["$id"]?.stringValue { ids[SchemaReferenceIndex.stripFragment(id)] = path }
        }
        // Memoized per run (the runner's partial replays and `run --affected` ask for it) and walked on
        // all cores.
        let idPaths = ids
        let lists = Parallel.map(paths) { path -> [String] in
            guard let root = repository.documents[path]?.root else { return [] }
            return targets(of: path, root: root, ids: idPaths, in: repository)
        }
        var out: [String: [String]] = [:]
        for (path, targets) in zip(paths, lists) where !targets.isEmpty { out[path] = targets }
        return out
    }
}

extension Runner {
    /// The graph nodes of the snapshot (templates excluded).
    public var affectedNodes: [AffectedAgents.Node] {
        nodesByFolder.all.filter { !$0.isTemplate }.sorted { $0.key < $1.key }.map { node in
            let callees = node.dependencies.compactMap { dependency -> String? in
                guard let reference = dependency.parsed else { return nil }
                return callee(reference)?.node?.key ?? reference.key
            }
            return AffectedAgents.Node(key: node.key, folder: node.folder, contracts: node.contractPaths, callees: callees)
        }
    }

    /// The keys whose fixtures `changed` can alter (registries and policies of the catalog count as global).
    public func affected(by changed: Set<String>) -> [String] {
        AffectedAgents.select(changed: changed, nodes: affectedNodes, schemaRefs: AffectedAgents.schemaReferences(in: repository),
                              globalPaths: affectedGlobalPaths)
    }

    private var affectedGlobalPaths: [String] { [catalog.layout.skillsRegistry, catalog.layout.catalog + "/policies"] }

    /// `affected(by:)`, reading only the descriptors that can matter: the agents and skills whose folder
    /// holds a changed path; those whose descriptor bytes name a schema the change reaches (a declared
    /// contract holds its file name); and their callers, transitively, found by their descriptor bytes
    /// naming a hit agent or skill (a reference holds its target's name). Same answer, without building
    /// every node.
    func affectedNarrowly(by changed: Set<String>) -> Set<String> {
        let global = affectedGlobalPaths
        if changed.contains(where: { path in global.contains { path == $0 || path.hasPrefix($0 + "/") } }) {
            return Set(affected(by: changed))
        }
        let touched = AffectedAgents.touchedNarrowly(by: changed, in: repository)
        var hit: Set<String> = []
        // The folders holding a changed path: a folder outside them holds none (a path with the prefix
        // `folder/` has `folder` among its parents), so the prefix test runs for those few only.
        var changedFolders: Set<String> = []
        for path in changed {
            var end = path.utf8.endIndex
            while let slash = path.utf8[..<end].lastIndex(of: UInt8(ascii: "/")) {
                changedFolders.insert(String(path[..<slash]))
                end = slash
            }
        }
        func inChangedFolder(_ folder: String) -> Bool {
            changedFolders.contains(folder) && changed.contains { $0.hasPrefix(folder + "/") }
        }
        let names = Set(touched.map(SchemaReferenceIndex.lastComponent))
        // Bytes that could spell a name the text does not hold as it is: escapes and YAML tags (and a
        // single-quoted YAML string's doubled quote, for a name with a quote).
        let quoted = names.contains { $0.utf8.contains(UInt8(ascii: "'")) } ? [Array("''".utf8)] : []
        let namesAndEscapes = NeedleSet(names.sorted().map { Array($0.utf8) } + [Array("\\".utf8), Array("!!".utf8)] + quoted)
        let naming = catalog.agentIndices(mentioning: names, in: repository)
        for (i, agent) in catalog.agents.enumerated() where !agent.isTemplate {
            guard let key = nodesByFolder.key(of: agent.folder) else { continue }
            if inChangedFolder(agent.folder) {
                hit.insert(key)
            } else if naming.contains(i), let node = nodesByFolder[agent.folder], node.contractPaths.contains(where: touched.contains) {
                hit.insert(key)
            }
        }
        for skill in catalog.skills where !skill.isTemplate {
            // A declared contract path that resolves to a touched file holds that file's name (normalizing
            // only removes segments): skills declaring none of the names are not built into nodes.
            let changedFolder = inChangedFolder(skill.folder)
            // A manifest and card whose bytes (or stored sketches) hold no name declare none of them: they
            // are read, not parsed.
            let mayName = !names.isEmpty && skill.paths.contains { path in
                repository.documents[path].map { $0.contains(anyOf: namesAndEscapes) } ?? false
            }
            guard changedFolder || (mayName && Self.mayDeclareContract(of: skill, named: names)) else { continue }
            guard let node = nodesByFolder[skill.folder] else { continue }
            if changedFolder || node.contractPaths.contains(where: touched.contains) { hit.insert(node.key) }
        }
        // Callers, transitively: each round reads the descriptors whose bytes name a newly hit node.
        var frontier = hit
        var callees: [Int: [String]] = [:]
        while !frontier.isEmpty {
            var names: Set<String> = []
            for key in frontier { names.insert(String(key.drop { $0 != "." }.dropFirst())) }
            for key in frontier where key.hasPrefix("skill.") {
                for i in catalog.skillIndices(named: String(key.dropFirst(6))) { names.insert(catalog.skills[i].folderName) }
            }
            frontier = []
            for i in catalog.agentIndices(mentioning: names, in: repository).sorted() {
                let agent = catalog.agents[i]
                guard let key = nodesByFolder.key(of: agent.folder), !hit.contains(key) else { continue }
                if callees[i] == nil { callees[i] = agent.dependencies.compactMap { $0.parsed.map(calleeKey) } }
                if callees[i]?.contains(where: hit.contains) == true {
                    hit.insert(key)
                    frontier.insert(key)
                }
            }
        }
        return hit
    }

    /// Whether one of the skill's contract declarations (the manifest's `contracts`, the card's `iface`)
    /// contains one of `names`.
    static func mayDeclareContract(of skill: CatalogSkill, named names: Set<String>) -> Bool {
        guard !names.isEmpty else { return false }
        let declarations = [skill.manifest?.descendant("contracts", "input_schema"), skill.manifest?.descendant("contracts", "output_schema"),
                            skill.card?.descendant("iface", "input_schema"), skill.card?.descendant("iface", "output_schema")]
        return declarations.contains { field in
            field?.string.map { text in names.contains { text.utf8Contains($0) } } ?? false
        }
    }

    /// The key `affectedNodes` gives a callee (its node's key, else the reference's), without reading
    /// any descriptor.
    private func calleeKey(_ reference: CatalogReference) -> String {
        switch reference.kind {
        case .main, .sub:
            guard let i = catalog.agentsByKey[reference.key] else { return reference.key }
            return nodesByFolder.key(of: catalog.agents[i].folder) ?? reference.key
        case .skill:
            guard let i = catalog.skillIndex(named: reference.name) else { return reference.key }
            return "skill.\(catalog.skills[i].name)"
        }
    }
}
