import MagsagJSONSchema
import MagsagLintCore
import MagsagSource

/// Every JSON Schema document of the snapshot in one offline registry, built once per run and shared
/// by the schema rules and the runner, so each contract is compiled once.
///
/// Documents are registered under `file:///repo/<path>`, and every `$id` inside them is indexed, so
/// relative file refs, refs by `$id` and refs into YAML schema files all resolve. A URI no document
/// declares (e.g. `https://magsag.ai/schemas/x.schema.json` where `x.schema.json` has no `$id`) falls
/// back to the one snapshot file whose path ends with the URI's path; nothing is ever fetched.
public final class ContractStore: Sendable {
    /// The URI prefix snapshot files are registered under.
    public static let base = "file:///repo/"

    public let registry: SchemaRegistry
    /// Schema files of the snapshot (parsed or not), sorted; a file's rank among `$id` declarers is its
    /// place here.
    private let schemaPaths: [String]
    private let ranks: [String: Int]
    /// The snapshot's documents and linted paths (not the index itself, which holds this store).
    private let documents: DocumentMap
    private let linted: Set<String>
    /// Up-front mode: what adding each file gave, by path.
    private let eagerErrors: [String: SchemaError]?
    private let cache = Locked<[String: Result<CompiledSchema, SchemaError>]>([:])
    /// Validation options under the run's resource limits (`limits.pattern-steps`, `limits.nesting-depth`).
    let options: ValidationOptions

    /// The store of a run (built on first use). A run over a few files of a large snapshot (deferred
    /// documents) registers schema files on demand; any other registers them all up front. Both resolve
    /// alike (see `SchemaRegistry.Rank`).
    public static func of(_ repository: RepositoryIndex) -> ContractStore {
        repository.memoized("schemas") { ContractStore($0, onDemand: $0.hasDeferred) }
    }

    /// Whether a path names a schema file: `*.schema.json|yaml|yml`, or JSON/YAML under `_schemas/`.
    public static func isSchemaPath(_ path: String) -> Bool {
        // Called for every path of the snapshot: an ASCII path (nearly all) is tested on its bytes,
        // without a lowered copy or string searches; the rest go through the lowered text.
        if let answer = path.utf8.withContiguousStorageIfAvailable(isSchemaPath(ascii:)), let answer {
            return answer
        }
        let lower = path.lowercasedIfNeeded()
        if lower.hasSuffix(".schema.json") || lower.hasSuffix(".schema.yaml") || lower.hasSuffix(".schema.yml") { return true }
        let underSchemas = lower.hasPrefix("_schemas/") || lower.utf8Contains("/_schemas/")
        return underSchemas && (lower.hasSuffix(".json") || lower.hasSuffix(".yaml") || lower.hasSuffix(".yml"))
    }

    /// `isSchemaPath` on a path's bytes, ASCII letters compared without case; nil for a path with a
    /// non-ASCII byte (a few non-ASCII letters lower to ASCII ones), or with a capital and a data-file
    /// suffix but no schema suffix (the folder test is then made on the lowered text).
    private static func isSchemaPath(ascii bytes: UnsafeBufferPointer<UInt8>) -> Bool? {
        var high: UInt8 = 0
        for byte in bytes { high |= byte & 0x80 }
        guard high == 0 else { return nil }
        func ends(_ suffix: [UInt8]) -> Bool {
            guard bytes.count >= suffix.count else { return false }
            return zip(bytes.suffix(suffix.count), suffix).allSatisfy { byte, wanted in
                byte == wanted || ((byte &- 0x41) < 26 && byte | 0x20 == wanted)
            }
        }
        if ends(schemaSuffixes[0]) || ends(schemaSuffixes[1]) || ends(schemaSuffixes[2]) { return true }
        guard ends(dataSuffixes[0]) || ends(dataSuffixes[1]) || ends(dataSuffixes[2]) else { return false }
        guard !bytes.contains(where: { ($0 &- 0x41) < 26 }) else { return nil }
        return bytes.starts(with: schemasFolder.dropFirst()) || ByteSearch.offset(of: schemasFolder, in: bytes) != nil
    }

    private static let schemaSuffixes = [".schema.json", ".schema.yaml", ".schema.yml"].map { Array($0.utf8) }
    private static let dataSuffixes = [".json", ".yaml", ".yml"].map { Array($0.utf8) }
    private static let schemasFolder = Array("/_schemas/".utf8)

    /// The registry URI of a repository path.
    public static func uri(forPath path: String) -> String {
        // Almost every path has none of the four characters: no scalar-by-scalar copy then.
        guard path.utf8ContainsByte(where: { $0 == 0x20 || $0 == 0x25 || $0 == 0x23 || $0 == 0x3F }) else { return base + path }
        var encoded = ""
        for scalar in path.unicodeScalars {
            switch scalar {
            case " ": encoded += "%20"
            case "%": encoded += "%25"
            case "#": encoded += "%23"
            case "?": encoded += "%3F"
            default: encoded.unicodeScalars.append(scalar)
            }
        }
        return base + encoded
    }

    /// The repository path of a registry URI, if it names one.
    static func path(forURI uri: String) -> String? {
        uri.hasPrefix(base) ? String(uri.dropFirst(base.count)).removingPercentEncoding20() : nil
    }

