import MagsagLintCore
@testable import MagsagRunner
import MagsagSource
import Testing

@Suite struct AffectedAndGateTests {
    typealias S = RunnerTestSupport

    private func graph() -> [String: String] {
        var files = S.pair()
        files["catalog/agents/main/c-mag/agent.yaml"] = "version: 1.0.0\ndepends_on:\n  skills:\n    - skill.s\ncontracts:\n  input_schema: catalog/contracts/c_in.schema.json\n"
        files["catalog/contracts/c_in.schema.json"] = #"{"type": "object"}"#
        files["catalog/agents/main/d-mag/agent.yaml"] = "version: 1.0.0\n"
        return files
    }

    @Test func refdContractSelectsExactlyTheAgentsThatReachIt() {
        let runner = Runner(S.index(graph()))
        // common.schema.json is $ref'd by b_in (b-sag's input), and a-mag calls b-sag.
        #expect(runner.affected(by: ["catalog/contracts/common.schema.json"]) == ["main.a-mag", "sub.b-sag"])
        #expect(runner.affected(by: ["catalog/contracts/c_in.schema.json"]) == ["main.c-mag"])
    }

    @Test func calleeChangesAffectCallers() {
        let runner = Runner(S.index(graph()))
        #expect(runner.affected(by: ["catalog/skills/s/resources/examples/out.json"]) == ["main.a-mag", "main.c-mag", "skill.s"])
        #expect(runner.affected(by: ["catalog/agents/main/d-mag/fixtures/x.yaml"]) == ["main.d-mag"])
        #expect(runner.affected(by: ["docs/readme.md"]).isEmpty)
        #expect(runner.affected(by: ["catalog/policies/tool_permissions.yaml"]).count == 5)
    }

    @Test func pureSelectionFollowsTransitiveRefs() {
        let nodes = [AffectedAgents.Node(key: "main.m", folder: "a/m", contracts: ["x.json"], callees: ["sub.s"]),
                     AffectedAgents.Node(key: "sub.s", folder: "a/s", contracts: ["y.json"], callees: []),
                     AffectedAgents.Node(key: "main.n", folder: "a/n", contracts: [], callees: [])]
        let refs = ["y.json": ["z.json"], "z.json": ["w.json"]]
        #expect(AffectedAgents.select(changed: ["w.json"], nodes: nodes, schemaRefs: refs) == ["main.m", "sub.s"])
        #expect(AffectedAgents.select(changed: ["x.json"], nodes: nodes, schemaRefs: refs) == ["main.m"])
    }

    @Test func summaryIsStableAndGated() throws {
        var files = S.pair()
        files[S.magFixture] = S.fixture(calls: "  - agent: magsag://sub.b-sag@^1.0.0\n    input: {q: x}\n    output: {r: 1}\n    usage: {tokens: 5, duration_ms: 7000, model: gpt-x-preview}\n")
        let summary = RunSummary(S.run(files))
        let text = summary.json()
        #expect(text == RunSummary(S.run(files)).json())
        #expect(text.contains("\"steps\""))
        let value = try #require(JSONParser.parse(text).value)
        #expect(value["runs"]?.numberValue?.intValue == 1)
        #expect(value["agents"]?.arrayValue?.first?["latency_ms"]?.numberValue?.intValue == 7000)
        let policy = try #require(YAMLLoader.load(SourceFile(path: "p.yaml", text: """
            min_success_rate: 0.95
            max_avg_latency_ms: 5000
            required_steps: [aggregate]
            per_step:
              default: {max_error_rate: 0.05, max_avg_latency_ms: 3000}
            models:
              denylist: ["*-preview"]
            """)).documents.first)
        let violations = GovernanceGate.violations(summary: value, policy: policy)
        #expect(violations.count == 4, "\(violations)")
        #expect(violations.contains { $0.contains("denylist") })
        #expect(GovernanceGate.matches("gpt-4o-preview", "*-preview"))
        #expect(!GovernanceGate.matches("gpt-4o", "gpt-?"))
    }
}

/// The narrowed reverse `$ref` closure (bytes first, then only the candidates parsed) equals the walk over
/// every schema, through `$id`s that differ from file names, duplicate `$id`s, URNs, escapes and chains.
@Suite struct NarrowedSchemaClosureTests {
    static let files: [String: String] = [
        "s/a.json": #"{"$id": "https://example.com/schemas/zed.json", "type": "object"}"#,
        "s/b.json": #"{"$ref": "https://example.com/schemas/zed.json"}"#,
        "s/c.json": #"{"$id": "https://example.com/schemas/c.json", "properties": {"x": {"$ref": "zed.json#/x"}}}"#,
        "s/d.json": #"{"items": {"$ref": "c.json"}}"#,
        "s/e.json": #"{"$ref": "other.json"}"#,
        "s/f.json": #"{"$id": "urn:example:f"}"#,
        "s/g.json": #"{"$ref": "urn:example:f#/a"}"#,
        "s/h.json": #"{"$ref": "\u0061.json"}"#,
        "s/i.json": #"{"$ref": "sub/../d.json"}"#,
        "s/z-dup.json": #"{"$id": "https://example.com/schemas/zed.json"}"#,
        "fixtures/x.json": #"{"$ref": "../s/a.json"}"#,
        "s/plain.json": #"{"name": "no keywords"}"#,
    ]

    @Test(arguments: [["s/a.json"], ["s/z-dup.json"], ["s/f.json"], ["s/c.json"], ["s/e.json"], ["s/d.json", "s/plain.json"],
                      ["s/gone.json"], ["s/a.json", "s/f.json"]])
    func narrowedEqualsFull(_ changed: [String]) {
        let repository = RunnerTestSupport.index(Self.files)
        let full = AffectedAgents.touched(by: Set(changed), schemaRefs: AffectedAgents.schemaReferences(in: repository))
        #expect(AffectedAgents.touchedNarrowly(by: Set(changed), in: repository) == full)
    }

    @Test func theCasesReachWhatTheyShould() {
        let repository = RunnerTestSupport.index(Self.files)
        // zed.json is declared twice: the later file (by path) wins, so b and c reach z-dup, not a.
        #expect(AffectedAgents.touchedNarrowly(by: ["s/z-dup.json"], in: repository)
                == ["s/z-dup.json", "s/b.json", "s/c.json", "s/d.json", "s/i.json"])
        #expect(AffectedAgents.touchedNarrowly(by: ["s/a.json"], in: repository) == ["s/a.json", "s/h.json"])
        #expect(AffectedAgents.touchedNarrowly(by: ["s/f.json"], in: repository) == ["s/f.json", "s/g.json"])
    }
}
