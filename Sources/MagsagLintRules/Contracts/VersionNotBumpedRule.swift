import MagsagCatalog
import MagsagLintCore
import MagsagSource

/// Reports agents and skills whose contract changed without the version bump the change calls for.
public struct VersionNotBumpedRule: RepositoryRule {
    public init() {}

    public static let description = RuleDescription(
        id: "version-not-bumped",
        name: "Contract change needs version bump",
        category: .contracts,
        defaultSeverity: .error,
        summary: "An agent or skill whose contract changed since the base revision did not bump its version as semver requires",
        rationale: """
            Callers pin agents and skills with `magsag://…@<range>`; the version is how they learn that a contract \
            changed. A change that breaks an agent's or skill's callers needs a new major version (a new minor for \
            0.x versions); any other change to what the contract accepts or produces needs at least a new minor \
            version (a new patch for 0.x). Annotation-only changes need nothing. The bumps are the configuration's \
            `version-policy` (`breaking`, `possibly-breaking`, `compatible`, `initial-development: relaxed|strict`). \
            Compared with the base revision; silent without one.
            """,
        fix: "Bump the version of the agent or skill as the message says, and update the `@<range>` of the references to it.",
        triggeringExamples: [
            Example(files: [
                "catalog/agents/main/a-mag/agent.yaml": "version: 1.3.0\ncontracts:\n  input_schema: catalog/contracts/a_input.schema.json\n",
                "catalog/contracts/a_input.schema.json": "{\"type\": \"object\", \"required\": [\"id\", ↓\"locale\"]}",
            ], base: [
                "catalog/agents/main/a-mag/agent.yaml": "version: 1.2.0\ncontracts:\n  input_schema: catalog/contracts/a_input.schema.json\n",
                "catalog/contracts/a_input.schema.json": "{\"type\": \"object\", \"required\": [\"id\"]}",
            ], note: "a new required input property breaks callers: 1.2.0 must become 2.0.0"),
            Example(files: [
                "catalog/skills/lookup/skill.yaml": "id: skill.lookup\nversion: 0.4.2\ncontracts:\n  output_schema: catalog/contracts/lookup_output.schema.json\n",
                "catalog/contracts/lookup_output.schema.json": "{\"type\": \"object\", \"properties\": {\"hits\": {\"type\": \"array\", ↓\"maxItems\": 10}}}",
            ], base: [
                "catalog/contracts/lookup_output.schema.json": "{\"type\": \"object\", \"properties\": {\"hits\": {\"type\": \"array\", \"maxItems\": 50}}}",
            ], note: "a compatible output change still needs a new version (0.4.3 at least)"),
        ],
        nonTriggeringExamples: [
            Example(files: [
                "catalog/agents/main/a-mag/agent.yaml": "version: 2.0.0\ncontracts:\n  input_schema: catalog/contracts/a_input.schema.json\n",
                "catalog/contracts/a_input.schema.json": "{\"type\": \"object\", \"required\": [\"id\", \"locale\"]}",
            ], base: [
                "catalog/agents/main/a-mag/agent.yaml": "version: 1.2.0\ncontracts:\n  input_schema: catalog/contracts/a_input.schema.json\n",
                "catalog/contracts/a_input.schema.json": "{\"type\": \"object\", \"required\": [\"id\"]}",
            ]),
            Example(files: [
                "catalog/skills/lookup/skill.yaml": "id: skill.lookup\nversion: 0.4.2\ncontracts:\n  output_schema: catalog/contracts/lookup_output.schema.json\n",
                "catalog/contracts/lookup_output.schema.json": "{\"type\": \"object\", \"description\": \"Search hits\"}",
            ], base: [
                "catalog/contracts/lookup_output.schema.json": "{\"type\": \"object\"}",
            ], note: "annotation-only changes need no bump")
        ],
        deprecatedIDs: ["contract-change-needs-version-bump"]
        )

    public func check(_ repository: RepositoryIndex, into sink: inout DiagnosticSink) {
        let policy = sink.settings.versionPolicy
        for impact in ContractEvolution.of(repository, layout: CatalogLayout(roots: sink.settings.roots)).impacts where impact.classification > .annotation {
            let consumer = impact.consumer
            guard let versionField = consumer.version, let text = versionField.scalarText, let now = SemanticVersion(text),
                  let baseText = consumer.baseVersion, let before = SemanticVersion(baseText) else { continue }
            let breaking = impact.classification == .breaking
            let required = policy.required(breaking: breaking, possiblyBreaking: impact.classification == .possiblyBreaking,
                                           fromMajor: before.major)
            guard let needed = Self.missing(required, from: before, to: now) else { continue }
            let what = breaking ? "breaks the \(consumer.role) of \(consumer.name)" : "changes the \(consumer.role) of \(consumer.name)"
            let went = before == now ? "stays at \(text)" : "went from \(baseText) to \(text)"
            let location = impact.change.location
            sink.report("contract change \(what) but its version \(went); a \(needed.rawValue) bump is needed",
                        path: location.path, range: SourceRange(at: location.range.start), pointer: location.pointer,
                        label: "\(impact.change.summary)",
                        related: [versionField.location("version of \(consumer.name)"), consumer.field.location("\(consumer.role) contract declared here")],
                        help: "set the version of \(consumer.name) to \(Self.suggested(before, needed)) or later, and update the ranges of references to it")
        }
    }

    /// The bump still missing ("major", "minor", "patch") under the default policy, or nil when `now`
    /// is enough.
    static func requiredBump(from before: SemanticVersion, to now: SemanticVersion, breaking: Bool) -> String? {
        missing(VersionPolicy().required(breaking: breaking, fromMajor: before.major), from: before, to: now)?.rawValue
    }

    /// `required` when going from `before` to `now` does not achieve it, else nil.
    static func missing(_ required: VersionPolicy.Bump, from before: SemanticVersion, to now: SemanticVersion) -> VersionPolicy.Bump? {
        let done: Bool
        switch required {
        case .none: done = true
        case .major: done = now.major > before.major
        case .minor: done = now.major > before.major || (now.major == before.major && now.minor > before.minor)
        case .patch: done = now.core > before.core
        }
        return done ? nil : required
    }

    static func suggested(_ before: SemanticVersion, _ bump: VersionPolicy.Bump) -> String {
        switch bump {
        case .major: "\(before.major + 1).0.0"
        case .minor: "\(before.major).\(before.minor + 1).0"
        default: "\(before.major).\(before.minor).\(before.patch + 1)"
        }
    }
}
