import MagsagSource

/// One registered schema document.
final class SchemaDocument: @unchecked Sendable {
    /// Retrieval URI, without fragment.
    let uri: String
    let root: SourceValue
    /// Every resource found in the document (the root first), for locating arbitrary pointers.
    var resources: [SchemaResource] = []
    /// Where the document stands among the documents that declare the same `$id` (see
    /// `SchemaRegistry.Rank`).
    let rank: SchemaRegistry.Rank

    /// `uri`'s hash, made once: every node compiled from the document hashes its location from it
    /// (`SchemaNode.locationHash`), and a contract's URI is some 70 bytes to hash again per node.
    let uriHash: Int

    init(uri: String, root: SourceValue, rank: SchemaRegistry.Rank) {
        self.uri = uri
        self.root = root
        self.rank = rank
        uriHash = uri.hashValue
    }

    /// The innermost resource whose location is a prefix of `pointer`.
    func resource(containing pointer: [String]) -> SchemaResource? {
        if resources.count == 1 { return resources[0] }
        var best: SchemaResource?
        for resource in resources where resource.pointer.count <= pointer.count && pointer.starts(with: resource.pointer) {
            if best.map({ resource.pointer.count > $0.pointer.count }) ?? true { best = resource }
        }
        return best
    }
}

/// A schema resource: a document root or a subschema with its own `$id`.
final class SchemaResource: @unchecked Sendable {
    /// Absolute base URI without fragment.
    let baseURI: String
    let document: SchemaDocument
    /// Location of the resource root inside the document.
    let pointer: [String]
    let dialect: Dialect
    let vocabularies: Vocabularies
    /// `$anchor` (and `$dynamicAnchor`, and draft 6/7 `$id: "#name"`) → document pointer.
    var anchors: [String: [String]] = [:]
    /// `$dynamicAnchor` → document pointer.
    var dynamicAnchors: [String: [String]] = [:]
    /// `$recursiveAnchor: true` at the resource root.
    var recursiveAnchor = false

    init(baseURI: String, document: SchemaDocument, pointer: [String], dialect: Dialect, vocabularies: Vocabularies) {
        self.baseURI = baseURI
        self.document = document
        self.pointer = pointer
        self.dialect = dialect
        self.vocabularies = vocabularies
    }
}

/// Where subschemas live, per keyword (used to index identifiers and to compile).
enum SubschemaShape {
    case single, array, map, singleOrArray, dependencies
}

enum SubschemaKeywords {
    /// The keywords that hold subschemas in some dialect.
    private enum Name {
        case additionalProperties, not, propertyNames, contains, additionalItems, `if`, then, `else`, unevaluatedItems
        case unevaluatedProperties, contentSchema, items, allOf, anyOf, oneOf, prefixItems, properties
        case patternProperties, definitions, defs, dependentSchemas, dependencies
    }

    /// `keyword` as a `Name`, told apart by length and then by bytes: this runs for every keyword of
    /// every schema object the compiler, the indexer and the inspections walk, and most keywords
    /// (`type`, `required`, `minimum`) hold no subschema, so a miss must cost next to nothing (a set
    /// lookup hashed every keyword).
    private static func name(_ keyword: String) -> Name? {
        let utf8 = keyword.utf8
        guard (2...21).contains(utf8.count) else { return nil }
        if let found = utf8.withContiguousStorageIfAvailable(name(bytes:)) { return found }
        return Array(utf8).withUnsafeBufferPointer(name(bytes:))
    }

    private static func name(bytes: UnsafeBufferPointer<UInt8>) -> Name? {
        func equals(_ literal: StaticString) -> Bool {
            ByteSearch.same(bytes, UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
        }
        switch bytes.count {
        case 2: return equals("if") ? .if : nil
        case 3: return equals("not") ? .not : nil
        case 4: return equals("then") ? .then : equals("else") ? .else : nil
        case 5:
            if equals("items") { return .items }
            if equals("allOf") { return .allOf }
            if equals("anyOf") { return .anyOf }
            if equals("oneOf") { return .oneOf }
            return equals("$defs") ? .defs : nil
        case 8: return equals("contains") ? .contains : nil
        case 10: return equals("properties") ? .properties : nil
        case 11: return equals("prefixItems") ? .prefixItems : equals("definitions") ? .definitions : nil
        case 12: return equals("dependencies") ? .dependencies : nil
        case 13: return equals("propertyNames") ? .propertyNames : equals("contentSchema") ? .contentSchema : nil
        case 15: return equals("additionalItems") ? .additionalItems : nil
        case 16: return equals("unevaluatedItems") ? .unevaluatedItems : equals("dependentSchemas") ? .dependentSchemas : nil
        case 17: return equals("patternProperties") ? .patternProperties : nil
        case 20: return equals("additionalProperties") ? .additionalProperties : nil
        case 21: return equals("unevaluatedProperties") ? .unevaluatedProperties : nil
        default: return nil
        }
    }

    static func shape(_ keyword: String, dialect: Dialect) -> SubschemaShape? {
        guard let name = name(keyword) else { return nil }
        switch name {
        case .additionalProperties, .not: return .single
        case .propertyNames, .contains: return dialect >= .draft6 ? .single : nil
        case .additionalItems: return dialect <= .draft2019_09 ? .single : nil
        case .if, .then, .else: return dialect >= .draft7 ? .single : nil
        case .unevaluatedItems, .unevaluatedProperties, .contentSchema: return dialect >= .draft2019_09 ? .single : nil
        case .items: return dialect >= .draft2020_12 ? .single : .singleOrArray
        case .allOf, .anyOf, .oneOf: return .array
        case .prefixItems: return dialect >= .draft2020_12 ? .array : nil
        case .properties, .patternProperties, .definitions: return .map
        case .defs, .dependentSchemas: return dialect >= .draft2019_09 ? .map : nil
        case .dependencies: return .dependencies
        }
    }

    /// Visit every direct subschema of `object` with its relative pointer tokens.
    static func forEach(in object: SourceObject, dialect: Dialect, _ body: (SourceValue, [String]) throws(SchemaError) -> Void) throws(SchemaError) {
        // Members read in place: most keys name no subschema, and iterating the list copied each member
        // (its key and its value's payload counted) to look at its key.
        try object.members.withUnsafeBufferPointer { (members) throws(SchemaError) in
            for at in members.indices {
                guard let shape = shape(members[at].key, dialect: dialect) else { continue }
                let key = members[at].key, value = members[at].value
                switch (shape, value.kind) {
                case (.single, _), (.singleOrArray, .object), (.singleOrArray, .bool):
                    try body(value, [key])
                case (.array, .array(let elements)), (.singleOrArray, .array(let elements)):
                    for (i, element) in elements.enumerated() { try body(element, [key, String(i)]) }
                case (.map, .object(let map)):
                    for entry in map.members { try body(entry.value, [key, entry.key]) }
                case (.dependencies, .object(let map)):
                    for entry in map.members where entry.value.arrayValue == nil { try body(entry.value, [key, entry.key]) }
                default:
                    continue
                }
            }
        }
    }
}
