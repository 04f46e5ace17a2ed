import Foundation
import MagsagGit
import MagsagLintCore
import Testing

@Suite struct HookPreCommitTests {
    static let valid = "name: agent\nrole: main\n"
    /// Invalid at line 4 (after two lines the work-tree copy lacks).
    static let invalid = "name: agent\nrole: main\n# staged\nitems: [unclosed\n"

    @Test func badStagedGoodUnstagedFailsAtStagedLinesAndTouchesNothing() throws {
        let repo = try HookRepository()
        try repo.add("catalog/agents/a.yaml", Self.valid)
        try repo.writer.commit("base")
        try repo.add("catalog/agents/a.yaml", Self.invalid)
        try repo.writer.write("catalog/agents/a.yaml", Self.valid)
        let before = repo.snapshot()

        let run = try HookChecks.preCommit(root: repo.root, rules: hookTestRules)
        #expect(run.diagnostics.map(\.ruleID) == ["test-yaml"])
        #expect(run.diagnostics.first?.primary.path == "catalog/agents/a.yaml")
        #expect((run.diagnostics.first?.primary.range.start.line ?? 0) >= 4, "staged line numbers")
        #expect(run.sources["catalog/agents/a.yaml"]?.text == Self.invalid, "snippets show the staged text")
        #expect(run.filesChecked == 1)
        #expect(repo.snapshot() == before, "work tree, index and .git unchanged")
    }

    @Test func goodStagedBadUnstagedPassesAndTouchesNothing() throws {
        let repo = try HookRepository()
        try repo.add("catalog/agents/a.yaml", Self.invalid)
        try repo.writer.commit("broken base")
        try repo.add("catalog/agents/a.yaml", Self.valid)
        try repo.writer.write("catalog/agents/a.yaml", Self.invalid)
        try repo.writer.write("catalog/agents/untracked.yaml", Self.invalid)
        let before = repo.snapshot()

        let run = try HookChecks.preCommit(root: repo.root, rules: hookTestRules)
        #expect(run.diagnostics.isEmpty, "\(run.diagnostics)")
        #expect(repo.snapshot() == before)
    }

    @Test func onlyStagedChangesAreLintedAgainstTheStagedSnapshot() throws {
        let repo = try HookRepository()
        try repo.add("catalog/agents/old.yaml", Self.invalid)
        try repo.writer.commit("old defect, not part of this commit")
        // The staged agent needs a skill that exists only in the work tree.
        try repo.add("catalog/agents/new.yaml", "skill: summarize\n")
        try repo.writer.write("catalog/skills/summarize.yaml", "name: summarize\n")

        let run = try HookChecks.preCommit(root: repo.root, rules: hookTestRules)
        #expect(run.diagnostics.map(\.message) == ["unknown skill 'summarize'"])
        #expect(run.diagnostics.map(\.primary.path) == ["catalog/agents/new.yaml"])

        try repo.writer.stage("catalog/skills/summarize.yaml")
        #expect(try HookChecks.preCommit(root: repo.root, rules: hookTestRules).diagnostics.isEmpty)
    }

    @Test func firstCommitOfAnEmptyRepositoryAndDetachedHead() throws {
        let repo = try HookRepository()
        try repo.add("catalog/agents/a.yaml", Self.invalid)
        #expect(try HookChecks.preCommit(root: repo.root, rules: hookTestRules).diagnostics.count == 1)

        try repo.add("catalog/agents/a.yaml", Self.valid)
        let first = try repo.writer.commit("first")
        try repo.writer.detachHead(at: first)
        try repo.add("catalog/agents/b.yaml", Self.invalid)
        let run = try HookChecks.preCommit(root: repo.root, rules: hookTestRules)
        #expect(run.diagnostics.map(\.primary.path) == ["catalog/agents/b.yaml"])
    }

    @Test func linkedWorktreeLintsItsOwnIndex() throws {
        let repo = try HookRepository()
        try repo.add("catalog/agents/a.yaml", Self.valid)
        try repo.writer.commit("first")
        let side = repo.base + "/side"
        try repo.writer.addWorktree(named: "side", at: side)
        let sideWriter = try RepositoryWriter(openingAt: side)
        try sideWriter.write("catalog/agents/a.yaml", Self.invalid)
        try sideWriter.stage("catalog/agents/a.yaml")

        #expect(try HookChecks.preCommit(root: side, rules: hookTestRules).diagnostics.count == 1)
        #expect(try HookChecks.preCommit(root: repo.root, rules: hookTestRules).diagnostics.isEmpty)
    }
}

@Suite struct HookPrePushTests {
    static let zero = String(repeating: "0", count: 40)
    static let bad = "items: [unclosed\n"

    /// main (pushed already, with an old defect), then branches `a` (clean) and `b` (a new defect).
    func pushFixture() throws -> (HookRepository, main: String, a: String, b: String) {
        let repo = try HookRepository()
        let main = try repo.commit(on: "main", ["catalog/old.yaml": Self.bad, "catalog/ok.yaml": "a: 1\n"], message: "main")
        let a = try repo.commit(on: "a", from: main, ["catalog/a.yaml": "a: 2\n"], message: "a")
        let b = try repo.commit(on: "b", from: main, ["catalog/b.yaml": Self.bad], message: "b")
        return (repo, main, a, b)
    }

