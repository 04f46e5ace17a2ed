import MagsagCatalog
import MagsagLintCore
import MagsagSource

/// One fixture run by the exec engine: the owner's implementation started, its requests served (by the
/// callee's implementation, else a recorded call, else the callee's own case of the same input), every
/// payload validated at the boundary, its result compared with the fixture's `expect`. Every finding is
/// located in the fixture.
final class ExecSession {
    /// How a run (or a served call) ended.
    enum Outcome {
        case success(status: String, output: SourceValue)
        case failure(code: String, message: String)
    }

    let engine: ExecEngine
    let fixture: Fixture
    var findings: [RunnerFinding] = []
    var steps: [CaseResult.Step] = []
    /// Recorded calls of the fixture already used to answer a request.
    var consumed: Set<String> = []

    init(engine: ExecEngine, fixture: Fixture) {
        self.engine = engine
        self.fixture = fixture
    }

    var runner: Runner { engine.runner }

    /// Run the fixture's case through `node`'s implementation and compare the outcome with `expect`.
    func runCase(_ node: RunnerNode) {
        guard let input = fixture.input, let implementation = engine.implementations[node.key] else { return }
        let deadline = ChildProcess.now() + UInt64(engine.timeoutMS(node)) * 1_000_000
        let outcome = execute(node, implementation, input: input.value, recorded: fixture.calls, deadline: deadline, depth: 0)
        compare(outcome)
    }

    // MARK: - One child

    /// Start `implementation` for `node` with `input` and serve it until it ends (or breaks the protocol).
    func execute(_ node: RunnerNode, _ implementation: ExecConfiguration.Implementation, input: SourceValue,
                 recorded: [Fixture.Call], deadline: UInt64, depth: Int) -> Outcome {
        let who = depth == 0 ? "the implementation of \(node.key)" : "the implementation of \(node.key) (called by the case)"
        guard let directory = engine.directory(of: implementation) else {
            return protocolFailure("\(who) has a working folder '\(implementation.directory)' that is missing or outside the repository")
        }
        let child: ChildProcess
        do {
            child = try ChildProcess(argv: implementation.argv, directory: directory, environment: engine.environment(of: implementation, key: node.key),
                                     maxLine: engine.configuration.maxLineBytes, maxOutput: engine.configuration.maxOutputBytes)
        } catch {
            return protocolFailure("\(who) cannot start: \(error.message)")
        }
        defer { child.close() }
        let budget = node.tokenBudget.map { ExecProtocol.encode($0.field.value) } ?? "null"
        let timeLimit = engine.timeoutMS(node)
        child.send(Array(("{\"type\":\"run\",\"protocol\":\(ExecProtocol.version),\"agent\":" + Self.quoted(node.key)
            + ",\"case\":" + Self.quoted(fixture.name) + ",\"input\":" + ExecProtocol.encode(input)
            + ",\"context\":{\"task_id\":" + Self.quoted("\(fixture.name)#\(depth)") + ",\"depth\":\(depth)"
            + ",\"budgets\":{\"tokens\":\(budget),\"time_ms\":\(timeLimit)}}}\n").utf8))
        while true {
            switch child.next(until: deadline) {
            case .line(let line):
                if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
                switch ExecProtocol.decode(line: line) {
                case .failure(let failure):
                    return protocolFailure("\(who) broke the protocol: \(failure.message)", line: line, child: child)
                case .success(.log):
                    continue
                case .success(.call(let call)):
                    let reply = serve(call, caller: node, recorded: recorded, deadline: deadline, depth: depth)
                    child.send(Array(reply.utf8))
                case .success(.result(let status, let output, _)):
                    finish(child, who: who, deadline: deadline)
                    return .success(status: status, output: output)
                case .success(.error(let code, let message)):
                    finish(child, who: who, deadline: deadline)
                    return .failure(code: code ?? "E_IMPLEMENTATION", message: message ?? "the implementation reported an error")
                }
            case .endOfOutput:
                _ = child.waitForExit(until: min(deadline, ChildProcess.now() + 200_000_000))  // its exit status, not our SIGKILL
                let end = child.close()
                let how = end.signal.map { "killed by signal \($0)" } ?? "exit status \(end.code ?? -1)"
                return protocolFailure("\(who) exited before sending a result or an error (\(how))", child: child)
            case .timedOut:
                child.close()
                return protocolFailure("\(who) did not finish within \(timeLimit) ms; its process group was killed", child: child,
                                       help: "raise budgets.time_s (or runner.timeout-ms), or make the implementation answer in time")
            case .oversized(let problem):
                child.close()
                return protocolFailure("\(who): \(problem); its process group was killed", child: child,
                                       help: "write less, or raise runner.max-line-bytes / runner.max-output-bytes")
            }
        }
    }

    /// After a result: close stdin, give the child a short grace to exit, report output written after the
    /// result, a child that does not exit, or one exiting with a failure status.
    private func finish(_ child: ChildProcess, who: String, deadline: UInt64) {
        child.closeInput()
        let grace = min(deadline, ChildProcess.now() + 1_000_000_000)
        let exited = child.waitForExit(until: grace)
        if child.hasUnreadOutput {
            findings.append(finding(.execProtocol, "\(who) wrote to stdout after its final message"))
        }
        let end = child.close()
        if !exited {
            findings.append(finding(.execProtocol, "\(who) did not exit within 1 s of its final message; its process group was killed", severity: .warning))
        } else if let code = end.code, code != 0 {
            findings.append(finding(.execProtocol, "\(who) exited with status \(code) after its final message"))
        } else if let signal = end.signal {
            findings.append(finding(.execProtocol, "\(who) was killed by signal \(signal) after its final message"))
        }
    }

    // MARK: - Findings

    private func protocolFailure(_ message: String, line: [UInt8]? = nil, child: ChildProcess? = nil, help: String? = nil) -> Outcome {
        var notes: [String] = []
        if let line { notes.append("line: " + Self.excerpt(line)) }
        if let tail = child?.stderrTail, !tail.isEmpty { notes.append("stderr: " + Self.excerpt(tail)) }
        findings.append(finding(.execProtocol, message, notes: notes, help: help ?? "see the exec protocol in docs/runner.md"))
        return .failure(code: "E_PROTOCOL", message: message)
    }

    func finding(_ check: RunnerCheck, _ message: String, at field: CatalogField? = nil, related: [Location] = [], notes: [String] = [],
                 help: String? = nil, severity: Severity? = nil) -> RunnerFinding {
        let location = (field ?? fixture.input ?? fixture.root).location()
        return RunnerFinding(check, "exec: " + message, at: location, related: related, notes: notes, help: help, severity: severity)
    }

    static func excerpt(_ bytes: [UInt8]) -> String {
        let text = String(decoding: bytes.suffix(300), as: UTF8.self)
        let cleaned = String(text.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? " " : Character($0) })
        let trimmed = cleaned.drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed()
        return (bytes.count > 300 ? "…" : "") + String(trimmed)
    }

    static func quoted(_ text: String) -> String {
        var out = ""
        ExecProtocol.writeString(text, into: &out)
        return out
    }
}
