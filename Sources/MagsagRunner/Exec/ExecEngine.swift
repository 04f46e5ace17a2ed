#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import MagsagCatalog
import MagsagLintCore
import MagsagSource

/// The exec engine: the fixtures of every agent or skill mapped to an implementation in the configuration
/// are run by that implementation (a child process speaking `ExecProtocol`), on top of the replay checks of
/// every fixture. Opt-in (`runner.engine: exec`); see docs/runner.md.
public struct ExecEngine: Sendable {
    let runner: Runner
    let configuration: ExecConfiguration
    /// The repository root, absolute and without symbolic links.
    let root: String
    /// Implementations by node key (`main.x`, `sub.x`, `skill.x`).
    let implementations: [String: ExecConfiguration.Implementation]
    /// Provider cases by callee key + NUL + canonical input (for the recorded calls of a nested implementation).
    let casesByInput: [String: Fixture]
    /// Implementation keys of the configuration that name no agent or skill.
    public let unknownImplementations: [String]
    /// The environment every child starts from: the pass-through variables of this process plus `runner.env`.
    let baseEnvironment: [String: String]
    /// Nested implementations (an implementation delegating to one that delegates…) stop at this depth.
    static let maxDepth = 8

    /// Resolve the configuration's implementation keys against `runner`'s catalog; `root` is the repository root.
    public init(runner: Runner, configuration: ExecConfiguration, root: String) {
        self.runner = runner
        self.configuration = configuration
        self.root = Self.realPath(root) ?? root
        let keys = Set(runner.nodesByFolder.all.map(\.key))
        var implementations: [String: ExecConfiguration.Implementation] = [:]
        var unknown: [String] = []
        for (name, implementation) in configuration.implementations.sorted(by: { $0.key < $1.key }) {
            let candidates = [name, "main.\(name)", "sub.\(name)", "skill.\(name)", "skill.\(name.hasPrefix("skill.") ? String(name.dropFirst(6)) : name)"]
            if let key = candidates.first(where: keys.contains) { implementations[key] = implementation } else { unknown.append(name) }
        }
        self.implementations = implementations
        unknownImplementations = unknown
        var cases: [String: Fixture] = [:]
        for fixture in runner.fixtures {
            guard let node = runner.nodesByFolder[fixture.owner], let input = fixture.input else { continue }
            let key = node.key + "\u{0}" + Canonical.text(input.value)
            if cases[key] == nil { cases[key] = fixture }
        }
        casesByInput = cases
        var environment: [String: String] = [:]
        for name in ExecConfiguration.passedThrough { if let value = getenv(name) { environment[name] = String(cString: value) } }
        environment.merge(configuration.environment) { $1 }
        baseEnvironment = environment
    }

    /// Replay the selected fixtures, then run those whose owner has an implementation through it; the
    /// report merges both (exec cases carry the steps the implementation actually took).
    public func run(owners: Set<String>? = nil) -> RunReport {
        var report = runner.replay(owners: owners)
        let selected: [(Fixture, RunnerNode)] = runner.fixtures.compactMap { fixture in
            guard let node = runner.nodesByFolder[fixture.owner], !node.isTemplate, implementations[node.key] != nil,
                  fixture.input != nil, owners.map({ $0.contains(node.key) }) ?? true else { return nil }
            return (fixture, node)
        }
        let outcomes: [(path: String, steps: [CaseResult.Step], findings: [RunnerFinding])] = Parallel.map(selected) { fixture, node in
            let session = ExecSession(engine: self, fixture: fixture)
            session.runCase(node)
            return (fixture.path, session.steps, session.findings)
        }
        var byPath: [String: (steps: [CaseResult.Step], findings: [RunnerFinding])] = [:]
        for outcome in outcomes { byPath[outcome.path] = (outcome.steps, outcome.findings) }
        var findings = report.findings
        for i in report.cases.indices {
            guard let outcome = byPath[report.cases[i].path] else { continue }
            report.cases[i].steps = outcome.steps
            report.cases[i].engine = "exec"
            findings += outcome.findings
        }
        findings = Array(Set(findings)).sorted(by: RunnerFinding.ordered)
        var failing: Set<String> = []
        for finding in findings where finding.severity == .error { failing.insert(finding.location.path) }
        for i in report.cases.indices { report.cases[i].passed = !failing.contains(report.cases[i].path) }
        report.findings = findings
        return report
    }

    /// The time limit of one run of `node`: its time budget, else `runner.timeout-ms`; at most a day, so the
    /// deadline arithmetic cannot overflow whatever the configuration says.
    func timeoutMS(_ node: RunnerNode) -> Int {
        guard let budget = node.timeBudgetMS?.value, budget.isFinite, budget >= 1 else { return min(configuration.defaultTimeoutMS, 86_400_000) }
        return Int(min(budget, 86_400_000))
    }

    /// The working folder of `implementation`: inside the repository (after resolving symbolic links), or nil.
    func directory(of implementation: ExecConfiguration.Implementation) -> String? {
        let path = implementation.directory.isEmpty ? root : root + "/" + implementation.directory
        guard let real = Self.realPath(path) else { return nil }
        return real == root || real.hasPrefix(root + "/") ? real : nil
    }

    /// `path` absolute, without symbolic links; nil when it does not exist.
    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// `NAME=value` strings for a child running `key`.
    func environment(of implementation: ExecConfiguration.Implementation, key: String) -> [String] {
        var environment = baseEnvironment.merging(implementation.environment) { $1 }
        environment["MAGSAG_LINT_PROTOCOL"] = String(ExecProtocol.version)
        environment["MAGSAG_LINT_AGENT"] = key
        return environment.keys.sorted().map { "\($0)=\(environment[$0] ?? "")" }
    }
}
