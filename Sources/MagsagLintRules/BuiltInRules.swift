import MagsagCatalog
import MagsagLintCore

/// Every built-in rule, sorted by id. A test checks that this list is complete and the ids unique.
public enum BuiltInRules {
    public static let all: [any Rule.Type] = [
        AgentSlugMismatchRule.self,
        BlanketSuppressionRule.self,
        BrokenAnchorRule.self,
        BrokenLinkRule.self,
        CaseMismatchLinkRule.self,
        ChangelogFormatRule.self,
        CompletedPlanOpenTodoRule.self,
        DependencyCycleRule.self,
        DependencyKindMismatchRule.self,
        DeprecatedDependencyRule.self,
        DeprecatedDocWithoutReplacementRule.self,
        DuplicateCatalogIDRule.self,
        DuplicateDocSlugRule.self,
        DuplicateKeyRule.self,
        DuplicateTaskIDRule.self,
        ExecplanEntryTimestampRule.self,
        ExecplanMissingSectionRule.self,
        ExecplanSectionOrderRule.self,
        ExecplanTodoFormatRule.self,
        ExecplanUnknownSectionRule.self,
        FileTooLargeRule.self,
        FutureDateRule.self,
        GenericSecretRule.self,
        InvalidAgentNameRule.self,
        InvalidConfigurationRule.self,
        InvalidEntrypointRule.self,
        InvalidEvalMetricRule.self,
        InvalidExampleRule.self,
        InvalidFrontMatterRule.self,
        InvalidFrontMatterFieldRule.self,
        InvalidJSONRule.self,
        InvalidSchemaRule.self,
        InvalidSkillExampleRule.self,
        InvalidTaskSelectorRule.self,
        InvalidVariantWeightsRule.self,
        InvalidVersionRule.self,
        InvalidVersionRangeRule.self,
        InvalidYAMLRule.self,
        MCPServerIDMismatchRule.self,
        MissingContractFileRule.self,
        MissingDeprecationMessageRule.self,
        MissingFrontMatterRule.self,
        MissingFrontMatterFieldRule.self,
        MissingMCPServerFieldRule.self,
        MissingPathMentionRule.self,
        MissingSchemaDialectRule.self,
        NonUTF8TextRule.self,
        PlanIndexMismatchRule.self,
        RegistryLocationMissingRule.self,
        RegistrySkillMismatchRule.self,
        SchemaViolationRule.self,
        SecretInFileRule.self,
        SkillInterfaceMismatchRule.self,
        StaleDocRule.self,
        SuppressionWithoutReasonRule.self,
        UnknownEvalTargetRule.self,
        UnknownKeywordRule.self,
        UnknownMCPServerRule.self,
        UnknownRuleInSuppressionRule.self,
        UnknownTagRule.self,
        UnregisteredSkillRule.self,
        UnresolvedRefRule.self,
        UnresolvedReferenceRule.self,
        UnsatisfiedVersionRangeRule.self,
        UnusedContractRule.self,
        UnusedSuppressionRule.self,
    ]

    /// The descriptions of every rule.
    public static var descriptions: [RuleDescription] { all.map { $0.description } }

    /// The rule with `id` (or with `id` among its deprecated ids).
    public static func rule(id: String) -> (any Rule.Type)? {
        all.first { $0.description.id == id || $0.description.deprecatedIDs.contains(id) }
    }
}
