import MagsagCatalog
import MagsagLintCore
@testable import MagsagLintRules
import MagsagSource
import Testing

/// Options of the docs rules (canonical files, path-mention allowlist, changelog release level) and the
/// version policy of `.magsag-lint.yaml`.
@Suite struct DocsOptionsTests {
    static func configuration(_ yaml: String) -> (Configuration, [ConfigurationIssue]) {
        ConfigurationLoader(rules: BuiltInRules.all.map { $0.description }).load(SourceFile(path: ".magsag-lint.yaml", text: yaml))
    }

    static func run(_ rule: any Rule.Type, _ files: [String: String], linted: [String]? = nil, config: String = "") -> [Diagnostic] {
        let (configuration, _) = configuration(config)
        return Linter(rules: [rule], configuration: configuration).lint(FileSet.inMemory(files, linted: linted)).diagnostics
    }

    // MARK: - missing-canonical-file

    @Test func canonicalFilesAreRequiredOnlyOnceNamed() {
        let files = ["docs/a.md": "# A\n\nRead AGENTS.md, then SSOT.md and SSOT.md again.\n\nAlso `./CHANGELOG.md`.\n", "AGENTS.md": "# A\n"]
        #expect(DocsLint.places(Self.run(MissingCanonicalFileRule.self, files)) == [
            "docs/a.md:3:22 missing-canonical-file", "docs/a.md:5:9 missing-canonical-file",
        ])
        #expect(Self.run(MissingCanonicalFileRule.self, ["docs/a.md": "# A\n\nNothing canonical here.\n"]).isEmpty)
    }

    @Test func canonicalFileBesideTheDocumentCounts() {
        let files = ["docs/plans/p.md": "# P\n\nSee README.md.\n", "docs/plans/README.md": "# R\n"]
        #expect(Self.run(MissingCanonicalFileRule.self, files).isEmpty)
    }

    @Test func changelogAndLinksAreNotMentions() {
        let files = [
            "CHANGELOG.md": "# C\n\n## [Unreleased]\n\n- Check SSOT.md.\n",
            "docs/a.md": "# A\n\n[SSOT.md](../SSOT.md) and docs/SSOT.md and SSOT.mdx.\n",
        ]
        #expect(Self.run(MissingCanonicalFileRule.self, files).isEmpty)
    }

    @Test func canonicalFilesAreConfigurable() {
        let files = ["docs/a.md": "# A\n\nSee SSOT.md and GOVERNANCE.md.\n"]
        let config = "options:\n  missing-canonical-file:\n    files: [GOVERNANCE.md]\n    required: [SECURITY.md, AGENTS.md]\n"
        let found = Self.run(MissingCanonicalFileRule.self, files.merging([".magsag-lint.yaml": config]) { a, _ in a }, config: config)
        #expect(Set(found.map(\.message)) == [
            "required canonical file `SECURITY.md` does not exist", "required canonical file `AGENTS.md` does not exist",
            "`GOVERNANCE.md` is named as a canonical file but does not exist",
        ])
        #expect(DocsLint.places(found) == [".magsag-lint.yaml:4:16 missing-canonical-file", ".magsag-lint.yaml:4:29 missing-canonical-file",
                                           "docs/a.md:3:17 missing-canonical-file"])
    }

    @Test func deletingACanonicalFileBreaksUnchangedDocuments() {
        let files = ["docs/a.md": "# A\n\nTerms live in SSOT.md.\n", "docs/b.md": "# B\n\nChanged, and it names AGENTS.md.\n"]
        let set = FileSet.inMemory(files, base: ["SSOT.md": "# S\n", "docs/b.md": "# B\n"])
        let found = Linter(rules: [MissingCanonicalFileRule.self]).lint(set).diagnostics
        #expect(DocsLint.places(found) == ["docs/a.md:3:15 missing-canonical-file", "docs/b.md:3:23 missing-canonical-file"])
        let plain = Linter(rules: [MissingCanonicalFileRule.self]).lint(FileSet.inMemory(files, base: ["docs/b.md": "# B\n"])).diagnostics
        #expect(DocsLint.places(plain) == ["docs/b.md:3:23 missing-canonical-file"], "unchanged documents are read only after a deletion")
    }

    @Test func standaloneNames() {
        #expect(MissingCanonicalFileRule.standalone("SSOT.md", in: "see SSOT.md.") == 5)
        #expect(MissingCanonicalFileRule.standalone("SSOT.md", in: "`/SSOT.md`") == 3)
        #expect(MissingCanonicalFileRule.standalone("SSOT.md", in: "../SSOT.md") == nil)
        #expect(MissingCanonicalFileRule.standalone("SSOT.md", in: "MySSOT.md SSOT.md5 SSOT.md/x") == nil)
        #expect(MissingCanonicalFileRule.standalone("SSOT.md", in: "(SSOT.md)") == 2)
    }

    // MARK: - missing-path-mention allowlist

    @Test func hypotheticalPathsCanBeAllowed() {
        let files = ["docs/a.md": "# A\n\nPlans go in `docs/plans/my-feature.md`; see `docs/gone.md`.\n", "docs/plans/x.md": "# X\n"]
        #expect(Self.run(MissingPathMentionRule.self, files).count == 2)
        let config = "options:\n  missing-path-mention:\n    allow: ['docs/plans/my-*.md']\n"
        #expect(DocsLint.places(Self.run(MissingPathMentionRule.self, files, config: config)) == ["docs/a.md:3:46 missing-path-mention"])
    }

    // MARK: - changelog-format levels

    @Test func releaseHeadingsAtTheWrongLevel() {
        let text = "# C\n\n## [Unreleased]\n\n### [1.1.0] - 2025-02-01\n\n## [1.0.0] - 2025-01-01\n\n### Added\n\n### Added\n\n#### Details\n"
        let found = ChangelogTests.run(text)
        #expect(found.map(\.message) == [
            "release heading `[1.1.0] - 2025-02-01` is a level-3 heading; releases are level-2 (`## `) headings",
            "subsection `Added` appears twice in the same release",
        ])
    }

    @Test func subsectionCaseIsSuggested() {
        let found = ChangelogTests.run("# C\n\n## [Unreleased]\n\n### fixed\n")
        #expect(found.first?.help == "write `### Fixed`")
    }

    @Test func releaseLevelThree() {
        let text = "# C\n\n## History\n\n### [Unreleased]\n\n#### Added\n\n### [1.0.0] - 2025-01-01\n\n#### Notes\n"
        let config = "options:\n  changelog-format:\n    release-level: 3\n"
        let found = Self.run(ChangelogFormatRule.self, ["CHANGELOG.md": text], config: config)
        #expect(found.map(\.message) == ["subsection `Notes` is not one of Added, Changed, Deprecated, Removed, Fixed, Security"])
    }

    // MARK: - taxonomy and plans roots from the configuration

    @Test func taxonomyComesFromTheConfiguredPathOrAnInlineList() {
        let table = "# T\n\n## Vocabulary\n\n| Tag | Meaning |\n|---|---|\n| `plans` | Plans |\n"
        let files = ["docs/a.md": "---\ntags: [plans, misc]\n---\n# A\n", "handbook/tags.md": table]
        #expect(Self.run(UnknownTagRule.self, files, linted: ["docs/a.md"]).isEmpty, "no taxonomy at the default path: silent")
        let configured = Self.run(UnknownTagRule.self, files, linted: ["docs/a.md"], config: "taxonomy: handbook/tags.md\n")
        #expect(configured.map(\.message) == ["tag \"misc\" is not in the controlled vocabulary"])
        #expect(configured.first?.related.first?.path == "handbook/tags.md")
        let inline = Self.run(UnknownTagRule.self, files, linted: ["docs/a.md"], config: "options:\n  unknown-tag:\n    tags: [misc]\n")
        #expect(inline.map(\.message) == ["tag \"plans\" is not in the controlled vocabulary"])
    }

    @Test func plansLiveWhereTheConfigurationSays() {
        let plan = "# Plan\n\n## Purpose\n\nWhy.\n"
        let files = ["docs/plans/p.md": plan, "docs/development/plans/q.md": plan]
        let config = "roots:\n  plans: docs/plans\n"
        let found = Self.run(ExecplanMissingSectionRule.self, files, config: config)
        #expect(Set(found.map(\.primary.path)) == ["docs/plans/p.md"], "\(DocsLint.places(found))")
        #expect(Set(Self.run(ExecplanMissingSectionRule.self, files).map(\.primary.path)) == ["docs/development/plans/q.md"])
    }

    // MARK: - front-matter-schema

    @Test func frontMatterSchemaReplacesTheBuiltInSpecification() {
        let schema = #"{"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object", "required": ["title", "owner"], "properties": {"status": {"enum": ["draft", "archived"]}}}"#
        let files = [
            "docs/governance/frontmatter.schema.json": schema,
            "docs/a.md": "---\ntitle: A\nstatus: archived\n---\n# A\n",
            "docs/b.md": "---\ntitle: B\nowner: me\nstatus: living\n---\n# B\n",
        ]
        let rules: [any Rule.Type] = [MissingFrontMatterFieldRule.self, InvalidFrontMatterFieldRule.self]
        let builtIn = Linter(rules: rules).lint(FileSet.inMemory(files)).diagnostics
        #expect(builtIn.count > 2, "\(DocsLint.places(builtIn))")
        let (configuration, issues) = Self.configuration("front-matter-schema: docs/governance/frontmatter.schema.json\n")
        #expect(issues.isEmpty)
        let found = Linter(rules: rules, configuration: configuration).lint(FileSet.inMemory(files)).diagnostics
        #expect(DocsLint.places(found) == ["docs/a.md:1:1 missing-front-matter-field", "docs/b.md:4:9 invalid-front-matter-field"],
                "\(found.map(\.message))")
        #expect(found.first?.message.contains("owner") == true, "\(found.map(\.message))")

        let (missing, _) = Self.configuration("front-matter-schema: docs/none.schema.json\n")
        let unusable = Linter(rules: rules, configuration: missing).lint(FileSet.inMemory(files.merging([".magsag-lint.yaml": "version: 1\n"]) { a, _ in a })).diagnostics
        #expect(unusable.contains { $0.primary.path == ".magsag-lint.yaml" && $0.message.contains("does not exist") }, "\(unusable.map(\.message))")
        let (_, bad) = Self.configuration("front-matter-schema: docs/front.json\n")
        #expect(bad.map(\.message) == ["`front-matter-schema` must name a `*.schema.json` (or `.schema.yaml`) file, got \"docs/front.json\""])
    }

    // MARK: - version-policy

    @Test func versionPolicyParses() {
        let (configuration, issues) = Self.configuration("version-policy:\n  breaking: minor\n  compatible: none\n  possibly-breaking: patch\n  initial-development: strict\n")
        #expect(issues.isEmpty)
        var expected = VersionPolicy()
        expected.breaking = .minor
        expected.compatible = .none
        expected.possiblyBreaking = .patch
        expected.relaxedBelowOne = false
        #expect(configuration.versionPolicy == expected)
        #expect(configuration.settings.versionPolicy == expected)
        let (_, bad) = Self.configuration("version-policy: major\n")
        #expect(bad.map(\.message) == ["`version-policy` must be a mapping"])
    }

    @Test(arguments: [
        // policy (breaking, compatible, initial-development), before, now, breaking change, missing bump
        ("major", "minor", "relaxed", "1.2.0", "1.3.0", true, "major"),
        ("major", "minor", "strict", "0.3.0", "0.4.0", true, "major"),
        ("major", "minor", "strict", "0.3.0", "1.0.0", true, nil),
        ("minor", "minor", "relaxed", "1.2.0", "1.3.0", true, nil),
        ("major", "none", "relaxed", "1.2.0", "1.2.0", false, nil),
        ("major", "patch", "relaxed", "1.2.0", "1.2.0", false, "patch"),
        ("major", "patch", "relaxed", "1.2.0", "1.2.1", false, nil),
        ("major", "minor", "strict", "0.3.1", "0.3.2", false, "minor"),
    ] as [(String, String, String, String, String, Bool, String?)])
    func versionPolicyDecidesTheBump(_ breaking: String, _ compatible: String, _ zero: String, _ before: String, _ now: String,
                                     _ isBreaking: Bool, _ expected: String?) throws {
        var policy = VersionPolicy()
        policy.breaking = try #require(VersionPolicy.Bump(rawValue: breaking))
        policy.compatible = try #require(VersionPolicy.Bump(rawValue: compatible))
        policy.relaxedBelowOne = zero == "relaxed"
        let a = try #require(SemanticVersion(before)), b = try #require(SemanticVersion(now))
        let required = policy.required(breaking: isBreaking, fromMajor: a.major)
        #expect(VersionNotBumpedRule.missing(required, from: a, to: b)?.rawValue == expected)
    }

    @Test func schemaListsTheVersionPolicy() {
        let schema = ConfigurationSchema.json(rules: [])
        #expect(schema.contains(#""version-policy": {"type": "object", "additionalProperties": false"#))
        #expect(schema.contains(#""initial-development": {"enum": ["relaxed", "strict"]}"#))
    }
}