    @Test func twoRefsOnlyTheSecondFailsAndIsNamed() throws {
        let (repo, main, a, b) = try pushFixture()
        let refs = [
            PushedRef(localRef: "refs/heads/a", localSHA: a, remoteRef: "refs/heads/a", remoteSHA: main),
            PushedRef(localRef: "refs/heads/b", localSHA: b, remoteRef: "refs/heads/b", remoteSHA: main),
        ]
        let run = try HookChecks.prePush(root: repo.root, remote: "origin", refs: refs, rules: hookTestRules)
        #expect(run.diagnostics.map(\.primary.path) == ["catalog/b.yaml"])
        #expect(run.diagnostics.first?.notes == ["in pushed ref refs/heads/b"])
        #expect(run.refSummaries == ["refs/heads/b: 1 finding"])
        #expect(run.filesChecked == 2)
        #expect(run.notes.isEmpty)
    }

    @Test func aFindingInSeveralRefsIsReportedOnceNamingThemAll() throws {
        let (repo, main, _, b) = try pushFixture()
        let c = try repo.commit(on: "c", from: b, ["catalog/c.yaml": "c: 1\n"], message: "c")
        let refs = [
            PushedRef(localRef: "refs/heads/b", localSHA: b, remoteRef: "refs/heads/b", remoteSHA: main),
            PushedRef(localRef: "refs/heads/c", localSHA: c, remoteRef: "refs/heads/c", remoteSHA: main),
        ]
        let run = try HookChecks.prePush(root: repo.root, remote: "origin", refs: refs, rules: hookTestRules)
        #expect(run.diagnostics.count == 1)
        #expect(run.diagnostics.first?.notes == ["in pushed refs refs/heads/b, refs/heads/c"])
        #expect(run.refSummaries == ["refs/heads/b: 1 finding", "refs/heads/c: 1 finding"])
    }

    @Test func deletionsAreSkippedAndASingleRefHasNoNote() throws {
        let (repo, main, _, b) = try pushFixture()
        let refs = [
            PushedRef(localRef: "(delete)", localSHA: Self.zero, remoteRef: "refs/heads/gone", remoteSHA: main),
            PushedRef(localRef: "refs/heads/b", localSHA: b, remoteRef: "refs/heads/b", remoteSHA: main),
        ]
        let run = try HookChecks.prePush(root: repo.root, remote: "origin", refs: refs, rules: hookTestRules)
        #expect(run.diagnostics.count == 1)
        #expect(run.diagnostics.first?.notes == [])
        let onlyDeletion = try HookChecks.prePush(root: repo.root, remote: "origin", refs: [refs[0]], rules: hookTestRules)
        #expect(onlyDeletion.diagnostics.isEmpty && onlyDeletion.filesChecked == 0)
    }

    @Test func newBranchIsComparedWithTheRemoteDefaultBranch() throws {
        let (repo, main, _, b) = try pushFixture()
        try repo.writer.setReference("refs/remotes/origin/main", to: main)
        let ref = PushedRef(localRef: "refs/heads/b", localSHA: b, remoteRef: "refs/heads/b", remoteSHA: Self.zero)
        let run = try HookChecks.prePush(root: repo.root, remote: "origin", refs: [ref], rules: hookTestRules)
        #expect(run.diagnostics.map(\.primary.path) == ["catalog/b.yaml"], "main's old defect is not this push's")
        #expect(run.notes.isEmpty)
    }

    @Test func newBranchWithoutAKnownBaseIsCheckedWhole() throws {
        let (repo, _, _, b) = try pushFixture()
        let ref = PushedRef(localRef: "refs/heads/b", localSHA: b, remoteRef: "refs/heads/b", remoteSHA: Self.zero)
        let run = try HookChecks.prePush(root: repo.root, remote: "https://example.invalid/r.git", refs: [ref], rules: hookTestRules)
        #expect(run.diagnostics.map(\.primary.path) == ["catalog/b.yaml", "catalog/old.yaml"])
        #expect(run.notes.count == 1)
        #expect(run.notes.first?.contains("every file") == true)
    }

    @Test func remoteCommitMissingLocallyFallsBackWithANote() throws {
        let (repo, main, _, b) = try pushFixture()
        try repo.writer.setReference("refs/remotes/origin/main", to: main)
        let unknown = String(repeating: "e", count: 40)
        let ref = PushedRef(localRef: "refs/heads/b", localSHA: b, remoteRef: "refs/heads/b", remoteSHA: unknown)
        let run = try HookChecks.prePush(root: repo.root, remote: "origin", refs: [ref], rules: hookTestRules)
        #expect(run.diagnostics.map(\.primary.path) == ["catalog/b.yaml"])
        #expect(run.notes.first?.contains("not in this repository") == true)
    }

    @Test func rootCommitPushedToANewRemoteIsCheckedWhole() throws {
        let repo = try HookRepository()
        let root = try repo.commit(on: "main", ["catalog/x.yaml": Self.bad], message: "root")
        let ref = PushedRef(localRef: "refs/heads/main", localSHA: root, remoteRef: "refs/heads/main", remoteSHA: Self.zero)
        let run = try HookChecks.prePush(root: repo.root, remote: "origin", refs: [ref], rules: hookTestRules)
        #expect(run.diagnostics.map(\.primary.path) == ["catalog/x.yaml"])
    }

    @Test func candidatesOnlyForRemoteNames() {
        #expect(HookChecks.defaultBranchCandidates("origin").first == "refs/remotes/origin/HEAD")
        #expect(HookChecks.defaultBranchCandidates("/srv/repo.git").isEmpty)
        #expect(HookChecks.defaultBranchCandidates("git@host:r.git").isEmpty)
        #expect(HookChecks.defaultBranchCandidates("a..b").isEmpty)
    }
}
