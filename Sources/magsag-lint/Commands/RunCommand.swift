import ArgumentParser
import Dispatch
import Foundation
import MagsagGit
import MagsagLintCore
import MagsagRunner
import MagsagSource

/// `magsag-lint run`: replay the catalog's fixtures through every contract edge and summarise.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run agent fixtures: every case through its agent's and its callees' contracts (replay, or exec when configured).")

    @Argument(help: "Agents or skills to run: a slug, or main.<slug>, sub.<slug>, skill.<id> (default: --all).")
    var agents: [String] = []

    @Option(name: [.customShort("C"), .long], help: "Repository root (default: the current folder).")
    var directory = "."

    @Flag(name: .long, help: "Run every fixture.")
    var all = false

    @Flag(name: .long, help: "Run the agents whose results the change can alter (with --since REV, or the staged change by default).")
    var affected = false

    @Option(name: .long, help: "With --affected: the change is merge-base(REV, HEAD)..HEAD.")
    var since: String?

    @Flag(name: .long, help: "With --affected: the change is the staged one (the default).")
    var staged = false

    @Option(name: .long, help: "Write the run summary (JSON) to this file.")
    var summary: String?

    @Flag(name: .long, help: "Check the summary against the governance policy; fail when it does not pass.")
    var gate = false

    @Option(name: .long, help: "Governance policy for --gate (default: catalog/policies/flow_governance.yaml).")
    var policy = "catalog/policies/flow_governance.yaml"

    @Option(name: .long, help: "Configuration file (default: .magsag-lint.yaml in the repository root), for the runner section.")
    var config: String?

    @Flag(name: .customLong("replay"), help: "Replay only, even when the configuration enables the exec engine.")
    var replayOnly = false

    @OptionGroup var output: OutputOptions

    func validate() throws {
        if all && (affected || !agents.isEmpty) { throw ValidationError("--all excludes --affected and agent names") }
        if affected && !agents.isEmpty { throw ValidationError("--affected excludes agent names") }
        if (since != nil || staged) && !affected { throw ValidationError("--since and --staged go with --affected") }
        if since != nil && staged { throw ValidationError("--since and --staged are mutually exclusive") }
    }

    func run() throws {
        let mode: FileSourceMode = affected ? (since.map { .since($0) } ?? .staged) : .workTree
        let fileSet = try FileSource(root: directory, mode: mode, scope: .magsagDefault).load()
        let clock = ContinuousClock()
        let started = clock.now
        let index = RunCommand.index(fileSet)
        let runner = Runner(index)
        var owners: Set<String>?
        if affected {
            let changed = Set(fileSet.linted.map(\.path)).union(fileSet.deleted)
            owners = Set(runner.affected(by: changed))
            Terminal.printError("note: \(changed.count) changed path(s) select \(owners?.count ?? 0) agent(s) and skill(s)")
        } else if !agents.isEmpty {
            owners = try Set(agents.map { try resolve($0, runner) })
        }
        if let repeats = ProcessEnvironment.value("MAGSAG_LINT_RUN_REPEAT").flatMap(Int.init) {
            for _ in 0..<repeats {
                let start = clock.now
                let cpu = RunCommand.cpuSeconds()
                let cases = runner.replay(owners: owners).cases.count
                Terminal.printError("repeat replay: \(cases) cases in \(clock.now - start), \(RunCommand.cpuSeconds() - cpu) s CPU")
            }
        }
        let exec = try execEngine(runner)
        let prepared = clock.now
        let report = exec?.run(owners: owners) ?? runner.replay(owners: owners)
        let finished = clock.now
        if output.format == .human || output.format == .concise {
            for result in report.cases {
                let latency = result.latencyMS == result.latencyMS.rounded() ? String(Int(result.latencyMS)) : String(result.latencyMS)
                let engine = result.engine == "exec" ? " [exec]" : ""
                Terminal.write("\(result.passed ? "PASS" : "FAIL") \(result.owner) \(result.name) (\(result.path)): \(result.calls) call(s), \(latency) ms\(engine)\n")
            }
        }
        Report.emit(report.findings.map(\.diagnostic), index: index, filesChecked: report.cases.count, format: output.format)
        let passed = report.cases.filter(\.passed).count
        let seconds = Double((finished - prepared).components.attoseconds) / 1e18 + Double((finished - prepared).components.seconds)
        let rate = seconds > 0 ? Int(Double(report.cases.count) / seconds) : 0
        Terminal.printError("\(report.cases.count) case(s): \(passed) passed, \(report.cases.count - passed) failed; \(exec == nil ? "replay" : "exec") \(finished - prepared) (\(rate) cases/s), setup \(prepared - started)")
        var runSummary = RunSummary(report)
        if exec != nil { runSummary.engine = "exec" }
        if let summary {
            do { try runSummary.json().write(toFile: summary, atomically: true, encoding: .utf8) }
            catch { throw LintError(code: "io", message: "cannot write the summary \(summary)", cause: "\(error)") }
        }
        var failed = report.findings.contains { $0.severity == .error }
        if gate {
            let policyValue = try GateCommand.loadPolicy(policy, root: directory)
            let summaryValue = JSONParser.parse(runSummary.json()).value ?? SourceValue(.null, range: .fileStart)
            failed = GateCommand.report(GovernanceGate.violations(summary: summaryValue, policy: policyValue)) || failed
        }
        if failed { throw ExitCode(ExitStatus.findings) }
    }

    private func resolve(_ name: String, _ runner: Runner) throws -> String {
        let keys = Set(runner.affectedNodes.map(\.key))
        for candidate in [name, "main.\(name)", "sub.\(name)", "skill.\(name)"] where keys.contains(candidate) { return candidate }
        throw LintError(code: "usage", message: "no agent or skill named '\(name)'")
    }

    /// CPU time of the process so far, in seconds.
    static func cpuSeconds() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    /// Parse every file of the set (in parallel) into a snapshot.
    static func index(_ fileSet: FileSet) -> RepositoryIndex {
        let files = fileSet.linted + fileSet.context
        var documents: [String: LintDocument] = [:]
        for document in Parallel.map(files, { LintDocument(file: $0) }) { documents[document.path] = document }
        for file in fileSet.deferred { documents[file.path] = LintDocument(deferred: file) }
        return RepositoryIndex(documents: documents, linted: Set(documents.keys), allPaths: fileSet.allPaths,
                               deleted: fileSet.deleted)
    }
}

