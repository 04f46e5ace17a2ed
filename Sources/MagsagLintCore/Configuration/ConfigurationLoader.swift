public import MagsagSource

/// A problem in `.magsag-lint.yaml`, at its line.
public struct ConfigurationIssue: Sendable, Hashable {
    public var message: String
    public var range: SourceRange
    public var severity: Severity
    public var help: String?

    public init(message: String, range: SourceRange, severity: Severity = .error, help: String? = nil) {
        self.message = message
        self.range = range
        self.severity = severity
        self.help = help
    }
}

/// Reads `.magsag-lint.yaml` as strictly as any user file: unknown keys, unknown rule ids and bad
/// values are issues at their position; everything valid is applied.
public struct ConfigurationLoader: Sendable {
    /// The file name looked up at the repository root.
    public static let fileName = ".magsag-lint.yaml"

    /// Every rule the configuration may name.
    public let rules: [RuleDescription]

    public init(rules: [RuleDescription]) {
        self.rules = rules
    }

    /// Parse and validate configuration text.
    public func load(_ file: SourceFile) -> (Configuration, [ConfigurationIssue]) {
        var configuration = Configuration()
        configuration.path = file.path
        let result = YAMLLoader.load(file)
        var issues = result.issues.filter { $0.kind != .duplicateKey }.map {
            ConfigurationIssue(message: $0.message, range: $0.range)
        }
        guard let root = result.documents.first else { return (configuration, issues) }
        var reader = Reader(loader: self, issues: [])
        reader.apply(root, to: &configuration)
        issues += reader.issues
        return (configuration, issues)
    }

    /// All rule ids and deprecated ids, with the current id each one selects.
    func resolve(_ name: String) -> (ids: [String], deprecated: String?)? {
        if let rule = rules.first(where: { $0.id == name }) { return ([rule.id], nil) }
        if let rule = rules.first(where: { $0.deprecatedIDs.contains(name) }) { return ([rule.id], rule.id) }
        if let category = RuleCategory(rawValue: name) {
            return (rules.filter { $0.category == category }.map(\.id), nil)
        }
        return nil
    }

    /// The closest known rule id or category, for "did you mean".
    func suggestion(for name: String) -> String? {
        let candidates = rules.map(\.id) + RuleCategory.allCases.map(\.rawValue)
        let scored = candidates.map { ($0, EditDistance.between(name, $0)) }.filter { $0.1 <= max(2, name.count / 3) }
        return scored.min { $0.1 < $1.1 || ($0.1 == $1.1 && $0.0 < $1.0) }?.0
    }
}

/// Levenshtein distance, for suggestions.
public enum EditDistance {
    public static func between(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = Array(repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }

    /// The candidate closest to `word` (ties: the first in order), nil when nothing is close enough.
    public static func closest(to word: String, in candidates: [String]) -> String? {
        var best: (String, Int)?
        for candidate in candidates {
            let distance = between(word, candidate)
            if let current = best, distance >= current.1 { continue }
            best = (candidate, distance)
        }
        guard let (candidate, distance) = best, distance <= max(2, word.count / 2) else { return nil }
        return candidate
    }
}
