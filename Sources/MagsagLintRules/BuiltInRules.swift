import MagsagLintCore

/// Every built-in rule, sorted by id. A test checks that this list is complete and the ids unique.
public enum BuiltInRules {
    public static let all: [any Rule.Type] = [
        DuplicateKeyRule.self,
        FileTooLargeRule.self,
        GenericSecretRule.self,
        InvalidFrontMatterRule.self,
        InvalidJSONRule.self,
        InvalidYAMLRule.self,
        NonUTF8TextRule.self,
        SecretInFileRule.self,
    ]

    /// The descriptions of every rule.
    public static var descriptions: [RuleDescription] { all.map { $0.description } }

    /// The rule with `id` (or with `id` among its deprecated ids).
    public static func rule(id: String) -> (any Rule.Type)? {
        all.first { $0.description.id == id || $0.description.deprecatedIDs.contains(id) }
    }
}
