import MagsagLintCore
import MagsagSource

/// Every contract change between a base revision and a snapshot, with who it affects and how:
/// what `magsag-lint diff-contracts A..B` prints.
public struct ContractDiffReport: Sendable {
    /// One consumer's view of a change.
    public struct Consumer: Sendable, Hashable {
        /// `main.a-mag`, `sub.b-sag`, `skill.lookup`.
        public var name: String
        /// `input` or `output`.
        public var role: String
        /// `annotation`, `compatible`, `possibly-breaking` or `breaking`.
        public var classification: String
        /// For a breaking change: the agents (and registry tasks) that call this consumer and break.
        public var callers: [String] = []
    }

    /// One change.
    public struct Change: Sendable, Hashable {
        public var path: String
        public var line: Int
        public var column: Int
        public var pointer: String
        /// What changed, in words.
        public var summary: String
        /// `narrowing`, `widening`, `both`, `addition`, `unknown` or `annotation`.
        public var effect: String
        public var consumers: [Consumer]
        /// The worst classification over the consumers.
        public var worst: String
    }

    public var changes: [Change]

    /// The report of a run whose file source carries a base revision (`--since`, `--range`, `--staged`).
    public static func of(_ repository: RepositoryIndex) -> ContractDiffReport {
        let evolution = ContractEvolution.of(repository)
        let broken = BrokenCallers.of(repository)
        let changes = evolution.findings.map { finding in
            Change(
                path: finding.change.location.path, line: finding.change.location.range.start.line,
                column: finding.change.location.range.start.column, pointer: finding.change.location.pointer.description,
                summary: finding.change.summary, effect: finding.change.effect.rawValue,
                consumers: finding.consumers.map {
                    let classification = finding.change.classification(for: $0.direction)
                    return Consumer(name: $0.name, role: $0.role, classification: Self.word(classification),
                                    callers: classification == .breaking ? broken.callers[$0.name] ?? [] : [])
                }.sorted { ($0.name, $0.role) < ($1.name, $1.role) },
                worst: Self.word(finding.worst))
        }
        return ContractDiffReport(changes: changes.sorted { ($0.path, $0.line, $0.column, $0.summary) < ($1.path, $1.line, $1.column, $1.summary) })
    }

    static func word(_ classification: ChangeClassification) -> String {
        switch classification {
        case .annotation: "annotation"
        case .compatible: "compatible"
        case .possiblyBreaking: "possibly-breaking"
        case .breaking: "breaking"
        }
    }

    /// Whether any change breaks a consumer.
    public var hasBreakingChange: Bool { changes.contains { $0.worst == "breaking" } }

    /// Plain text, one block per change.
    public func text() -> String {
        guard !changes.isEmpty else { return "no contract changes\n" }
        var out = ""
        for change in changes {
            out += "\(change.worst): \(change.path):\(change.line):\(change.column) \(change.summary) (\(change.effect) at \(change.pointer.isEmpty ? "/" : change.pointer))\n"
            for consumer in change.consumers {
                out += "    \(consumer.classification) for the \(consumer.role) of \(consumer.name)"
                out += consumer.callers.isEmpty ? "\n" : "; callers that break: \(consumer.callers.joined(separator: ", "))\n"
            }
        }
        let breaking = changes.filter { $0.worst == "breaking" }.count
        out += "\(changes.count) contract change\(changes.count == 1 ? "" : "s"), \(breaking) breaking\n"
        return out
    }

    /// JSON with a stable key order.
    public func json() -> String {
        let items: [JSONValue] = changes.map { change in
            .object([
                ("path", .string(change.path)), ("line", .int(change.line)), ("column", .int(change.column)),
                ("pointer", .string(change.pointer)), ("summary", .string(change.summary)), ("effect", .string(change.effect)),
                ("worst", .string(change.worst)),
                ("consumers", .array(change.consumers.map {
                    .object([("name", .string($0.name)), ("role", .string($0.role)), ("classification", .string($0.classification)),
                             ("callers", .array($0.callers.map { .string($0) }))])
                })),
            ])
        }
        return JSONValue.object([("version", .int(1)), ("changes", .array(items))]).rendered(indent: 2) + "\n"
    }
}
