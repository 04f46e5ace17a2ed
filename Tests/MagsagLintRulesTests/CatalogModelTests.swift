import MagsagCatalog
import MagsagLintCore
import MagsagLintRules
import MagsagSource
import Testing

/// Lints in-memory files with `rules` and returns `rule-id path:line:col message` lines, sorted.
func catalogFindings(_ rules: [any Rule.Type], _ files: [String: String], linted: [String]? = nil) -> [String] {
    Linter(rules: rules).lint(FileSet.inMemory(files, linted: linted)).diagnostics
        .filter { diagnostic in rules.contains { $0.id == diagnostic.ruleID } }
        .map { "\($0.ruleID) \($0.primary.path):\($0.primary.range.start) \($0.message)" }
        .sorted()
}

/// A snapshot index over in-memory files (every file linted).
func catalogIndex(_ files: [String: String], deleted: Set<String> = []) -> RepositoryIndex {
    var documents: [String: LintDocument] = [:]
    for (path, text) in files { documents[path] = LintDocument(file: SourceFile(path: path, text: text)) }
    return RepositoryIndex(documents: documents, linted: Set(files.keys), allPaths: Set(files.keys).subtracting(deleted),
                           deleted: deleted)
}

@Suite struct CatalogModelTests {
    static let files: [String: String] = [
        "catalog/agents/main/a-mag/agent.yaml": "slug: a-mag\nversion: 1.0.0\ndepends_on:\n  sub_agents: [b-sag]\n  skills: [skill.s]\n",
        "catalog/agents/sub/b-sag/agent.yaml": "slug: b-sag\nversion: 1.0.0\n",
        "catalog/agents/_template/mag-template/agent.yaml": "slug: <slug>-mag\n",
        "catalog/agents/main/nested/deeper/agent.yaml": "slug: nope\n",
        "catalog/skills/s/skill.yaml": "id: skill.s\nversion: 0.1.0\n",
        "catalog/skills/s/SKILL.md": "---\nname: s\niface:\n  input_schema: catalog/skills/s/in.schema.json\n---\n# S\n",
        "catalog/skills/card-only/SKILL.md": "---\nname: card-only\n---\n",
        "catalog/registry/skills.yaml": "skills:\n  - id: skill.s\n    location: catalog/skills/s\n",
        "catalog/contracts/a.schema.json": "{}",
        "catalog/contracts/nested/b.schema.json": "{}",
        "tools/adk/servers/fetch.yaml": "id: fetch\n",
        ".mcp/servers/legacy.yml": "id: legacy\n",
        "tools/adk/servers/sub/ignored.yaml": "id: ignored\n",
        "catalog/evals/quality/eval.yaml": "target_agents: [a-mag]\n",
    ]

    @Test func discoversTheLayout() {
        let repository = catalogIndex(Self.files)
        let catalog = CatalogModel.of(repository)
        #expect(catalog.agents.map(\.folderName) == ["mag-template", "a-mag", "b-sag"])
        #expect(catalog.agents.map(\.isTemplate) == [true, false, false])
        #expect(catalog.agentsByKey.keys.sorted() == ["main.a-mag", "sub.b-sag"])
        #expect(catalog.agents[1].dependencies.map { $0.parsed?.key } == ["sub.b-sag", "skill.s"])
        #expect(catalog.skills.map(\.folderName) == ["card-only", "s"])
        #expect(catalog.skills[1].manifest != nil && catalog.skills[1].card != nil)
        #expect(catalog.contracts == ["catalog/contracts/a.schema.json", "catalog/contracts/nested/b.schema.json"])
        #expect(catalog.mcpServerIDs == ["fetch", "legacy"])
        #expect(catalog.evals.count == 1)
        #expect(catalog.existingLocations["skill.s"] == "catalog/skills/s")
    }

