import MagsagCatalog
import MagsagJSONSchema
import MagsagLintCore
import MagsagSource

/// Validates catalog descriptors against the repository's own schemas in `catalog/_schemas/`.
public struct SchemaViolationRule: RepositoryRule {
    public init() {}

    public static let description = RuleDescription(
        id: "schema-violation",
        name: "Descriptor violates its schema",
        category: .catalog,
        defaultSeverity: .error,
        summary: "An agent descriptor, skill manifest, registry, policy, eval or MCP config does not validate against its schema in `catalog/_schemas/`",
        rationale: """
            The repository's `_schemas` are the law of its catalog, yet MAGSAG's own checks stop at "the YAML \
            parses". A descriptor that violates its schema (a `risk_class` outside the enum, a misspelled key under \
            `additionalProperties: false`, a negative timeout) is accepted by the runtime and breaks later, or \
            silently means something else. Every error is reported, each at its field.
            """,
        fix: "Correct the field reported, or change the schema in `catalog/_schemas/` if the descriptor is right.",
        triggeringExamples: [
            Example(files: [
                "catalog/_schemas/agent.schema.json": """
                    {"$schema": "http://json-schema.org/draft-07/schema#", "type": "object",
                     "properties": {"slug": {"type": "string"}, "risk_class": {"enum": ["low", "medium", "high"]}},
                     "additionalProperties": false}
                    """,
                "catalog/agents/sub/a-sag/agent.yaml": "slug: a-sag\nrisk_class: ↓critical\n↓owner: team-a\n",
            ], linted: ["catalog/agents/sub/a-sag/agent.yaml"]),
        ],
        nonTriggeringExamples: [
            Example(files: [
                "catalog/_schemas/agent.schema.json": """
                    {"$schema": "http://json-schema.org/draft-07/schema#", "type": "object",
                     "properties": {"slug": {"type": "string"}, "risk_class": {"enum": ["low", "medium", "high"]}},
                     "additionalProperties": false}
                    """,
                "catalog/agents/sub/a-sag/agent.yaml": "slug: a-sag\nrisk_class: low\n",
            ]),
        ])

    public func check(_ repository: RepositoryIndex, into sink: inout DiagnosticSink) {
        let catalog = CatalogModel.of(repository)
        let schemas = RepositorySchemas.of(repository)
        let schemaFolder = sink.settings.roots.catalog + "/_schemas/"
        var targets: [(path: String, value: SourceValue, schema: String)] = []
        for descriptor in catalog.descriptors where !descriptor.isTemplate && repository.linted.contains(descriptor.root.path) {
            targets.append((descriptor.root.path, descriptor.root.value, schemaFolder + descriptor.kind.schemaFileName))
        }
        let policies = sink.settings.roots.catalog + "/policies/"
        // A policy file `<stem>.yaml` follows `_schemas/<stem>.schema.json` when there is one; the flow
        // governance policy follows `_schemas/policy.schema.json` (MAGSAG's name for it).
        for path in repository.linted.sorted() where path.hasPrefix(policies) && DocumentKind.of(path: path) == .yaml {
            guard let root = repository.documents[path]?.root else { continue }
            let name = String(path.dropFirst(policies.count))
            let stem = String(name.prefix { $0 != "." })
            if repository.documents[schemaFolder + stem + ".schema.json"] != nil {
                targets.append((path, root, schemaFolder + stem + ".schema.json"))
            } else if stem.hasPrefix("flow_governance") {
                targets.append((path, root, schemaFolder + "policy.schema.json"))
            }
        }
        for target in targets where repository.documents[target.schema] != nil {
            guard case .success(let schema) = schemas.compiled(path: target.schema) else { continue }
            for error in schema.validate(target.value) {
                sink.report(
                    error.message, path: target.path, range: Self.range(of: error, in: target.value), pointer: error.instanceLocation,
                    label: "violates `\(error.keyword)`",
                    related: error.schemaRange.map { [Location(path: target.schema, range: $0, label: "`\(error.keyword)` declared here")] } ?? [],
                    notes: error.note.map { [$0] } ?? [],
                    help: "make this field match \(target.schema), or change the schema if the descriptor is right")
            }
        }
    }

    /// Point at the offending key for `additionalProperties`/`unevaluatedProperties` failures (the
    /// error's instance is the property's value), at the value otherwise.
    static func range(of error: ValidationError, in root: SourceValue) -> SourceRange {
        if error.keyword == "additionalProperties" || error.keyword == "unevaluatedProperties",
           let key = error.instanceLocation.tokens.last,
           let parent = root.value(at: JSONPointer(tokens: Array(error.instanceLocation.tokens.dropLast())))?.objectValue,
           let member = parent.member(key) {
            return member.keyRange
        }
        return error.instanceRange
    }
}
