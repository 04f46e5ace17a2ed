import Foundation
import MagsagSource

/// Schema documents by URI. Every `$id` and anchor inside an added document is indexed. Nothing is ever
/// fetched from the network: unknown URIs resolve only from added documents, the embedded meta-schemas,
/// or a configured prefix → directory mapping.
public final class SchemaRegistry: @unchecked Sendable {
    /// Dialect of documents without `$schema`.
    public let defaultDialect: Dialect
    /// Loads a YAML file (absolute path) into a value, for prefix mappings that point at `.yaml`/`.yml`
    /// files. When nil, such files are parsed as JSON.
    public var yamlLoader: (@Sendable (String) -> SourceValue?)? {
        get { lock.sync { _yamlLoader } }
        set { lock.sync { _yamlLoader = newValue } }
    }

    private var _yamlLoader: (@Sendable (String) -> SourceValue?)?
    private var _fallback: (@Sendable (String) -> SourceValue?)?

    /// Last resort for an absolute URI (no fragment) that no added document, meta-schema or prefix
    /// mapping provides, e.g. a repository snapshot mapping `https://magsag.ai/<path>` to its file.
    /// Whatever it returns is registered under that URI. It must not use the network.
    public var fallbackResolver: (@Sendable (String) -> SourceValue?)? {
        get { lock.sync { _fallback } }
        set { lock.sync { _fallback = newValue } }
    }
    let lock = NSRecursiveLock()
    private var documents: [String: SchemaDocument] = [:]
    private var resources: [String: SchemaResource] = [:]
    private var prefixes: [(prefix: String, directory: String)] = []
    private var metaschemaCache: [String: CompiledSchema] = [:]
    /// Finished nodes shared across compilations (with the lock held).
    var nodeCache = NodeCache()
    /// Counts documents added without a rank, in order (`Rank.added`).
    private var addedCount = 0
    private var onDemand: OnDemand?
    /// Base URIs whose declarers are all loaded (on-demand mode).
    private var completed: Set<String> = []
    /// Whether every document the on-demand source knows is loaded.
    private var allLoaded = false
    /// On-demand documents by retrieval URI: what adding them gave (nil: added without error).
    private var loadResults: [String: SchemaError?] = [:]
    /// Retrieval URIs being added or resolved through the fallback right now (a meta-schema that
    /// names itself must not recurse).
    private var inProgress: Set<String> = []

    /// Where a document stands among those that declare the same `$id`, so the winner does not depend
    /// on the order documents were added in. Among documents of a source (`ranked`, e.g. the path order
    /// of a snapshot's files), a root `$id` beats an embedded one, the last root by rank wins, and among
    /// embedded ones the first by rank; a document of the source beats a `weak` one (resolved through
    /// the fallback or embedded meta-schemas). Documents added without a rank (`added`) keep the order
    /// they came in: a later root replaces, an embedded one only fills a gap.
    public enum Rank: Sendable, Equatable {
        case ranked(Int)
        case added(Int)
        case weak
    }

    /// A source of documents added only when a URI they may declare is first resolved: the registry of
    /// a large snapshot parses and indexes the few files a run needs instead of all of them.
    public struct OnDemand: Sendable {
        /// Every document that may declare the absolute base URI (no fragment): its retrieval URI and
        /// rank. A superset is fine; missing a declarer would change which one wins.
        public var declarers: @Sendable (_ base: String) -> [(uri: String, rank: Int)]
        /// The value of a retrieval URI the source listed (nil: it does not parse).
        public var load: @Sendable (_ uri: String) -> SourceValue?

        public init(declarers: @escaping @Sendable (_ base: String) -> [(uri: String, rank: Int)],
                    load: @escaping @Sendable (_ uri: String) -> SourceValue?) {
            self.declarers = declarers
            self.load = load
        }
    }

    /// A registry that already knows the standard meta-schemas (loaded on first use).
    public init(defaultDialect: Dialect = .draft2020_12) {
        self.defaultDialect = defaultDialect
    }

