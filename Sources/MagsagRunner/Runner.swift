import Dispatch
import MagsagCatalog
import MagsagJSONSchema
import MagsagLintCore
import MagsagSource

/// The replay engine: every fixture of the snapshot pushed through the contracts of its agent and of every
/// callee it recorded, plus the cross-fixture consistency check. Build once per snapshot; `replay` is pure.
public struct Runner: Sendable {
    let repository: RepositoryIndex
    let catalog: CatalogModel
    let store: ContractStore
    /// The agents' and skills' nodes by folder (built on first use; all at once in a full run).
    private(set) var nodesByFolder: RunnerNodes
    /// Every parsed fixture, in path order (templates' included: they are structure-checked only).
    public private(set) var fixtures: [Fixture] = []
    /// Fixture paths whose root is no object (reported as invalid).
    var malformed: [String] = []
    var drift: DriftIndex
    let permissions: SkillPermissions

    /// Read the catalog, register the contracts and compile those the agents and skills declare.
    public init(_ repository: RepositoryIndex) {
        self.init(repository, layout: .default)
    }

    /// In a partial run over a deferred snapshot (a hook): the fixtures to replay, chosen before any
    /// fixture outside them is parsed (see `partialSelection`); nil otherwise.
    var presetScope: Set<String>?

    /// Read the catalog at `layout`. With `linted` (the runner of a lint run), a partial run over a
    /// deferred snapshot parses only the fixtures its replay needs.
    package init(_ repository: RepositoryIndex, layout: CatalogLayout, linted: Set<String>? = nil) {
        self.repository = repository
        // What needs no catalog comes first: the catalog is often being built by another rule's thread
        // meanwhile (it is shared), and this thread would only wait for it.
        var owned: [(path: String, owner: String)] = []
        // Fixtures live under the agents' and skills' folders: two ranges of the sorted listing (every
        // path when a folder is not ASCII), in path order.
        let sorted = repository.sortedPaths
        let prefix = layout.catalog.isEmpty ? "" : layout.catalog + "/"
        let ranges = [prefix + "agents", prefix + "skills"].map { RepositoryIndex.range(under: $0, in: sorted) }
        let scanned: [Range<Int>] = ranges.contains { $0 == nil } ? [sorted.indices] : ranges.compactMap { $0 }
        for range in scanned {
            for path in sorted[range] where !repository.deleted.contains(path) {
                if let owner = FixtureFormat.owner(of: path, catalog: layout.catalog) { owned.append((path, owner)) }
            }
        }
        permissions = SkillPermissions(repository, catalogRoot: layout.catalog)
        // The catalog before the contract store: a schema rule starts building the store as the rules
        // start (`InvalidSchemaRule.startOrder`), so the two are built side by side.
        catalog = Timings.measure("runner: catalog") { CatalogModel.of(repository, layout: layout) }
        store = Timings.measure("runner: contract store") { ContractStore.of(repository) }
        nodesByFolder = RunnerNodes(catalog: catalog, repository: repository, store: store)
        drift = DriftIndex()
        var selection: Set<String>?
        var callees: Set<String>?
        if let linted, repository.hasDeferred, linted.count <= Self.partialLimit, linted.count < repository.documents.count {
            let chosen = partialSelection(linted: linted, owned: owned)
            presetScope = chosen.scope
            selection = chosen.parse
            callees = chosen.callees
        }
        if selection == nil {
            // A full replay reaches every node and contract: build them all now, on all cores, and compile
            // the contracts agent by agent.
            nodesByFolder = Timings.measure("runner: nodes") { nodesByFolder.completed() }
            let nodes = nodesByFolder.all
            _ = Timings.measure("runner: compile") {
                Parallel.map(nodes) { node in (node.input?.schema != nil ? 1 : 0) + (node.output?.schema != nil ? 1 : 0) }
            }
        }
        let wanted = owned.filter { selection?.contains($0.path) ?? true }
        repository.prefetch(wanted.map(\.path))
        // Read on all cores, kept in path order: a fixture, a malformed one (its root is no object), or
        // nothing (missing, or a syntax error another rule reports).
        let read: [(fixture: Fixture?, malformed: Bool)] = Timings.measure("runner: fixtures") { Parallel.map(wanted) { entry in
            guard let document = repository.documents[entry.path],
                  !document.issues.contains(where: { $0.kind == .invalidJSON || $0.kind == .invalidYAML }),
                  let root = document.root else { return (nil, false) }
            guard let fixture = Fixture(path: entry.path, owner: entry.owner, root: root) else { return (nil, true) }
            return (fixture, false)
        } }
        fixtures.reserveCapacity(read.count)
        for ((path, _), outcome) in zip(wanted, read) {
            if let fixture = outcome.fixture { fixtures.append(fixture) } else if outcome.malformed { malformed.append(path) }
        }
        let fixtures = fixtures, nodes = nodesByFolder
        Timings.measure("runner: drift index") {
            drift.build(fixtures: fixtures, nodes: nodes, catalog: catalog, repository: repository, only: callees)
        }
    }

