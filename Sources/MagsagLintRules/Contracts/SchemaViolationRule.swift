import MagsagCatalog
import MagsagJSONSchema
import MagsagLintCore
import MagsagSource

/// Validates catalog descriptors against the repository's own schemas in `<catalog>/_schemas/`, else
/// against the schemas built into magsag-lint (`docs/catalog-schemas/`); templates in template mode.
public struct SchemaViolationRule: RepositoryRule {
    public init() {}

    public static let description = RuleDescription(
        id: "schema-violation",
        name: "Descriptor violates its schema",
        category: .catalog,
        defaultSeverity: .error,
        summary: "An agent descriptor, skill manifest, registry, policy, routing policy, eval or MCP config does not validate against its schema",
        rationale: """
            The repository's `_schemas` are the law of its catalog, yet MAGSAG's own checks stop at "the YAML \
            parses". A descriptor that violates its schema (a `risk_class` outside the enum, a misspelled key under \
            `additionalProperties: false`, a negative timeout) is accepted by the runtime and breaks later, or \
            silently means something else. Every error is reported, each at its field. A file kind without a \
            schema in `catalog/_schemas/` (`agent`, `skill`, `agents_registry`, `skills_registry`, `policy`, \
            `routing`, `eval`, `mcp_server`, `tool_descriptor`, plus `permissions_policy` for tool and MCP permission policies) is \
            validated against the schema built into magsag-lint, published in `docs/catalog-schemas/`. Files under \
            a `_template/` folder are validated in template mode: placeholders (`<slug>`, `{{name}}`, `{name}`, \
            `TODO`) stand for any value, but required keys must be present and other values must have the right type.
            """,
        fix: "Correct the field reported, or change (or add) the schema in `catalog/_schemas/` if the descriptor is right.",
        triggeringExamples: [
            Example(files: [
                "catalog/_schemas/agent.schema.json": """
                    {"$schema": "http://json-schema.org/draft-07/schema#", "type": "object",
                     "properties": {"slug": {"type": "string"}, "risk_class": {"enum": ["low", "medium", "high"]}},
                     "additionalProperties": false}
                    """,
                "catalog/agents/sub/a-sag/agent.yaml": "slug: a-sag\nrisk_class: ↓critical\n↓owner: team-a\n",
            ], linted: ["catalog/agents/sub/a-sag/agent.yaml"]),
            Example("catalog/evals/quality/eval.yaml", "target_agents: [a-mag]\nmetrics:\n  - id: accuracy\n    weight: ↓high\n"),
            Example("catalog/routing/default.yaml", "name: default\nroutes:\n  - task_type: triage\n    model: ↓[gpt-4o]\n"),
            Example("catalog/agents/_template/sag-template/agent.yaml", """
                version: <semver>
                slug: <slug>
                name: "{{Name}}"
                role: sub
                entrypoint: TODO
                risk_class: ↓extreme
                budgets:
                  tokens: <tokens>
                """),
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
            Example("catalog/evals/quality/eval.yaml", "target_agents: [a-mag]\nmetrics:\n  - id: accuracy\n    weight: 1\n    threshold: 0.9\n"),
            Example("catalog/routing/default.yaml", "name: default\nroutes:\n  - task_type: triage\n    provider: anthropic\n    model: claude-sonnet\n"),
            Example("catalog/agents/_template/sag-template/agent.yaml", """
                version: <semver>
                slug: <slug>
                name: "{{Name}}"
                role: sub
                entrypoint: TODO
                risk_class: "<low|medium|high>"
                budgets:
                  tokens: <tokens>
                """),
            Example("catalog/policies/tool_permissions.yaml", "default_permission: NEVER\ncategories:\n  read_only:\n    permission: ALWAYS\n    tools: [\"repo.read_*\"]\n"),
        ])

    public func check(_ repository: RepositoryIndex, into sink: inout DiagnosticSink) {
        let schemas = RepositorySchemas.of(repository)
        for target in CatalogSchemaTargets.all(in: repository, settings: sink.settings) {
            // A file that does not parse is reported by the parsing rules, not as a null descriptor.
            if let document = repository.documents[target.path], document.root == nil, !document.issues.isEmpty { continue }
            let schema: CompiledSchema
            let builtIn: BuiltInCatalogSchema?
            if repository.documents[target.repositorySchema] != nil {
                guard case .success(let compiled) = schemas.compiled(path: target.repositorySchema) else { continue }
                (schema, builtIn) = (compiled, nil)
            } else if let fallback = target.builtIn, let compiled = fallback.compiled {
                (schema, builtIn) = (compiled, fallback)
            } else {
                continue
            }
            for error in schema.validate(target.value) {
                if target.isTemplate, TemplatePlaceholder.excuses(error, in: target.value) { continue }
                report(error, target: target, builtIn: builtIn, into: &sink)
            }
        }
    }

    private func report(_ error: ValidationError, target: CatalogSchemaTarget, builtIn: BuiltInCatalogSchema?,
                        into sink: inout DiagnosticSink) {
        var notes = error.note.map { [$0] } ?? []
        var related: [Location] = []
        let help: String
        if let builtIn {
            notes.append("no \(target.repositorySchema) in the repository: validated against magsag-lint's built-in \(builtIn.rawValue) schema (\(builtIn.documentationPath)), `\(error.keyword)` at \(error.keywordLocation)")
            help = "make this field match the built-in schema, or add \(target.repositorySchema) to state your own"
        } else {
            related = error.schemaRange.map { [Location(path: target.repositorySchema, range: $0, label: "`\(error.keyword)` declared here")] } ?? []
            help = "make this field match \(target.repositorySchema), or change the schema if the descriptor is right"
        }
        if target.isTemplate { notes.append("template mode: placeholders are allowed, the structure is not") }
        sink.report(
            error.message, path: target.path, range: Self.range(of: error, in: target.value), pointer: error.instanceLocation,
            label: "violates `\(error.keyword)`", related: related, notes: notes, help: help)
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
