import MagsagSource

/// Turns schema documents into a graph of `SchemaNode`s; refs are resolved after the tree is built.
final class Compiler {
    let registry: SchemaRegistry
    let options: ValidationOptions
    private var memo: [NodeKey: SchemaNode] = [:]
    /// Nodes this compilation made at entry points (what later compilations look up in the cache).
    private var entries: [NodeKey: SchemaNode] = [:]
    /// Reference targets by absolute URI (published with `entries`: later compilations skip resolving).
    private var targets: [String: SchemaNode] = [:]
    /// Registry cache generation when this compilation started (it publishes only if unchanged).
    private let generation: Int
    /// Set when a `$dynamicRef` or `$recursiveRef` is compiled.
    private(set) var usesDynamicScope = false
    private var compiledResources: [ObjectIdentifier: CompiledResource] = [:]
    private var pendingRefs: [(slot: RefSlot, owner: SchemaNode, keyword: String, dynamic: Bool)] = []
    private var pendingResources: [(SchemaResource, CompiledResource)] = []
    private var depth = 0
    static let maxDepth = 200

    /// A reference target: already compiled (registry cache), or resolved to a location to compile.
    private enum RefLookup {
        case compiled(SchemaNode)
        case resolved(NodeKey)
    }

    init(registry: SchemaRegistry, options: ValidationOptions) {
        self.registry = registry
        self.options = options
        generation = registry.lock.sync { registry.nodeCache.generation }
        memo.reserveCapacity(32)
    }

    func compileRoot(uri: String) throws(SchemaError) -> SchemaNode {
        let (resource, pointer) = try registry.resolve(uri)
        let root = try entry(resource.document, pointer)
        try drain()
        if !usesDynamicScope, !entries.isEmpty {
            let assertFormat = options.assertFormat
            registry.lock.sync {
                registry.nodeCache.publish(nodes: entries, targets: targets, resources: compiledResources, assertFormat: assertFormat,
                                           generation: generation)
            }
        }
        return root
    }

    /// The node at an entry point of the compilation (the root, a reference target, a dynamic anchor):
    /// this compilation's own, else a finished one from the registry cache, else compiled here.
    ///
    /// Entry points are compiled at nesting depth 0, so a cached node (which compiled within the depth
    /// bound from wherever it was first reached) is exactly what compiling it here would give.
    private func entry(_ document: SchemaDocument, _ pointer: [String]) throws(SchemaError) -> SchemaNode {
        try entry(NodeKey(document: document, pointer: pointer))
    }

    private func entry(_ key: NodeKey) throws(SchemaError) -> SchemaNode {
        if let found = memo[key] { return found }
        let assertFormat = options.assertFormat
        if let cached = registry.lock.sync({ registry.nodeCache.node(key, assertFormat: assertFormat) }) { return cached }
        let compiled = try node(key.document, key.pointer, key: key)
        entries[key] = compiled
        return compiled
    }

    private func drain() throws(SchemaError) {
        while true {
            if let pending = pendingRefs.popLast() {
                let uri = pending.slot.uri
                let assertFormat = options.assertFormat
                // A URI an earlier compilation resolved needs no resolving (one lock either way).
                let lookup: RefLookup
                do {
                    lookup = try registry.lock.sync { () throws(SchemaError) -> RefLookup in
                        if let cached = registry.nodeCache.target(uri, assertFormat: assertFormat) { return .compiled(cached) }
                        let (resource, pointer) = try registry.resolveLocked(uri)
                        return .resolved(NodeKey(document: resource.document, pointer: pointer))
                    }
                } catch {
                    throw SchemaError(error.message, documentURI: pending.owner.documentURI,
                                      pointer: JSONPointer(tokens: pending.owner.pointer + [pending.keyword]), range: pending.owner.keywords.first(where: { $0.name == pending.keyword })?.range ?? pending.owner.range)
                }
                let target: SchemaNode
                switch lookup {
                case .compiled(let cached): target = cached
                case .resolved(let key): target = try entry(key)
                }
                targets[uri] = target
                pending.slot.target = target
                if pending.dynamic, let fragment = URIs.split(pending.slot.uri).fragment, let name = URIs.percentDecode(fragment),
                   !name.isEmpty, !name.hasPrefix("/"), target.dynamicAnchor == name {
                    pending.slot.dynamicName = name
                }
            } else if let (resource, compiled) = pendingResources.popLast() {
                for (name, pointer) in resource.dynamicAnchors.sorted(by: { $0.key < $1.key }) {
                    compiled.dynamicAnchors[name] = try entry(resource.document, pointer)
                }
                if resource.recursiveAnchor { compiled.root = try entry(resource.document, resource.pointer) }
            } else {
                return
            }
        }
    }

    private func compiledResource(_ resource: SchemaResource) -> CompiledResource {
        let key = ObjectIdentifier(resource)
        if let found = compiledResources[key] { return found }
        let assertFormat = options.assertFormat
        if let cached = registry.lock.sync({ registry.nodeCache.resource(resource, assertFormat: assertFormat) }) {
            // Finished by an earlier compilation (its anchors compiled): nothing pending.
            compiledResources[key] = cached
            return cached
        }
        let compiled = CompiledResource(baseURI: resource.baseURI, documentURI: resource.document.uri, dialect: resource.dialect,
                                        recursiveAnchor: resource.recursiveAnchor)
        compiledResources[key] = compiled
        pendingResources.append((resource, compiled))
        return compiled
    }

    /// The node at `pointer` in `document` (`value`: the schema there, when the caller has it at hand).
    func node(_ document: SchemaDocument, _ pointer: [String], value known: SourceValue? = nil, key computed: NodeKey? = nil) throws(SchemaError) -> SchemaNode {
        let key = computed ?? NodeKey(document: document, pointer: pointer)
        if let found = memo[key] { return found }
        guard let value = known ?? document.root.value(at: JSONPointer(tokens: pointer)),
              let resource = document.resource(containing: pointer) else {
            throw SchemaError("no schema at this location", documentURI: document.uri, pointer: JSONPointer(tokens: pointer))
        }
        depth += 1
        defer { depth -= 1 }
        if depth > Self.maxDepth {
            throw SchemaError("subschemas are nested more than \(Self.maxDepth) levels deep", documentURI: document.uri, pointer: JSONPointer(tokens: pointer), range: value.range)
        }
        let compiled = compiledResource(resource)
        let node = SchemaNode(resource: compiled, pointer: pointer, resourceDepth: resource.pointer.count, span: value.span,
                              location: key.location)
        memo[key] = node
        switch value.kind {
        case .bool(let b):
            node.boolean = b
        case .object(let object):
            let context = KeywordCompiler(compiler: self, document: document, resource: resource, node: node, object: object)
            try context.compile()
        default:
            throw SchemaError("a schema must be an object or a boolean, got \(value.typeName)",
                              documentURI: document.uri, pointer: JSONPointer(tokens: pointer), range: value.range)
        }
        return node
    }

    func addRef(_ slot: RefSlot, owner: SchemaNode, keyword: String, dynamic: Bool) {
        if dynamic || keyword == "$recursiveRef" { usesDynamicScope = true }
        pendingRefs.append((slot, owner, keyword, dynamic))
    }
}
