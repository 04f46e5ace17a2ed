import MagsagCatalog
import MagsagLintCore
import MagsagSource

/// Reports routing variants whose weights are negative, missing, or do not sum to 100.
public struct InvalidVariantWeightsRule: RepositoryRule {
    public init() {}

    public static let description = RuleDescription(
        id: "invalid-variant-weights",
        name: "Invalid variant weights",
        category: .registries,
        defaultSeverity: .error,
        summary: "A task's variant weights are not non-negative numbers summing to 100",
        rationale: """
            Variant weights are traffic percentages. A negative weight or a total other than 100 leaves the \
            split to whatever the router does with it: renormalise, ignore the variant, or send traffic nowhere.
            """,
        fix: "Give every variant a weight between 0 and 100 so the task's weights add up to 100.",
        triggeringExamples: [
            Example("catalog/registry/agents.yaml", """
                tasks:
                  - id: t
                    ↓variants:
                      - id: a
                        weight: 70
                      - id: b
                        weight: 20
                """),
            Example("catalog/registry/agents.yaml", """
                tasks:
                  - id: t
                    variants:
                      - id: a
                        weight: ↓-10
                      - id: b
                        weight: 110
                      - ↓id: c
                """),
        ],
        nonTriggeringExamples: [
            Example("catalog/registry/agents.yaml", """
                tasks:
                  - id: t
                    variants:
                      - id: a
                        weight: 62.5
                      - id: b
                        weight: 37.5
                  - id: u
                    default: magsag://main.a-mag
                """),
        ])

    public func check(_ repository: RepositoryIndex, into sink: inout DiagnosticSink) {
        let catalog = CatalogModel.of(repository, settings: sink.settings)
        for task in catalog.agentsRegistry?.child("tasks")?.elements ?? [] {
            guard let variants = task.child("variants"), !variants.elements.isEmpty else { continue }
            var total = 0.0
            var complete = true
            for variant in variants.elements {
                guard let weight = variant.child("weight") else {
                    complete = false
                    if variant.value.objectValue != nil {
                        sink.report("variant has no weight", at: variant, label: "no weight", help: "add weight: <0-100>")
                    }
                    continue
                }
                guard let number = weight.value.numberValue?.double, number.isFinite else {
                    complete = false
                    sink.report("variant weight must be a number, found \(weight.value.typeName)", at: weight, label: "not a number")
                    continue
                }
                if number < 0 {
                    complete = false
                    sink.report("variant weight \(weight.scalarText ?? "") is negative", at: weight, label: "negative",
                                help: "weights are percentages between 0 and 100")
                }
                total += number
            }
            if complete, abs(total - 100) > 1e-9 {
                var field = variants
                if let key = variants.keyRange { field.value.range = SourceRange(start: key.start, end: key.end) }
                sink.report("variant weights sum to \(Self.format(total)), not 100", at: field, label: "weights",
                            help: "adjust the weights so they add up to 100")
            }
        }
    }

    static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}
