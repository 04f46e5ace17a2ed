import MagsagJSONSchema
import MagsagSource

/// The schemas shipped in the binary for catalog files, used when the repository has no
/// `<catalog>/_schemas/<file>` of its own (the repository's schema is the law when present).
///
/// Each schema is published verbatim as `docs/catalog-schemas/<file>` by `generate-docs`, so the
/// "declared here" positions of a finding point into that page.
public enum BuiltInCatalogSchema: String, Sendable, CaseIterable {
    case agent, skill, agentsRegistry, skillsRegistry, policy, permissions, routing, eval, mcpServer, toolDescriptor

    /// The schema's file name, in `_schemas/` (repository) and `docs/catalog-schemas/` (built-in).
    public var fileName: String {
        switch self {
        case .agent: "agent.schema.json"
        case .skill: "skill.schema.json"
        case .agentsRegistry: "agents_registry.schema.json"
        case .skillsRegistry: "skills_registry.schema.json"
        case .policy: "policy.schema.json"
        case .permissions: "permissions_policy.schema.json"
        case .routing: "routing.schema.json"
        case .eval: "eval.schema.json"
        case .mcpServer: "mcp_server.schema.json"
        case .toolDescriptor: "tool_descriptor.schema.json"
        }
    }

    /// Where `generate-docs` publishes the schema.
    public var documentationPath: String { "docs/catalog-schemas/" + fileName }

    /// The schema document (JSON, draft 2020-12).
    public var json: String {
        switch self {
        case .agent: Self.agentJSON
        case .skill: Self.skillJSON
        case .agentsRegistry: Self.agentsRegistryJSON
        case .skillsRegistry: Self.skillsRegistryJSON
        case .policy: Self.policyJSON
        case .permissions: Self.permissionsJSON
        case .routing: Self.routingJSON
        case .eval: Self.evalJSON
        case .mcpServer: Self.mcpServerJSON
        case .toolDescriptor: Self.toolDescriptorJSON
        }
    }

    /// The built-in schema for a descriptor kind (none for `SKILL.md` cards: the front-matter rules cover them).
    init?(_ kind: CatalogDescriptorKindName) {
        switch kind {
        case "agent": self = .agent
        case "skill": self = .skill
        case "agentsRegistry": self = .agentsRegistry
        case "skillsRegistry": self = .skillsRegistry
        case "mcpServer": self = .mcpServer
        case "eval": self = .eval
        default: return nil
        }
    }

    /// The compiled schema (compiled once per process; nil only if a built-in failed to compile, which a test rules out).
    var compiled: CompiledSchema? { Self.compiledSchemas[self] }

    private static let compiledSchemas: [BuiltInCatalogSchema: CompiledSchema] = {
        let registry = SchemaRegistry(defaultDialect: .draft2020_12)
        var uris: [BuiltInCatalogSchema: String] = [:]
        for schema in allCases {
            guard let value = JSONParser.parse(schema.json).value else { continue }
            let uri = value.objectValue?.member("$id")?.value.stringValue ?? "magsag-lint:" + schema.fileName
            do { try registry.add(value, uri: uri) } catch { continue }
            uris[schema] = uri
        }
        var out: [BuiltInCatalogSchema: CompiledSchema] = [:]
        for (schema, uri) in uris {
            if let compiled = try? registry.compile(uri: uri) { out[schema] = compiled }
        }
        return out
    }()
}

/// A `CatalogModel.DescriptorKind` raw value.
typealias CatalogDescriptorKindName = String
