import MagsagSource

/// A schema location: a document (by identity, kept alive by the key) and a pointer inside it.
/// Hashing it costs the pointer tokens only; no `uri#pointer` string is built.
struct NodeKey: Hashable {
    let document: SchemaDocument
    let pointer: [String]
    /// Hash of the location, computed once (dictionaries then hash one integer).
    let location: Int

    init(document: SchemaDocument, pointer: [String]) {
        self.document = document
        self.pointer = pointer
        location = SchemaNode.locationHash(documentURIHash: document.uriHash, pointer: pointer)
    }

    static func == (a: NodeKey, b: NodeKey) -> Bool {
        a.location == b.location && a.document === b.document && a.pointer == b.pointer
    }

    func hash(into hasher: inout Hasher) { hasher.combine(location) }
}

/// Finished schema nodes shared by every compilation of a registry (one table per setting that
/// changes what is compiled: `assertFormat`).
///
/// Only compilations that completed without error and without dynamic scope (`$dynamicRef`,
/// `$recursiveRef`) publish their nodes, so everything reachable from a cached node is complete and
/// static. Any registration that replaces a document or resource clears the cache and bumps the
/// generation; compilations that started under an older generation do not publish. Accessed with the
/// registry lock held.
struct NodeCache {
    private var nodes: [Bool: [NodeKey: SchemaNode]] = [:]
    private var resources: [Bool: [ObjectIdentifier: CompiledResource]] = [:]
    /// Reference targets by absolute URI (with fragment), so a `$ref` seen before is not resolved again.
    private var targets: [Bool: [String: SchemaNode]] = [:]
    private(set) var generation = 0

    func node(_ key: NodeKey, assertFormat: Bool) -> SchemaNode? { nodes[assertFormat]?[key] }

    func target(_ uri: String, assertFormat: Bool) -> SchemaNode? { targets[assertFormat]?[uri] }

    func resource(_ resource: SchemaResource, assertFormat: Bool) -> CompiledResource? {
        resources[assertFormat]?[ObjectIdentifier(resource)]
    }

    /// Add the nodes of a finished compilation (entries already present win: nodes stay stable).
    mutating func publish(nodes new: [NodeKey: SchemaNode], targets newTargets: [String: SchemaNode],
                          resources newResources: [ObjectIdentifier: CompiledResource], assertFormat: Bool, generation: Int) {
        guard generation == self.generation else { return }
        nodes[assertFormat, default: [:]].merge(new) { old, _ in old }
        targets[assertFormat, default: [:]].merge(newTargets) { old, _ in old }
        resources[assertFormat, default: [:]].merge(newResources) { old, _ in old }
    }

    /// Forget everything (a registration changed what URIs resolve to).
    mutating func invalidate() {
        nodes = [:]
        targets = [:]
        resources = [:]
        generation += 1
    }
}
