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
        fix: """
            Remove the suppression, or the rule id that no longer fires from it. `--unsafe-fixes` does it (not \
            `--fix`: a suppression unused in this run may still be needed in another, e.g. by a rule that only \
            reports when comparing with a base revision).
            """,
        triggeringExamples: [
            Example("catalog/policies/p.yaml", "# magsag-lint: disable-next-line ↓duplicate-key -- legacy file\nkey: value\n",
                    fixed: "# magsag-lint: disable-next-line duplicate-key -- legacy file\nkey: value\n",
                    unsafeFixed: "key: value\n", note: "`--unsafe-fixes` removes the comment line"),
            Example("catalog/policies/p.yaml", "a: 1  # magsag-lint: disable-next-line ↓duplicate-key -- old loader\nb: 2\n",
                    fixed: "a: 1  # magsag-lint: disable-next-line duplicate-key -- old loader\nb: 2\n",
                    unsafeFixed: "a: 1\nb: 2\n", note: "a trailing comment goes, the value stays"),
            Example("docs/a.md", "# A\n\n<!-- magsag-lint: disable-file ↓broken-link -- links are checked elsewhere -->\nText.\n",
                    fixed: "# A\n\n<!-- magsag-lint: disable-file broken-link -- links are checked elsewhere -->\nText.\n",
                    unsafeFixed: "# A\n\nText.\n"),
        ],
        nonTriggeringExamples: [
            Example("catalog/policies/p.yaml", "key: 1\n# magsag-lint: disable-next-line duplicate-key -- kept for the old loader\nkey: 2\n"),
        ])

    public func audit(_ document: LintDocument, suppressions: [Suppression], used: [Bool], knownRuleIDs: Set<String>,
                      ranRuleIDs: Set<String>, into sink: inout DiagnosticSink) {
        for (i, suppression) in suppressions.enumerated() where !(used.indices.contains(i) && used[i]) {
            for (id, range) in zip(suppression.ruleIDs, suppression.idRanges) where ranRuleIDs.contains(id) {
                let scope = suppression.scope == .file ? "in this file" : "on the next line"
                let index = suppression.ruleIDs.firstIndex(of: id) ?? 0
                let fix = SuppressionEdit.removeID(index, of: suppression, in: document.file).map {
                    Fix(message: suppression.ruleIDs.count > 1 ? "remove \"\(id)\" from the suppression" : "remove the suppression",
                        applicability: .unsafe, edits: [$0])
                }
                sink.report("suppression of \"\(id)\" is unused: the rule reports nothing \(scope)", path: document.path,
                            range: range, label: "nothing to suppress", help: "remove this suppression", fix: fix)
            }
        }
    }
}
