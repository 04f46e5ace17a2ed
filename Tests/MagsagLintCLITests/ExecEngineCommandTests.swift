import Foundation
import Testing

/// `run` and `check` with the exec engine configured in `.magsag-lint.yaml`, and never without it.
@Suite struct ExecEngineCommandTests {
    /// A MAG invoking skill.s; its implementation (python3) writes a marker file, then answers `total`.
    static func files(total: Int, config: String?) -> [String: String] {
        var files = [
            "catalog/agents/main/a-mag/agent.yaml": "version: 1.0.0\ndepends_on:\n  skills:\n    - magsag://skill.s@^1.0.0\n",
            "catalog/agents/main/a-mag/fixtures/basic.yaml": """
                name: basic
                input: {q: hello}
                calls:
                  - skill: magsag://skill.s@^1.0.0
                    input: {k: 1}
                    output: {v: one}
                expect:
                  status: success
                  output: {total: 1, v: one}

                """,
            "catalog/skills/s/skill.yaml": "id: skill.s\nversion: 1.0.0\ncontracts:\n  input_schema: catalog/skills/s/in.schema.json\n",
            "catalog/skills/s/in.schema.json": #"{"type": "object"}"#,
            "impl/mag.py": """
                import json, sys
                open("ran.txt", "w").write("yes")
                run = json.loads(sys.stdin.readline())
                print(json.dumps({"type": "invoke", "skill": "skill.s", "input": {"k": 1}}), flush=True)
                reply = json.loads(sys.stdin.readline())
                print(json.dumps({"type": "result", "output": {"total": \(total), "v": reply["output"]["v"]}}), flush=True)

                """,
        ]
        if let config { files[".magsag-lint.yaml"] = config }
        return files
    }

    static let execConfig = "runner:\n  engine: exec\n  implementations:\n    a-mag: {argv: [python3, mag.py], cwd: impl}\n"

    @Test func runUsesTheConfiguredImplementation() throws {
        let root = try CLI.temporaryFolder(Self.files(total: 1, config: Self.execConfig))
        defer { try? FileManager.default.removeItem(at: root) }
        let summary = root.appendingPathComponent("summary.json").path
        let output = try CLI.run(["run", "--all", "-C", root.path, "--summary", summary])
        #expect(output.status == 0, "\(output.stdout)\(output.stderr)")
        #expect(output.stdout.contains("PASS main.a-mag basic") && output.stdout.contains("[exec]"))
        #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("impl/ran.txt").path))
        #expect(try String(contentsOfFile: summary, encoding: .utf8).contains("\"engine\": \"exec\""))
        let replay = try CLI.run(["run", "--all", "--replay", "-C", root.path])
        #expect(replay.status == 0 && !replay.stdout.contains("[exec]"))
    }

    @Test func checkReportsExecFindingsOnlyWhenConfigured() throws {
        let root = try CLI.temporaryFolder(Self.files(total: 2, config: Self.execConfig))
        defer { try? FileManager.default.removeItem(at: root) }
        let output = try CLI.run(["check", root.path, "--format", "concise"])
        #expect(output.status == 1)
        #expect(output.stdout.contains("exec-result-mismatch"))
        #expect(output.stdout.contains("catalog/agents/main/a-mag/fixtures/basic.yaml"))
    }

    @Test func noImplementationRunsWithoutTheConfiguration() throws {
        let root = try CLI.temporaryFolder(Self.files(total: 2, config: nil))
        defer { try? FileManager.default.removeItem(at: root) }
        _ = try CLI.run(["run", "--all", "-C", root.path])
        _ = try CLI.run(["check", root.path])
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("impl/ran.txt").path))
    }

    @Test func badRunnerSectionIsAUsageError() throws {
        let root = try CLI.temporaryFolder(Self.files(total: 1, config: "runner:\n  engine: shell\n"))
        defer { try? FileManager.default.removeItem(at: root) }
        let output = try CLI.run(["run", "--all", "-C", root.path])
        #expect(output.status == 2)
        #expect(output.stderr.contains("`runner.engine` must be replay or exec"))
    }
}
