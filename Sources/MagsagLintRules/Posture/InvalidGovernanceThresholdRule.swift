import MagsagCatalog
import MagsagLintCore
import MagsagSource

/// Reports `flow_governance.yaml` thresholds outside their sane ranges and malformed denylist globs.
public struct InvalidGovernanceThresholdRule: FileRule {
    public init() {}

    public static let description = RuleDescription(
        id: "invalid-governance-threshold",
        name: "Invalid governance threshold",
        category: .policies,
        defaultSeverity: .error,
        summary: "A flow governance threshold is out of range or a model denylist pattern is malformed",
        rationale: """
            The flow governance gate compares run summaries with these numbers: a rate outside [0, 1] \
            (`min_success_rate: 95`), a latency that is not positive or a negative `min_runs` makes the gate \
            pass or fail everything, and nobody notices until it matters. Checked at any depth: keys ending in \
            `_rate` (a number in [0, 1]), keys containing `latency` (a number > 0), `min_runs` (an integer ≥ 0), \
            and `models.denylist` entries (non-empty globs without spaces and with closed `[…]` classes).
            """,
        fix: "Write rates as fractions (`0.95`), latencies in positive milliseconds, and well-formed globs.",
        triggeringExamples: [
            Example("catalog/policies/flow_governance.yaml", """
                min_success_rate: ↓95
                max_avg_latency_ms: ↓0
                min_runs: ↓-1
                per_step:
                  default:
                    max_error_rate: ↓"5%"
                models:
                  denylist: [↓"gpt-4o [preview", ↓""]
                """),
        ],
        nonTriggeringExamples: [
            Example("catalog/policies/flow_governance.yaml", """
                min_success_rate: 0.95
                max_avg_latency_ms: 5000
                min_runs: 0
                per_step:
                  default:
                    max_error_rate: 0.05
                    max_mcp_error_rate: 0
                mcp:
                  max_error_rate: 1
                models:
                  denylist: ["*-preview", "gpt-4o-realtime", "model-[0-9]*"]
                """),
        ])

    public func check(_ document: LintDocument, into sink: inout DiagnosticSink) {
        guard PosturePaths.isFlowGovernance(document.path, catalog: sink.settings.roots.catalog), let value = document.root else { return }
        let root = CatalogField(path: document.path, value: value)
        walk(root, depth: 0, into: &sink)
        for entry in root.descendant("models", "denylist")?.elements ?? [] {
            guard let text = entry.string else {
                sink.report("denylist entry must be a string glob", at: entry, label: "not a string", help: "quote the pattern")
                continue
            }
            if let problem = Self.globProblem(text) {
                sink.report("denylist pattern '\(text)' \(problem)", at: entry, label: "malformed glob",
                            help: "use `*` for any run, `?` for one character, `[…]` for a class")
            }
        }
    }

    private func walk(_ field: CatalogField, depth: Int, into sink: inout DiagnosticSink) {
        guard depth < 16 else { return }
        for member in field.members {
            let key = member.key
            if member.field.value.objectValue != nil {
                walk(member.field, depth: depth + 1, into: &sink)
                continue
            }
            let number = member.field.value.numberValue?.double
            if key.hasSuffix("_rate") {
                guard let number else { notNumber(member.field, key, into: &sink); continue }
                if !(0...1).contains(number) {
                    sink.report("'\(key)' is \(member.field.scalarText ?? ""), outside [0, 1]", at: member.field, label: "out of range",
                                help: "write the rate as a fraction, e.g. 0.95")
                }
            } else if key.utf8Contains("latency") {
                guard let number else { notNumber(member.field, key, into: &sink); continue }
                if !(number > 0) {
                    sink.report("'\(key)' is \(member.field.scalarText ?? ""); latencies must be positive", at: member.field,
                                label: "not positive", help: "set a positive number of milliseconds")
                }
            } else if key == "min_runs" {
                guard let number else { notNumber(member.field, key, into: &sink); continue }
                if number < 0 || number != number.rounded() {
                    sink.report("'min_runs' is \(member.field.scalarText ?? ""); it must be an integer ≥ 0", at: member.field,
                                label: "invalid count", help: "set 0 or a positive whole number")
                }
            }
        }
    }

    private func notNumber(_ field: CatalogField, _ key: String, into sink: inout DiagnosticSink) {
        sink.report("'\(key)' must be a number", at: field, label: "not a number", help: "write a plain number without units or %")
    }

    /// Why a glob is malformed, or nil.
    static func globProblem(_ text: String) -> String? {
        if text.isEmpty { return "is empty" }
        if text.contains(where: { $0 == " " || $0 == "\t" || $0.isNewline }) { return "contains whitespace" }
        var open = false
        var length = 0
        for character in text {
            if character == "[", !open { open = true; length = 0 }
            else if character == "]", open { if length == 0 { return "has an empty '[]' class" }; open = false }
            else if open { length += 1 }
        }
        return open ? "has an unclosed '['" : nil
    }
}
