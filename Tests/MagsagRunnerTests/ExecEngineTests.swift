import Foundation
import MagsagLintCore
import MagsagRunner
import MagsagSource
import Testing

/// The exec engine end to end: real child processes (python3, /bin/sh) speaking the JSON-lines protocol.
@Suite struct ExecEngineTests {
    typealias E = ExecFixture

    @Test func implementationRunsAndIsServedFromRecordedCalls() throws {
        let repo = try E()
        defer { repo.remove() }
        let report = repo.run(argv: ["python3", "mag.py", "ok"])
        #expect(report.findings.map(\.message) == [])
        let result = try #require(report.cases.first { $0.owner == "main.a-mag" })
        #expect(result.engine == "exec")
        #expect(result.passed)
        #expect(result.steps.map(\.name) == ["sub.b-sag", "skill.s"])
        #expect(result.steps.first?.latencyMS == 40)
    }

    @Test func delegateToCalleeWithItsOwnImplementation() throws {
        let repo = try E()
        defer { repo.remove() }
        // sag.py answers r = 7 where the recorded call says 5: the expectation holds only if it served the delegation.
        let report = repo.run(E.files(expectTotal: 7), argv: ["python3", "mag.py", "ok"], sagImplemented: true)
        #expect(report.findings.map(\.message) == [])
        #expect(report.cases.first { $0.owner == "main.a-mag" }?.passed == true)
        let recorded = repo.run(E.files(expectTotal: 7), argv: ["python3", "mag.py", "ok"])
        #expect(E.messages(recorded, .execResult) == ["exec: the implementation's output differs from expect.output at /total"])
    }

    @Test func invokeServedBySkillImplementation() throws {
        let repo = try E()
        defer { repo.remove() }
        var files = E.files(expectV: "two")
        // skill.s allows 100 ms (resource_config.timeout_ms), too little to start python3 on a busy machine.
        files["catalog/skills/s/skill.yaml"] = files["catalog/skills/s/skill.yaml"]?.replacingOccurrences(of: "timeout_ms: 100", with: "timeout_ms: 20000")
        let report = repo.run(files, argv: ["python3", "mag.py", "ok"], skillImplemented: true)
        #expect(report.findings.map(\.message) == [])
        #expect(report.cases.first { $0.owner == "main.a-mag" }?.passed == true)
    }

    @Test func calleeImplementationRunsWithinTheCalleesOwnLimit() throws {
        let repo = try E()
        defer { repo.remove() }
        var files = E.files(expectV: "two")
        files["catalog/skills/s/skill.yaml"] = files["catalog/skills/s/skill.yaml"]?.replacingOccurrences(of: "timeout_ms: 100", with: "timeout_ms: 1")
        let messages = E.messages(repo.run(files, argv: ["python3", "mag.py", "ok"], skillImplemented: true), .execProtocol)
        #expect(messages == ["exec: the implementation of skill.s (called by the case) did not finish within 1 ms; its process group was killed"])
    }

    @Test func badJSONIsAProtocolViolation() throws {
        let repo = try E()
        defer { repo.remove() }
        let report = repo.run(argv: ["python3", "mag.py", "badjson"])
        let messages = E.messages(report, .execProtocol)
        #expect(messages.count == 1)
        #expect(messages.first?.contains("broke the protocol: the line is not valid JSON") == true)
        #expect(report.cases.first { $0.owner == "main.a-mag" }?.passed == false)
    }

    @Test func unknownMessageType() throws {
        let repo = try E()
        defer { repo.remove() }
        let messages = E.messages(repo.run(argv: ["python3", "mag.py", "unknown"]), .execProtocol)
        #expect(messages == ["exec: the implementation of main.a-mag broke the protocol: unknown message type 'dance'"])
    }

    @Test func earlyExitNamesTheStatusAndStderr() throws {
        let repo = try E()
        defer { repo.remove() }
        let report = repo.run(argv: ["python3", "mag.py", "exit"])
        let finding = try #require(report.findings.first { $0.check == .execProtocol })
        #expect(finding.message == "exec: the implementation of main.a-mag exited before sending a result or an error (exit status 3)")
        #expect(finding.notes.contains("stderr: boom"))
    }

    @Test func hangIsKilledAtTheBudgetWithItsProcessGroup() throws {
        let repo = try E()
        defer { repo.remove() }
        let clock = ContinuousClock()
        let start = clock.now
        let report = repo.run(E.files(magExtra: "budgets:\n  time_s: 1\n"), argv: ["/bin/sh", "hang.sh"])
        #expect(clock.now - start < .seconds(30))
        #expect(E.messages(report, .execProtocol) == ["exec: the implementation of main.a-mag did not finish within 1000 ms; its process group was killed"])
        // The grandchild (sleep 60 in the same process group) is gone too.
        let pidText = try String(contentsOfFile: repo.root + "/impl/grandchild.pid", encoding: .utf8)
        let pid = try #require(Int32(pidText.trimmingCharacters(in: .whitespacesAndNewlines)))
        var alive = true
        for _ in 0..<200 where alive {
            alive = kill(pid, 0) == 0 && !Self.isZombie(pid)
            if alive { usleep(10_000) }
        }
        #expect(!alive)
    }

