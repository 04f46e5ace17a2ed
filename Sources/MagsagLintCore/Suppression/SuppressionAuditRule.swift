/// A rule about suppression comments themselves (unused, unknown ids, missing reasons). The engine
/// runs these after applying suppressions, so they know which suppressions silenced something.
public protocol SuppressionAuditRule: Rule {
    /// - Parameters:
    ///   - suppressions: the document's directives, with `used[i]` telling whether directive `i`
    ///     silenced at least one finding.
    ///   - knownRuleIDs: every rule id that exists (enabled or not).
    ///   - ranRuleIDs: the rule ids that ran on this document.
    func audit(_ document: LintDocument, suppressions: [Suppression], used: [Bool], knownRuleIDs: Set<String>,
               ranRuleIDs: Set<String>, into sink: inout DiagnosticSink)
}

extension SuppressionAuditRule {
    public static func instance() -> RuleInstance { .suppressionAudit(Self()) }
}
