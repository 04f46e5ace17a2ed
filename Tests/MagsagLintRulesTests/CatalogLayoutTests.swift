import MagsagCatalog
import MagsagLintCore
@testable import MagsagLintRules
import MagsagSource
import Testing

/// Configured roots (`roots.catalog`, `roots.docs`), front-matter include/exclude, routing references,
/// template mode and the built-in catalog schemas.
@Suite struct CatalogLayoutTests {
    static func run(_ rules: [any Rule.Type], _ files: [String: String], config: String = "") -> [String] {
        let (configuration, issues) = DocsOptionsTests.configuration(config)
        #expect(issues.isEmpty, "configuration issues: \(issues)")
        return Linter(rules: rules, configuration: configuration).lint(FileSet.inMemory(files, linted: nil)).diagnostics
            .map { "\($0.primary.path):\($0.primary.range.start.line) \($0.ruleID)" }.sorted()
    }

    static let movedCatalog = [
        "agents-catalog/agents/main/a-mag/agent.yaml": "slug: b-mag\nversion: 1.0.0\ndepends_on:\n  sub_agents:\n    - magsag://sub.ghost-sag@^1.0.0\n",
        "agents-catalog/registry/agents.yaml": "tasks:\n  - id: t\n    default: magsag://main.a-mag@^2.0.0\n",
        "agents-catalog/evals/q/eval.yaml": "target_agents: [a-mag]\nmetrics:\n  - id: m\n    weight: high\n",
    ]

    @Test func catalogRulesFollowTheConfiguredCatalogRoot() {
        let rules: [any Rule.Type] = [UnresolvedReferenceRule.self, AgentSlugMismatchRule.self, UnsatisfiedVersionRangeRule.self, SchemaViolationRule.self]
        let found = Self.run(rules, Self.movedCatalog, config: "roots:\n  catalog: agents-catalog\n")
        #expect(found.contains("agents-catalog/agents/main/a-mag/agent.yaml:5 unresolved-reference"))
        #expect(found.contains("agents-catalog/agents/main/a-mag/agent.yaml:1 agent-slug-mismatch"))
        #expect(found.contains("agents-catalog/registry/agents.yaml:3 unsatisfied-version-range"))
        #expect(found.contains("agents-catalog/evals/q/eval.yaml:4 schema-violation"))
        // Under the default roots the folder is not a catalog at all.
        #expect(Self.run(rules, Self.movedCatalog).isEmpty)
    }

    @Test func runnerFollowsTheConfiguredCatalogRoot() {
        var files: [String: String] = [:]
        for (path, text) in RunnerExamples.pair() {
            files["agents-catalog/" + path.dropFirst("catalog/".count)] = text.replacing("catalog/contracts", with: "agents-catalog/contracts")
        }
        files["agents-catalog/agents/main/a-mag/fixtures/basic.yaml"] = RunnerExamples.call("magsag://sub.ghost-sag@^1.0.0")
        let rules = BuiltInRules.all.filter { $0.description.id == "unknown-callee" || $0.description.id == "undeclared-delegation" }
        #expect(!rules.isEmpty)
        let found = Self.run(rules, files, config: "roots:\n  catalog: agents-catalog\n")
        #expect(found.contains { $0.hasPrefix("agents-catalog/agents/main/a-mag/fixtures/basic.yaml") }, "\(found)")
        #expect(Self.run(rules, files).isEmpty)
    }

    @Test func repositorySchemaUnderTheConfiguredRootIsTheLaw() {
        var files = Self.movedCatalog
        files["agents-catalog/_schemas/eval.schema.json"] = #"{"type": "object", "properties": {"metrics": {"type": "array"}}}"#
        let found = Self.run([SchemaViolationRule.self], files, config: "roots:\n  catalog: agents-catalog\n")
        #expect(!found.contains { $0.hasPrefix("agents-catalog/evals/") }, "the repository's looser schema replaces the built-in one: \(found)")
    }