    @Test func configuredDefaultTimeoutWithoutBudget() throws {
        let repo = try E()
        defer { repo.remove() }
        let report = repo.run(argv: ["/bin/sh", "hang.sh"], timeoutMS: 300)
        #expect(E.messages(report, .execProtocol).first?.contains("did not finish within 300 ms") == true)
    }

    @Test func hugeConfiguredTimeoutDoesNotOverflow() throws {
        let repo = try E()
        defer { repo.remove() }
        #expect(repo.run(argv: ["python3", "mag.py", "ok"], timeoutMS: Int.max).findings.isEmpty)
    }

    @Test func oversizedOutputIsBounded() throws {
        let repo = try E()
        defer { repo.remove() }
        let messages = E.messages(repo.run(argv: ["python3", "mag.py", "flood"], maxLine: 65_536), .execProtocol)
        #expect(messages == ["exec: the implementation of main.a-mag: the child wrote a line longer than 65536 bytes; its process group was killed"])
    }

    @Test func invalidPayloadAtTheBoundary() throws {
        let repo = try E()
        defer { repo.remove() }
        let report = repo.run(argv: ["python3", "mag.py", "boundary"])
        let edge = E.messages(report, .contractEdge)
        #expect(edge.contains("exec: the input main.a-mag sends to sub.b-sag does not match catalog/contracts/b_in.schema.json at /q: expected string, got integer") || edge.contains { $0.contains("sends to sub.b-sag does not match catalog/contracts/b_in.schema.json at /q") })
        #expect(E.messages(report, .execUnexpectedCall).count == 1)
        let finding = try #require(report.findings.first { $0.check == .contractEdge })
        #expect(finding.location.path == RunnerTestSupport.magFixture)
    }

    @Test func writesAfterResult() throws {
        let repo = try E()
        defer { repo.remove() }
        let messages = E.messages(repo.run(argv: ["python3", "mag.py", "after"]), .execProtocol)
        #expect(messages == ["exec: the implementation of main.a-mag wrote to stdout after its final message"])
    }

    @Test func errorAgainstSuccessExpectation() throws {
        let repo = try E()
        defer { repo.remove() }
        let messages = E.messages(repo.run(argv: ["python3", "mag.py", "error"]), .execResult)
        #expect(messages == ["exec: the implementation failed (E_NOPE: refused) but the fixture expects success"])
    }

    @Test func missingProgramCannotStart() throws {
        let repo = try E()
        defer { repo.remove() }
        let messages = E.messages(repo.run(argv: ["./no-such-program"]), .execProtocol)
        #expect(messages.first?.hasPrefix("exec: the implementation of main.a-mag cannot start") == true)
    }

    @Test func environmentIsScrubbedAndWorkingFolderSet() throws {
        let repo = try E()
        defer { repo.remove() }
        setenv("MAGSAG_EXEC_TEST_SECRET", "hunter2", 1)
        _ = repo.run(argv: ["python3", "mag.py", "env"])
        let text = try String(contentsOfFile: repo.root + "/impl/env.txt", encoding: .utf8)
        let names = Set(text.split(separator: "\n").map(String.init))
        #expect(!names.contains("MAGSAG_EXEC_TEST_SECRET"))
        #expect(names.contains("MODE_FROM_CONFIG"))
        #expect(names.contains("MAGSAG_LINT_PROTOCOL"))
        let allowed = Set(ExecConfiguration.passedThrough + ["MODE_FROM_CONFIG", "MAGSAG_LINT_PROTOCOL", "MAGSAG_LINT_AGENT", "LC_CTYPE"])
        // python3 may be a pyenv shim (a shell script adding PYENV_*, SHLVL, PWD): those come from the shim.
        let extra = names.subtracting(allowed).filter { !$0.hasPrefix("cwd=") && !$0.hasPrefix("PYENV") && !$0.hasPrefix("_PYENV") && !["SHLVL", "PWD", "OLDPWD", "_"].contains($0) }
        #expect(extra.isEmpty)
        #expect(text.contains("cwd=") && text.contains("/impl\n"))
    }

    @Test func workingFolderOutsideTheRepositoryIsRefused() throws {
        let repo = try E()
        defer { repo.remove() }
        try FileManager.default.createSymbolicLink(atPath: repo.root + "/escape", withDestinationPath: "/tmp")
        var configuration = ExecConfiguration()
        configuration.enabled = true
        configuration.implementations["a-mag"] = .init(argv: ["python3", "mag.py", "ok"], directory: "escape")
        let report = ExecEngine(runner: Runner(RunnerTestSupport.index(E.files())), configuration: configuration, root: repo.root).run()
        #expect(E.messages(report, .execProtocol).first?.contains("outside the repository") == true)
    }

    static func isZombie(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return true }
        return stat.split(separator: ")").last?.split(separator: " ").first == "Z"
    }
}
