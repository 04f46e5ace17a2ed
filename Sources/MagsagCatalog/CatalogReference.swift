/// A reference to a catalog entry: `magsag://sub.<slug>@<range>`, `agdd://skill.<id>`, `skill.<id>`,
/// `main.<slug>` or a bare slug whose kind the context gives.
package struct CatalogReference: Sendable, Hashable, CustomStringConvertible {
    /// What a reference names.
    package enum Kind: String, Sendable, Hashable, CaseIterable {
        case main, sub, skill
    }

    /// `magsag`, `agdd`, or nil for bare forms.
    package var scheme: String?
    /// The kind, written or implied by context.
    package var kind: Kind
    /// Whether the kind was written (`sub.x`) rather than implied (`x`).
    package var kindIsExplicit: Bool
    /// The agent slug, or the skill id without its `skill.` prefix.
    package var name: String
    /// The range text after `@`, when present.
    package var rangeText: String?
    /// The reference as written.
    package var text: String

    /// The schemes references may use (older repositories use `agdd`).
    package static let schemes: Set<String> = ["magsag", "agdd"]

    /// Why a reference cannot be read.
    package struct ParseError: Error, Sendable, Hashable {
        package var message: String
    }

    /// Parse `text`; `implied` is the kind a bare slug has in its context. Parses are memoized per
    /// process: fixtures and descriptors repeat the same reference texts.
    package init(parsing text: String, implied: Kind) throws(ParseError) {
        self = try Self.memo.value(MemoKey(text: text, implied: implied)) { key in
            Result { () throws(ParseError) in try CatalogReference(parsingUncached: key.text, implied: key.implied) }
        }.get()
    }

    private struct MemoKey: Hashable, Sendable {
        var text: String
        var implied: Kind
    }

    private static let memo = ParseMemo<MemoKey, Result<CatalogReference, ParseError>>()

    init(parsingUncached text: String, implied: Kind) throws(ParseError) {
        self.text = text
        var body = Substring(text.trimmingWhitespace)
        if let separator = body.utf8Range(of: "://") {
            let scheme = String(body[..<separator.lowerBound])
            guard CatalogReference.schemes.contains(scheme) else {
                throw ParseError(message: "unknown reference scheme '\(scheme)' (expected magsag:// or agdd://)")
            }
            self.scheme = scheme
            body = body[separator.upperBound...]
        } else {
            self.scheme = nil
        }
        // Separators found on bytes (a `Character` walk costs a grapheme break test per character).
        if let at = body.utf8FirstIndex(of: UInt8(ascii: "@")) {
            rangeText = String(body[body.index(after: at)...])
            body = body[..<at]
        } else {
            rangeText = nil
        }
        var kind = implied
        var explicit = false
        if let dot = body.utf8FirstIndex(of: UInt8(ascii: ".")), let written = Kind(rawValue: String(body[..<dot])) {
            kind = written
            explicit = true
            body = body[body.index(after: dot)...]
        } else if scheme != nil {
            let head = body.asciiSplit(".", maxSplits: 1).first.map(String.init) ?? ""
            throw ParseError(message: "unknown reference kind '\(head)' (expected main, sub or skill)")
        }
        // ASCII letters, digits, `-`, `_` and `.`, checked on the bytes (a `Character` walk costs tens of
        // thousands of instructions per name).
        guard !body.isEmpty, body.utf8AllBytes(satisfy: Self.isNameByte) else {
            throw ParseError(message: "malformed name '\(body)' in reference")
        }
        self.kind = kind
        self.kindIsExplicit = explicit
        self.name = String(body)
        if let range = rangeText, range.trimmingWhitespace.isEmpty {
            throw ParseError(message: "empty version range after '@'")
        }
    }

    /// Whether a byte may appear in a reference name: an ASCII letter or digit, `-`, `_` or `.`.
    @inline(__always)
    static func isNameByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."): true
        default: false
        }
    }

    /// `kind.name`, the identity the reference resolves by.
    package var key: String { "\(kind.rawValue).\(name)" }

    package var description: String { text }
}
