/// The families rules belong to; used for selection (`enable: [docs]`) and for documentation.
public enum RuleCategory: String, Sendable, Hashable, CaseIterable, Codable {
    case parsing
    case catalog
    case contracts
    case registries
    case policies
    case mcp
    case docs
    case execplans
    case links
    case security
    case suppressions
}

/// One example of a rule's behaviour; may span several files.
///
/// In triggering examples, each expected diagnostic is marked with `↓` immediately before the
/// character where it must be reported; the marker is removed before linting. Non-triggering examples
/// have no markers and must produce no diagnostic of the rule.
public struct Example: Sendable, Hashable {
    /// Repository-relative path → file content (with markers).
    public var files: [String: String]
    /// Paths (a subset of `files`) that are in the lint set; the others are only context for
    /// cross-file rules. Empty means every file is linted.
    public var linted: [String]
    /// Why this example is interesting, for documentation.
    public var note: String?
    /// For rules that compare with a base revision: the base content of the files that differ (paths
    /// in `files` but not here are unchanged). nil means the run has no base (work-tree mode). With a
    /// base and an empty `linted`, the changed files are linted.
    public var base: [String: String]?
    /// For a triggering example of a rule with fixes: the files after `check --fix` (safe fixes only,
    /// applied until nothing changes); paths not listed stay as they are. nil: the example is not
    /// about fixes.
    public var fixed: [String: String]?
    /// The files after `check --fix --unsafe-fixes` (paths not listed are as in `fixed`); nil means the
    /// same as `fixed`.
    public var unsafeFixed: [String: String]?

    public init(files: [String: String], linted: [String] = [], base: [String: String]? = nil, note: String? = nil,
                fixed: [String: String]? = nil, unsafeFixed: [String: String]? = nil) {
        self.files = files
        self.linted = linted
        self.base = base
        self.note = note
        self.fixed = fixed
        self.unsafeFixed = unsafeFixed
    }

    /// A one-file example.
    public init(_ path: String, _ content: String, note: String? = nil) {
        self.init(files: [path: content], note: note)
    }

    /// A one-file example with its fix: `fixed` is the file after `check --fix`, `unsafeFixed` after
    /// `check --fix --unsafe-fixes` (nil: the same as `fixed`; a fix that is only unsafe gives `fixed`
    /// equal to the content without markers).
    public init(_ path: String, _ content: String, fixed: String, unsafeFixed: String? = nil, note: String? = nil) {
        self.init(files: [path: content], note: note, fixed: [path: fixed], unsafeFixed: unsafeFixed.map { [path: $0] })
    }

    /// Whether the example shows a fix.
    public var showsFix: Bool { fixed != nil || unsafeFixed != nil }

    /// Every file without markers, after the safe fixes and after all fixes, as the example states them.
    public var expectedFixResults: (original: [String: String], safe: [String: String], unsafe: [String: String]) {
        let original = files.mapValues { $0.replacing(String(Example.marker), with: "") }
        let safe = original.merging(fixed ?? [:]) { $1 }
        return (original, safe, safe.merging(unsafeFixed ?? [:]) { $1 })
    }

    /// The marker that places an expected diagnostic.
    public static let marker: Character = "↓"
}

/// Everything there is to know about a rule apart from its logic: feeds `explain`, `rules`,
/// the generated docs, SARIF `reportingDescriptor`s and the example tests.
public struct RuleDescription: Sendable, Hashable {
    /// Kebab-case name of the problem (`duplicate-key`).
    public var id: String
    /// Human title ("Duplicate key").
    public var name: String
    public var category: RuleCategory
    public var defaultSeverity: Severity
    /// One sentence, no final period.
    public var summary: String
    /// Why the problem matters.
    public var rationale: String
    /// How to fix it.
    public var fix: String
    public var triggeringExamples: [Example]
    public var nonTriggeringExamples: [Example]
    /// Former ids that still select this rule (with a warning).
    public var deprecatedIDs: [String]
    /// An opt-in rule runs only when the configuration names it in `enable`.
    public var isOptIn: Bool

    /// Which fixes the rule offers, read from its examples: "safe", "unsafe", "safe, unsafe", or nil
    /// when it has none.
    public var fixKinds: String? {
        var safe = false
        var unsafe = false
        for example in triggeringExamples where example.showsFix {
            let results = example.expectedFixResults
            if results.safe != results.original { safe = true }
            if results.unsafe != results.safe { unsafe = true }
        }
        switch (safe, unsafe) {
        case (true, true): return "safe, unsafe"
        case (true, false): return "safe"
        case (false, true): return "unsafe"
        case (false, false): return nil
        }
    }

    public init(
        id: String, name: String, category: RuleCategory, defaultSeverity: Severity, summary: String,
        rationale: String, fix: String, triggeringExamples: [Example], nonTriggeringExamples: [Example],
        deprecatedIDs: [String] = [], isOptIn: Bool = false
    ) {
        self.id = id
        self.name = name
        self.category = category
        self.defaultSeverity = defaultSeverity
        self.summary = summary
        self.rationale = rationale
        self.fix = fix
        self.triggeringExamples = triggeringExamples
        self.nonTriggeringExamples = nonTriggeringExamples
        self.deprecatedIDs = deprecatedIDs
        self.isOptIn = isOptIn
    }
}
