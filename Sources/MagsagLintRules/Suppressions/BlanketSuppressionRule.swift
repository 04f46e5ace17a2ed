import MagsagLintCore
import MagsagSource

/// Reports suppression comments that name no rule.
public struct BlanketSuppressionRule: SuppressionAuditRule {
    public init() {}

    public static let description = RuleDescription(
        id: "blanket-suppression",
        name: "Blanket suppression",
        category: .suppressions,
        defaultSeverity: .error,
        summary: "A suppression comment names no rule, so it would silence every rule",
        rationale: "Silencing every rule on a line or a whole file hides problems nobody looked at, including ones that appear later; magsag-lint does not honour blanket suppressions.",
        fix: "Name the rule ids to suppress: `# magsag-lint: disable-next-line <id> -- <reason>`.",
        triggeringExamples: [
            Example("catalog/policies/p.yaml", "↓# magsag-lint: disable-file -- too noisy\nkey: value\n"),
        ],
        nonTriggeringExamples: [
            Example("catalog/policies/p.yaml", "# magsag-lint: disable-file duplicate-key -- generated\nkey: 1\nkey: 2\n"),
        ])

    public func audit(_ document: LintDocument, suppressions: [Suppression], used: [Bool], knownRuleIDs: Set<String>,
                      ranRuleIDs: Set<String>, into sink: inout DiagnosticSink) {
        for suppression in suppressions where suppression.ruleIDs.isEmpty {
            var range = suppression.range
            if let text = document.file.lineIndex.lineText(range.start.line), let start = text.firstIndex(where: { $0 == "#" || $0 == "<" }) {
                range.start = document.file.lineIndex.position(line: range.start.line, column: text.distance(from: text.startIndex, to: start) + 1)
            }
            sink.report("suppression names no rule and is ignored", path: document.path, range: range, label: "blanket suppression",
                        help: "name the rule ids to suppress")
        }
    }
}
