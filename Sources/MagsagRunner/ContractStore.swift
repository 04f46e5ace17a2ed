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
    /// Schema files of the snapshot, sorted.
    public let paths: [String]
    /// Documents that failed to register (an `$id` conflict, a malformed `$id`...), by path.
    public let registrationErrors: [String: SchemaError]
    private let cache = Locked<[String: Result<CompiledSchema, SchemaError>]>([:])
    /// Validation options under the run's resource limits (`limits.pattern-steps`, `limits.nesting-depth`).
    let options: ValidationOptions

    /// The store of a run (built on first use).
    public static func of(_ repository: RepositoryIndex) -> ContractStore {
        repository.memoized("schemas") { ContractStore($0) }
    }

    /// Whether a path names a schema file: `*.schema.json|yaml|yml`, or JSON/YAML under `_schemas/`.
    public static func isSchemaPath(_ path: String) -> Bool {
        let lower = path.lowercased()
        if lower.hasSuffix(".schema.json") || lower.hasSuffix(".schema.yaml") || lower.hasSuffix(".schema.yml") { return true }
        let underSchemas = lower.hasPrefix("_schemas/") || lower.utf8Contains("/_schemas/")
        return underSchemas && (lower.hasSuffix(".json") || lower.hasSuffix(".yaml") || lower.hasSuffix(".yml"))
    }

    /// The registry URI of a repository path.
    public static func uri(forPath path: String) -> String {
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

    private init(_ repository: RepositoryIndex) {
        var options = ValidationOptions(regexStepLimit: repository.limits.patternSteps)
        options.maxInstanceDepth = repository.limits.nestingDepth
        self.options = options
        let registry = SchemaRegistry(defaultDialect: .draft2020_12)
        var paths: [String] = []
        var errors: [String: SchemaError] = [:]
        repository.prefetch(repository.sortedPaths.filter(Self.isSchemaPath))
        for document in repository.sortedDocuments where Self.isSchemaPath(document.path) {
            guard let root = document.root else { continue }
            paths.append(document.path)
            do {
                try registry.add(root, uri: Self.uri(forPath: document.path))
            } catch {
                errors[document.path] = error
            }
        }
        // Map unknown URIs onto snapshot files by the longest unique path suffix.
        let jsonLike = repository.sortedPaths.filter { DocumentKind.of(path: $0) == .json || DocumentKind.of(path: $0) == .yaml }
        let documents = repository.documents
        registry.fallbackResolver = { uri in
            let path: String
            if uri.hasPrefix(Self.base) {
                path = String(uri.dropFirst(Self.base.count)).removingPercentEncoding20()
            } else if let schemeEnd = uri.utf8Range(of: "://") {
                let rest = uri[schemeEnd.upperBound...]
                guard let slash = rest.firstIndex(of: "/") else { return nil }
                path = String(rest[rest.index(after: slash)...])
            } else {
                return nil
            }
            if let exact = documents[path]?.root { return exact }
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
        self.paths = paths
        self.registrationErrors = errors
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