    @Test func listsDescriptorsForSchemaValidation() {
        let catalog = CatalogModel.of(catalogIndex(Self.files))
        let kinds = catalog.descriptors.map { "\($0.kind.rawValue) \($0.root.path)" }
        #expect(kinds.contains("agent catalog/agents/main/a-mag/agent.yaml"))
        #expect(kinds.contains("skillCard catalog/skills/s/SKILL.md"))
        #expect(kinds.contains("skillsRegistry catalog/registry/skills.yaml"))
        #expect(kinds.contains("mcpServer .mcp/servers/legacy.yml"))
        #expect(kinds.contains("eval catalog/evals/quality/eval.yaml"))
        #expect(catalog.descriptors.filter(\.isTemplate).count == 1)
    }

    @Test func isBuiltOncePerRun() {
        let repository = catalogIndex(Self.files)
        let first = CatalogModel.of(repository)
        let second = CatalogModel.of(repository)
        #expect(first.agents.count == second.agents.count)
    }

    @Test func deletedFilesAreGone() {
        let repository = catalogIndex(Self.files, deleted: ["catalog/agents/sub/b-sag/agent.yaml"])
        #expect(CatalogModel.of(repository).agentsByKey["sub.b-sag"] == nil)
    }

    @Test func resolvesSkillsThroughFoldersAndRegistry() throws {
        var files = Self.files
        files["catalog/registry/skills.yaml"] =
            "skills:\n  - id: skill.s\n    location: catalog/skills/s\n  - id: skill.remote\n    version: 2.0.0\n    location: catalog/skills/s\n  - id: skill.gone\n    location: catalog/skills/gone\n"
        let catalog = CatalogModel.of(catalogIndex(files))
        let remote = try #require(catalog.resolve(CatalogReference(parsing: "skill.remote", implied: .skill)))
        #expect(remote.version?.string == "2.0.0")
        let gone = try CatalogReference(parsing: "skill.gone", implied: .skill)
        #expect(catalog.resolve(gone) == nil)
        #expect(catalog.unresolvedHint(gone)?.contains("does not exist") == true)
        let template = try CatalogReference(parsing: "main.mag-template", implied: .main)
        #expect(catalog.resolve(template) == nil)
    }

