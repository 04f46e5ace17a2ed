import MagsagLintCore

/// Every built-in rule, sorted by id. A test checks that this list is complete and the ids unique.
public enum BuiltInRules {
    public static let all: [any Rule.Type] = [
        BrokenAnchorRule.self,
        BrokenLinkRule.self,
        CaseMismatchLinkRule.self,
        ChangelogFormatRule.self,
        CompletedPlanOpenTodoRule.self,
        DeprecatedDocWithoutReplacementRule.self,
        DuplicateDocSlugRule.self,
        DuplicateKeyRule.self,
        ExecplanEntryTimestampRule.self,
        ExecplanMissingSectionRule.self,
        ExecplanSectionOrderRule.self,
        ExecplanTodoFormatRule.self,
        ExecplanUnknownSectionRule.self,
        FileTooLargeRule.self,
        FutureDateRule.self,
        InvalidFrontMatterRule.self,
        InvalidFrontMatterFieldRule.self,
        InvalidJSONRule.self,
        InvalidYAMLRule.self,
        MissingFrontMatterRule.self,
        MissingFrontMatterFieldRule.self,
        MissingPathMentionRule.self,
        NonUTF8TextRule.self,
        PlanIndexMismatchRule.self,
        StaleDocRule.self,
        UnknownTagRule.self,
    ]

    /// The descriptions of every rule.
    public static var descriptions: [RuleDescription] { all.map { $0.description } }

    /// The rule with `id` (or with `id` among its deprecated ids).
    public static func rule(id: String) -> (any Rule.Type)? {
        all.first { $0.description.id == id || $0.description.deprecatedIDs.contains(id) }
    }
}