/// `magsag-lint gate SUMMARY`: check a run or flow summary against the governance policy.
struct GateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gate", abstract: "Check a run (or flow) summary against catalog/policies/flow_governance.yaml.")

    @Argument(help: "The summary JSON file (from `magsag-lint run --summary FILE`).")
    var summary: String

    @Option(name: [.customShort("C"), .long], help: "Repository root (default: the current folder).")
    var directory = "."

    @Option(name: .long, help: "Governance policy (default: catalog/policies/flow_governance.yaml).")
    var policy = "catalog/policies/flow_governance.yaml"

    func run() throws {
        guard let data = FileManager.default.contents(atPath: summary), let value = JSONParser.parse(SourceFile(path: summary, bytes: Array(data))).value else {
            throw LintError(code: "io", message: "cannot read the summary \(summary) as JSON")
        }
        if GateCommand.report(GovernanceGate.violations(summary: value, policy: try GateCommand.loadPolicy(policy, root: directory))) {
            throw ExitCode(ExitStatus.findings)
        }
    }

    static func loadPolicy(_ path: String, root: String) throws -> SourceValue {
        let full = path.hasPrefix("/") ? path : (root as NSString).appendingPathComponent(path)
        guard let data = FileManager.default.contents(atPath: full),
              let value = YAMLLoader.load(SourceFile(path: path, bytes: Array(data))).documents.first else {
            throw LintError(code: "io", message: "cannot read the governance policy \(path)")
        }
        return value
    }

    /// Print the violations; true when there is any.
    static func report(_ violations: [String]) -> Bool {
        for violation in violations { Terminal.printError("gate: \(violation)") }
        Terminal.printError(violations.isEmpty ? "gate: passed" : "gate: \(violations.count) violation(s)")
        return !violations.isEmpty
    }
}