    /// Over a deferred snapshot, skills are not parsed up front: a reference resolves a declared name by
    /// searching the manifests' bytes. The answers equal the eager model's (folder names first, then the
    /// first manifest declaring the name, templates left out), escapes and odd names included, and a
    /// manifest whose bytes cannot spell the name is not read.
    @Test func declaredSkillNamesResolveAsTheEagerModelDoes() throws {
        let files: [String: String] = [
            "catalog/skills/x/skill.yaml": "id: skill.y\n",
            "catalog/skills/y/skill.yaml": "id: skill.other\n",
            "catalog/skills/p/skill.yaml": "id: skill.q\n",
            "catalog/skills/r/skill.yaml": "id: skill.q\n",
            "catalog/skills/t/skill.yaml": "id: \"skill.\\x7a\"\n",
            "catalog/skills/_template/w/skill.yaml": "id: skill.w\n",
            "catalog/skills/sp/skill.yaml": "id: 'skill.has  space'\n",
            "catalog/skills/unrelated/skill.yaml": "id: skill.unrelated\nversion: 1.0.0\n",
            "catalog/skills/card/SKILL.md": "---\nname: card\n---\n",
        ]
        let eager = CatalogModel.of(catalogIndex(files))
        let reads = Locked<[String: Int]>([:])
        var documents: [String: LintDocument] = [:]
        for (n, (path, text)) in files.sorted(by: { $0.key < $1.key }).enumerated() {
            let bytes = Array(text.utf8)
            documents[path] = LintDocument(deferred: DeferredFile(path: path, identity: [UInt8(n)], isExecutable: false, size: bytes.count) {
                reads.withLock { $0[path, default: 0] += 1 }
                return bytes
            })
        }
        let repository = RepositoryIndex(documents: documents, linted: [], allPaths: Set(files.keys))
        #expect(repository.hasDeferred)
        let lazy = CatalogModel.of(repository)
        #expect(reads.withLock { $0.isEmpty }, "building the catalog read skill files")
        func compare(_ names: [String]) {
            for name in names {
                #expect(lazy.skillIndex(named: name) == eager.skillIndex(named: name), "\(name)")
                #expect(lazy.skillIndices(named: name) == eager.skillIndices(named: name), "\(name)")
            }
        }
        // Plain names parse only the manifests whose bytes can spell them (the escaped one included):
        // the others are searched, not parsed.
        compare(["y", "other", "q", "z", "w", "missing"])
        #expect(documents["catalog/skills/unrelated/skill.yaml"]?.isLoaded == false)
        #expect(documents["catalog/skills/sp/skill.yaml"]?.isLoaded == false)
        #expect(documents["catalog/skills/t/skill.yaml"]?.isLoaded == true)
        // Any other name parses every manifest; each file is read once.
        compare(["has  space", "", "unrelated", "card"])
        #expect(documents["catalog/skills/sp/skill.yaml"]?.isLoaded == true)
        #expect(reads.withLock { $0.values.allSatisfy { $0 == 1 } })
        let folder = { (name: String) in try #require(eager.skillIndex(named: name)).description }
        #expect(try folder("y") == eager.skills.firstIndex { $0.folderName == "y" }!.description)
        #expect(eager.skillIndex(named: "q").map { eager.skills[$0].folderName } == "p")
        #expect(eager.skillIndex(named: "z").map { eager.skills[$0].folderName } == "t")
        #expect(eager.skillIndex(named: "w") == nil && eager.skillIndices(named: "w").count == 1)
        #expect(eager.skillIndex(named: "has  space").map { eager.skills[$0].folderName } == "sp")
    }

    @Test func cycleIsReportedOnceAtTheLintedMember() {
        let files = [
            "catalog/agents/sub/a-sag/agent.yaml": "depends_on:\n  sub_agents: [b-sag]\n",
            "catalog/agents/sub/b-sag/agent.yaml": "depends_on:\n  sub_agents: [c-sag]\n",
            "catalog/agents/sub/c-sag/agent.yaml": "depends_on:\n  sub_agents: [a-sag, b-sag]\n",
        ]
        #expect(catalogFindings([DependencyCycleRule.self], files) == [
            "dependency-cycle catalog/agents/sub/a-sag/agent.yaml:2:16 dependency cycle: a-sag -> b-sag -> c-sag -> a-sag",
        ])
        #expect(catalogFindings([DependencyCycleRule.self], files, linted: ["catalog/agents/sub/c-sag/agent.yaml"]) == [
            "dependency-cycle catalog/agents/sub/c-sag/agent.yaml:2:23 dependency cycle: c-sag -> b-sag -> c-sag",
        ])
    }

    @Test func longChainsDoNotOverflow() {
        var files: [String: String] = [:]
        let count = 3000
        for i in 0..<count {
            files["catalog/agents/sub/n\(i)-sag/agent.yaml"] = "depends_on:\n  sub_agents: [n\((i + 1) % count)-sag]\n"
        }
        let findings = catalogFindings([DependencyCycleRule.self], files)
        #expect(findings.count == 1)
        #expect(findings.first?.hasPrefix("dependency-cycle catalog/agents/sub/n0-sag/agent.yaml") == true)
    }

    @Test func brokenDescriptorsDoNotCascadeIntoUnusedContracts() {
        let files = [
            "catalog/agents/main/a-mag/agent.yaml": "slug: a-mag\ncontracts:\n  input_schema: catalog/contracts/a_input.schema.json\n  bad: \"unterminated\n",
            "catalog/contracts/a_input.schema.json": "{}",
        ]
        #expect(catalogFindings([UnusedContractRule.self], files).isEmpty)
    }

    @Test func unusedContractsResolveIdBasedAndRelativeRefs() {
        let files = [
            "catalog/agents/main/a-mag/agent.yaml": "contracts:\n  input_schema: catalog/contracts/in.schema.json\n",
            "catalog/contracts/in.schema.json":
                #"{"$id": "https://magsag.ai/schemas/in.schema.json", "items": [{"$ref": "sub/item.schema.json#/definitions/x"}]}"#,
            "catalog/contracts/sub/item.schema.json":
                #"{"$id": "https://magsag.ai/schemas/sub/item.schema.json", "$ref": "../money.schema.json"}"#,
            "catalog/contracts/money.schema.json": #"{"$id": "https://magsag.ai/schemas/money.schema.json"}"#,
            "catalog/contracts/self.schema.json": ##"{"$id": "https://magsag.ai/schemas/self.schema.json", "$ref": "#/definitions/a"}"##,
        ]
        #expect(catalogFindings([UnusedContractRule.self], files) == [
            "unused-contract catalog/contracts/self.schema.json:1:1 contract 'catalog/contracts/self.schema.json' is not referenced by any agent, skill or schema",
        ])
    }

    @Test func repositoryCatalogStaysSilent() {
        // The shape of the project's own catalog: every rule of this family must be silent on it.
        let files = [
            "catalog/agents/main/lint-triage-mag/agent.yaml": """
                version: 0.2.0
                slug: lint-triage-mag
                name: LintTriageMAG
                role: main
                entrypoint: "@magsag/catalog#agents.lintTriageMag"
                depends_on:
                  sub_agents:
                    - magsag://sub.finding-explainer-sag@^0.1.0
                  skills:
                    - magsag://skill.rule-lookup@>=0.1.0
                contracts:
                  input_schema: catalog/contracts/in.schema.json
                """,
            "catalog/agents/sub/finding-explainer-sag/agent.yaml":
                "version: 0.1.3\nslug: finding-explainer-sag\nname: FindingExplainerSAG\nrole: sub\nentrypoint: \"@magsag/catalog#agents.findingExplainerSag\"\ndepends_on:\n  skills:\n    - magsag://skill.rule-lookup@^0.1.0\n",
            "catalog/registry/agents.yaml": "tasks:\n  - id: lint-triage\n    default: magsag://main.lint-triage-mag@>=0.2.0\n    risk: low\n",
            "catalog/registry/skills.yaml":
                "skills:\n  - id: skill.rule-lookup\n    version: 0.1.2\n    location: catalog/skills/rule-lookup\n    entrypoint: \"@magsag/catalog#skills.ruleLookup\"\n    permissions: []\n",
            "catalog/skills/rule-lookup/skill.yaml":
                "version: 0.1.2\nid: skill.rule-lookup\nname: RuleLookup\nentrypoint: \"@magsag/catalog#skills.ruleLookup\"\npermissions: []\n",
            "catalog/contracts/in.schema.json": #"{"$schema": "http://json-schema.org/draft-07/schema#"}"#,
        ]
        let rules = BuiltInRules.all.filter { [.catalog, .contracts, .registries, .mcp].contains($0.description.category) }
        #expect(catalogFindings(rules, files).isEmpty)
    }

    @Test func oddShapesDoNotCrash() {
        let odd = ["- a\n- b\n", "42\n", "null\n", "depends_on: 7\n", "depends_on:\n  sub_agents: {a: b}\n  skills: [1, null, [x]]\n",
                   "tasks: x\n", "tasks:\n  - variants: 5\n  - variants: [1, {weight: x}, {weight: .inf}]\n", "skills:\n  - location: 5\n  - 3\n",
                   "metrics: [{id: [1]}, {weight: true, threshold: null}]\ntarget_agents: [1, \"magsag://x\"]\n", "{\"$ref\": 5}", "[{\"$ref\": \"../../../../x\"}]",
                   "version: [1]\nslug: {a: 1}\nrole: 3\nname: 4\nentrypoint: null\ndeprecated: true\n", ""]
        var files: [String: String] = [:]
        let paths = ["catalog/agents/main/a-mag/agent.yaml", "catalog/agents/sub/b-sag/agent.yaml", "catalog/registry/agents.yaml",
                     "catalog/registry/skills.yaml", "catalog/skills/s/skill.yaml", "catalog/skills/s/SKILL.md",
                     "catalog/evals/e/eval.yaml", "tools/adk/servers/x.yaml", "catalog/contracts/c.schema.json"]
        for text in odd {
            for path in paths { files[path] = path.hasSuffix(".json") ? text : (path.hasSuffix(".md") ? "---\n\(text)---\n" : text) }
            let rules = BuiltInRules.all.filter { [.catalog, .contracts, .registries, .mcp].contains($0.description.category) }
            _ = catalogFindings(rules, files)
        }
    }
}
