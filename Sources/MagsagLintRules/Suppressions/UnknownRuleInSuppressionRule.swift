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
        fix: "Correct the rule id (`magsag-lint rules` lists them) or remove the suppression. `--fix` replaces a former id of a renamed rule with its current id.",
        triggeringExamples: [
            Example("catalog/policies/p.yaml", "# magsag-lint: disable-file ↓duplicate-keys -- generated file\nkey: value\n"),
            Example("docs/a.md", "<!-- magsag-lint: disable-next-line ↓broken-links -- moved soon -->\n# A\n"),
            Example("catalog/agents/main/a-mag/agent.yaml",
                    "# magsag-lint: disable-file ↓contract-change-needs-version-bump -- migration in progress\nversion: 1.0.0\n",
                    fixed: "# magsag-lint: disable-file version-not-bumped -- migration in progress\nversion: 1.0.0\n",
                    note: "a rule's former id is replaced by its current one"),
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
                if let renamed = BuiltInRules.descriptions.first(where: { $0.deprecatedIDs.contains(id) && knownRuleIDs.contains($0.id) }) {
                    sink.report("rule \"\(id)\" in suppression was renamed to \"\(renamed.id)\"", path: document.path, range: range,
                                label: "former id", help: "write `\(renamed.id)`",
                                fix: Fix(message: "write `\(renamed.id)`", applicability: .safe, edits: [
                                    Fix.Edit(path: document.path, startOffset: range.start.offset, endOffset: range.end.offset, replacement: renamed.id),
                                ]))
                    continue
                }
                sink.report("unknown rule \"\(id)\" in suppression", path: document.path, range: range, label: "no such rule", help: help)
            }
        }
    }
}
