import Foundation
import MagsagGit
import Testing

/// A small history: `c1` (a, b, c), `c2` on main (a modified, b renamed to docs/b2, c deleted)
/// and `c3` on `feature`, branched from `c1`.
private struct History {
    let temp: TemporaryRepository
    let c1: String, c2: String, c3: String

    init() throws {
        temp = try TemporaryRepository()
        let long = (1...40).map { "line \($0): some reasonably long content\n" }.joined()
        try temp.add("a.txt", "alpha\n")
        try temp.add("b.txt", long)
        try temp.add("c.txt", "gamma\n")
        c1 = try temp.writer.commit("c1", time: 1_700_000_000)
        try temp.writer.createBranch("feature", at: c1)
        try temp.writer.write("a.txt", "alpha 2\n")
        try temp.writer.delete("b.txt")
        try temp.writer.write("docs/b2.txt", long)
        try temp.writer.delete("c.txt")
        try temp.writer.stage("a.txt", "b.txt", "docs/b2.txt", "c.txt")
        c2 = try temp.writer.commit("c2", time: 1_700_000_100)
        try temp.writer.setHead("refs/heads/feature")
        try temp.writer.resetIndex(to: c1)
        try temp.add("feature.txt", "feature\n")
        c3 = try temp.writer.commit("c3", time: 1_700_000_200)
        try temp.writer.setHead("refs/heads/main")
        try temp.writer.resetIndex(to: c2)
    }
}

@Suite struct HistoryTests {
    @Test func commitFilesResolveAnyRevision() throws {
        let history = try History()
        let repository = try history.temp.open()
        #expect(try repository.resolve("HEAD") == history.c2)
        #expect(try repository.resolve("main~1") == history.c1)
        #expect(try repository.resolve(String(history.c1.prefix(8))) == history.c1)
        #expect(try repository.resolve("feature") == history.c3)
        #expect(try repository.commitFiles("HEAD~1", maxFileSize: 10_000).files.map(\.path) == ["a.txt", "b.txt", "c.txt"])
        #expect(try repository.commitFiles(history.c2, maxFileSize: 10_000).files.map(\.path) == ["a.txt", "docs/b2.txt"])
        #expect(try repository.commitFiles("main", maxFileSize: 10_000).texts["a.txt"] == "alpha 2\n")
        #expect(repository.headCommitDate() == 1_700_000_100)
        #expect(try repository.blob(at: "c.txt", in: history.c1) == Array("gamma\n".utf8))
        #expect(try repository.blob(at: "c.txt", in: history.c2) == nil)
        #expect(try repository.blob(at: "docs", in: history.c2) == nil)
    }

    @Test func changesDetectRenamesAndDeletions() throws {
        let history = try History()
        let repository = try history.temp.open()
        let expected = [
            ChangedPath(path: "a.txt", status: .modified),
            ChangedPath(path: "c.txt", status: .deleted),
            ChangedPath(path: "docs/b2.txt", status: .renamed(from: "b.txt")),
        ]
        #expect(try repository.changes(from: history.c1, to: history.c2) == expected)
        #expect(try repository.changes(from: "HEAD", to: "HEAD").isEmpty)

        let range = try repository.rangeFiles("HEAD~1..HEAD", maxFileSize: 10_000)
        #expect(range.base == history.c1 && range.head == history.c2)
        #expect(range.changes == expected)
        #expect(range.files.files.map(\.path) == ["a.txt", "docs/b2.txt"])
        #expect(range.files.texts["a.txt"] == "alpha 2\n")
    }

    @Test func mergeBaseAndSymmetricRange() throws {
        let history = try History()
        let repository = try history.temp.open()
        #expect(try repository.mergeBase("main", "feature") == history.c1)
        #expect(try repository.mergeBase(history.c3, history.c2) == history.c1)
        let range = try repository.rangeFiles("main...feature", maxFileSize: 10_000)
        #expect(range.base == history.c1)
        #expect(range.changes == [ChangedPath(path: "feature.txt", status: .added)])
        #expect(range.files.texts == ["feature.txt": "feature\n"])
        // Two-dot range compares the trees directly.
        let direct = try repository.rangeFiles("main..feature", maxFileSize: 10_000)
        #expect(direct.base == history.c2 && direct.head == history.c3)
        #expect(direct.changes.contains(ChangedPath(path: "b.txt", status: .renamed(from: "docs/b2.txt"))))
        #expect(direct.changes.contains(ChangedPath(path: "c.txt", status: .added)))
        #expect(throws: GitError.self) { try repository.rangeFiles("main", maxFileSize: 10) }
    }