    /// Register a document under its retrieval URI (e.g. `file:///repo/a.schema.json` or
    /// `https://magsag.ai/x.json`); every `$id` and anchor inside it is indexed. A document with the
    /// same URI replaces the earlier one.
    public func add(_ document: SourceValue, uri: String) throws(SchemaError) {
        try lock.sync { () throws(SchemaError) in
            addedCount += 1
            _ = try addLocked(document, uri: URIs.stripFragment(uri), rank: .added(addedCount))
        }
    }

    /// Load documents from `source` when a URI they may declare is first resolved (see `OnDemand`).
    public func loadOnDemand(_ source: OnDemand) {
        lock.sync { onDemand = source }
    }

    /// Add the on-demand document at `uri` (a retrieval URI the source lists) unless it is added
    /// already, and return the error adding it gave, if any. A snapshot that adds every document up
    /// front calls this in rank order and then `finishLoading()`, and resolves exactly as one that adds
    /// them on demand.
    @discardableResult
    public func load(uri: String, rank: Int, value: SourceValue? = nil) -> SchemaError? {
        lock.sync { loadLocked(uri: uri, rank: rank, value: value) }
    }

    /// How many documents of the on-demand source are added so far.
    public var loadedOnDemand: Int {
        lock.sync { loadResults.count }
    }

    /// Every document of the on-demand source is added: resolving no longer asks it.
    public func finishLoading() {
        lock.sync { allLoaded = true }
    }

    /// A `file://` URI for an absolute file path (percent-encoding what URIs do not allow), suitable as a
    /// retrieval URI for `add(_:uri:)`.
    public static func fileURI(forPath path: String) -> String {
        var encoded = ""
        for byte in path.utf8 {
            let c = Character(Unicode.Scalar(byte))
            if byte < 128, c.isLetter || c.isNumber || "-._~/!$&'()*+,;=:@".contains(c) {
                encoded.append(c)
            } else {
                encoded += "%" + String(byte, radix: 16, uppercase: true).leftPadded(2)
            }
        }
        return "file://" + (path.hasPrefix("/") ? "" : "/") + encoded
    }

    /// Serve URIs starting with `prefix` (e.g. `http://localhost:1234/`) from files under `directory`,
    /// loaded lazily on first reference.
    public func map(prefix: String, toDirectory directory: String) {
        lock.sync { prefixes.append((prefix, directory)) }
    }

    /// Compile the schema at `uri` (which may carry a `#fragment`) for validation.
    public func compile(uri: String, options: ValidationOptions = ValidationOptions()) throws(SchemaError) -> CompiledSchema {
        // The compiler reads documents, which never change once added, and takes the lock only to
        // resolve URIs (which may load an embedded meta-schema or a mapped file): compilations of
        // different schemas run in parallel.
        let compiler = Compiler(registry: self, options: options)
        let root = try compiler.compileRoot(uri: uri)
        return CompiledSchema(root: root, options: options, usesDynamicScope: compiler.usesDynamicScope)
    }

    /// Whether `uri` (absolute, with an optional fragment) names a schema the registry can reach,
    /// without compiling it (so a broken target does not count as unresolvable).
    public func resolves(_ uri: String) -> Bool {
        lock.sync { (try? resolveLocked(uri)) != nil }
    }

    /// Resolve a reference against a base URI (RFC 3986), as `$ref` and `$id` are resolved.
    public static func resolve(_ reference: String, against base: String) -> String {
        URIs.resolve(reference, against: base)
    }

    /// Validate the schema document at `uri` against its dialect's meta-schema (found through `$schema`).
    public func metaschemaCheck(uri: String) throws(SchemaError) -> [ValidationError] {
        let (document, metaURI): (SchemaDocument, String) = try lock.sync { () throws(SchemaError) in
            let (resource, pointer) = try resolveLocked(uri)
            let node = resource.document.root.value(at: JSONPointer(tokens: pointer)) ?? resource.document.root
            let meta = node["$schema"]?.stringValue ?? resource.dialect.metaschemaURI
            return (resource.document, URIs.resolve(meta, against: resource.baseURI))
        }
        let schema: CompiledSchema
        if let cached = lock.sync({ metaschemaCache[metaURI] }) {
            schema = cached
        } else {
            schema = try compile(uri: metaURI)
            lock.sync { metaschemaCache[metaURI] = schema }
        }
        let target = document.root.value(at: JSONPointer(tokens: try lock.sync { () throws(SchemaError) in try resolveLocked(uri).1 })) ?? document.root
        return schema.validate(target)
    }

