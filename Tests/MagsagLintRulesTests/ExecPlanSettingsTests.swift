import MagsagLintCore
@testable import MagsagLintRules
import MagsagSource
import Testing

/// `execplans` in `.magsag-lint.yaml`: configured skeletons and plan indexes.
@Suite struct ExecPlanSettingsTests {
    static func run(_ files: [String: String], config: String) -> [String] {
        let (configuration, issues) = DocsOptionsTests.configuration(config)
        #expect(issues.isEmpty, "configuration issues: \(issues.map(\.message))")
        return Linter(rules: ExecPlanTests.planRules, configuration: configuration).lint(FileSet.inMemory(files, linted: nil)).diagnostics
            .map { "\($0.primary.path):\($0.primary.range.start.line) \($0.ruleID)" }.sorted()
    }

    static let plan = "---\nstatus: living\n---\n# Plan\n\n## Goal\n\nText.\n\n## Steps\n\n1. Build.\n\n## Checks\n\n- [ ] Tests pass.\n"

    @Test func configuredSectionsReplaceTheSkeleton() {
        let files = ["docs/development/plans/a.md": Self.plan, "docs/development/PLANS.md": "# Plans\n\n## Active Plans\n\n- [A](plans/a.md)\n"]
        #expect(!Self.run(files, config: "").isEmpty, "the default skeleton reports the custom plan")
        #expect(Self.run(files, config: "execplans:\n  sections: [Goal, Steps, Checks]\n").isEmpty)
        let reordered = ["docs/development/plans/a.md": Self.plan.replacing("## Goal", with: "## Intro")] .merging(files) { a, _ in a }
        #expect(Self.run(reordered, config: "execplans:\n  sections: [Goal, Steps, Checks]\n").contains("docs/development/plans/a.md:6 execplan-unknown-section"))
    }

    @Test func configuredIndexesAreTheOnesRead() {
        let files = [
            "docs/development/plans/a.md": Self.plan,
            "handbook/plans.md": "# Plans\n\n## Active Plans\n\n- [A](../docs/development/plans/a.md)\n- [B](../docs/development/plans/b.md)\n",
        ]
        let config = "execplans:\n  sections: [Goal, Steps, Checks]\n  indexes: [handbook/plans.md]\n"
        #expect(Self.run(files, config: config) == ["handbook/plans.md:6 plan-index-mismatch"])
    }

    @Test func malformedSettingsAreConfigurationIssues() {
        let (_, issues) = DocsOptionsTests.configuration("execplans:\n  sections: []\n  indexes: ['../x.md']\n  other: 1\n")
        #expect(issues.count == 3)
    }
}
