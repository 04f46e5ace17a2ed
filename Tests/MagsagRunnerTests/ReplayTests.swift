import Foundation
import MagsagLintCore
import MagsagRunner
import MagsagSource
import Testing

@Suite struct ReplayTests {
    typealias S = RunnerTestSupport

    private func findings(_ files: [String: String], _ check: RunnerCheck) -> [RunnerFinding] {
        S.run(files).findings.filter { $0.check == check }
    }

    @Test func liveCatalogReplaysCleanly() {
        let report = S.run(S.liveCatalog())
        #expect(report.findings.isEmpty, "\(report.findings.map { "\($0.location.path):\($0.location.range.start.line): \($0.message)" })")
        #expect(report.cases.count >= 3)
        #expect(report.cases.allSatisfy { $0.passed })
    }

    @Test func shippedSchemaMatchesDocsCopy() throws {
        let text = try String(contentsOfFile: S.repositoryRoot + "/docs/fixture.schema.json", encoding: .utf8)
        #expect(text == FixtureFormat.schema + "\n")
    }

    @Test func generatorShapedJSONFixtureIsValid() {
        var files = S.pair()
        files["catalog/agents/main/a-mag/fixtures/basic.json"] = """
            {"name": "basic", "input": {}, "calls": [
              {"agent": "magsag://sub.b-sag@^1.0.0", "input": {"q": "x"}, "output": {"r": 1}, "usage": {"tokens": 3, "duration_ms": 4}},
              {"skill": "magsag://skill.s@^1.0.0", "input": {"k": 1}, "output": {"v": "one"}, "usage": {"tokens": 1, "duration_ms": 2}}],
             "expect": {"status": "success", "output": {}}}
            """
        #expect(S.run(files).findings.isEmpty)
    }

    @Test func innerEdgeViolationPointsAtThePayload() throws {
        var files = S.pair()
        files[S.magFixture] = S.fixture(calls: "  - agent: magsag://sub.b-sag@^1.0.0\n    input: {q: 7}\n    output: {r: \"no\"}\n")
        let found = findings(files, .contractEdge)
        #expect(found.map(\.location.pointer?.description) == ["/calls/0/input/q", "/calls/0/output/r"])
        #expect(found.first?.location.range.start.line == 5)
        #expect(found.first?.location.path == S.magFixture)
    }

    @Test func liveCatalogInnerEdgeViolationIsCaught() throws {
        // Test data (kept out of the live catalog): the triage MAG records a call whose input breaks the
        // finding-explainer SAG's input contract two `$ref`s deep (finding.schema.json's severity enum).
        var files = S.liveCatalog()
        let path = "catalog/agents/main/lint-triage-mag/fixtures/basic.yaml"
        let original = try #require(files[path])
        files[path] = original.replacingOccurrences(of: "        severity: error\n        path: catalog/registry/skills.yaml",
                                                    with: "        severity: fatal\n        path: catalog/registry/skills.yaml")
        let found = findings(files, .contractEdge)
        #expect(found.count == 1)
        #expect(found.first?.location.pointer?.description == "/calls/0/input/finding/severity")
    }

    @Test func liveCatalogDriftBetweenMAGAndSAGIsReportedAtBoth() throws {
        // Test data: FixPlannerSAG's own case changes its plan; LintTriageMAG's autofix fixture still records
        // the old one for the same input.
        var files = S.liveCatalog()
        let sag = "catalog/agents/sub/fix-planner-sag/fixtures/basic.yaml"
        let mag = "catalog/agents/main/lint-triage-mag/fixtures/autofix.yaml"
        files[sag] = try #require(files[sag]).replacingOccurrences(of: "Merge the two 'skills' lists into one.", with: "Delete the second 'skills' list.")
        let drift = findings(files, .drift)
        #expect(drift.map(\.location.path) == [mag, sag])
        #expect(drift.first?.location.pointer?.description == "/calls/1/output")
        #expect(drift.first?.message.contains("/steps/1/action") == true)
        #expect(drift.last?.location.pointer?.description == "/expect/output")
    }