    // MARK: - Internals (called with the lock held)

    func addLocked(_ value: SourceValue, uri: String, rank: Rank) throws(SchemaError) -> SchemaDocument {
        let document = SchemaDocument(uri: uri, root: value, rank: rank)
        // Replacing what a URI resolves to makes every cached node suspect.
        var replaces = documents.updateValue(document, forKey: uri) != nil
        defer { if replaces { nodeCache.invalidate() } }
        var indexer = Indexer(registry: self, document: document)
        try indexer.indexRoot()
        for resource in document.resources {
            if let existing = resources[resource.baseURI], !Self.outranks(resource, existing) { continue }
            if resources.updateValue(resource, forKey: resource.baseURI) != nil { replaces = true }
        }
        if resources[uri] == nil, let root = document.resources.first { resources[uri] = root }
        return document
    }

    /// Whether `new` declares its base URI with more standing than `old` (see `Rank`).
    static func outranks(_ new: SchemaResource, _ old: SchemaResource) -> Bool {
        let newRoot = new.pointer.isEmpty, oldRoot = old.pointer.isEmpty
        switch (new.document.rank, old.document.rank) {
        case (.ranked(let n), .ranked(let o)):
            if newRoot { return !oldRoot || o < n }
            return !oldRoot && n < o
        case (.ranked, _): return true
        case (_, .ranked), (.weak, _): return false
        case (.added, _): return newRoot
        }
    }

    private func loadLocked(uri: String, rank: Int, value: SourceValue?) -> SchemaError? {
        if let done = loadResults[uri] { return done }
        guard !inProgress.contains(uri) else { return nil }
        guard let value = value ?? onDemand?.load(uri) else {
            loadResults[uri] = .some(nil)
            return nil
        }
        inProgress.insert(uri)
        defer { inProgress.remove(uri) }
        let result: SchemaError?
        do { _ = try addLocked(value, uri: uri, rank: .ranked(rank)); result = nil } catch { result = error }
        loadResults[uri] = .some(result)
        return result
    }

    /// Add every on-demand document that may declare `base`, once per base.
    private func completeLocked(_ base: String) {
        guard let onDemand, !allLoaded, completed.insert(base).inserted else { return }
        for declarer in onDemand.declarers(base).sorted(by: { $0.rank < $1.rank }) {
            _ = loadLocked(uri: declarer.uri, rank: declarer.rank, value: nil)
        }
    }

    /// Find the resource for an absolute URI (no fragment), loading embedded meta-schemas and mapped
    /// files on demand.
    func resourceLocked(_ base: String) throws(SchemaError) -> SchemaResource? {
        completeLocked(base)
        if let found = resources[base] { return found }
        if let document = documents[base] { return document.resources.first }
        var key = base
        if key.hasPrefix("https://json-schema.org/draft-0") { key = "http" + key.dropFirst(5) }
        if let text = EmbeddedMetaschemas.text(for: key), let value = JSONParser.parse(text).value {
            let document = try addLocked(value, uri: key, rank: .weak)
            if base != key { resources[base] = document.resources.first }
            return resources[base] ?? document.resources.first
        }
        for (prefix, directory) in prefixes where base.hasPrefix(prefix) {
            let relative = String(base.dropFirst(prefix.count))
            guard !relative.asciiSplit("/").contains("..") else { continue }
            let path = directory.hasSuffix("/") ? directory + relative : directory + "/" + relative
            guard let value = loadFile(path) else { continue }
            addedCount += 1
            let document = try addLocked(value, uri: base, rank: onDemand == nil ? .added(addedCount) : .weak)
            return resources[base] ?? document.resources.first
        }
        if let fallback = _fallback, !inProgress.contains(base), let value = fallback(base) {
            inProgress.insert(base)
            defer { inProgress.remove(base) }
            addedCount += 1
            let document = try addLocked(value, uri: base, rank: onDemand == nil ? .added(addedCount) : .weak)
            return resources[base] ?? document.resources.first
        }
        return nil
    }

