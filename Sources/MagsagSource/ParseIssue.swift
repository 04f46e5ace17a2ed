/// A problem found while parsing a document: the document is (partly) unusable or suspicious.
///
/// Parsers report problems as values, never by throwing: a broken user file is a finding, not a
/// tool failure.
public struct ParseIssue: Sendable, Hashable {
    /// What kind of problem this is; rules map kinds to rule ids.
    public enum Kind: String, Sendable, Hashable {
        /// The text is not well-formed JSON.
        case invalidJSON
        /// The text is not well-formed YAML.
        case invalidYAML
        /// A mapping or object repeats a key.
        case duplicateKey
        /// YAML alias expansion exceeded the configured bound (billion-laughs defence).
        case aliasExpansionLimit
        /// Nesting deeper than the parser's bound.
        case nestingLimit
        /// Front-matter block is malformed (unterminated, or not a mapping).
        case invalidFrontMatter
        /// The bytes are not valid UTF-8 (reported for Markdown; YAML reports `invalidYAML`).
        case invalidEncoding
    }

    public var kind: Kind
    /// Lowercase, states the problem, no final period.
    public var message: String
    /// Where the problem is.
    public var range: SourceRange
    /// A second location, e.g. the first occurrence of a duplicated key.
    public var related: SourceRange?
    /// Label for `related`.
    public var relatedLabel: String?

    public init(kind: Kind, message: String, range: SourceRange, related: SourceRange? = nil, relatedLabel: String? = nil) {
        self.kind = kind
        self.message = message
        self.range = range
        self.related = related
        self.relatedLabel = relatedLabel
    }
}
