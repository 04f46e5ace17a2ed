import MagsagCatalog
import MagsagLintCore
import MagsagSource

/// The runner's nodes by folder, each built the first time it is asked for: building an agent's node
/// reads its descriptor, and a run over a few changed files of a large snapshot (a hook) needs the nodes
/// of the agents it replays, their callees and the callers it looks for, not every agent's.
final class RunnerNodes: Sendable {
    private enum Source: Sendable {
        case agent(CatalogAgent)
        case skill(CatalogSkill)
    }

    private let sources: [String: Source]
    private let repository: RepositoryIndex
    private let store: ContractStore
    private let built = Locked<[String: RunnerNode]>([:])
    /// Every node, when they were all built up front (`completed`): read without the lock, keyed for a
    /// hash of the folder's bytes (every fixture and recorded call looks its nodes up here).
    private let complete: [PathKey: RunnerNode]?

    init(catalog: CatalogModel, repository: RepositoryIndex, store: ContractStore) {
        var sources: [String: Source] = [:]
        for agent in catalog.agents { sources[agent.folder] = .agent(agent) }
        for skill in catalog.skills { sources[skill.folder] = .skill(skill) }
        self.sources = sources
        self.repository = repository
        self.store = store
        complete = nil
    }

    private init(_ nodes: RunnerNodes, complete: [PathKey: RunnerNode]) {
        sources = nodes.sources
        repository = nodes.repository
        store = nodes.store
        self.complete = complete
    }

    /// These nodes with every one built (on all cores) into a table that is read without a lock: for a
    /// run that replays every fixture, where each fixture's and each call's lookup took the lock, and
    /// the two cores made each other wait on it.
    func completed() -> RunnerNodes {
        if complete != nil { return self }
        let folders = Array(sources.keys)
        let nodes = Parallel.map(folders) { self[$0] }
        var table: [PathKey: RunnerNode] = [:]
        table.reserveCapacity(folders.count)
        for (folder, node) in zip(folders, nodes) { if let node { table[PathKey(folder)] = node } }
        return RunnerNodes(self, complete: table)
    }

    /// The node of the agent or skill in `folder`, or nil when none lives there.
    subscript(folder: String) -> RunnerNode? {
        if let complete { return complete[PathKey(folder)] }
        if let node = built.withLock({ $0[folder] }) { return node }
        guard let source = sources[folder] else { return nil }
        let node = Self.node(source, repository: repository, store: store)
        return built.withLock { built in
            if let existing = built[folder] { return existing }
            built[folder] = node
            return node
        }
    }

    /// The key (`main.x`, `sub.x`, `skill.x`) of the node in `folder`, without building it.
    func key(of folder: String) -> String? {
        switch sources[folder] {
        case .agent(let agent): agent.key ?? "main.\(agent.folderName)"
        case .skill(let skill): "skill.\(skill.name)"
        case nil: nil
        }
    }

    /// Every node, built on all cores where not built yet.
    var all: [RunnerNode] {
        let folders = Array(sources.keys)
        if let complete { return folders.compactMap { complete[PathKey($0)] } }
        return Parallel.map(folders) { self[$0] }.compactMap { $0 }
    }

    private static func node(_ source: Source, repository: RepositoryIndex, store: ContractStore) -> RunnerNode {
        switch source {
        case .agent(let agent): RunnerNode(agent: agent, in: repository, store: store)
        case .skill(let skill): RunnerNode(skill: skill, in: repository, store: store)
        }
    }
}
