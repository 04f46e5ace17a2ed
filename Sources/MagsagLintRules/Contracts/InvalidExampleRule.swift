import MagsagJSONSchema
import MagsagLintCore
import MagsagSource

/// Reports `examples` and `default` values that fail their own schema.
public struct InvalidExampleRule: RepositoryRule {
    public init() {}

    public static let description = RuleDescription(
        id: "invalid-example",
        name: "Invalid schema example",
        category: .contracts,
        defaultSeverity: .error,
        summary: "A schema's `examples` or `default` value does not validate against the schema it illustrates",
        rationale: """
            Examples and defaults are copied into prompts, fixtures and generated code; one that breaks its own \
            schema teaches every consumer the wrong shape and hides that the schema changed under it.
            """,
        fix: "Update the example or default to a value the schema accepts, or correct the schema.",
        triggeringExamples: [
            Example("catalog/contracts/money.schema.json", """
                {"$schema": "http://json-schema.org/draft-07/schema#", "type": "integer", "minimum": 0, "examples": [10, ↓-5]}
                """),
        ],
        nonTriggeringExamples: [
            Example("catalog/contracts/money.schema.json", """
                {"$schema": "http://json-schema.org/draft-07/schema#", "type": "integer", "minimum": 0, "examples": [10], "default": 0}
                """),
        ])

    public func check(_ repository: RepositoryIndex, into sink: inout DiagnosticSink) {
        let schemas = RepositorySchemas.of(repository)
        for path in schemas.lintedPaths {
            guard let root = repository.documents[path]?.root, root.objectValue != nil else { continue }
            let dialect = SchemaInspection.declaredDialect(of: root) ?? .draft2020_12
            for example in SchemaInspection.examples(in: root, dialect: dialect) {
                guard case .success(let schema) = schemas.compiled(path: path, pointer: example.schemaPointer) else { continue }
                guard let first = schema.validate(example.value).first else { continue }
                sink.report(
                    "\(example.kind == .default ? "default" : "example") does not validate against its schema: \(first.message)",
                    path: path, range: first.instanceRange, pointer: example.pointer,
                    label: "fails `\(first.keyword)`", notes: first.note.map { [$0] } ?? [],
                    help: "make the value match the schema, or fix the schema")
            }
        }
    }
}
