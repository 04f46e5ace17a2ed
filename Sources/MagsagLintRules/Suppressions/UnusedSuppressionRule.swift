import MagsagLintCore
import MagsagSource

/// Reports suppression comments that silence nothing.
public struct UnusedSuppressionRule: SuppressionAuditRule {
    public init() {}

    public static let description = RuleDescription(
        id: "unused-suppression",
        name: "Unused suppression",
        category: .suppressions,
        defaultSeverity: .warning,
        summary: "A suppression comment names a rule that reports nothing where it applies",
        rationale: """
            A suppression outlives the problem it excused: once the finding is fixed, the comment only hides \
            the next real problem of the same kind on that line or file.
            """,
        fix: "Remove the suppression, or the rule id that no longer fires from it.",
        triggeringExamples: [
            Example("catalog/policies/p.yaml", "# magsag-lint: disable-next-line ↓duplicate-key -- legacy file\nkey: value\n"),
        ],
        nonTriggeringExamples: [
            Example("catalog/policies/p.yaml", "key: 1\n# magsag-lint: disable-next-line duplicate-key -- kept for the old loader\nkey: 2\n"),
        ])

    public func audit(_ document: LintDocument, suppressions: [Suppression], used: [Bool], knownRuleIDs: Set<String>,
                      ranRuleIDs: Set<String>, into sink: inout DiagnosticSink) {
        for (i, suppression) in suppressions.enumerated() where !(used.indices.contains(i) && used[i]) {
            for (id, range) in zip(suppression.ruleIDs, suppression.idRanges) where ranRuleIDs.contains(id) {
                let scope = suppression.scope == .file ? "in this file" : "on the next line"
                sink.report("suppression of \"\(id)\" is unused: the rule reports nothing \(scope)", path: document.path,
                            range: range, label: "nothing to suppress", help: "remove this suppression")
            }
        }
    }
}
