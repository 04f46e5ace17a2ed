import MagsagCatalog
import MagsagLintCore
import MagsagSource

/// An agent or skill that declares a contract, and which way the contract carries data.
struct ContractConsumer: Sendable {
    /// `main.a-mag`, `sub.b-sag`, `skill.lookup`.
    var name: String
    /// The descriptor field naming the schema (`contracts.input_schema`).
    var field: CatalogField
    var direction: ContractDirection
    /// The descriptor's `version` field now.
    var version: CatalogField?
    /// The descriptor's `version` at the base, as written.
    var baseVersion: String?

    var role: String { direction == .accepting ? "input" : "output" }
}

/// One schema change with everyone it affects.
struct ContractFinding: Sendable {
    var change: SchemaChange
    var consumers: [ContractConsumer]

    /// Consumers for which the change has the given classification.
    func consumers(_ classification: ChangeClassification) -> [ContractConsumer] {
        consumers.filter { change.classification(for: $0.direction) == classification }
    }

    var worst: ChangeClassification { consumers.map { change.classification(for: $0.direction) }.max() ?? .annotation }
}

/// How the changes to one consumer's contracts add up.
struct ConsumerImpact: Sendable {
    var consumer: ContractConsumer
    var classification: ChangeClassification
    /// The first change of that classification (where diagnostics about the consumer go).
    var change: SchemaChange
}

/// Every contract change between the base revision and the snapshot, judged per consumer. Empty
/// when the run has no base. Built once per run.
struct ContractEvolution: Sendable {
    var findings: [ContractFinding] = []
    var impacts: [ConsumerImpact] = []

    static func of(_ repository: RepositoryIndex, layout: CatalogLayout = .default) -> ContractEvolution {
        repository.memoized("contract-evolution|" + layout.memoKey) { ContractEvolution($0, layout: layout) }
    }

    init(_ repository: RepositoryIndex, layout: CatalogLayout = .default) {
        guard repository.hasBase else { return }
        let changedJSON = repository.baseDocuments.keys.contains { $0.hasSuffix(".json") }
            || repository.baseAbsent.contains { $0.hasSuffix(".json") }
        guard changedJSON else { return }
        let catalog = CatalogModel.of(repository, layout: layout)
        // A run over a few changed files reads both sides on demand (same documents and `$id`s as the sides
        // built up front, see `LazySchemaSide`).
        let head: SchemaSnapshot, base: SchemaSnapshot, affected: Set<String>
        if repository.hasDeferred {
            head = SchemaSnapshot(lazy: LazySchemaSide(repository, base: false))
            base = SchemaSnapshot(lazy: LazySchemaSide(repository, base: true))
            // The changed JSON documents, from the change's own paths (not a walk over every document).
            let changed = Set(repository.changedSinceBasePaths.filter { path in
                !repository.deleted.contains(path) && repository.documents[path]?.kind == .json
            })
            affected = Timings.measure("contract evolution: reaching") {
                head.reachingNarrowly(changed, in: repository) ?? Self.eagerSides(repository).head.reaching(changed)
            }
        } else {
            let sides = Self.eagerSides(repository)
            (head, base) = (sides.head, sides.base)
            // Contracts that reach no changed document (file level, every `$ref`) cannot have changed: skip
            // resolving them, which is most of the work when a change touches a few files.
            affected = head.reaching(sides.changed)
        }
        var diffs: [String: [SchemaChange]] = [:]
        var byChange: [SchemaChange: [ContractConsumer]] = [:]
        var order: [SchemaChange] = []
        // An unchanged descriptor matters only when a contract it names may mean something else now: one
        // that reaches a changed document, or one whose path resolves differently (a schema added, removed
        // or renamed). Its declaration holds that file's name; only descriptors whose bytes can spell one
        // are read.
        var names: Set<String> = []
        for path in affected.union(repository.baseAbsent).union(repository.deleted)
            .union(repository.baseRenames.keys).union(repository.baseRenames.values) {
            names.insert(SchemaReferenceIndex.lastComponent(path))
        }
        let naming = Timings.measure("contract evolution: naming") { catalog.agentIndices(mentioning: names, in: repository) }
        let include = { (i: Int, agent: CatalogAgent) in repository.changedSinceBase(agent.path) || naming.contains(i) }
        // Skills whose files' bytes spell a name have their declarations searched for it (a path's last
        // segment is text of the declaration: normalizing only removes segments); the others are not parsed.
        let skillNaming = Timings.measure("contract evolution: naming skills") { catalog.skillPaths(mentioning: names, in: repository) }
        let includeSkill = { (skill: CatalogSkill) -> Bool in
            if skill.paths.contains(where: repository.changedSinceBase) { return true }
            guard skill.paths.contains(where: skillNaming.contains) else { return false }
            let declared = [skill.manifest?.child("contracts"), skill.card?.child("iface")].compactMap { $0 }
            return declared.contains { field in
                field.members.contains { _, value in value.string.map { text in names.contains { text.utf8Contains($0) } } ?? false }
            }
        }
        for (consumer, headPath, basePath) in Self.consumers(catalog, repository, head: head, base: base, including: include,
                                                              includingSkill: includeSkill) {
            let key = basePath + "\u{0}" + headPath
            if basePath == headPath, !affected.contains(headPath) { continue }
            if diffs[key] == nil { diffs[key] = Self.diff(basePath, headPath, base: base, head: head, repository: repository) }
            let changes = diffs[key] ?? []
            var worst: ConsumerImpact?
            for change in changes {
                if byChange[change] == nil { order.append(change) }
                byChange[change, default: []].append(consumer)
                let classification = change.classification(for: consumer.direction)
                if worst.map({ classification > $0.classification }) ?? true {
                    worst = ConsumerImpact(consumer: consumer, classification: classification, change: change)
                }
            }
            if let worst { impacts.append(worst) }
        }
        findings = order.map { ContractFinding(change: $0, consumers: byChange[$0] ?? []) }
    }

