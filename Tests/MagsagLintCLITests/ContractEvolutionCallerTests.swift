import Foundation
import MagsagGit
import Testing

/// A breaking contract change is reported at each `magsag://…@<range>` reference written against the
/// old contract, in the caller's unchanged descriptor or registry, naming the caller; the version policy
/// comes from `.magsag-lint.yaml`; dates are judged as of the commit date.
@Suite struct ContractEvolutionCallerTests {
    static let callee = "catalog/agents/sub/b-sag/agent.yaml"
    static let contract = "catalog/contracts/b_input.schema.json"
    static let caller = "catalog/agents/main/a-mag/agent.yaml"
    static let registry = "catalog/registry/agents.yaml"

    static func callee(_ version: String) -> String {
        "slug: b-sag\nversion: \(version)\ncontracts:\n  input_schema: \(contract)\n"
    }

    static func caller(_ range: String) -> String {
        "slug: a-mag\nversion: 1.0.0\ndepends_on:\n  sub_agents:\n    - magsag://sub.b-sag@\(range)\n"
    }

    /// First commit: b-sag 1.0.0 (or `baseVersion`) with an input contract, a-mag calling it with `^1.0.0`,
    /// a registry task calling b-sag directly. Second commit: a new required input property and `version`.
    static func repository(baseVersion: String = "1.0.0", version: String, callerRange: String? = nil, config: String? = nil)
        throws -> (URL, String) {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("magsag-callers-\(UUID().uuidString)")
        let writer = try RepositoryWriter.create(at: root.path)
        let baseRange = baseVersion.hasPrefix("0.") ? "^" + baseVersion : "^1.0.0"
        try writer.write(callee, callee(baseVersion))
        try writer.write(contract, #"{"type": "object", "required": ["q"]}"#)
        try writer.write(caller, caller(baseRange))
        try writer.write(registry, "tasks:\n  - id: triage\n    default: magsag://sub.b-sag@>=\(baseVersion)\n")
        var paths = [callee, contract, caller, registry]
        if let config {
            try writer.write(".magsag-lint.yaml", config)
            paths.append(".magsag-lint.yaml")
        }
        try writer.stage(paths)
        let first = try writer.commit("b-sag and its callers")
        try writer.write(callee, callee(version))
        try writer.write(contract, #"{"type": "object", "required": ["q", "lang"]}"#)
        var changed = [callee, contract]
        if let callerRange {
            try writer.write(caller, caller(callerRange))
            changed.append(caller)
        }
        try writer.stage(changed)
        _ = try writer.commit("require lang", time: 1_700_000_100)
        return (root, first)
    }

    static func check(_ root: URL, since first: String) throws -> String {
        let result = try CLI.run(["check", "--since", first, "--format", "concise", root.path])
        return result.stdout
    }

    @Test func unbumpedBreakReachesEveryCallerSilently() throws {
        let (root, first) = try Self.repository(version: "1.1.0")
        defer { try? FileManager.default.removeItem(at: root) }
        let out = try Self.check(root, since: first)
        #expect(out.contains("\(Self.caller):5:7: error[breaking-contract-change]: main.a-mag breaks: 'magsag://sub.b-sag@^1.0.0' still admits sub.b-sag 1.1.0, whose input contract broke since 1.0.0"), "\(out)")
        #expect(out.contains("\(Self.registry):3:14: error[breaking-contract-change]: task 'triage' of the agents registry breaks: 'magsag://sub.b-sag@>=1.0.0' still admits sub.b-sag 1.1.0"), "\(out)")
        #expect(out.contains("\(Self.contract):1:38: error[breaking-contract-change]: property 'lang' became required"), "\(out)")
        #expect(out.contains("error[version-not-bumped]"), "\(out)")
    }

    @Test func majorBumpLeavesOldRangesBehindAndNamesTheCallers() throws {
        let (root, first) = try Self.repository(version: "2.0.0")
        defer { try? FileManager.default.removeItem(at: root) }
        let out = try Self.check(root, since: first)
        #expect(out.contains("\(Self.caller):5:7: error[breaking-contract-change]: main.a-mag breaks: 'magsag://sub.b-sag@^1.0.0' was written against sub.b-sag 1.0.0, whose input contract broke in 2.0.0"), "\(out)")
        #expect(out.contains("still admits sub.b-sag 2.0.0"), "the >= range of the registry still admits the new major: \(out)")
        #expect(!out.contains("version-not-bumped"), "\(out)")
        #expect(!out.contains("error[unsatisfied-version-range]"), "breaking-contract-change explains the reference: \(out)")
        let json = try CLI.run(["check", "--since", first, "--format", "json", root.path]).stdout
        #expect(json.contains("callers of sub.b-sag that break: main.a-mag, task 'triage' of the agents registry"), "\(json)")
    }

    @Test func diffContractsNamesTheCallersThatBreak() throws {
        let (root, first) = try Self.repository(version: "2.0.0")
        defer { try? FileManager.default.removeItem(at: root) }
        let text = try CLI.run(["diff-contracts", "\(first)..HEAD", root.path]).stdout
        #expect(text.contains("breaking for the input of sub.b-sag; callers that break: main.a-mag, task 'triage' of the agents registry"), "\(text)")
        let json = try CLI.run(["diff-contracts", "\(first)..HEAD", "--format", "json", root.path]).stdout
        #expect(json.contains("\"callers\""), "\(json)")
    }

    @Test func aBumpAloneLeavesUnchangedCallersBehind() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("magsag-bump-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let writer = try RepositoryWriter.create(at: root.path)
        try writer.write(Self.callee, "slug: b-sag\nversion: 1.0.0\n")
        try writer.write(Self.caller, Self.caller("^1.0.0"))
        try writer.write("catalog/agents/main/c-mag/agent.yaml", "slug: c-mag\nversion: 1.0.0\ndepends_on:\n  sub_agents:\n    - magsag://sub.d-sag@^3.0.0\n")
        try writer.write("catalog/agents/sub/d-sag/agent.yaml", "slug: d-sag\nversion: 1.0.0\n")
        try writer.stage(Self.callee, Self.caller, "catalog/agents/main/c-mag/agent.yaml", "catalog/agents/sub/d-sag/agent.yaml")
        let first = try writer.commit("b-sag and a-mag")
        try writer.write(Self.callee, "slug: b-sag\nversion: 2.0.0\n")
        try writer.stage(Self.callee)
        _ = try writer.commit("b-sag 2.0.0")
        let out = try Self.check(root, since: first)
        #expect(out.contains("\(Self.caller):5:7: error[unsatisfied-version-range]: 'b-sag' is at version 2.0.0, which does not satisfy '^1.0.0'"), "\(out)")
        #expect(!out.contains("c-mag"), "an old problem in an unchanged file is not the change's: \(out)")
    }

    @Test func updatedReferenceIsNotReported() throws {
        let (root, first) = try Self.repository(version: "2.0.0", callerRange: "^2.0.0")
        defer { try? FileManager.default.removeItem(at: root) }
        let out = try Self.check(root, since: first)
        #expect(!out.contains("main.a-mag breaks"), "the caller was updated in the same change: \(out)")
        #expect(out.contains("task 'triage' of the agents registry breaks"), "\(out)")
    }

    @Test func versionPolicyFromTheConfiguration() throws {
        // Strict 0.x: a breaking change from 0.3.0 needs 1.0.0, not 0.4.0.
        let strict = "version-policy:\n  initial-development: strict\n"
        let (root, first) = try Self.repository(baseVersion: "0.3.0", version: "0.4.0", config: strict)
        defer { try? FileManager.default.removeItem(at: root) }
        let out = try Self.check(root, since: first)
        #expect(out.contains("error[version-not-bumped]: contract change breaks the input of sub.b-sag but its version went from 0.3.0 to 0.4.0; a major bump is needed"), "\(out)")

        let (relaxedRoot, relaxedFirst) = try Self.repository(baseVersion: "0.3.0", version: "0.4.0")
        defer { try? FileManager.default.removeItem(at: relaxedRoot) }
        #expect(!(try Self.check(relaxedRoot, since: relaxedFirst)).contains("version-not-bumped"), "0.x relaxed by default")

        let bad = try CLI.run(["config", "--dump", root.path], in: nil)
        #expect(bad.stdout.contains("initial-development: strict"), "\(bad.stdout)\(bad.stderr)")
    }

    @Test func invalidVersionPolicyIsAConfigurationFinding() throws {
        let (root, first) = try Self.repository(version: "2.0.0", config: "version-policy:\n  breaking: huge\n  compatibel: minor\n")
        defer { try? FileManager.default.removeItem(at: root) }
        let out = try CLI.run(["check", "--format", "concise", root.path]).stdout
        #expect(out.contains(".magsag-lint.yaml:2:13: error[invalid-configuration]: `version-policy.breaking` must be one of major, minor, patch"), "\(out)")
        #expect(out.contains(".magsag-lint.yaml:3:3: error[invalid-configuration]: unknown version-policy key \"compatibel\""), "\(out)")
        _ = first
    }

    @Test func documentDatesAreJudgedAsOfTheCommitDate() throws {
        // Commits are dated 2023-11-14; a document dated 2024 is in the future for that commit, not today.
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("magsag-commit-date-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let writer = try RepositoryWriter.create(at: root.path)
        try writer.write("docs/a.md", "# A\n")
        try writer.stage("docs/a.md")
        let first = try writer.commit("a")
        let doc = "---\ntitle: A\nlast_updated: 2024-06-01\n---\n# A\n"
        try writer.write("docs/a.md", doc)
        try writer.stage("docs/a.md")
        _ = try writer.commit("date a", time: 1_700_000_100)
        let env = ["MAGSAG_LINT_TODAY": ""]
        let since = try CLI.run(["check", "--since", first, "--format", "concise", root.path], environment: env).stdout
        #expect(since.contains("docs/a.md:3:15: error[future-date]: `last_updated` 2024-06-01 is in the future"), "\(since)")
        let rev = try CLI.run(["check", "--rev", "HEAD", "--format", "concise", root.path], environment: env).stdout
        #expect(rev.contains("error[future-date]"), "\(rev)")
        let pinned = try CLI.run(["check", "--since", first, "--today", "2026-01-01", "--format", "concise", root.path], environment: env).stdout
        #expect(!pinned.contains("future-date"), "--today wins over the commit date: \(pinned)")
        let workTree = try CLI.run(["check", "--format", "concise", root.path], environment: env).stdout
        #expect(!workTree.contains("future-date"), "the work tree is judged as of now: \(workTree)")
    }
}
