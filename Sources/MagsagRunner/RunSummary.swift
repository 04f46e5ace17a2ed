import MagsagLintCore

/// The run summary: a stable JSON document (fixed key order, sorted agents and steps) per agent and per
/// step, in the shape of MAGSAG's flow summary so the governance gate reads either.
public struct RunSummary: Sendable {
    /// Per agent (or skill) counts.
    public struct Agent: Sendable {
        public var agent: String
        public var cases = 0
        public var successes = 0
        public var latencyMS = 0.0
        public var calls = 0
        public var mcpCalls = 0
        public var mcpErrors = 0
        public var tokens = 0
    }

    /// Per step (callee, or the call's `step`) counts.
    public struct Step: Sendable {
        public var name: String
        public var runs = 0
        public var successes = 0
        public var latencyMS = 0.0
        public var mcpCalls = 0
        public var mcpErrors = 0
        public var models: Set<String> = []
    }

    public var agents: [Agent] = []
    public var steps: [Step] = []
    public var errorsByType: [String: Int] = [:]
    public var engine = "replay"

    /// Summarise `report`.
    public init(_ report: RunReport) {
        var agents: [String: Agent] = [:]
        var steps: [String: Step] = [:]
        for result in report.cases {
            var agent = agents[result.owner] ?? Agent(agent: result.owner)
            agent.cases += 1
            agent.successes += result.passed ? 1 : 0
            agent.latencyMS += result.latencyMS
            agent.calls += result.calls
            agent.mcpCalls += result.mcpCalls
            agent.mcpErrors += result.mcpErrors
            agent.tokens += result.tokens
            agents[result.owner] = agent
            for call in result.steps {
                var step = steps[call.name] ?? Step(name: call.name)
                step.runs += 1
                step.successes += call.failed ? 0 : 1
                step.latencyMS += call.latencyMS
                step.mcpCalls += call.mcpCalls
                step.mcpErrors += call.mcpErrors
                if let model = call.model { step.models.insert(model) }
                steps[call.name] = step
            }
        }
        for finding in report.findings where finding.severity == .error { errorsByType[finding.check.rawValue, default: 0] += 1 }
        self.agents = agents.keys.sorted().compactMap { agents[$0] }
        self.steps = steps.keys.sorted().compactMap { steps[$0] }
    }

    public var runs: Int { agents.reduce(0) { $0 + $1.cases } }
    public var successes: Int { agents.reduce(0) { $0 + $1.successes } }
    public var models: [String] { Set(steps.flatMap(\.models)).sorted() }

    /// The summary as JSON text (2-space indent, trailing newline).
    public func json() -> String {
        let runs = self.runs
        let latency = agents.reduce(0) { $0 + $1.latencyMS }
        let mcpCalls = agents.reduce(0) { $0 + $1.mcpCalls }
        let mcpErrors = agents.reduce(0) { $0 + $1.mcpErrors }
        let root: SummaryJSON = .object([
            ("format", .int(FixtureFormat.version)),
            ("engine", .string(engine)),
            ("runs", .int(runs)),
            ("successes", .int(successes)),
            ("failures", .int(runs - successes)),
            ("success_rate", .number(Self.rate(successes, runs))),
            ("avg_latency_ms", .number(runs == 0 ? 0 : latency / Double(runs))),
            ("errors", .object([("total", .int(runs - successes)),
                                ("by_type", .object(errorsByType.keys.sorted().map { ($0, .int(errorsByType[$0] ?? 0)) }))])),
            ("mcp", .object([("calls", .int(mcpCalls)), ("errors", .int(mcpErrors))])),
            ("agents", .array(agents.map { agent in .object([
                ("agent", .string(agent.agent)), ("cases", .int(agent.cases)), ("successes", .int(agent.successes)),
                ("failures", .int(agent.cases - agent.successes)), ("success_rate", .number(Self.rate(agent.successes, agent.cases))),
                ("latency_ms", .number(agent.latencyMS)),
                ("avg_latency_ms", .number(agent.cases == 0 ? 0 : agent.latencyMS / Double(agent.cases))),
                ("calls", .int(agent.calls)), ("mcp_calls", .int(agent.mcpCalls)),
                ("mcp_errors", .int(agent.mcpErrors)), ("tokens", .int(agent.tokens)),
            ]) })),
            ("steps", .array(steps.map { step in .object([
                ("name", .string(step.name)), ("runs", .int(step.runs)), ("successes", .int(step.successes)),
                ("errors", .int(step.runs - step.successes)), ("success_rate", .number(Self.rate(step.successes, step.runs))),
                ("avg_latency_ms", .number(step.runs == 0 ? 0 : step.latencyMS / Double(step.runs))),
                ("mcp", .object([("calls", .int(step.mcpCalls)), ("errors", .int(step.mcpErrors))])),
                ("models", .array(step.models.sorted().map { .string($0) })),
            ]) })),
            ("models", .array(models.map { .string($0) })),
        ])
        return root.rendered(level: 0) + "\n"
    }

    static func rate(_ part: Int, _ whole: Int) -> Double { whole == 0 ? 1 : Double(part) / Double(whole) }
}

/// A JSON value with ordered members and decimal numbers (rounded to 4 places) for the summary.
indirect enum SummaryJSON {
    case int(Int), number(Double), string(String), array([SummaryJSON]), object([(String, SummaryJSON)])

    func rendered(level: Int) -> String {
        let pad = String(repeating: "  ", count: level + 1)
        let close = String(repeating: "  ", count: level)
        switch self {
        case .int(let value): return String(value)
        case .number(let value):
            let rounded = (value * 10_000).rounded() / 10_000
            return rounded == rounded.rounded() && abs(rounded) < 1e15 ? String(Int64(rounded)) : String(rounded)
        case .string(let value): return JSONValue.string(value).rendered(indent: 0)
        case .array(let items):
            return items.isEmpty ? "[]" : "[\n" + items.map { pad + $0.rendered(level: level + 1) }.joined(separator: ",\n") + "\n\(close)]"
        case .object(let members):
            return members.isEmpty ? "{}" : "{\n" + members.map {
                pad + JSONValue.string($0.0).rendered(indent: 0) + ": " + $0.1.rendered(level: level + 1)
            }.joined(separator: ",\n") + "\n\(close)}"
        }
    }
}
