/// Loads YAML streams into located `SourceValue`s.
///
/// - Scalars resolve with the YAML 1.2 core schema (see `YAMLScalarResolver`): `yes`/`on`/dates stay
///   strings; `.inf`/`.nan` become numbers with text `Infinity`/`-Infinity`/`NaN`.
/// - Mapping keys are the scalar text as written; a sequence or mapping used as a key is reported
///   and its entry skipped.
/// - Merge keys (`<<`, YAML 1.1) are supported when `Options.mergeKeys` is on (the default):
///   explicit keys win over merged ones, earlier merged mappings over later ones.
/// - Duplicate keys are reported with both locations; the last value wins.
/// - Every value and key carries its file position, also when `byteRange` selects part of a file.
public enum YAMLLoader {
    /// Bounds and dialect switches.
    public struct Options: Sendable {
        /// Maximum number of values in a stream, counting every alias expansion (billion-laughs bound).
        public var maxNodes: Int
        /// Maximum collection nesting, counting nesting reached through aliases. libyaml has its own
        /// bound of 1000 levels, so values above 1000 act as 1000.
        public var maxDepth: Int
        /// Whether `<<` merges mappings (YAML 1.1 merge keys) instead of being an ordinary key.
        public var mergeKeys: Bool

        /// Options with the default bounds: one million values, 512 levels, merge keys on.
        public init(maxNodes: Int = 1_000_000, maxDepth: Int = 512, mergeKeys: Bool = true) {
            self.maxNodes = maxNodes
            self.maxDepth = maxDepth
            self.mergeKeys = mergeKeys
        }
    }

    /// Load every document of the YAML stream in `byteRange` of `file` (the whole file by default).
    ///
    /// On a syntax error, an undefined alias or an exceeded bound, `documents` is empty and `issues`
    /// holds the reason. Never throws and never traps on malformed input.
    public static func load(_ file: SourceFile, byteRange: Range<Int>? = nil, options: Options = .init()) -> YAMLLoadResult {
        let count = file.bytes.count
        let requested = byteRange ?? 0..<count
        let range = min(max(requested.lowerBound, 0), count)..<min(max(requested.upperBound, 0), count)
        if !file.isValidUTF8, byteRange == nil || String(validating: file.bytes[range], as: UTF8.self) == nil {
            let at = SourceRange(at: file.position(ofOffset: range.lowerBound))
            return YAMLLoadResult(documents: [], issues: [
                ParseIssue(kind: .invalidYAML, message: "file is not valid UTF-8", range: at),
            ])
        }
        if range.isEmpty { return YAMLLoadResult(documents: [], issues: []) }

        var composer = YAMLComposer(options: options, file: file, base: file.spaceBase)
        // Plain block YAML (most front matter and catalog files) is read without libyaml, to the same events.
        let shortStrings = ShortStrings.current
        let plain = file.bytes.withUnsafeBufferPointer { YAMLPlainBlocks.read($0, range: range, shortStrings: shortStrings, into: &composer) }
        let syntaxError = plain ? nil : YAMLEventReader.read(file, range: range) { composer.handle($0) }
        if let fatal = composer.fatal {
            return YAMLLoadResult(documents: [], issues: composer.issues + [fatal])
        }
        if let syntaxError {
            return YAMLLoadResult(documents: [], issues: composer.issues + [issue(for: syntaxError)])
        }
        return YAMLLoadResult(documents: composer.documents, issues: composer.issues)
    }

    private static func issue(for error: YAMLSyntaxError) -> ParseIssue {
        var message = error.problem
        if let context = error.context { message += " " + context }
        // libyaml's own nesting guard ("exceeded max depth of 1000").
        let kind: ParseIssue.Kind = error.problem.hasPrefix("exceeded max depth") ? .nestingLimit : .invalidYAML
        var issue = ParseIssue(kind: kind, message: message, range: SourceRange(at: error.position))
        if let context = error.context, let contextPosition = error.contextPosition, contextPosition != error.position {
            var subject = context
            for prefix in ["while parsing ", "while scanning "] where subject.hasPrefix(prefix) {
                subject = String(subject.dropFirst(prefix.count))
            }
            issue.related = SourceRange(at: contextPosition)
            issue.relatedLabel = "\(subject) starts here"
        }
        return issue
    }
}

/// The documents of a YAML stream and the problems found while loading it.
public struct YAMLLoadResult: Sendable {
    /// One value per document, in stream order (empty when loading failed).
    public var documents: [SourceValue]
    /// Syntax errors, duplicate keys, bound violations, unusable tags and keys.
    public var issues: [ParseIssue]

    /// A result with the given documents and issues.
    public init(documents: [SourceValue], issues: [ParseIssue]) {
        self.documents = documents
        self.issues = issues
    }
}
