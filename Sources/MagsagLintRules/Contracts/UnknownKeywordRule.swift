import MagsagJSONSchema
import MagsagLintCore
import MagsagSource

/// Reports schema keywords that the declared dialect does not define (likely typos).
public struct UnknownKeywordRule: RepositoryRule {
    public init() {}

    public static let description = RuleDescription(
        id: "unknown-keyword",
        name: "Unknown schema keyword",
        category: .contracts,
        defaultSeverity: .warning,
        summary: "A schema uses a keyword its dialect does not define, usually a typo that silently constrains nothing",
        rationale: """
            JSON Schema ignores unknown keywords, so `"requried": ["id"]` or `"additionalproperties": false` \
            validate everything while looking strict. Keywords starting with `x-` are treated as deliberate \
            extensions and not reported.
            """,
        fix: "Correct the keyword's spelling, or prefix a deliberate extension with `x-`.",
        triggeringExamples: [
            Example("catalog/contracts/order.schema.json", """
                {"$schema": "http://json-schema.org/draft-07/schema#", "type": "object", ↓"requried": ["id"]}
                """),
        ],
        nonTriggeringExamples: [
            Example("catalog/contracts/order.schema.json", """
                {"$schema": "http://json-schema.org/draft-07/schema#", "type": "object", "required": ["id"], "x-owner": "team"}
                """),
        ])

    public func check(_ repository: RepositoryIndex, into sink: inout DiagnosticSink) {
        let schemas = RepositorySchemas.of(repository)
        for path in schemas.lintedPaths {
            guard let root = repository.documents[path]?.root, root.objectValue != nil else { continue }
            let dialect = SchemaInspection.declaredDialect(of: root) ?? .draft2020_12
            for (pointer, keyword, range) in SchemaInspection.unknownKeywords(in: root, dialect: dialect)
            where !keyword.lowercased().hasPrefix("x-") {
                let guess = EditDistance.closest(to: keyword, in: dialect.knownKeywords.sorted())
                sink.report(
                    "unknown keyword \"\(keyword)\" for \(dialect.rawValue)", path: path, range: range, pointer: pointer,
                    label: "not a \(dialect.rawValue) keyword", help: guess.map { "did you mean `\($0)`?" } ?? "remove it, or prefix a deliberate extension with `x-`")
            }
        }
    }
}