    @Test func detachedHead() throws {
        let history = try History()
        try history.temp.writer.detachHead(at: history.c1)
        let repository = try history.temp.open()
        #expect(repository.isHeadDetached)
        #expect(try repository.resolve("HEAD") == history.c1)
        #expect(try repository.commitFiles("HEAD", maxFileSize: 10_000).files.map(\.path) == ["a.txt", "b.txt", "c.txt"])
    }

    @Test func bareCloneSupportsRevisionModesOnly() throws {
        let history = try History()
        let barePath = history.temp.directory.appending("clone.git")
        _ = try RepositoryWriter.clone(from: history.temp.root, to: barePath)
        let repository = try Repository(openingAt: barePath)
        #expect(repository.isBare)
        #expect(repository.workdir == nil)
        #expect(repository.gitDir == barePath)
        #expect(try repository.resolve("HEAD") == history.c2)
        #expect(try repository.commitFiles("HEAD", maxFileSize: 10_000).files.map(\.path) == ["a.txt", "docs/b2.txt"])
        #expect(try repository.changes(from: history.c1, to: "HEAD").count == 3)
        #expect(repository.hooksDirectory == barePath + "/hooks")

        let error = #expect(throws: GitError.self) { try repository.workTreeFiles(maxFileSize: 100) }
        #expect(error?.description.contains("bare repository: ") == true)
        #expect(error?.description.contains("--rev/--since") == true)
        #expect(throws: GitError.self) { try repository.indexFiles(maxFileSize: 100) }
        #expect(throws: GitError.self) { try repository.stagedChanges() }
    }

    @Test func errorsNameTheOperationAndLibgit2Message() throws {
        let history = try History()
        let repository = try history.temp.open()
        let error = #expect(throws: GitError.self) { try repository.resolve("no-such-branch") }
        #expect(error?.operation == "resolve revision 'no-such-branch'")
        #expect(error?.code == GitError.notFoundCode)
        #expect(error?.message.contains("no-such-branch") == true)
        if let error {
            #expect(error.description.contains(error.operation))
            #expect(error.description.contains(error.message))
        }
        let mergeError = #expect(throws: GitError.self) { try repository.mergeBase("main", "nope") }
        #expect(mergeError?.description.contains("merge base") == true)
    }
}

@Suite struct OpeningTests {
    @Test func discoverWalksUpAndReturnsNilOutsideRepositories() throws {
        let temp = try TemporaryRepository()
        try temp.writer.write("deep/down/file.txt", "x")
        let found = try #require(try Repository.discover(startingAt: temp.root + "/deep/down"))
        #expect(found.workdir == temp.root)
        #expect(found.gitDir == temp.root + "/.git")
        #expect(!found.isLinkedWorktree)

        let outside = temp.directory.appending("not-a-repo")
        try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: true)
        #expect(try Repository.discover(startingAt: outside) == nil)
        #expect(throws: GitError.self) { try Repository.discover(startingAt: temp.directory.appending("missing")) }
        #expect(throws: GitError.self) { try Repository(openingAt: outside) }
    }

    @Test func hooksDirectoryHonoursConfigAndLinkedWorktrees() throws {
        let temp = try TemporaryRepository()
        try temp.add("a.txt", "a\n")
        try temp.writer.commit("base")
        #expect(try temp.open().hooksDirectory == temp.root + "/.git/hooks")

        let worktreePath = temp.directory.appending("linked")
        try temp.writer.addWorktree(named: "linked", at: worktreePath)
        let linked = try Repository(openingAt: worktreePath)
        #expect(linked.isLinkedWorktree)
        #expect(linked.workdir == worktreePath)
        #expect(linked.gitDir == temp.root + "/.git/worktrees/linked")
        #expect(linked.commonDir == temp.root + "/.git")
        #expect(linked.hooksDirectory == temp.root + "/.git/hooks")
        #expect(try linked.workTreeFiles(maxFileSize: 100).texts == ["a.txt": "a\n"])
        #expect(try Repository.discover(startingAt: worktreePath)?.isLinkedWorktree == true)

        try temp.writer.setConfig("core.hooksPath", ".githooks")
        let repository = try temp.open()
        #expect(repository.config("core.hooksPath") == ".githooks")
        #expect(repository.hooksDirectory == temp.root + "/.githooks")
        #expect(try Repository(openingAt: worktreePath).hooksDirectory == worktreePath + "/.githooks")

        try temp.writer.setConfig("core.hooksPath", "/opt/shared-hooks/")
        #expect(try temp.open().hooksDirectory == "/opt/shared-hooks")
        #expect(try temp.open().config("magsag.unset-key") == nil)
    }
}
