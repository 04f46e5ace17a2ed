import MagsagLintCore
import MagsagSource

/// What a runner finding is about; the raw value is the lint rule id reporting it.
public enum RunnerCheck: String, Sendable, CaseIterable, Comparable {
    case invalidFixture = "invalid-fixture"
    case inputInvalid = "fixture-input-invalid"
    case outputInvalid = "fixture-output-invalid"
    case contractEdge = "contract-edge-violation"
    case undeclaredDelegation = "undeclared-delegation"
    case unknownCallee = "unknown-callee"
    case calleeVersion = "fixture-callee-version"
    case deprecatedCallee = "deprecated-callee"
    case budget = "budget-exceeded"
    case retries = "retry-limit-exceeded"
    case drift = "fixture-drift"
    case skillPermission = "skill-permission-denied"
    /// Exec engine: the implementation broke the protocol (bad JSON, unknown message, early exit, timeout,
    /// oversized output, output after its result) or could not be started.
    case execProtocol = "exec-protocol-violation"
    /// Exec engine: a call that neither an implementation nor a recorded call can answer.
    case execUnexpectedCall = "exec-unexpected-call"
    /// Exec engine: the implementation's result differs from the fixture's `expect`.
    case execResult = "exec-result-mismatch"

    /// The severity a finding has when the check does not say otherwise.
    public var defaultSeverity: Severity {
        self == .deprecatedCallee ? .warning : .error
    }

    public static func < (lhs: RunnerCheck, rhs: RunnerCheck) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// One problem found while running fixtures, located in a fixture (or a skill example) file.
public struct RunnerFinding: Sendable, Hashable {
    public var check: RunnerCheck
    public var severity: Severity
    public var message: String
    /// File, range and JSON pointer of the offending value.
    public var location: Location
    public var related: [Location]
    public var notes: [String]
    public var help: String?

    public init(_ check: RunnerCheck, _ message: String, at location: Location, related: [Location] = [],
                notes: [String] = [], help: String? = nil, severity: Severity? = nil) {
        self.check = check
        self.severity = severity ?? check.defaultSeverity
        self.message = message
        self.location = location
        self.related = related
        self.notes = notes
        self.help = help
    }

    /// Deterministic order: path, position, check, message.
    public static func ordered(_ a: RunnerFinding, _ b: RunnerFinding) -> Bool {
        if a.location.path != b.location.path { return a.location.path < b.location.path }
        if a.location.range.start.offset != b.location.range.start.offset {
            return a.location.range.start.offset < b.location.range.start.offset
        }
        if a.check != b.check { return a.check < b.check }
        if a.message != b.message { return a.message < b.message }
        let left = a.related.map { "\($0.path):\($0.range.start.offset)" }, right = b.related.map { "\($0.path):\($0.range.start.offset)" }
        return left.lexicographicallyPrecedes(right)
    }

    /// The finding as a lint diagnostic.
    public var diagnostic: Diagnostic {
        Diagnostic(ruleID: check.rawValue, severity: severity, message: message, primary: location, related: related,
                   notes: notes, help: help)
    }
}

/// The outcome of one case.
public struct CaseResult: Sendable {
    /// One call, for the per-step summary.
    public struct Step: Sendable {
        public var name: String
        public var latencyMS: Double
        public var failed: Bool
        public var mcpCalls: Int
        /// MCP calls that failed: `usage.mcp_errors`, else 1 for a failed call to a skill holding `mcp:*` permissions.
        public var mcpErrors: Int = 0
        public var model: String?

        public init(name: String, latencyMS: Double, failed: Bool, mcpCalls: Int, mcpErrors: Int = 0, model: String? = nil) {
            self.name = name
            self.latencyMS = latencyMS
            self.failed = failed
            self.mcpCalls = mcpCalls
            self.mcpErrors = mcpErrors
            self.model = model
        }
    }

    /// `main.<slug>`, `sub.<slug>` or `skill.<id>`.
    public var owner: String
    public var path: String
    public var name: String
    public var steps: [Step] = []
    public var tokens = 0
    /// Whether no error-level finding sits in the fixture.
    public var passed = true

    public var calls: Int { steps.count }
    public var latencyMS: Double { steps.reduce(0) { $0 + $1.latencyMS } }
    public var mcpCalls: Int { steps.reduce(0) { $0 + $1.mcpCalls } }
    public var mcpErrors: Int { steps.reduce(0) { $0 + $1.mcpErrors } }
    /// The engine that produced the steps: `replay`, or `exec` when an implementation ran the case.
    public var engine = "replay"
}

/// Everything one run produced.
public struct RunReport: Sendable {
    /// Cases in path order.
    public var cases: [CaseResult]
    /// Findings in `RunnerFinding.ordered` order.
    public var findings: [RunnerFinding]
}