    private func loadFile(_ path: String) -> SourceValue? {
        let lower = path.lowercasedIfNeeded()
        if lower.hasSuffix(".yaml") || lower.hasSuffix(".yml"), let loader = _yamlLoader {
            return loader(path)
        }
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return JSONParser.parse(bytes: [UInt8](data)).value
    }

    /// `resolveLocked` with the lock taken.
    func resolve(_ uri: String) throws(SchemaError) -> (SchemaResource, [String]) {
        try lock.sync { () throws(SchemaError) in try resolveLocked(uri) }
    }

    /// Resolve an absolute URI with optional fragment to a resource and a document pointer.
    func resolveLocked(_ uri: String) throws(SchemaError) -> (SchemaResource, [String]) {
        let (base, fragment) = URIs.split(uri)
        guard let resource = try resourceLocked(base) else {
            throw SchemaError("cannot resolve $ref '\(uri)': not in the schema registry and remote fetching is disabled")
        }
        guard let fragment, !fragment.isEmpty else { return (resource, resource.pointer) }
        guard let decoded = URIs.percentDecode(fragment) else {
            throw SchemaError("cannot resolve $ref '\(uri)': malformed percent-encoding in fragment")
        }
        if decoded.hasPrefix("/") {
            guard let pointer = JSONPointer(decoded) else {
                throw SchemaError("cannot resolve $ref '\(uri)': invalid JSON pointer fragment")
            }
            let full = resource.pointer + pointer.tokens
            guard resource.document.root.value(at: JSONPointer(tokens: full)) != nil else {
                throw SchemaError("cannot resolve $ref '\(uri)': no value at JSON pointer '\(decoded)'")
            }
            return (resource, full)
        }
        if let pointer = resource.anchors[decoded] { return (resource, pointer) }
        throw SchemaError("cannot resolve $ref '\(uri)': no anchor '\(decoded)' in '\(base)'")
    }

    /// Dialect and vocabularies named by a `$schema` value.
    func dialectLocked(metaschema uri: String, pointer: [String], documentURI: String) throws(SchemaError) -> (Dialect, Vocabularies) {
        if let dialect = Dialect(metaschemaURI: uri) { return (dialect, .all) }
        let base = URIs.stripFragment(uri)
        let meta: SchemaResource?
        do { meta = try resourceLocked(base) } catch { meta = nil }
        guard let meta else {
            throw SchemaError("unknown $schema '\(uri)': not a known dialect and not in the schema registry",
                              documentURI: documentURI, pointer: JSONPointer(tokens: pointer + ["$schema"]))
        }
        let node = meta.document.root.value(at: JSONPointer(tokens: meta.pointer))
        guard let vocabulary = node?["$vocabulary"]?.objectValue, meta.dialect >= .draft2019_09 else {
            return (meta.dialect, meta.vocabularies)
        }
        var vocabularies: Vocabularies = []
        for member in vocabulary.members {
            if let known = Vocabularies.named(member.key) {
                vocabularies.formUnion(known)
            } else if member.value.boolValue == true {
                throw SchemaError("unsupported required vocabulary '\(member.key)' in meta-schema '\(uri)'",
                                  documentURI: documentURI, pointer: JSONPointer(tokens: pointer + ["$schema"]))
            }
        }
        return (meta.dialect, vocabularies)
    }
}

extension EmbeddedMetaschemas {
    static func text(for uri: String) -> String? {
        for list in [draft4, draft6, draft7, draft2019_09, draft2020_12] {
            if let entry = list.first(where: { $0.uri == uri }) { return entry.text }
        }
        return nil
    }
}

/// Namespace for the embedded meta-schema texts.
enum EmbeddedMetaschemas {}

extension NSRecursiveLock {
    /// Run `body` with the lock held, propagating its typed error.
    func sync<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        lock()
        defer { unlock() }
        return try body()
    }
}
