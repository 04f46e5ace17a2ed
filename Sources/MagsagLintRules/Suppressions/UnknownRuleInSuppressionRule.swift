import MagsagLintCore
import MagsagSource

/// Reports suppression comments naming rules that do not exist.
public struct UnknownRuleInSuppressionRule: SuppressionAuditRule {
    public init() {}

    public static let description = RuleDescription(
        id: "unknown-rule-in-suppression",
        name: "Unknown rule in suppression",
        category: .suppressions,
        defaultSeverity: .error,
        summary: "A suppression comment names a rule id that does not exist",
        rationale: "A misspelled id suppresses nothing while looking as if it did; the finding it meant to excuse still fires, or a reader trusts a check that never ran.",
        fix: "Correct the rule id (`magsag-lint rules` lists them) or remove the suppression.",
        triggeringExamples: [
            Example("catalog/policies/p.yaml", "# magsag-lint: disable-file ↓duplicate-keys -- generated file\nkey: value\n"),
            Example("docs/a.md", "<!-- magsag-lint: disable-next-line ↓broken-links -- moved soon -->\n# A\n"),
        ],
        nonTriggeringExamples: [
            Example("catalog/policies/p.yaml", "# magsag-lint: disable-file duplicate-key -- generated file\nkey: 1\nkey: 2\n"),
        ])

    public func audit(_ document: LintDocument, suppressions: [Suppression], used: [Bool], knownRuleIDs: Set<String>,
                      ranRuleIDs: Set<String>, into sink: inout DiagnosticSink) {
        for suppression in suppressions {
            for (id, range) in zip(suppression.ruleIDs, suppression.idRanges) where !knownRuleIDs.contains(id) {
                let guess = knownRuleIDs.min { EditDistance.between(id, $0) < EditDistance.between(id, $1) || (EditDistance.between(id, $0) == EditDistance.between(id, $1) && $0 < $1) }
                let help = guess.flatMap { EditDistance.between(id, $0) <= 3 ? "did you mean `\($0)`?" : nil } ?? "run `magsag-lint rules` for the list of rule ids"
                sink.report("unknown rule \"\(id)\" in suppression", path: document.path, range: range, label: "no such rule", help: help)
            }
        }
    }
}
