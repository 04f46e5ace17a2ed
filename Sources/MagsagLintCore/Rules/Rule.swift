public import MagsagSource

/// A lint rule: stateless, `Sendable`, described by one `RuleDescription`.
public protocol Rule: Sendable {
    /// Everything about the rule apart from its logic.
    static var description: RuleDescription { get }
    init()

    /// An instance of the rule, by the kind the engine runs it as. Given by the kind's protocol (a
    /// witness chosen when the rule is compiled), so the engine sorts its rules without a dynamic cast:
    /// each cast of a rule type to a protocol it was not yet cast to scans every conformance record of
    /// the binary, about 25 ms at start for 112 rules and three kinds.
    static func instance() -> RuleInstance
}

/// A rule instance, by the kind of rule it is.
public enum RuleInstance: Sendable {
    case file(any FileRule)
    case repository(any RepositoryRule)
    case suppressionAudit(any SuppressionAuditRule)
    /// A rule of no kind the engine runs.
    case other

    public var fileRule: (any FileRule)? { if case .file(let rule) = self { rule } else { nil } }
    public var repositoryRule: (any RepositoryRule)? { if case .repository(let rule) = self { rule } else { nil } }
    public var suppressionAuditRule: (any SuppressionAuditRule)? { if case .suppressionAudit(let rule) = self { rule } else { nil } }
}

extension Rule {
    public static func instance() -> RuleInstance { .other }
}

extension FileRule {
    public static func instance() -> RuleInstance { .file(Self()) }
}

extension RepositoryRule {
    public static func instance() -> RuleInstance { .repository(Self()) }
}

/// A rule that looks at one document at a time.
public protocol FileRule: Rule {
    /// Report problems of `document` into `sink`.
    func check(_ document: LintDocument, into sink: inout DiagnosticSink)

    /// Whether the rule reads the parsed content (`issues`, `values`, `markdown`); false for rules that
    /// scan only `document.file`'s bytes. When every rule of a run is such a rule, files are not parsed.
    static var readsParsedContent: Bool { get }
}

extension FileRule {
    public static var readsParsedContent: Bool { true }
}

/// A rule that needs the whole snapshot (cross-file references, uniqueness, registries).
public protocol RepositoryRule: Rule {
    /// Report problems found across `repository` into `sink`. Only diagnostics whose primary location
    /// is a linted file are kept by the engine (see `reportsConsequences`).
    func check(_ repository: RepositoryIndex, into sink: inout DiagnosticSink)

    /// Whether, in runs with a base revision, the rule's diagnostics on files the change did not touch
    /// are kept too: a change can break an unchanged file (a reference to a contract that broke), and the
    /// place to say so is that file. False by default.
    static var reportsConsequences: Bool { get }

    /// Whether the rule reads the snapshot's documents. When the cross-file index outgrows
    /// `limits.index-memory` only rules that do not (they read sizes and bounds) still run. True by default.
    static var readsDocuments: Bool { get }

    /// When the rule starts among a run's repository rules (ascending; ties in rule order). Rules share
    /// models that the first rule to ask builds while the others wait for it, holding their threads: a
    /// rule that only reads such a model says 1 and starts after the rules that need nothing from it,
    /// which keep the cores busy meanwhile; the rule that should build a long model early says -1.
    /// 0 by default. Results do not depend on it.
    static var startOrder: Int { get }
}

extension RepositoryRule {
    /// Rules start in rule order unless they say otherwise.
    public static var startOrder: Int { 0 }
    /// Diagnostics on unchanged files are dropped unless a rule says otherwise.
    public static var reportsConsequences: Bool { false }
    /// Rules read documents unless they say otherwise.
    public static var readsDocuments: Bool { true }
}

extension Rule {
    /// The rule's id.
    public static var id: String { description.id }
}

/// Collects one rule's diagnostics with the rule's id and default severity filled in.
public struct DiagnosticSink: Sendable {
    /// Who reports and under which settings. One context serves every sink of a rule in a run, so the
    /// fresh sink each file gets costs one reference, not a copy of the rule's id and the settings.
    public final class Context: Sendable {
        public let ruleID: String
        public let severity: Severity
        public let settings: LintSettings

        public init(ruleID: String, severity: Severity, settings: LintSettings = .default) {
            self.ruleID = ruleID
            self.severity = severity
            self.settings = settings
        }
    }

    /// What the file rules of one document share within a run, made once by the first rule that asks
    /// (the secret rules' byte scan). Used by one thread at a time: the file rules of a document run
    /// one after the other.
    public final class FileScratch: @unchecked Sendable {
        private var values: [ObjectIdentifier: Any] = [:]

        public init() {}

        /// The value stored under `key`, made by `make` the first time.
        public func value<T>(_ key: ObjectIdentifier, _ make: () -> T) -> T {
            if let known = values[key] as? T { return known }
            let made = make()
            values[key] = made
            return made
        }
    }

    private let context: Context
    private let scratch: FileScratch?
    public var ruleID: String { context.ruleID }
    public var severity: Severity { context.severity }
    /// Configuration facts rules may use (today's date, roots, thresholds). Lent, not copied: rules
    /// read it per file, and a copy retains each of its strings and arrays.
    public var settings: LintSettings { _read { yield context.settings } }
    public private(set) var diagnostics: [Diagnostic] = []

    public init(ruleID: String, severity: Severity, settings: LintSettings = .default) {
        context = Context(ruleID: ruleID, severity: severity, settings: settings)
        scratch = nil
    }

    /// A sink reporting for `context` (shared with the rule's other sinks); `scratch` is shared by the
    /// file rules of one document.
    public init(context: Context, scratch: FileScratch? = nil) {
        self.context = context
        self.scratch = scratch
    }

    /// A value derived from the current document that other file rules may need too: made once per
    /// document when the sink has a scratch (a lint run), else made on each call. `key` names it.
    public func shared<Key, T>(_ key: Key.Type, _ make: () -> T) -> T {
        guard let scratch else { return make() }
        return scratch.value(ObjectIdentifier(key), make)
    }

    /// This rule's options from the configuration (`options: {<id>: {...}}`).
    public var options: SourceObject? { settings.options[ruleID]?.objectValue }

    /// Report a finding at `range` of `path`.
    public mutating func report(
        _ message: String, path: String, range: SourceRange, pointer: JSONPointer? = nil, label: String? = nil,
        related: [Location] = [], notes: [String] = [], help: String? = nil, fix: Fix? = nil,
        severity: Severity? = nil, fingerprint: String? = nil
    ) {
        diagnostics.append(Diagnostic(
            ruleID: ruleID, severity: severity ?? self.severity, message: message,
            primary: Location(path: path, range: range, pointer: pointer, label: label),
            related: related, notes: notes, help: help, fix: fix, fingerprint: fingerprint))
    }

    /// Report a prepared diagnostic (its rule id is replaced by this sink's).
    public mutating func report(_ diagnostic: Diagnostic) {
        var copy = diagnostic
        copy.ruleID = ruleID
        diagnostics.append(copy)
    }
}
