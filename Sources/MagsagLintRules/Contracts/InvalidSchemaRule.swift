import MagsagJSONSchema
import MagsagLintCore
import MagsagSource

/// Reports schema files that do not conform to their dialect's metaschema.
public struct InvalidSchemaRule: RepositoryRule {
    public init() {}

    /// Starts early: it builds the run's shared schema store (every schema file registered, a long step
    /// in a large snapshot) while the runner's rule builds the catalog it needs too.
    public static var startOrder: Int { -1 }

    public static let description = RuleDescription(
        id: "invalid-schema",
        name: "Invalid schema",
        category: .contracts,
        defaultSeverity: .error,
        summary: "A JSON Schema file does not conform to the metaschema of the dialect it declares",
        rationale: """
            A malformed keyword (`"required": "name"`, `"type": "text"`, `"minimum": "0"`) is silently ignored \
            by some validators and rejected by others, so the contract does not mean what its authors think, \
            and agents that exchange data through it disagree at run time.
            """,
        fix: "Correct the keyword's value as the dialect defines it (see the message for the expected form); `--fix` removes items repeated in arrays that must be unique (`required`).",
        triggeringExamples: [
            Example("catalog/contracts/order.schema.json", """
                {"$schema": "http://json-schema.org/draft-07/schema#", "type": "object", "required": ↓"id"}
                """),
            Example("catalog/contracts/order.schema.json", """
                {"$schema": "https://json-schema.org/draft/2020-12/schema", "properties": {"n": {"type": ↓"text"}}}
                """),
            Example("catalog/contracts/order.schema.json", """
                {
                  "$schema": "http://json-schema.org/draft-07/schema#",
                  "required": ↓[
                    "id",
                    "total",
                    "id"
                  ]
                }

                """, fixed: """
                {
                  "$schema": "http://json-schema.org/draft-07/schema#",
                  "required": [
                    "id",
                    "total"
                  ]
                }

                """, note: "`required` is a set: `--fix` removes the repeated names"),
        ],
        nonTriggeringExamples: [
            Example("catalog/contracts/order.schema.json", """
                {"$schema": "http://json-schema.org/draft-07/schema#", "type": "object", "required": ["id"]}
                """),
        ])

    /// A metaschema that wants unique items (`required`, `type`, draft-04 `enum`) treats the array as a
    /// set: removing the later copies of a repeated scalar changes nothing it means.
    static func removeRepeatedItems(at pointer: JSONPointer, of document: LintDocument?) -> Fix? {
        guard let document, let list = document.root?.value(at: pointer), let items = list.arrayValue else { return nil }
        let edits = TextEdit.duplicateIndices(items).compactMap { TextEdit.removeItem($0.index, of: list, in: document.file) }
        guard !edits.isEmpty else { return nil }
        return Fix(message: "remove the repeated items", applicability: .safe, edits: edits)
    }

    public func check(_ repository: RepositoryIndex, into sink: inout DiagnosticSink) {
        let schemas = RepositorySchemas.of(repository)
        for path in schemas.lintedPaths {
            if let error = schemas.registrationError(at: path) {
                sink.report("schema cannot be registered: \(error.message)", path: path, range: error.range ?? .fileStart,
                            pointer: error.pointer, help: "fix the `$id` or structure reported here")
                continue
            }
            let errors: [ValidationError]
            do {
                errors = try schemas.registry.metaschemaCheck(uri: RepositorySchemas.uri(forPath: path))
            } catch {
                sink.report("cannot check the schema against its metaschema: \(error.message)", path: path,
                            range: error.range ?? .fileStart, help: "declare a known dialect in `$schema`")
                continue
            }
            for error in errors {
                let fix = error.keyword == "uniqueItems" ? Self.removeRepeatedItems(at: error.instanceLocation, of: repository.documents[path]) : nil
                sink.report(error.message, path: path, range: error.instanceRange, pointer: error.instanceLocation,
                            label: "invalid `\(error.instanceLocation.tokens.last ?? "schema")`",
                            notes: ["metaschema keyword: \(error.absoluteKeywordLocation)"] + (error.note.map { [$0] } ?? []),
                            help: fix == nil ? "write this value as the dialect's metaschema requires" : "remove the repeated items (`--fix` does it)",
                            fix: fix)
            }
        }
    }
}
