import MagsagLintCore

/// Every built-in rule, sorted by id. A test checks that this list is complete and the ids unique.
public enum BuiltInRules {
    public static let all: [any Rule.Type] = [
        BlanketSuppressionRule.self,
        DuplicateKeyRule.self,
        FileTooLargeRule.self,
        InvalidConfigurationRule.self,
        InvalidFrontMatterRule.self,
        InvalidJSONRule.self,
        InvalidYAMLRule.self,
        NonUTF8TextRule.self,
        SuppressionWithoutReasonRule.self,
        UnknownRuleInSuppressionRule.self,
        UnusedSuppressionRule.self,
    ]

    /// The descriptions of every rule.
    public static var descriptions: [RuleDescription] { all.map { $0.description } }

    /// The rule with `id` (or with `id` among its deprecated ids).
    public static func rule(id: String) -> (any Rule.Type)? {
        all.first { $0.description.id == id || $0.description.deprecatedIDs.contains(id) }
    }
}