    /// Lint sets above this many files replay every fixture.
    static let partialLimit = 2_000

    /// For a partial run over a deferred snapshot: the fixtures `replayScope` would choose, found while
    /// parsing as few fixtures as possible, and those the replay needs besides (the callees' own cases,
    /// for drift). A fixture outside the affected owners is parsed only when its bytes name the owner of
    /// a linted fixture (a recorded call to it must).
    private func partialSelection(linted: Set<String>, owned: [(path: String, owner: String)])
        -> (scope: Set<String>, parse: Set<String>, callees: Set<String>) {
        // `owned` is in path order: linted fixtures are found by binary search, and fixtures of one owner
        // lie together, so an owner's key is looked up once per run of its fixtures (a hook walks the
        // 20,000 fixtures of a large snapshot here, a hashed lookup each cost more than the rest).
        func ownedIndex(_ path: String) -> Int? {
            let at = RepositoryIndex.lowerBound(path, count: owned.count) { owned[$0].path }
            return at < owned.count && owned[at].path == path ? at : nil
        }
        var scope: Set<String> = []
        var scoped: [(path: String, owner: String)] = []
        func choose(_ entry: (path: String, owner: String)) {
            if scope.insert(entry.path).inserted { scoped.append(entry) }
        }
        let owners = Timings.measure("runner: affected") { affectedNarrowly(by: linted.union(repository.deleted)) }
        var providers: Set<String> = []
        for path in linted.sorted() {
            guard let at = ownedIndex(path) else { continue }
            choose(owned[at])
            guard let key = nodesByFolder.key(of: owned[at].owner) else { continue }
            providers.insert(String(key.drop { $0 != "." }.dropFirst()))
        }
        var others: [(path: String, owner: String)] = []
        var lastOwner: (folder: String, affected: Bool)?
        for entry in owned {
            let affected: Bool
            if let last = lastOwner, last.folder == entry.owner {
                affected = last.affected
            } else {
                affected = nodesByFolder.key(of: entry.owner).map(owners.contains) ?? false
                lastOwner = (entry.owner, affected)
            }
            if affected { choose(entry) } else { others.append(entry) }
        }
        if !providers.isEmpty {
            let names = NeedleSet(providers.map { Array($0.utf8) })
            let repository = repository
            let mentions = Parallel.map(others) { entry -> Bool in
                repository.documents[entry.path]?.contains(anyOf: names) ?? false
            }
            let candidates = zip(others, mentions).compactMap { $1 ? $0 : nil }
            repository.prefetch(candidates.map(\.path))
            for (path, owner) in candidates {
                guard let root = repository.documents[path]?.root, let fixture = Fixture(path: path, owner: owner, root: root) else { continue }
                if fixture.calls.contains(where: { call in
                    guard let text = call.targetText else { return false }
                    return providers.contains { text.utf8Contains($0) }
                }) {
                    choose((path, owner))
                }
            }
        }
        // The callees the replayed fixtures record: their own cases feed the drift check.
        repository.prefetch(scope)
        var callees: Set<String> = []
        for (path, owner) in scoped {
            guard let root = repository.documents[path]?.root, let fixture = Fixture(path: path, owner: owner, root: root) else { continue }
            for call in fixture.calls {
                guard let text = call.targetText,
                      let reference = try? CatalogReference(parsing: text, implied: call.isAgent ? .sub : .skill),
                      let folder = callee(reference)?.node?.folder else { continue }
                callees.insert(folder)
            }
        }
        var parse = scope
        if !callees.isEmpty {
            var lastCallee: (folder: String, isCallee: Bool)?
            for (path, owner) in owned {
                let isCallee: Bool
                if let last = lastCallee, last.folder == owner { isCallee = last.isCallee } else {
                    isCallee = callees.contains(owner)
                    lastCallee = (owner, isCallee)
                }
                if isCallee { parse.insert(path) }
            }
        }
        return (scope, parse, callees)
    }