    init(_ repository: RepositoryIndex, onDemand: Bool) {
        var options = ValidationOptions(regexStepLimit: repository.limits.patternSteps)
        options.maxInstanceDepth = repository.limits.nestingDepth
        self.options = options
        let documents = repository.documents
        self.documents = documents
        linted = repository.linted
        let registry = SchemaRegistry(defaultDialect: .draft2020_12)
        let schemaPaths = repository.sortedPaths.filter(Self.isSchemaPath)
        let ranks = Dictionary(uniqueKeysWithValues: schemaPaths.enumerated().map { ($0.element, $0.offset) })
        self.schemaPaths = schemaPaths
        self.ranks = ranks
        let declarers = SchemaDeclarers(paths: schemaPaths, documents: documents)
        registry.loadOnDemand(SchemaRegistry.OnDemand(
            declarers: { base in
                var found = declarers.paths(declaring: base)
                if let path = Self.path(forURI: base), ranks[path] != nil { found.append(path) }
                return found.compactMap { path in ranks[path].map { (uri: Self.uri(forPath: path), rank: $0) } }
            },
            load: { uri in Self.path(forURI: uri).flatMap { documents[$0]?.root } }))
        if onDemand {
            eagerErrors = nil
        } else {
            var errors: [String: SchemaError] = [:]
            repository.prefetch(schemaPaths)
            for (rank, path) in schemaPaths.enumerated() {
                guard let root = documents[path]?.root else { continue }
                if let error = registry.load(uri: Self.uri(forPath: path), rank: rank, value: root) { errors[path] = error }
            }
            registry.finishLoading()
            eagerErrors = errors
        }
        // Map unknown URIs onto snapshot files by the longest unique path suffix. The JSON and YAML paths
        // are listed when a URI first needs it: most runs resolve every URI without this.
        let sortedPaths = repository.sortedPaths
        let listed = Locked<[String]?>(nil)
        registry.fallbackResolver = { uri in
            let path: String
            if let local = Self.path(forURI: uri) {
                path = local
            } else if let schemeEnd = uri.utf8Range(of: "://") {
                let rest = uri[schemeEnd.upperBound...]
                guard let slash = rest.firstIndex(of: "/") else { return nil }
                path = String(rest[rest.index(after: slash)...])
            } else {
                return nil
            }
            if let exact = documents[path]?.root { return exact }
            let jsonLike = listed.withLock { known -> [String] in
                if let known { return known }
                let made = sortedPaths.filter { [.json, .yaml].contains(DocumentKind.of(path: $0)) }
                known = made
                return made
            }
            var segments = path.asciiSplit("/").map(String.init)
            while !segments.isEmpty {
                let suffix = segments.joined(separator: "/")
                let matches = jsonLike.filter { $0 == suffix || $0.hasSuffix("/" + suffix) }
                if matches.count == 1 { return documents[matches[0]]?.root }
                if matches.count > 1 { return nil }
                segments.removeFirst()
            }
            return nil
        }
        if let fixture = JSONParser.parse(FixtureFormat.schema).value {
            try? registry.add(fixture, uri: FixtureFormat.schemaURI)
        }
        self.registry = registry
    }

    /// The linted schema files that parse, sorted. Made once per run: five rules ask.
    public var lintedPaths: [String] {
        if let known = lintedSchemaPaths.withLock({ $0 }) { return known }
        // Whichever set is smaller is walked: the linted set in a hook (a few paths), the schema files
        // in a full run (where every path is linted).
        let chosen = linted.count < schemaPaths.count
            ? linted.compactMap { path in ranks[path].map { (path, $0) } }.sorted { $0.1 < $1.1 }.map(\.0)
            : schemaPaths.filter(linted.contains)
        let made = chosen.filter { documents[$0]?.root != nil }
        lintedSchemaPaths.withLock { $0 = made }
        return made
    }
    private let lintedSchemaPaths = Locked<[String]?>(nil)

    /// What registering the schema file at `path` gave: an `$id` the registry cannot take, a `$schema`
    /// it does not know... nil when it registered (or is no schema file of the snapshot).
    public func registrationError(at path: String) -> SchemaError? {
        if let eagerErrors { return eagerErrors[path] }
        guard let rank = ranks[path] else { return nil }
        return registry.load(uri: Self.uri(forPath: path), rank: rank)
    }

    /// The compiled schema of the repository file at `path`, or nil when it is missing or does not compile.
    public func schema(at path: String) -> CompiledSchema? {
        try? compiled(path: path).get()
    }

    /// The compiled fixture schema.
    public var fixtureSchema: CompiledSchema? {
        if let hit = cache.withLock({ $0[FixtureFormat.schemaURI] }) { return try? hit.get() }
        let result: Result<CompiledSchema, SchemaError>
        do { result = .success(try registry.compile(uri: FixtureFormat.schemaURI, options: options)) } catch { result = .failure(error) }
        cache.withLock { $0[FixtureFormat.schemaURI] = result }
        return try? result.get()
    }

    /// The compiled schema at a repository path (and optional JSON pointer inside it), cached.
    public func compiled(path: String, pointer: JSONPointer = .root) -> Result<CompiledSchema, SchemaError> {
        let uri = Self.uri(forPath: path) + (pointer.tokens.isEmpty ? "" : "#" + pointer.description.fragmentEncoded())
        if let cached = cache.withLock({ $0[uri] }) { return cached }
        let result: Result<CompiledSchema, SchemaError>
        do { result = .success(try registry.compile(uri: uri, options: options)) } catch { result = .failure(error) }
        cache.withLock { $0[uri] = result }
        return result
    }
}

extension String {
    /// Decode the few escapes `RepositorySchemas.uri(forPath:)` writes.
    func removingPercentEncoding20() -> String {
        replacing("%20", with: " ").replacing("%23", with: "#").replacing("%3F", with: "?").replacing("%25", with: "%")
    }

    /// Percent-encode what a URI fragment cannot hold.
    func fragmentEncoded() -> String {
        var out = ""
        for scalar in unicodeScalars {
            switch scalar {
            case "%": out += "%25"
            case " ": out += "%20"
            case "#": out += "%23"
            case "\"": out += "%22"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
