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
            longer accepts; nothing in MAGSAG compares the two. When a change (`--since`, `--range`, the hooks) \
            moves a target's version, the references it leaves behind are reported even in unchanged callers \
            (those whose target's contract broke are reported by breaking-contract-change instead).
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
            Example(files: [
                "catalog/agents/sub/b-sag/agent.yaml": "version: 2.0.0\n",
                "catalog/agents/main/a-mag/agent.yaml": "depends_on:\n  sub_agents:\n    - ↓magsag://sub.b-sag@^1.0.0\n",
            ], base: [
                "catalog/agents/sub/b-sag/agent.yaml": "version: 1.4.0\n",
            ], note: "the change bumps b-sag to 2.0.0 and leaves the unchanged caller's range behind"),
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

    /// A version bump can leave an unchanged caller's range behind: reported there too.
    public static let reportsConsequences = true

    public func check(_ repository: RepositoryIndex, into sink: inout DiagnosticSink) {
        let catalog = CatalogModel.of(repository, settings: sink.settings)
        var explained: Set<String>?
        // Linted callers, and unchanged ones whose descriptor can name a target the change touched (a
        // reference names its target's folder or skill name).
        let changedNames = catalog.changedTargetNames(in: repository)
        let callers = catalog.agentIndices(mentioning: changedNames, in: repository)
        let registryCaller = { (dependency: CatalogDependency) in
            repository.linted.contains(dependency.field.path) || (dependency.parsed.map { changedNames.contains($0.name) } ?? false)
        }
        for (_, dependency) in catalog.resolvableDependencies(of: { repository.linted.contains($1.path) || callers.contains($0) },
                                                              registry: registryCaller) {
            guard let reference = dependency.parsed, let rangeText = reference.rangeText,
                  let range = try? VersionRange(parsing: rangeText),
                  let target = catalog.resolve(reference), let versionField = target.version,
                  let versionText = versionField.scalarText, let version = SemanticVersion(versionText),
                  !range.isSatisfied(by: version) else { continue }
            if !repository.linted.contains(dependency.field.path) {
                // An unchanged caller: only when the change moved the target's version, and not where
                // breaking-contract-change already explains the reference.
                guard repository.changedSinceBase(target.path) else { continue }
                if explained == nil {
                    explained = Set(BrokenCallers.of(repository, layout: CatalogLayout(roots: sink.settings.roots)).references.map { $0.field.path + "#" + $0.field.pointer.description })
                }
                if explained?.contains(dependency.field.path + "#" + dependency.field.pointer.description) == true { continue }
            }
            sink.report("'\(reference.name)' is at version \(versionText), which does not satisfy '\(rangeText)'",
                        at: dependency.field, label: "range not satisfied",
                        related: [versionField.location("target version declared here")],
                        help: "update the range after checking compatibility, or change the target's version")
        }
    }
}
