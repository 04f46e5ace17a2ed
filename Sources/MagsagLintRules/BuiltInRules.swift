import MagsagCatalog
import MagsagLintCore

/// Every built-in rule, sorted by id. A test checks that this list is complete and the ids unique.
public enum BuiltInRules {
    public static let all: [any Rule.Type] = [
        AgentSlugMismatchRule.self,
        BlanketSuppressionRule.self,
        DependencyCycleRule.self,
        DependencyKindMismatchRule.self,
        DeprecatedDependencyRule.self,
        DuplicateCatalogIDRule.self,
        DuplicateKeyRule.self,
        DuplicateTaskIDRule.self,
        FileTooLargeRule.self,
        GenericSecretRule.self,
        InvalidAgentNameRule.self,
        InvalidConfigurationRule.self,
        InvalidEntrypointRule.self,
        InvalidEvalMetricRule.self,
        InvalidFrontMatterRule.self,
        InvalidJSONRule.self,
        InvalidTaskSelectorRule.self,
        InvalidVariantWeightsRule.self,
        InvalidVersionRule.self,
        InvalidVersionRangeRule.self,
        InvalidYAMLRule.self,
        MCPServerIDMismatchRule.self,
        MissingContractFileRule.self,
        MissingDeprecationMessageRule.self,
        MissingMCPServerFieldRule.self,
        NonUTF8TextRule.self,
        RegistryLocationMissingRule.self,
        RegistrySkillMismatchRule.self,
        SecretInFileRule.self,
        SkillInterfaceMismatchRule.self,
        SuppressionWithoutReasonRule.self,
        UnknownEvalTargetRule.self,
        UnknownMCPServerRule.self,
        UnknownRuleInSuppressionRule.self,
        UnregisteredSkillRule.self,
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
