import MagsagCatalog
import MagsagLintCore
import MagsagLintRules
import Testing

/// Registry rules across files (the rule registry itself is tested in RegistryTests).
@Suite struct CatalogRegistryTests {
    @Test func skillReferencesThroughAMissingLocationAreUnresolvedWithANote() {
        let files = [
            "catalog/agents/sub/a-sag/agent.yaml": "depends_on:\n  skills:\n    - magsag://skill.pg@1.0.0\n",
            "catalog/registry/skills.yaml": "skills:\n  - id: skill.pg\n    version: 1.0.0\n    location: catalog/skills/pg-query\n",
        ]
        let result = Linter(rules: [UnresolvedReferenceRule.self, RegistryLocationMissingRule.self])
            .lint(FileSet.inMemory(files)).diagnostics
        #expect(result.map(\.ruleID).sorted() == ["registry-location-missing", "unresolved-reference"])
        #expect(result.first { $0.ruleID == "unresolved-reference" }?.notes.first?.contains("catalog/skills/pg-query") == true)
    }

    @Test func mismatchPointsAtBothFiles() throws {
        let files = [
            "catalog/registry/skills.yaml": "skills:\n  - id: skill.s\n    version: 1.0.0\n    location: catalog/skills/s\n",
            "catalog/skills/s/skill.yaml": "id: skill.s\nversion: 1.1.0\n",
        ]
        let diagnostics = Linter(rules: [RegistrySkillMismatchRule.self]).lint(FileSet.inMemory(files)).diagnostics
        let diagnostic = try #require(diagnostics.first)
        #expect(diagnostics.count == 1)
        #expect(diagnostic.primary.pointer?.description == "/skills/0/version")
        #expect(diagnostic.related.first?.path == "catalog/skills/s/skill.yaml")
        #expect(diagnostic.related.first?.range.start.line == 2)
    }

    @Test func unsatisfiedRangeRelatesTheTargetVersion() throws {
        let files = [
            "catalog/registry/agents.yaml": "tasks:\n  - id: t\n    variants:\n      - id: v\n        weight: 100\n        main_agent: magsag://main.a-mag@^2.0.0\n",
            "catalog/agents/main/a-mag/agent.yaml": "slug: a-mag\nversion: 1.4.0\n",
        ]
        let diagnostics = Linter(rules: [UnsatisfiedVersionRangeRule.self, InvalidVariantWeightsRule.self])
            .lint(FileSet.inMemory(files)).diagnostics
        let diagnostic = try #require(diagnostics.first)
        #expect(diagnostics.count == 1)
        #expect(diagnostic.primary.path == "catalog/registry/agents.yaml" && diagnostic.primary.range.start.line == 6)
        #expect(diagnostic.related.first?.path == "catalog/agents/main/a-mag/agent.yaml")
        #expect(diagnostic.related.first?.range.start.line == 2)
    }

    @Test func unregisteredSkillNeedsARegistry() {
        let files = ["catalog/skills/a/skill.yaml": "id: skill.a\n"]
        #expect(catalogFindings([UnregisteredSkillRule.self], files).isEmpty)
        var withRegistry = files
        withRegistry["catalog/registry/skills.yaml"] = "skills: []\n"
        #expect(catalogFindings([UnregisteredSkillRule.self], withRegistry).count == 1)
    }

    @Test func findingsOnContextFilesAreDropped() {
        let files = [
            "catalog/registry/skills.yaml": "skills:\n  - id: skill.a\n    location: catalog/skills/gone\n",
            "catalog/agents/main/a-mag/agent.yaml": "slug: a-mag\n",
        ]
        #expect(catalogFindings([RegistryLocationMissingRule.self], files, linted: ["catalog/agents/main/a-mag/agent.yaml"]).isEmpty)
    }

    @Test func outputIsDeterministic() {
        let files = [
            "catalog/registry/agents.yaml": "tasks:\n  - id: t\n  - id: t\n  - match: x\n    id: y\n",
            "catalog/registry/skills.yaml": "skills:\n  - id: skill.a\n  - id: skill.a\n",
        ]
        let rules = BuiltInRules.all.filter { $0.description.category == .registries || $0.description.category == .catalog }
        let first = catalogFindings(rules, files)
        #expect(!first.isEmpty)
        #expect(catalogFindings(rules, files) == first)
    }
}
