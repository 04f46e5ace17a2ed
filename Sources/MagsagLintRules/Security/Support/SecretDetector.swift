import MagsagLintCore

/// Where a detector found a credential: the byte range of the secret itself.
struct SecretMatch: Sendable, Hashable {
    var start: Int
    var end: Int
}

/// One known credential format: an id, a human name, literal keywords that must occur for the format
/// to be possible (the prefilter), and a matcher run at each keyword occurrence.
struct SecretDetector: Sendable {
    /// Called with the file's bytes and the offset where one of `keywords` starts (case-insensitively).
    typealias Matcher = @Sendable (_ bytes: [UInt8], _ hit: Int) -> SecretMatch?

    /// Stable kebab-case id (`github-pat`).
    let id: String
    /// Human name used in messages ("GitHub personal access token").
    let name: String
    /// Lowercase ASCII literals, at least two bytes; a matcher runs only where one occurs.
    let keywords: [String]
    /// The severity when it differs from the rule's (test-mode keys are `info`).
    let severity: Severity?
    let matcher: Matcher

    init(_ id: String, _ name: String, keywords: [String], severity: Severity? = nil, matcher: @escaping Matcher) {
        self.id = id
        self.name = name
        self.keywords = keywords.map { $0.lowercased() }
        self.severity = severity
        self.matcher = matcher
    }
}

/// One element of a token layout after its literal prefix.
enum TokenPart: Sendable {
    /// Exactly these bytes.
    case literal(String)
    /// Between `length.lowerBound` and `length.upperBound` bytes of `set`.
    case run(ByteSet, ClosedRange<Int>)
}

extension SecretDetector {
    /// A detector for tokens that start with one of `prefixes` followed by `parts`: the common shape
    /// of modern provider tokens (`ghp_` + 36 base62). `validate` sees the whole token. With
    /// `boundary: false` the prefix may follow a word character (a host name's tenant part).
    static func token(
        _ id: String, _ name: String, prefixes: [String], _ parts: [TokenPart], severity: Severity? = nil,
        keywords: [String]? = nil, boundary: Bool = true, validate: (@Sendable (ArraySlice<UInt8>) -> Bool)? = nil
    ) -> SecretDetector {
        let literals = prefixes.map { Array($0.utf8) }
        let compiled = parts.map(CompiledPart.init)
        return SecretDetector(id, name, keywords: keywords ?? prefixes, severity: severity) { bytes, hit in
            for prefix in literals where Bytes.hasLiteral(prefix, at: hit, in: bytes) {
                guard !boundary || Bytes.startsToken(at: hit, in: bytes),
                      let end = TokenLayout.match(compiled, from: hit + prefix.count, in: bytes),
                      Bytes.endsToken(at: end, in: bytes)
                else { continue }
                if let validate, !validate(bytes[hit..<end]) { continue }
                return SecretMatch(start: hit, end: end)
            }
            return nil
        }
    }

    /// Shorthand for a prefix followed by one run of `set`.
    static func token(
        _ id: String, _ name: String, prefixes: [String], _ set: ByteSet, _ length: ClosedRange<Int>,
        severity: Severity? = nil, validate: (@Sendable (ArraySlice<UInt8>) -> Bool)? = nil
    ) -> SecretDetector {
        token(id, name, prefixes: prefixes, [.run(set, length)], severity: severity, validate: validate)
    }
}

/// A `TokenPart` with its literal as bytes.
struct CompiledPart: Sendable {
    let literal: [UInt8]?
    let set: ByteSet
    let length: ClosedRange<Int>

    init(_ part: TokenPart) {
        switch part {
        case .literal(let text):
            literal = Array(text.utf8)
            set = ByteSet("")
            length = 0...0
        case .run(let set, let length):
            literal = nil
            self.set = set
            self.length = length
        }
    }
}

/// Matches a sequence of parts with bounded backtracking on the run lengths.
enum TokenLayout {
    /// The end offset of the longest match of `parts` starting at `offset`, or nil.
    static func match(_ parts: [CompiledPart], from offset: Int, in bytes: [UInt8]) -> Int? {
        match(parts[...], from: offset, in: bytes)
    }

    private static func match(_ parts: ArraySlice<CompiledPart>, from offset: Int, in bytes: [UInt8]) -> Int? {
        guard let part = parts.first else { return offset }
        let rest = parts.dropFirst()
        if let literal = part.literal {
            return Bytes.hasLiteral(literal, at: offset, in: bytes) ? match(rest, from: offset + literal.count, in: bytes) : nil
        }
        let available = Bytes.run(of: part.set, from: offset, in: bytes, limit: part.length.upperBound + 1)
        if rest.isEmpty {
            // The last run must end the token: a longer run is another format.
            return part.length.contains(available) ? offset + available : nil
        }
        var length = min(available, part.length.upperBound)
        while length >= part.length.lowerBound {
            if let end = match(rest, from: offset + length, in: bytes) { return end }
            length -= 1
        }
        return nil
    }
}
