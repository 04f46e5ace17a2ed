import MagsagJSONSchema
import MagsagLintCore
import MagsagSource

/// Reports schema files without `$schema`.
public struct MissingSchemaDialectRule: RepositoryRule {
    public init() {}

    public static let description = RuleDescription(
        id: "missing-schema-dialect",
        name: "Missing schema dialect",
        category: .contracts,
        defaultSeverity: .error,
        summary: "A schema file does not declare its dialect with `$schema`",
        rationale: """
            Drafts differ on `items`, `$ref` siblings, `exclusiveMinimum` and more; without `$schema` each tool \
            guesses, and the same contract validates differently in CI and at run time. MAGSAG's own catalog \
            validator requires the declaration.
            """,
        fix: "Add `\"$schema\": \"https://json-schema.org/draft/2020-12/schema\"` (or the draft the schema is written for).",
        triggeringExamples: [
            Example("catalog/contracts/order.schema.json", "↓{\"type\": \"object\"}\n"),
        ],
        nonTriggeringExamples: [
            Example("catalog/contracts/order.schema.json", "{\"$schema\": \"http://json-schema.org/draft-07/schema#\", \"type\": \"object\"}\n"),
        ])

    public func check(_ repository: RepositoryIndex, into sink: inout DiagnosticSink) {
        let schemas = RepositorySchemas.of(repository)
        for path in schemas.lintedPaths {
            guard let root = repository.documents[path]?.root, let object = root.objectValue else { continue }
            if object["$schema"] == nil {
                sink.report("schema does not declare its dialect (`$schema`)", path: path, range: SourceRange(at: root.range.start),
                            label: "no `$schema` here", help: "add `\"$schema\": \"https://json-schema.org/draft/2020-12/schema\"` or the draft it is written for")
            }
        }
    }
}
