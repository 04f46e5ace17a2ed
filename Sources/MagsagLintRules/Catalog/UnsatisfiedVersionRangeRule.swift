import MagsagCatalog
import MagsagLintCore
import MagsagSource

/// Reports references whose `@<range>` the target's version does not satisfy.
public struct UnsatisfiedVersionRangeRule: RepositoryRule {
    public init() {}

    public static let description = RuleDescription(
        id: "unsatisfied-version-range",
        name: "Unsatisfied version range",
        category: .catalog,
        defaultSeverity: .error,
        summary: "A reference's version range does not include the version its target declares",
        rationale: """
            A range records which versions of a dependency the caller was written and tested against. When the \
            target moves outside it (a new major, a downgrade), the caller may send payloads the target no \
            longer accepts; nothing in MAGSAG compares the two.
            """,
        fix: "Update the range after checking the caller against the target's new version, or pin the target back.",
        triggeringExamples: [
            Example(files: [
                "catalog/agents/main/a-mag/agent.yaml": "depends_on:\n  sub_agents:\n    - ↓magsag://sub.b-sag@^1.0.0\n",
                "catalog/agents/sub/b-sag/agent.yaml": "version: 2.0.0\n",
            ]),
            Example(files: [
                "catalog/agents/sub/b-sag/agent.yaml": "depends_on:\n  skills:\n    - ↓magsag://skill.lookup@~1.6.0\n",
                "catalog/skills/lookup/skill.yaml": "id: skill.lookup\nversion: 1.5.5\n",
            ]),
            Example(files: [
                "catalog/registry/agents.yaml": "tasks:\n  - id: t\n    default: ↓magsag://main.a-mag@>=1.0.0\n",
                "catalog/agents/main/a-mag/agent.yaml": "version: 1.0.0-rc.1\n",
            ], note: "a prerelease satisfies only ranges that mention a prerelease of the same version"),
        ],
        nonTriggeringExamples: [
            Example(files: [
                "catalog/agents/main/a-mag/agent.yaml":
                    "depends_on:\n  sub_agents:\n    - magsag://sub.b-sag@>=1.0.0 <3.0.0 || 5.x\n    - magsag://sub.b-sag@1.2 - 2\n    - magsag://sub.b-sag\n",
                "catalog/agents/sub/b-sag/agent.yaml": "version: 2.4.1\n",
            ])
        ],
        deprecatedIDs: ["version-range-unsatisfied"]
        )

    public func check(_ repository: RepositoryIndex, into sink: inout DiagnosticSink) {
        let catalog = CatalogModel.of(repository)
        for (_, dependency) in catalog.resolvableDependencies {
            guard let reference = dependency.parsed, let rangeText = reference.rangeText,
                  let range = try? VersionRange(parsing: rangeText),
                  let target = catalog.resolve(reference), let versionField = target.version,
                  let versionText = versionField.scalarText, let version = SemanticVersion(versionText),
                  !range.isSatisfied(by: version) else { continue }
            sink.report("'\(reference.name)' is at version \(versionText), which does not satisfy '\(rangeText)'",
                        at: dependency.field, label: "range not satisfied",
                        related: [versionField.location("target version declared here")],
                        help: "update the range after checking compatibility, or change the target's version")
        }
    }
}
