import Foundation
import MagsagLintCore
@testable import MagsagLintRules
import MagsagSource
import Testing

/// A small repository with one of everything the audit looks at.
enum AuditFixture {
    static let frontMatter = """
        ---
        title: Doc
        slug: %SLUG%
        status: living
        last_updated: 2026-11-01
        last_synced: 2026-11-01
        tags: [quality]
        summary: A document.
        description: A document for the audit tests.
        ---

        """

    static func doc(_ slug: String, _ body: String, synced: String = "2026-11-01") -> String {
        frontMatter.replacing("%SLUG%", with: slug).replacing("last_synced: 2026-11-01", with: "last_synced: \(synced)") + body
    }

    static let files: [String: String] = [
        "catalog/agents/main/a-mag/agent.yaml": """
            slug: a-mag
            role: main
            version: 0.1.0
            depends_on:
              sub_agents: [magsag://sub.b-sag@^0.1.0, magsag://sub.ghost-sag@^0.1.0]
              skills: [magsag://skill.used@>=0.1.0]
            contracts:
              input_schema: catalog/contracts/a_input.schema.json
            """,
        "catalog/agents/main/a-mag/fixtures/basic.yaml": "name: basic\n",
        "catalog/agents/sub/b-sag/agent.yaml": "slug: b-sag\nrole: sub\nversion: 0.1.0\n",
        "catalog/skills/used/skill.yaml": "id: skill.used\nversion: 0.1.0\n",
        "catalog/skills/unused/skill.yaml": "id: skill.unused\nversion: 0.1.0\n",
        "catalog/contracts/a_input.schema.json": "{\"type\": \"object\"}\n",
        "catalog/contracts/orphan.schema.json": "{\"type\": \"object\"}\n",
        "docs/governance/taxonomy.md": doc("taxonomy", "# Taxonomy\n\n## Vocabulary\n\n| Tag | Use |\n| --- | --- |\n| `quality` | q |\n| `plans` | p |\n| `spare` | s |\n\nSee [index](../index.md).\n"),
        "docs/index.md": doc("index", "# Index\n\n[A](a.md), [taxonomy](governance/taxonomy.md), [plan](development/plans/p.md).\n"),
        "docs/a.md": doc("a", "# A\n\n[Back](index.md) and [broken](missing.md) and [anchor](index.md#nope).\n", synced: "2025-01-01"),
        "docs/orphan.md": doc("orphan", "# Orphan\n\n[A](a.md)\n"),
        "docs/development/plans/p.md": """
            ---
            title: "ExecPlan: P"
            slug: p
            status: living
            last_updated: 2026-10-01
            last_synced: 2026-10-01
            tags: [plans]
            summary: A plan.
            description: A plan for the audit tests.
            ---

            # ExecPlan: P

            ## Purpose / Big Picture

            Why.

            ## To-do

            - [x] One.
            - [ ] Two.
            - [ ] Three.

            ## Progress

            - [2026-09-01 10:00 UTC] Started.
            - [2026-10-01 10:00 UTC] Went on.

            ## Decision Log

            - [2026-09-02 10:00 UTC] Chose.

            ## Concrete Steps

            1. Build.
            2. Test.

            ## Validation and Acceptance

            - [x] Builds.
            - [ ] Tests pass.

            """,
    ]

    static func report(_ files: [String: String] = files, today: String = "2026-11-25", history: [AuditHistoryEntry] = [],
                       rules: [any Rule.Type] = BuiltInRules.all) -> AuditReport {
        var configuration = Configuration()
        configuration.today = today
        let result = Linter(rules: rules, configuration: configuration).lint(.inMemory(files))
        return AuditBuilder(repository: result.index, diagnostics: result.diagnostics, settings: configuration.settings,
                            commit: "0123456789abcdef", history: history).build()
    }
}

@Suite struct AuditReportTests {
    @Test func planFacts() throws {
        let report = AuditFixture.report()
        let plan = try #require(report.plans.first)
        #expect(report.plans.count == 1)
        #expect(plan.title == "ExecPlan: P")
        #expect(plan.todos == ChecklistState(done: 1, open: 2, other: 0))
        #expect(plan.steps == ChecklistState(done: 0, open: 0, other: 2))
        #expect(plan.validation == ChecklistState(done: 1, open: 1, other: 0))
        #expect(plan.decisions == 1)
        #expect(plan.lastProgress == "2026-10-01")
        #expect(plan.daysSinceProgress == 55)
        #expect(plan.daysSinceUpdate == 55)
        #expect(plan.stale)
        #expect(plan.owners.isEmpty)
        #expect(plan.missingSections.contains("Surprises & Discoveries"))
        let rules = Set((report.findings[.plans] ?? []).map(\.rule))
        #expect(rules.isSuperset(of: ["audit/stale-plan", "audit/plan-without-owner"]))
    }

