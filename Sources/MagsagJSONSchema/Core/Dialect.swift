import MagsagSource

/// A JSON Schema specification release, chosen by `$schema`.
public enum Dialect: String, Sendable, CaseIterable {
    /// Draft 4 (`http://json-schema.org/draft-04/schema#`).
    case draft4
    /// Draft 6.
    case draft6
    /// Draft 7.
    case draft7
    /// 2019-09.
    case draft2019_09
    /// 2020-12 (the default).
    case draft2020_12

    /// The canonical meta-schema URI (without the empty fragment).
    public var metaschemaURI: String {
        switch self {
        case .draft4: "http://json-schema.org/draft-04/schema"
        case .draft6: "http://json-schema.org/draft-06/schema"
        case .draft7: "http://json-schema.org/draft-07/schema"
        case .draft2019_09: "https://json-schema.org/draft/2019-09/schema"
        case .draft2020_12: "https://json-schema.org/draft/2020-12/schema"
        }
    }

    /// The dialect whose meta-schema is `uri` (trailing empty fragment ignored), if it is a standard one.
    public init?(metaschemaURI uri: String) {
        // The usual spellings looked up by their bytes first: the general path below costs about 2,500
        // instructions (canonical suffix and prefix tests, a string built), and nearly every schema
        // file of a catalog declares one of these (the fallback gives the same answers for them).
        if let dialect = Self.spellings[ByteKey(uri)] {
            self = dialect
            return
        }
        var base = uri
        if base.hasSuffix("#") { base.removeLast() }
        if base.hasPrefix("https://json-schema.org/draft-0") { base = "http" + base.dropFirst(5) }
        guard let dialect = Dialect.allCases.first(where: { $0.metaschemaURI == base }) else { return nil }
        self = dialect
    }

    /// Each meta-schema URI with and without its empty fragment, and the drafts 4 to 7 ones over `https`.
    private static let spellings: [ByteKey: Dialect] = {
        var table: [ByteKey: Dialect] = [:]
        for dialect in allCases {
            var written = [dialect.metaschemaURI]
            if dialect.metaschemaURI.hasPrefix("http://json-schema.org/draft-0") { written.append("https" + dialect.metaschemaURI.dropFirst(4)) }
            for uri in written { (table[ByteKey(uri)], table[ByteKey(uri + "#")]) = (dialect, dialect) }
        }
        return table
    }()

    /// Whether `$ref` makes sibling keywords ignored (drafts 4 to 7).
    var refOverridesSiblings: Bool { self <= .draft7 }
    /// The identifier keyword (`id` in draft 4, `$id` later).
    var idKeyword: String { self == .draft4 ? "id" : "$id" }

    /// The keywords this dialect defines (every vocabulary, including meta-data and content).
    public var knownKeywords: Set<String> { Self.keywordTable[self] ?? [] }

    /// `knownKeywords` of every dialect, built once.
    private static let keywordTable: [Dialect: Set<String>] = {
        var table: [Dialect: Set<String>] = [:]
        for dialect in Dialect.allCases { table[dialect] = dialect.buildKnownKeywords() }
        return table
    }()

    private func buildKnownKeywords() -> Set<String> {
        var words: Set<String> = [
            "$schema", "$ref", "title", "description", "default", "multipleOf", "maximum", "exclusiveMaximum",
            "minimum", "exclusiveMinimum", "maxLength", "minLength", "pattern", "items", "maxItems", "minItems",
            "uniqueItems", "maxProperties", "minProperties", "required", "additionalProperties", "definitions",
            "properties", "patternProperties", "dependencies", "enum", "type", "allOf", "anyOf", "oneOf", "not", "format",
        ]
        words.insert(self == .draft4 ? "id" : "$id")
        if self <= .draft2019_09 { words.insert("additionalItems") }
        if self >= .draft6 { words.formUnion(["examples", "const", "contains", "propertyNames"]) }
        if self >= .draft7 {
            words.formUnion(["$comment", "if", "then", "else", "readOnly", "writeOnly", "contentMediaType", "contentEncoding"])
        }
        if self >= .draft2019_09 {
            words.formUnion([
                "$anchor", "$vocabulary", "$defs", "unevaluatedItems", "unevaluatedProperties", "dependentSchemas",
                "maxContains", "minContains", "dependentRequired", "deprecated", "contentSchema",
            ])
        }
        if self == .draft2019_09 { words.formUnion(["$recursiveRef", "$recursiveAnchor"]) }
        if self == .draft2020_12 { words.formUnion(["$dynamicRef", "$dynamicAnchor", "prefixItems"]) }
        return words
    }
}

extension Dialect: Comparable {
    private var order: Int {
        switch self {
        case .draft4: 4
        case .draft6: 6
        case .draft7: 7
        case .draft2019_09: 2019
        case .draft2020_12: 2020
        }
    }

    /// Older drafts sort first.
    public static func < (lhs: Dialect, rhs: Dialect) -> Bool { lhs.order < rhs.order }
}

/// The vocabularies in force for a schema resource (2019-09 and later; older drafts enable all).
struct Vocabularies: OptionSet, Sendable, Hashable {
    let rawValue: UInt8
    static let core = Vocabularies(rawValue: 1)
    static let applicator = Vocabularies(rawValue: 2)
    static let unevaluated = Vocabularies(rawValue: 4)
    static let validation = Vocabularies(rawValue: 8)
    static let metaData = Vocabularies(rawValue: 16)
    static let formatAnnotation = Vocabularies(rawValue: 32)
    static let formatAssertion = Vocabularies(rawValue: 64)
    static let content = Vocabularies(rawValue: 128)
    static let all: Vocabularies = [.core, .applicator, .unevaluated, .validation, .metaData, .formatAnnotation, .content]

    /// Map a `$vocabulary` URI to a known vocabulary.
    static func named(_ uri: String) -> Vocabularies? {
        let prefixes = ["https://json-schema.org/draft/2020-12/vocab/", "https://json-schema.org/draft/2019-09/vocab/"]
        guard let prefix = prefixes.first(where: { uri.hasPrefix($0) }) else { return nil }
        switch uri.dropFirst(prefix.count) {
        case "core": return .core
        case "applicator": return prefix.utf8Contains("2019") ? [.applicator, .unevaluated] : .applicator
        case "unevaluated": return .unevaluated
        case "validation": return .validation
        case "meta-data": return .metaData
        case "format", "format-annotation": return .formatAnnotation
        case "format-assertion": return .formatAssertion
        case "content": return .content
        default: return nil
        }
    }
}
