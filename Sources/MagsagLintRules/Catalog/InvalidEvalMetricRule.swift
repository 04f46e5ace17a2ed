import MagsagCatalog
import MagsagLintCore
import MagsagSource

/// Reports eval metrics with duplicate ids, or weights/thresholds out of range.
public struct InvalidEvalMetricRule: RepositoryRule {
    public init() {}

    public static let description = RuleDescription(
        id: "invalid-eval-metric",
        name: "Invalid eval metric",
        category: .catalog,
        defaultSeverity: .error,
        summary: "An eval metric repeats an id, or has a weight or ratio threshold outside 0 to 1",
        rationale: """
            Eval scores are weighted sums of metrics compared with thresholds. A repeated metric id counts one \
            metric twice; a weight outside [0, 1] or a ratio threshold above 1 can never be met and fails \
            every run. Thresholds of metrics with a unit (`unit:`, or an id ending in `_ms`, `_s`, `_tokens`, \
            `_usd`, `_count`) are only required to be non-negative.
            """,
        fix: "Give every metric a unique id, a weight between 0 and 1, and a threshold in the metric's range.",
        triggeringExamples: [
            Example("catalog/evals/quality/eval.yaml", """
                metrics:
                  - id: accuracy
                    weight: ↓1.5
                    threshold: 0.9
                  - id: ↓accuracy
                    weight: 0.5
                    threshold: ↓95
                  - id: latency_ms
                    threshold: ↓-1
                """),
        ],
        nonTriggeringExamples: [
            Example("catalog/evals/quality/eval.yaml", """
                metrics:
                  - id: accuracy
                    weight: 0.7
                    threshold: 0.9
                  - name: p95_latency_ms
                    weight: 0.3
                    threshold: 5000
                  - id: cost
                    unit: usd
                    threshold: 2.5
                  - id: latency
                    threshold: 2000
                  - id: success_rate
                    unit: percent
                    threshold: 95
                """),
        ])

    static let ratioWords = ["rate", "ratio", "score", "accuracy", "precision", "recall", "coverage"]

    public func check(_ repository: RepositoryIndex, into sink: inout DiagnosticSink) {
        for eval in CatalogModel.of(repository, settings: sink.settings).evals {
            var seen: [String: CatalogField] = [:]
            for metric in eval.child("metrics")?.elements ?? [] {
                let idField = metric.child("id") ?? metric.child("name")
                let id = idField?.scalarText ?? ""
                if let idField, !id.isEmpty {
                    if let first = seen[id] {
                        sink.report("metric id '\(id)' is already used in this eval", at: idField, label: "duplicate",
                                    related: [first.location("first used here")], help: "give each metric a unique id")
                    } else {
                        seen[id] = idField
                    }
                }
                if let weight = metric.child("weight"), let value = weight.value.numberValue?.double, !(0...1).contains(value) {
                    sink.report("metric weight \(weight.scalarText ?? "") is outside 0 to 1", at: weight, label: "out of range",
                                help: "weights are fractions between 0 and 1")
                }
                guard let threshold = metric.child("threshold"), let value = threshold.value.numberValue?.double else { continue }
                let lowered = id.lowercased()
                let isRatio = metric.child("unit") == nil && !lowered.hasSuffix("_ms") && Self.ratioWords.contains { lowered.contains($0) }
                if value < 0 || (isRatio && value > 1) {
                    sink.report("metric threshold \(threshold.scalarText ?? "") is outside \(isRatio ? "0 to 1" : "the non-negative range")",
                                at: threshold, label: "out of range",
                                help: isRatio ? "ratio thresholds are between 0 and 1; add unit: for other scales" : "thresholds cannot be negative")
                }
            }
        }
    }
}