    @Test func undeclaredUnknownDeprecatedAndVersion() {
        var files = S.pair(sagExtra: "deprecated: true\n")
        files[S.magFixture] = S.fixture(calls: """
              - agent: magsag://sub.b-sag@^2.0.0
                input: {q: x}
                output: {r: 1}
              - agent: magsag://sub.zz-sag
                input: {}
                output: {}
              - skill: skill.t
                input: {}
                output: {}

            """)
        files["catalog/skills/t/skill.yaml"] = "id: skill.t\nversion: 1.0.0\n"
        let report = S.run(files)
        let checks = report.findings.map { "\($0.check.rawValue)@\($0.location.pointer?.description ?? "")" }
        #expect(checks.contains("fixture-callee-version@/calls/0/agent"))
        #expect(checks.contains("deprecated-callee@/calls/0/agent"))
        #expect(checks.contains("unknown-callee@/calls/1/agent"))
        #expect(checks.contains("undeclared-delegation@/calls/1/agent"))
        #expect(checks.contains("undeclared-delegation@/calls/2/skill"))
        #expect(report.findings.first { $0.check == .deprecatedCallee }?.severity == .warning)
        #expect(report.findings.contains { $0.check == .contractEdge && $0.severity == .warning }, "skill.t has no contracts: uncovered edge")
    }

    @Test func budgetsAndRetries() {
        var files = S.pair(magExtra: "budgets:\n  tokens: 10\n  time_s: 1\nevaluation:\n  retry_policy:\n    max_attempts: 1\n",
                           sagExtra: "evaluation:\n  retry_policy:\n    max_attempts: 2\n")
        files[S.magFixture] = S.fixture(calls: """
              - agent: magsag://sub.b-sag@^1.0.0
                input: {q: x}
                output: {r: 1}
                attempts: 3
                usage: {tokens: 6, duration_ms: 600}
              - skill: magsag://skill.s@^1.0.0
                input: {k: 2}
                output: {}
                usage: {tokens: 6, duration_ms: 500}

            """, top: "attempts: 2\n")
        let found = S.run(files).findings
        let budget = found.filter { $0.check == .budget }.map { $0.location.pointer?.description ?? "" }
        #expect(budget == ["/calls/1/usage/tokens", "/calls/1/usage/duration_ms", "/calls/1/usage/duration_ms"])
        let retries = found.filter { $0.check == .retries }.map { $0.location.pointer?.description ?? "" }
        #expect(retries.sorted() == ["/attempts", "/calls/0/attempts"])
    }

    @Test func driftIsReportedAtBothFixtures() {
        var files = S.pair()
        files[S.magFixture] = S.fixture(calls: """
              - agent: magsag://sub.b-sag@^1.0.0
                input: {q: x}
                output: {r: 1}
              - skill: magsag://skill.s@^1.0.0
                input: {k: 1}
                output: {v: two}

            """)
        files[S.sagFixture] = "name: basic\ninput: {q: x}\nexpect:\n  status: success\n  output: {r: 2}\n"
        let drift = findings(files, .drift)
        #expect(Set(drift.map(\.location.path)) == [S.magFixture, S.sagFixture, "catalog/skills/s/resources/examples/out.json"])
        let consumer = drift.first { $0.location.path == S.magFixture && $0.location.pointer?.description == "/calls/0/output" }
        #expect(consumer?.related.first?.path == S.sagFixture)
        let producer = drift.first { $0.location.path == S.sagFixture }
        #expect(producer?.location.pointer?.description == "/expect/output")
        #expect(producer?.related.first?.path == S.magFixture)
        let report = S.run(files)
        #expect(report.cases.filter { !$0.passed }.map(\.path).sorted() == [S.magFixture, S.sagFixture])
    }

    @Test func subsetMatchAcceptsExtraMembers() {
        var files = S.pair()
        files[S.magFixture] = S.fixture(calls: "  - agent: magsag://sub.b-sag@^1.0.0\n    input: {q: x}\n    output: {r: 2, extra: 1}\n")
        files[S.sagFixture] = "name: basic\ninput: {q: x}\nexpect:\n  status: success\n  match: subset\n  output: {r: 2}\n"
        #expect(findings(files, .drift).isEmpty)
    }

    @Test func invalidFixtureStructure() {
        var files = S.pair()
        files[S.magFixture] = "name: basic\ninput: {}\ncalls:\n  - agent: sub.b-sag\n    skill: skill.s\n    input: {}\n    output: {}\nexpect: {}\n"
        let found = findings(files, .invalidFixture).map { $0.location.pointer?.description ?? "" }
        #expect(found.contains("/calls/0"))
        #expect(found.contains("/expect"))
    }

    @Test func outputIsDeterministic() {
        var files = S.liveCatalog()
        files["catalog/agents/sub/finding-explainer-sag/fixtures/basic.yaml"] = files["catalog/agents/sub/finding-explainer-sag/fixtures/basic.yaml"]?
            .replacingOccurrences(of: "priority: p1", with: "priority: p9")
        let first = S.run(files)
        for _ in 0..<5 {
            let again = S.run(files)
            #expect(again.findings == first.findings)
            #expect(again.cases.map(\.path) == first.cases.map(\.path))
        }
        #expect(!first.findings.isEmpty)
    }
}
