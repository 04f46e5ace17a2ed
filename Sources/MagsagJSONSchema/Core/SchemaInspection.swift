import MagsagSource

/// A `default` or `examples` value found in a schema, for checking examples against their schema.
public struct SchemaExample: Sendable {
    /// Which keyword holds the value.
    public enum Kind: String, Sendable { case `default`, example }
    /// `default` or one entry of `examples`.
    public var kind: Kind
    /// Where the value is (e.g. `/properties/a/examples/0`).
    public var pointer: JSONPointer
    /// The subschema the value should conform to (e.g. `/properties/a`).
    public var schemaPointer: JSONPointer
    /// The value itself, with its location in the schema document.
    public var value: SourceValue
}

/// Read-only helpers over schema documents (for lint rules built on this module).
public enum SchemaInspection {
    /// Every `default` and `examples` entry in the subschemas of `document`.
    public static func examples(in document: SourceValue, dialect: Dialect = .draft2020_12) -> [SchemaExample] {
        var found: [SchemaExample] = []
        visit(document, pointer: [], dialect: dialect) { object, pointer in
            if let value = object["default"] {
                found.append(SchemaExample(kind: .default, pointer: JSONPointer(tokens: pointer + ["default"]), schemaPointer: JSONPointer(tokens: pointer), value: value))
            }
            if let values = object["examples"]?.arrayValue {
                for (i, value) in values.enumerated() {
                    found.append(SchemaExample(kind: .example, pointer: JSONPointer(tokens: pointer + ["examples", String(i)]), schemaPointer: JSONPointer(tokens: pointer), value: value))
                }
            }
        }
        return found
    }

    /// Keywords of subschemas that the dialect does not define, with their locations (keys are located
    /// through `SourceObject.Member.keyRange`).
    public static func unknownKeywords(in document: SourceValue, dialect: Dialect = .draft2020_12) -> [(pointer: JSONPointer, keyword: String, range: SourceRange)] {
        var found: [(JSONPointer, String, SourceRange)] = []
        let known = dialect.knownKeywords
        visit(document, pointer: [], dialect: dialect) { object, pointer in
            // Keys read in place (iterating copied every member, value and all, to test its key).
            object.members.withUnsafeBufferPointer { members in
                for at in members.indices where !known.contains(members[at].key) {
                    let key = members[at].key
                    found.append((JSONPointer(tokens: pointer + [key]), key, members[at].keyRange))
                }
            }
        }
        return found
    }

    /// The dialect a document declares with `$schema` (nil when absent or not a standard dialect).
    public static func declaredDialect(of document: SourceValue) -> Dialect? {
        document["$schema"]?.stringValue.flatMap(Dialect.init(metaschemaURI:))
    }

    private static func visit(_ value: SourceValue, pointer: [String], dialect: Dialect, _ body: (SourceObject, [String]) -> Void) {
        guard let object = value.objectValue else { return }
        var current = dialect
        if let declared = declaredDialect(of: value) { current = declared }
        body(object, pointer)
        try? SubschemaKeywords.forEach(in: object, dialect: current) { (child, tokens) throws(SchemaError) in
            visit(child, pointer: pointer + tokens, dialect: current, body)
        }
    }
}
