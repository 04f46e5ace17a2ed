import MagsagCatalog
import MagsagLintCore
import MagsagSource

/// A `magsag://…@<range>` reference written against the old contract of an agent or skill whose
/// contract broke in the change, and that the change did not update.
struct AffectedReference: Sendable {
    /// The reference in its caller's descriptor or in the agents registry.
    var field: CatalogField
    /// The reference as written.
    var text: String
    var rangeText: String
    /// `main.a-mag`, or `task 'triage' of the agents registry`.
    var caller: String
    /// The consumer (the agent or skill the reference names) and how its contract broke.
    var impact: ConsumerImpact
    /// Whether the range still admits the new version (the break reaches the caller silently) rather
    /// than excluding it (the caller is left on a version that is gone).
    var admitsNewVersion: Bool
}

/// Every affected reference of a run, and every caller (with or without a range) of each broken
/// consumer; empty without a base. Built once per run.
struct BrokenCallers: Sendable {
    var references: [AffectedReference] = []
    /// Callers of each consumer whose contract broke, by consumer name, in catalog order.
    var callers: [String: [String]] = [:]

    static func of(_ repository: RepositoryIndex, layout: CatalogLayout = .default) -> BrokenCallers {
        repository.memoized("contract-evolution-callers|" + layout.memoKey) { BrokenCallers($0, layout: layout) }
    }

    init(_ repository: RepositoryIndex, layout: CatalogLayout = .default) {
        let evolution = ContractEvolution.of(repository, layout: layout)
        var broken: [String: ConsumerImpact] = [:]
        for impact in evolution.impacts where impact.classification == .breaking && broken[impact.consumer.name] == nil {
            broken[impact.consumer.name] = impact
        }
        guard !broken.isEmpty else { return }
        let catalog = CatalogModel.of(repository, layout: layout)
        var baseStrings: [String: Set<String>] = [:]
        // A caller names its target: only descriptors whose bytes can spell a broken consumer's name are read.
        let names = Set(broken.keys.map { String($0.drop { $0 != "." }.dropFirst()) })
        let naming = catalog.agentIndices(mentioning: names, in: repository)
        let namesBroken = { (dependency: CatalogDependency) in dependency.parsed.map { names.contains($0.name) } ?? false }
        for (owner, dependency) in catalog.resolvableDependencies(of: { i, _ in naming.contains(i) }, registry: namesBroken) {
            guard let reference = dependency.parsed, let target = catalog.resolve(reference),
                  let impact = broken["\(target.kind.rawValue).\(target.name)"] else { continue }
            let caller = owner?.key ?? Self.task(of: dependency.field, in: repository)
            if !(callers[impact.consumer.name]?.contains(caller) ?? false) { callers[impact.consumer.name, default: []].append(caller) }
            guard let rangeText = reference.rangeText, let range = try? VersionRange(parsing: rangeText),
                  let baseText = impact.consumer.baseVersion, let before = SemanticVersion(baseText),
                  let nowText = impact.consumer.version?.scalarText, let now = SemanticVersion(nowText),
                  range.isSatisfied(by: before) else { continue }
            // A reference that reads the same at the base was not revisited by the change.
            let path = dependency.field.path
            if repository.changedSinceBase(path) {
                if baseStrings[path] == nil {
                    var strings: Set<String> = []
                    if let root = repository.baseDocument(repository.basePath(of: path))?.root { Self.collect(root, into: &strings) }
                    baseStrings[path] = strings
                }
                guard baseStrings[path]?.contains(reference.text) ?? false else { continue }
            }
            references.append(AffectedReference(field: dependency.field, text: reference.text, rangeText: rangeText, caller: caller,
                                                impact: impact, admitsNewVersion: range.isSatisfied(by: now)))
        }
    }

    /// "task 'triage' of the agents registry" for a reference under `/tasks/<i>`.
    static func task(of field: CatalogField, in repository: RepositoryIndex) -> String {
        let tokens = field.pointer.tokens
        guard tokens.count > 1, tokens[0] == "tasks", let root = repository.documents[field.path]?.root,
              let task = root.value(at: JSONPointer(tokens: Array(tokens.prefix(2)))) else { return "the agents registry" }
        let name = task["id"]?.stringValue ?? task["match"]?.stringValue
        return name.map { "task '\($0)' of the agents registry" } ?? "the agents registry"
    }

    /// Every string scalar of a document (iteratively: documents may nest deeply).
    private static func collect(_ root: SourceValue, into strings: inout Set<String>) {
        var stack = [root]
        while let value = stack.popLast() {
            switch value.kind {
            case .string(let text): strings.insert(text)
            case .array(let elements): stack.append(contentsOf: elements)
            case .object(let object): stack.append(contentsOf: object.members.map(\.value))
            default: break
            }
        }
    }
}
