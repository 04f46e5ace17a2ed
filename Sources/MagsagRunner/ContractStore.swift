import MagsagJSONSchema
import MagsagLintCore
import MagsagSource
import Synchronization

/// Every `*.schema.json` of the snapshot registered once (under `file:///repo/<path>` and its own `$id`),
/// and each contract compiled at most once per run.
public final class ContractStore: Sendable {
    /// The URI prefix snapshot files are registered under.
    public static let base = "file:///repo/"

    private let registry: SchemaRegistry
    private let cache = Mutex<[String: CompiledSchema?]>([:])

    /// Register every schema file of `repository` and the fixture schema.
    public init(_ repository: RepositoryIndex) {
        let registry = SchemaRegistry(defaultDialect: .draft2020_12)
        for path in repository.documents.keys.sorted() where path.hasSuffix(".schema.json") && !repository.deleted.contains(path) {
            guard let root = repository.documents[path]?.root, root.objectValue != nil || root.boolValue != nil else { continue }
            try? registry.add(root, uri: Self.base + path)
        }
        if let fixture = JSONParser.parse(FixtureFormat.schema).value {
            try? registry.add(fixture, uri: FixtureFormat.schemaURI)
        }
        self.registry = registry
    }

    /// The compiled schema of the repository file at `path`, or nil when it is missing or does not compile.
    public func schema(at path: String) -> CompiledSchema? {
        compiled(Self.base + path)
    }

    /// The compiled fixture schema.
    public var fixtureSchema: CompiledSchema? { compiled(FixtureFormat.schemaURI) }

    private func compiled(_ uri: String) -> CompiledSchema? {
        if let hit = cache.withLock({ $0[uri] }) { return hit }
        let schema = try? registry.compile(uri: uri)
        cache.withLock { $0[uri] = schema }
        return schema
    }
}
