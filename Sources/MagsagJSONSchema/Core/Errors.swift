import MagsagSource

/// A problem with a schema itself (not with an instance): malformed keyword, unresolvable `$ref`,
/// invalid regular expression, unknown `$schema`.
public struct SchemaError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A sentence a person can act on.
    public var message: String
    /// URI of the schema document (retrieval URI), when known.
    public var documentURI: String?
    /// Location of the offending value inside the document.
    public var pointer: JSONPointer
    /// Where the offending value is written, when known.
    public var range: SourceRange?

    /// An error at `pointer` of `documentURI`.
    public init(_ message: String, documentURI: String? = nil, pointer: JSONPointer = .root, range: SourceRange? = nil) {
        self.message = message
        self.documentURI = documentURI
        self.pointer = pointer
        self.range = range
    }

    /// Message with location.
    public var description: String {
        var where_ = documentURI ?? ""
        where_ += "#" + pointer.description
        return "\(message) (at \(where_))"
    }
}

/// One reason an instance does not conform to a schema, located in both the instance and the schema.
public struct ValidationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Location of the failing value in the instance.
    public var instanceLocation: JSONPointer
    /// Where the failing value is written in the instance document.
    public var instanceRange: SourceRange
    /// Path through the schema, following `$ref` (e.g. `/properties/a/$ref/minimum`).
    public var keywordLocation: JSONPointer
    /// Absolute URI of the failing keyword (`https://example.com/s.json#/$defs/x/minimum`).
    public var absoluteKeywordLocation: String
    /// URI of the schema document the keyword is written in.
    public var schemaDocumentURI: String
    /// Where the keyword's value is written in the schema document (nil for synthetic schemas).
    public var schemaRange: SourceRange?
    /// The failing keyword (`minimum`, `required`, ...).
    public var keyword: String
    /// What is wrong, for a person.
    public var message: String
    /// Extra context, e.g. which `anyOf` branch is reported.
    public var note: String?

    /// An error with every location filled in.
    public init(
        instanceLocation: JSONPointer, instanceRange: SourceRange, keywordLocation: JSONPointer,
        absoluteKeywordLocation: String, schemaDocumentURI: String, schemaRange: SourceRange?,
        keyword: String, message: String, note: String? = nil
    ) {
        self.instanceLocation = instanceLocation
        self.instanceRange = instanceRange
        self.keywordLocation = keywordLocation
        self.absoluteKeywordLocation = absoluteKeywordLocation
        self.schemaDocumentURI = schemaDocumentURI
        self.schemaRange = schemaRange
        self.keyword = keyword
        self.message = message
        self.note = note
    }

    /// `pointer: message [keywordLocation]`.
    public var description: String {
        "\(instanceLocation.description.isEmpty ? "/" : instanceLocation.description): \(message) [\(keywordLocation)]"
    }
}
