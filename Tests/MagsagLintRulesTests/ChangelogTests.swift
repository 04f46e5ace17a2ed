import MagsagLintCore
@testable import MagsagLintRules
import MagsagSource
import Testing

@Suite struct ChangelogTests {
    static func run(_ text: String, extra: [String: String] = [:]) -> [Diagnostic] {
        DocsLint.run([ChangelogFormatRule.self], ["CHANGELOG.md": text].merging(extra) { a, _ in a }, linted: ["CHANGELOG.md"])
    }

    @Test func releaseHeadings() {
        let range = SourceRange.fileStart
        #expect(ChangelogRelease.parse("## [1.2.3] - 2025-01-31", line: 1, range: range)?.version == [1, 2, 3])
        #expect(ChangelogRelease.parse("## [1.2.3](https://x/compare) - 2025-01-31", line: 1, range: range) != nil)
        #expect(ChangelogRelease.parse("## [2.0.0-beta.1] - 2025-01-31", line: 1, range: range)?.prerelease == "beta.1")
        #expect(ChangelogRelease.parse("## [Unreleased]", line: 1, range: range)?.isUnreleased == true)
        #expect(ChangelogRelease.parse("## 1.2.3 - 2025-01-31", line: 1, range: range) == nil)
        #expect(ChangelogRelease.parse("## [1.2] - 2025-01-31", line: 1, range: range) == nil)
        #expect(ChangelogRelease.parse("## [1.2.3] - 2025-02-30", line: 1, range: range) == nil)
        #expect(ChangelogRelease.parse("## [1.2.3]", line: 1, range: range) == nil)
    }

    @Test func unreleasedMustComeFirst() {
        let text = "# Changelog\n\n## [1.0.0] - 2025-01-01\n\n## [Unreleased]\n"
        #expect(Self.run(text).map(\.message) == ["`[Unreleased]` is not the first section"])
    }

    @Test func datesMustNotIncrease() {
        let text = "# C\n\n## [Unreleased]\n\n## [1.1.0] - 2025-01-01\n\n## [1.0.0] - 2025-02-01\n"
        #expect(Self.run(text).map(\.message) == ["release 1.0.0 is dated after the newer release 1.1.0"])
    }

    @Test func prereleasesSortBelowTheirRelease() {
        let good = "# C\n\n## [Unreleased]\n\n## [1.0.0] - 2025-02-01\n\n## [1.0.0-rc.2] - 2025-01-20\n\n## [1.0.0-rc.1] - 2025-01-10\n"
        #expect(Self.run(good).isEmpty)
        let bad = "# C\n\n## [Unreleased]\n\n## [1.0.0-rc.1] - 2025-01-10\n\n## [1.0.0] - 2025-02-01\n"
        #expect(Self.run(bad).map(\.message) == ["release 1.0.0 is listed below 1.0.0-rc.1"])
    }

    @Test func relativeLinkReferencesMustExist() {
        let text = "# C\n\n## [Unreleased]\n\n## [1.0.0] - 2025-01-01\n\n[1.0.0]: docs/releases/1.0.0.md\n[Unreleased]: https://x/compare\n"
        #expect(Self.run(text, extra: ["docs/releases/1.0.0.md": "# R\n"]).isEmpty)
        #expect(DocsLint.places(Self.run(text)) == ["CHANGELOG.md:7:10 changelog-format"])
    }

    @Test func onlyTheRootChangelogIsChecked() {
        let diagnostics = DocsLint.run([ChangelogFormatRule.self], ["docs/CHANGELOG.md": "# C\n\n## Whatever\n"])
        #expect(diagnostics.isEmpty)
    }
}