    /// The report of the snapshot's full run, computed once per run and shared by the runner's rules.
    public static func report(of repository: RepositoryIndex) -> RunReport {
        repository.memoized("runner") { repository in
            let runner = Timings.measure("runner: build") { Runner(repository, layout: .default, linted: repository.linted) }
            return Timings.measure("runner: replay") { runner.replay(paths: runner.replayScope(linted: repository.linted)) }
        }
    }

    /// The run of the catalog at `layout` (the configured roots), computed once per run and layout.
    package static func report(of repository: RepositoryIndex, layout: CatalogLayout) -> RunReport {
        if layout.memoKey == CatalogLayout.default.memoKey { return report(of: repository) }
        return repository.memoized("runner|" + layout.memoKey) {
            let runner = Runner($0, layout: layout, linted: $0.linted)
            return runner.replay(paths: runner.replayScope(linted: $0.linted))
        }
    }

    /// Replay the fixtures of the owners (agent keys `main.x`/`sub.x`, or `skill.x`) in `owners`, or every
    /// fixture when nil. Cases run in parallel; the report is sorted, so it is deterministic.
    public func replay(owners: Set<String>? = nil) -> RunReport {
        // Every fixture (a cold check): the list itself, not a filtered copy (22 MB with its growth's
        // slack at 10,000 agents, kept until the report is made).
        guard let owners else { return replay(fixtures, malformed: malformed) }
        let selected = fixtures.filter { fixture in
            guard let node = nodesByFolder[fixture.owner] else { return false }
            return owners.contains(node.key)
        }
        return replay(selected, malformed: malformed.filter { path in selected.contains(where: { $0.path == path }) })
    }

    /// Replay the fixtures at `paths` (and report the malformed ones among them), or every fixture when nil.
    func replay(paths: Set<String>?) -> RunReport {
        guard let paths else { return replay() }
        // Every fixture in scope: the list itself, not a filtered copy.
        let selected = fixtures.allSatisfy { paths.contains($0.path) } ? fixtures : fixtures.filter { paths.contains($0.path) }
        return replay(selected, malformed: malformed.filter(paths.contains))
    }

    private func replay(_ selected: [Fixture], malformed: [String]) -> RunReport {
        let fixtureSchema = store.fixtureSchema
        let slots: [(CaseResult, [RunnerFinding])?] = Parallel.map(selected) { fixture in
            Optional(run(fixture, fixtureSchema: fixtureSchema))
        }
        var cases: [CaseResult] = []
        cases.reserveCapacity(slots.count)
        var findings: [RunnerFinding] = []
        for slot in slots {
            guard let (result, found) = slot else { continue }
            cases.append(result)
            findings += found
        }
        for path in malformed {
            let root = repository.documents[path]?.root ?? SourceValue(.null, range: .fileStart)
            findings.append(RunnerFinding(.invalidFixture, "fixture is \(root.typeName), expected an object",
                                          at: Location(path: path, range: root.range, pointer: .root)))
        }
        findings = Array(Set(findings)).sorted(by: RunnerFinding.ordered)
        var failing: Set<String> = []
        for finding in findings where finding.severity == .error { failing.insert(finding.location.path) }
        for i in cases.indices where failing.contains(cases[i].path) { cases[i].passed = false }
        return RunReport(cases: cases, findings: findings)
    }

    /// The key (`main.x`, `sub.x`, `skill.x`) of the agent or skill owning folder `folder`.
    public func ownerKey(ofFolder folder: String) -> String? { nodesByFolder[folder]?.key }

    /// The node a call reference resolves to (nil when it resolves to nothing or to a registry entry only).
    func callee(_ reference: CatalogReference) -> (target: CatalogTarget, node: RunnerNode?)? {
        guard let target = catalog.resolve(reference) else { return nil }
        if let index = target.agentIndex { return (target, nodesByFolder[catalog.agents[index].folder]) }
        if let index = catalog.skillIndex(named: reference.name) { return (target, nodesByFolder[catalog.skills[index].folder]) }
        return (target, nil)
    }
}
