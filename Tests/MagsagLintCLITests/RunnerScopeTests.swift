import Foundation
import Testing

/// A run that lints part of the snapshot replays only the fixtures whose findings can land in the linted
/// files; what the runner's rules report there must equal what a full replay reports there.
@Suite struct RunnerScopeTests {
    static let runnerRules: Set<String> = [
        "invalid-fixture", "fixture-input-invalid", "fixture-output-invalid", "contract-edge-violation",
        "undeclared-delegation", "unknown-callee", "fixture-callee-version", "deprecated-callee", "budget-exceeded",
        "retry-limit-exceeded", "fixture-drift", "skill-permission-denied",
    ]

    /// (rule, path, line, column, message) of the runner findings of `check` on `arguments`.
    static func findings(_ arguments: [String]) throws -> Set<String> {
        let output = try CLI.run(["check", "--format", "json", "--no-cache"] + arguments)
        let object = try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any]
        var found: Set<String> = []
        for item in object?["diagnostics"] as? [[String: Any]] ?? [] {
            guard let rule = item["rule"] as? String, runnerRules.contains(rule),
                  let location = item["location"] as? [String: Any], let path = location["path"] as? String else { continue }
            found.insert("\(rule) \(path):\(location["line"] ?? 0):\(location["column"] ?? 0) \(item["message"] ?? "")")
        }
        return found
    }

    @Test func partialRunsReportWhatAFullReplayReportsThere() throws {
        guard FileManager.default.fileExists(atPath: GeneratedRepositoryRecallTests.generator) else {
            Issue.record("generator missing at \(GeneratedRepositoryRecallTests.generator)")
            return
        }
        let root = try GeneratedRepositoryRecallTests.generate(["--agents", "30", "--skills", "10", "--docs", "5", "--seed", "33", "--defect-rate", "0.25"])
        defer { try? FileManager.default.removeItem(at: root) }
        let full = try Self.findings([root.path])
        #expect(full.count >= 5, "too few runner findings to compare: \(full)")
        let withFindings = Set(full.map { String($0.split(separator: " ")[1].split(separator: ":")[0]) }).sorted()
        // Files with findings, alone and in pairs, plus contracts and descriptors those findings depend on.
        let files = try FileManager.default.subpathsOfDirectory(atPath: root.path).filter {
            ($0.hasPrefix("catalog/contracts/") && $0.hasSuffix(".json")) || $0.hasSuffix("/agent.yaml")
        }.sorted()
        var selections: [[String]] = withFindings.prefix(8).map { [$0] }
        selections += stride(from: 0, to: min(withFindings.count, 12) - 1, by: 2).map { [withFindings[$0], withFindings[$0 + 1]] }
        selections += stride(from: 0, to: files.count, by: max(1, files.count / 6)).prefix(6).map { [files[$0]] + withFindings.prefix(1) }
        for paths in selections {
            let expected = full.filter { finding in paths.contains { finding.contains(" \($0):") } }
            #expect(try Self.findings([root.path] + paths) == expected, "\(paths)")
        }
    }

    /// The drift finding on a callee's own case comes from replaying its caller: linting only the
    /// callee's case must still replay the caller.
    @Test func aCalleesCaseAloneStillSeesTheCallersDrift() throws {
        let sagFixture = "catalog/agents/sub/b-sag/fixtures/basic.yaml"
        let folder = try CLI.temporaryFolder([
            "catalog/agents/main/a-mag/agent.yaml": "version: 1.0.0\ndepends_on:\n  sub_agents:\n    - magsag://sub.b-sag@^1.0.0\n",
            "catalog/agents/sub/b-sag/agent.yaml": "version: 1.0.0\ncontracts:\n  input_schema: catalog/contracts/b_in.schema.json\n",
            "catalog/contracts/b_in.schema.json": #"{"type": "object", "properties": {"q": {"type": "string"}}}"#,
            "catalog/agents/main/a-mag/fixtures/basic.yaml":
                "name: basic\ninput: {}\ncalls:\n  - agent: magsag://sub.b-sag@^1.0.0\n    input: {q: x}\n    output: {r: 1}\nexpect:\n  status: success\n  output: {}\n",
            sagFixture: "name: basic\ninput: {q: x}\nexpect:\n  status: success\n  output: {r: 2}\n",
        ])
        defer { try? FileManager.default.removeItem(at: folder) }
        let full = try Self.findings([folder.path])
        let onCase = full.filter { $0.hasPrefix("fixture-drift \(sagFixture):") }
        #expect(!onCase.isEmpty, "no drift on the callee's case in a full run: \(full)")
        #expect(try Self.findings([folder.path, sagFixture]) == onCase)
    }
}
