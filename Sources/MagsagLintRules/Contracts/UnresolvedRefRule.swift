import MagsagJSONSchema
import MagsagLintCore
import MagsagSource

/// Reports `$ref`s that resolve to nothing in the snapshot.
public struct UnresolvedRefRule: RepositoryRule {
    public init() {}

    public static let description = RuleDescription(
        id: "unresolved-ref",
        name: "Unresolved reference",
        category: .contracts,
        defaultSeverity: .error,
        summary: "A `$ref` in a schema points at a file, `$id`, anchor or JSON pointer that does not exist",
        rationale: """
            A reference that does not resolve makes the whole contract unusable: strict validators refuse it, \
            lenient ones silently accept anything. magsag-lint resolves references offline, against the files \
            of the snapshot being linted, by path and by `$id`; it never fetches a remote schema.
            """,
        fix: "Point the reference at an existing schema file, `$id`, anchor or `#/json/pointer`, or add the missing definition.",
        triggeringExamples: [
            Example(files: [
                "catalog/contracts/order.schema.json": """
                    {"$schema": "http://json-schema.org/draft-07/schema#", "properties": {"price": {"$ref": ↓"money.schema.json"}}}
                    """,
            ]),
            Example(files: [
                "catalog/contracts/order.schema.json": """
                    {"$schema": "http://json-schema.org/draft-07/schema#",
                     "properties": {"price": {"$ref": ↓"common.schema.json#/definitions/money"}}}
                    """,
                "catalog/contracts/common.schema.json": """
                    {"$schema": "http://json-schema.org/draft-07/schema#", "definitions": {"amount": {"type": "number"}}}
                    """,
            ], linted: ["catalog/contracts/order.schema.json"]),
        ],
        nonTriggeringExamples: [
            Example(files: [
                "catalog/contracts/order.schema.json": """
                    {"$schema": "http://json-schema.org/draft-07/schema#", "$id": "https://magsag.ai/schemas/order.schema.json",
                     "properties": {"price": {"$ref": "common.schema.json#/definitions/money"}, "self": {"$ref": "#"}}}
                    """,
                "catalog/contracts/common.schema.json": """
                    {"$schema": "http://json-schema.org/draft-07/schema#", "definitions": {"money": {"type": "number"}}}
                    """,
            ]),
        ])

    public func check(_ repository: RepositoryIndex, into sink: inout DiagnosticSink) {
        let schemas = RepositorySchemas.of(repository)
        for path in schemas.lintedPaths {
            guard let root = repository.documents[path]?.root else { continue }
            let dialect = SchemaInspection.declaredDialect(of: root)
            let refKeys = ["$ref", "$dynamicRef", "$recursiveRef"]
            SchemaWalk.objects(in: root, documentURI: RepositorySchemas.uri(forPath: path), dialect: dialect) { object, position, base in
                for key in refKeys {
                    guard let member = object.member(key), let reference = member.value.stringValue else { continue }
                    // `$dynamicRef`/`$recursiveRef` fall back to their static target, which must exist too.
                    let target = SchemaRegistry.resolve(reference, against: base)
                    if schemas.registry.resolves(target) { continue }
                    let remote = target.hasPrefix("http://") || target.hasPrefix("https://")
                    sink.report(
                        "cannot resolve \(key) \"\(reference)\"", path: path, range: member.value.range,
                        pointer: position.pointer.appending(key), label: "resolves to \(target)",
                        notes: remote ? ["remote schemas are never fetched: the target must be a file or `$id` in the repository"] : [],
                        help: "point the reference at an existing schema file, `$id`, anchor or JSON pointer")
                }
            }
        }
    }
}