    @Test func recentProgressIsNotStale() throws {
        let report = AuditFixture.report(today: "2026-10-15")
        let plan = try #require(report.plans.first)
        #expect(!plan.stale)
        #expect(plan.daysSinceProgress == 14)
    }

    @Test func docsFacts() throws {
        let report = AuditFixture.report()
        #expect(report.docs.orphans == ["docs/orphan.md"])
        #expect(report.docs.unusedTags == ["spare"])
        #expect(report.docs.unknownTags.isEmpty)
        #expect(report.docs.tagUsage["quality"] == 4)
        let stale = report.docs.documents.filter(\.stale).map(\.path)
        #expect(stale == ["docs/a.md"])
        let broken = report.docs.brokenLinks.map { "\($0.kind) \($0.target) \($0.sources.joined(separator: ","))" }
        #expect(broken == ["missing-anchor docs/index.md#nope docs/a.md:13", "missing-file docs/missing.md docs/a.md:13"])
        #expect(report.docs.mostLinked.first == LinkCount(path: "docs/a.md", count: 2))
    }

    @Test func catalogFacts() throws {
        let report = AuditFixture.report()
        let catalog = report.catalog
        #expect(catalog.agents.map(\.key) == ["main.a-mag", "sub.b-sag"])
        #expect(catalog.agentsWithFixtures == 1)
        #expect(catalog.agentCount == 2)
        #expect(catalog.fixtureCoverage == 50)
        #expect(catalog.unusedSkills == ["skill.unused"])
        #expect(catalog.unusedContracts == ["catalog/contracts/orphan.schema.json"])
        let mag = try #require(catalog.agents.first)
        #expect(mag.dependencies.map { $0.resolved ?? "unresolved" } == ["sub.b-sag", "unresolved", "skill.used"])
        #expect(catalog.skills.first { $0.key == "skill.used" }?.usedBy == ["main.a-mag"])
        let findings = report.findings[.catalog] ?? []
        #expect(findings.contains { $0.rule == "audit/agent-without-fixtures" && $0.path == "catalog/agents/sub/b-sag/agent.yaml" })
        #expect(findings.contains { $0.rule == "audit/unused-skill" && $0.path == "catalog/skills/unused/skill.yaml" })
    }

    @Test func scoreFormula() {
        let files = [
            "docs/a.md": AuditFixture.doc("a", "# A\n\n[B](b.md)\n"),
            "docs/b.md": AuditFixture.doc("b", "# B\n\n[A](a.md)\n"),
        ]
        var configuration = Configuration()
        configuration.today = "2026-11-25"
        let index = Linter(rules: [], configuration: configuration).lint(.inMemory(files)).index
        let error = Diagnostic(ruleID: "broken-link", severity: .error, message: "m", primary: .file("docs/a.md"))
        let report = AuditBuilder(repository: index, diagnostics: [error], settings: configuration.settings).build()
        #expect(report.scores == AuditScores(plans: 100, docs: 90, catalog: 100, overall: 97))
        #expect(report.docs.documents.map(\.score) == [80, 100])
        #expect(report.findings[.docs] == [AuditFinding(rule: "broken-link", severity: "error", path: "docs/a.md", line: 1, message: "m", penalty: 20)])
    }

    @Test func reportIsDeterministic() {
        let first = AuditJSONRenderer.render(AuditFixture.report())
        let second = AuditJSONRenderer.render(AuditFixture.report())
        #expect(first == second)
        #expect(AuditHTMLRenderer.render(AuditFixture.report()) == AuditHTMLRenderer.render(AuditFixture.report()))
    }

    @Test func historyLinesRoundTrip() {
        let entry = AuditHistoryEntry(date: "2026-11-25", commit: "abc", scores: AuditScores(plans: 1, docs: 2, catalog: 3, overall: 2))
        let line = AuditHistory.line(entry)
        #expect(line == "{\"commit\":\"abc\",\"date\":\"2026-11-25\",\"scores\":{\"catalog\":3,\"docs\":2,\"overall\":2,\"plans\":1}}\n")
        let parsed = AuditHistory.parse(line + "not json\n\n" + line)
        #expect(parsed.entries == [entry, entry])
        #expect(parsed.skipped == 1)
        #expect(AuditHistory.sparkline([0, 50, 100]) == "▁▄█")
        let report = AuditFixture.report(history: [entry])
        #expect(report.history.count == 2)
        #expect(report.history.last?.scores == report.scores)
    }

    @Test func emptyRepository() {
        let report = AuditFixture.report([:])
        #expect(report.scores == AuditScores(plans: 100, docs: 100, catalog: 100, overall: 100))
        #expect(report.graph.nodes.isEmpty)
        #expect(AuditHTMLRenderer.render(report).contains("No agents, skills or contracts."))
    }
}
