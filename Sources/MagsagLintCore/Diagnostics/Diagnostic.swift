public import MagsagSource

/// A labelled place in a file.
public struct Location: Sendable, Hashable {
    /// Repository-relative path with `/` separators.
    public var path: String
    /// The span; an empty range marks a point.
    public var range: SourceRange
    /// The JSON pointer of the value, for JSON/YAML documents.
    public var pointer: JSONPointer?
    /// A short label shown under the carets ("declared here").
    public var label: String?

    public init(path: String, range: SourceRange, pointer: JSONPointer? = nil, label: String? = nil) {
        self.path = path
        self.range = range
        self.pointer = pointer
        self.label = label
    }

    /// A location covering a whole file (line 1, column 1).
    public static func file(_ path: String, label: String? = nil) -> Location {
        Location(path: path, range: .fileStart, label: label)
    }
}

/// A text edit that repairs a finding.
public struct Fix: Sendable, Hashable {
    /// Whether applying the fix can change meaning.
    public enum Applicability: String, Sendable, Hashable { case safe, unsafe }

    /// One replacement of the byte range `[start, end)` of `path`.
    public struct Edit: Sendable, Hashable {
        public var path: String
        public var startOffset: Int
        public var endOffset: Int
        public var replacement: String

        public init(path: String, startOffset: Int, endOffset: Int, replacement: String) {
            self.path = path
            self.startOffset = startOffset
            self.endOffset = endOffset
            self.replacement = replacement
        }
    }

    public var message: String
    public var applicability: Applicability
    public var edits: [Edit]

    public init(message: String, applicability: Applicability, edits: [Edit]) {
        self.message = message
        self.applicability = applicability
        self.edits = edits
    }
}

/// Why a finding is not active: silenced by an inline comment or recorded in a baseline.
/// Suppressed findings do not fail a run; SARIF still lists them, marked.
public struct SuppressionInfo: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable { case inline, baseline }
    public var kind: Kind
    public var justification: String?

    public init(kind: Kind, justification: String? = nil) {
        self.kind = kind
        self.justification = justification
    }
}

/// One finding: the single shape every rule produces and every reporter renders.
public struct Diagnostic: Sendable, Hashable {
    /// The kebab-case id of the rule that produced it.
    public var ruleID: String
    public var severity: Severity
    /// Lowercase, no final period; states the problem, not the fix.
    public var message: String
    /// Where the problem is.
    public var primary: Location
    /// Other places that explain it ("first defined here").
    public var related: [Location]
    /// Extra facts, each one line.
    public var notes: [String]
    /// What to do about it, one line.
    public var help: String?
    /// An automatic repair, applied only when the user asks for fixes.
    public var fix: Fix?
    /// Stable identity across line moves (e.g. rule + path + hash of a secret); when nil, reporters
    /// derive one from rule, path and message.
    public var fingerprint: String?
    /// Set when the finding is suppressed (inline or by the baseline).
    public var suppression: SuppressionInfo?
    /// Spans of the primary file that must never be printed (secrets): reporters that show source
    /// snippets replace every character in them with `*`.
    public var redactions: [SourceRange]

    public init(
        ruleID: String, severity: Severity, message: String, primary: Location,
        related: [Location] = [], notes: [String] = [], help: String? = nil, fix: Fix? = nil,
        fingerprint: String? = nil, redactions: [SourceRange] = []
    ) {
        self.ruleID = ruleID
        self.severity = severity
        self.message = message
        self.primary = primary
        self.related = related
        self.notes = notes
        self.help = help
        self.fix = fix
        self.fingerprint = fingerprint
        self.redactions = redactions
    }

    /// Deterministic order: path, line, column, rule id, message.
    public static func ordered(_ lhs: Diagnostic, _ rhs: Diagnostic) -> Bool {
        if lhs.primary.path != rhs.primary.path { return lhs.primary.path < rhs.primary.path }
        if lhs.primary.range.start.line != rhs.primary.range.start.line {
            return lhs.primary.range.start.line < rhs.primary.range.start.line
        }
        if lhs.primary.range.start.column != rhs.primary.range.start.column {
            return lhs.primary.range.start.column < rhs.primary.range.start.column
        }
        if lhs.ruleID != rhs.ruleID { return lhs.ruleID < rhs.ruleID }
        return lhs.message < rhs.message
    }
}
