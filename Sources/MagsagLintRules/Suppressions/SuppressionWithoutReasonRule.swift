import MagsagLintCore
import MagsagSource

/// Reports suppression comments without a `-- reason`.
public struct SuppressionWithoutReasonRule: SuppressionAuditRule {
    public init() {}

    public static let description = RuleDescription(
        id: "suppression-without-reason",
        name: "Suppression without reason",
        category: .suppressions,
        defaultSeverity: .error,
        summary: "A suppression comment gives no reason after `--`",
        rationale: "A reviewer cannot judge a silenced finding without knowing why it was silenced, and nobody can tell later whether the reason still holds.",
        fix: "Append ` -- <why this finding is acceptable here>` to the comment.",
        triggeringExamples: [
            Example("catalog/policies/p.yaml", "key: 1\n↓# magsag-lint: disable-next-line duplicate-key\nkey: 2\n"),
        ],
        nonTriggeringExamples: [
            Example("catalog/policies/p.yaml", "key: 1\n# magsag-lint: disable-next-line duplicate-key -- read by a first-wins loader\nkey: 2\n"),
        ])

    public func audit(_ document: LintDocument, suppressions: [Suppression], used: [Bool], knownRuleIDs: Set<String>,
                      ranRuleIDs: Set<String>, into sink: inout DiagnosticSink) {
        for suppression in suppressions where suppression.reason == nil && !suppression.ruleIDs.isEmpty {
            var range = suppression.range
            if let hash = document.file.lineIndex.lineText(range.start.line)?.firstIndex(where: { $0 == "#" || $0 == "<" }),
               let text = document.file.lineIndex.lineText(range.start.line) {
                range.start = document.file.lineIndex.position(line: range.start.line, column: text.distance(from: text.startIndex, to: hash) + 1)
            }
            sink.report("suppression has no reason", path: document.path, range: range, label: "add `-- <reason>`",
                        help: "append ` -- <why this is acceptable>` to the comment")
        }
    }
}