    /// Both sides built up front from every JSON document, and the JSON documents changed since the base.
    static func eagerSides(_ repository: RepositoryIndex) -> (head: SchemaSnapshot, base: SchemaSnapshot, changed: Set<String>) {
        var headDocuments: [String: SourceValue] = [:]
        var baseDocuments: [String: SourceValue] = [:]
        var headPlain: [String: LintDocument] = [:]
        var basePlain: [String: LintDocument] = [:]
        // Deferred plain data files (fixtures, examples: no `$` key) stay unparsed unless a `$ref` names one.
        for (document, hasKeywords) in repository.jsonDocuments {
            let path = document.path
            guard hasKeywords else {
                headPlain[path] = document
                if !repository.changedSinceBase(path) { basePlain[path] = document }
                continue
            }
            guard let root = document.root else { continue }
            headDocuments[path] = root
            if !repository.changedSinceBase(path) { baseDocuments[path] = root }
        }
        for (path, document) in repository.baseDocuments where document.kind == .json {
            basePlain[path] = nil
            if let root = document.root { baseDocuments[path] = root }
        }
        let changed = Set(headDocuments.keys.filter(repository.changedSinceBase) + headPlain.keys.filter(repository.changedSinceBase))
        return (SchemaSnapshot(documents: headDocuments, plain: headPlain), SchemaSnapshot(documents: baseDocuments, plain: basePlain),
                changed)
    }

    /// The changes between the base and head schemas at these paths; empty when nothing they
    /// reference changed.
    static func diff(_ basePath: String, _ headPath: String, base: SchemaSnapshot, head: SchemaSnapshot,
                     repository: RepositoryIndex) -> [SchemaChange] {
        var headResolver = SchemaResolver(snapshot: head)
        guard let headRoot = headResolver.root(of: headPath) else { return [] }
        guard basePath != headPath || headResolver.visited.contains(where: repository.changedSinceBase) else { return [] }
        var baseResolver = SchemaResolver(snapshot: base)
        guard let baseRoot = baseResolver.root(of: basePath) else { return [] }
        return SchemaDiffer.diff(base: baseRoot, head: headRoot)
    }

    /// Every non-template agent and skill contract with a direction, its path now and at the base
    /// (skipped when the consumer or the contract is new).
    static func consumers(_ catalog: CatalogModel, _ repository: RepositoryIndex, head: SchemaSnapshot, base: SchemaSnapshot,
                          including include: (Int, CatalogAgent) -> Bool = { _, _ in true },
                          includingSkill includeSkill: (CatalogSkill) -> Bool = { _ in true }) -> [(ContractConsumer, String, String)] {
        var out: [(ContractConsumer, String, String)] = []
        func collect(_ name: String, _ root: CatalogField?, _ key: String, version: CatalogField?, declared: inout Set<String>) {
            guard let root else { return }
            let baseRoot = repository.baseDocument(repository.basePath(of: root.path))?.root
            for (member, field) in root.child(key)?.members ?? [] {
                let direction: ContractDirection
                if member.utf8Contains("input") { direction = .accepting } else if member.utf8Contains("output") { direction = .producing } else { continue }
                guard declared.insert(member).inserted, let text = field.string,
                      let headPath = resolve(text, declaredIn: root.path, snapshot: head),
                      let baseText = baseRoot?.value(at: field.pointer)?.stringValue,
                      let basePath = resolve(baseText, declaredIn: repository.basePath(of: root.path), snapshot: base)
                else { continue }
                let baseVersion = baseRoot?["version"].flatMap { $0.stringValue ?? $0.numberValue?.text }
                out.append((ContractConsumer(name: name, field: field, direction: direction, version: version, baseVersion: baseVersion),
                            headPath, basePath))
            }
        }
        for (i, agent) in catalog.agents.enumerated() where !agent.isTemplate && include(i, agent) {
            var declared: Set<String> = []
            collect(agent.key ?? agent.path, agent.root, "contracts", version: agent.version, declared: &declared)
        }
        for skill in catalog.skills where !skill.isTemplate && includeSkill(skill) {
            var declared: Set<String> = []
            collect("skill.\(skill.name)", skill.manifest, "contracts", version: skill.version, declared: &declared)
            collect("skill.\(skill.name)", skill.card, "iface", version: skill.version, declared: &declared)
        }
        return out
    }

    /// A contract path from the repository root, else from the declaring file's folder.
    static func resolve(_ text: String, declaredIn path: String, snapshot: SchemaSnapshot) -> String? {
        let trimmed = text.trimmingWhitespace
        guard ContractPath.looksLikePath(trimmed) else { return nil }
        if let fromRoot = RepositoryPath.normalize(trimmed), snapshot.documents[fromRoot] != nil { return fromRoot }
        if let local = RepositoryPath.join(RepositoryPath.folder(of: path), trimmed), snapshot.documents[local] != nil { return local }
        return nil
    }
}