    @Test func frontMatterFollowsTheConfiguredDocsRoot() {
        let files = ["handbook/guide.md": "# Guide\n", "docs/notes.md": "# Notes\n"]
        #expect(Self.run([MissingFrontMatterRule.self], files) == ["docs/notes.md:1 missing-front-matter"])
        #expect(Self.run([MissingFrontMatterRule.self], files, config: "roots:\n  docs: handbook\n") == ["handbook/guide.md:1 missing-front-matter"])
    }

    @Test func frontMatterIncludeAndExcludeOptions() {
        let files = ["docs/generated/api.md": "# API\n", "docs/guide.md": "# Guide\n", "guides/setup.md": "# Setup\n"]
        let config = "include: ['guides/**']\noptions:\n  missing-front-matter:\n    include: ['guides/**/*.md']\n    exclude: ['docs/generated/**']\n"
        #expect(Self.run([MissingFrontMatterRule.self], files, config: config) == [
            "docs/guide.md:1 missing-front-matter", "guides/setup.md:1 missing-front-matter",
        ])
    }

    @Test func routingReferencesResolve() {
        let files = [
            "catalog/agents/main/a-mag/agent.yaml": "slug: a-mag\nversion: 1.0.0\nname: AMAG\nrole: main\nentrypoint: \"@magsag/catalog#agents.aMag\"\n",
            "catalog/routing/default.yaml": "routes:\n  - task_type: t\n    agent: magsag://main.a-mag@^1.0.0\n  - task_type: u\n    agent: magsag://main.b-mag@^1.0.0\n",
            "catalog/routing/_template/route.yaml": "routes:\n  - task_type: <task>\n    agent: magsag://main.<slug>@^<semver>\n",
        ]
        #expect(Self.run([UnresolvedReferenceRule.self, SchemaViolationRule.self], files) == ["catalog/routing/default.yaml:5 unresolved-reference"])
    }

    @Test func templateModeEnforcesStructureAndExcusesPlaceholders() {
        let schema = #"{"type": "object", "required": ["slug", "role"], "properties": {"slug": {"type": "string", "pattern": "^[a-z-]+$"}, "tokens": {"type": "integer"}}}"#
        let files = [
            "catalog/_schemas/agent.schema.json": schema,
            "catalog/agents/_template/mag-template/agent.yaml": "slug: <slug>-mag\ntokens: <tokens>\n",
            "catalog/agents/_template/sag-template/agent.yaml": "slug: \"{{slug}}\"\nrole: sub\ntokens: many\n",
        ]
        #expect(Self.run([SchemaViolationRule.self], files) == [
            "catalog/agents/_template/mag-template/agent.yaml:1 schema-violation",
            "catalog/agents/_template/sag-template/agent.yaml:3 schema-violation",
        ])
    }

    @Test func subAgentDependenciesCanBeForbidden() {
        let files = ["catalog/agents/sub/a-sag/agent.yaml": "depends_on:\n  sub_agents:\n    - magsag://sub.b-sag@^1.0.0\n  skills:\n    - skill.lookup\n"]
        #expect(Self.run([DependencyKindMismatchRule.self], files).isEmpty)
        let config = "options:\n  dependency-kind-mismatch:\n    allow-sub-agent-dependencies: false\n"
        #expect(Self.run([DependencyKindMismatchRule.self], files, config: config) == ["catalog/agents/sub/a-sag/agent.yaml:3 dependency-kind-mismatch"])
    }

    @Test func builtInSchemasCompileAndAreValidSchemas() {
        for schema in BuiltInCatalogSchema.allCases {
            #expect(schema.compiled != nil, "\(schema.fileName) does not compile")
            #expect(JSONParser.parse(schema.json).value != nil)
        }
    }

    @Test(arguments: [
        ("*-preview", "gpt-5-preview", true), ("*-preview", "gpt-5-preview-2", false), ("gpt-4o", "gpt-4o", true),
        ("gpt-?o", "gpt-4o", true), ("model-[0-9]*", "model-7b", true), ("model-[!0-9]*", "model-7b", false),
        ("internal-*", "internal-", true), ("*", "", true), ("a*b*c", "aXXbYYc", true), ("a*b*c", "aXXbYY", false),
    ])
    func modelGlobs(pattern: String, model: String, expected: Bool) {
        #expect(ModelGlob.matches(pattern, model) == expected)
    }
}
