import Foundation
import MagsagGit
import Testing

/// `check --staged` lints the index exactly as it will be committed, and changes nothing.
@Suite struct StagedModeTests {
    static func snapshot(_ root: URL) throws -> [String: Data] {
        try TreeSnapshot.files(root)
    }

    static func repository(staged: String, workTree: String) throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("magsag-staged-\(UUID().uuidString)")
        let writer = try RepositoryWriter.create(at: root.path)
        try writer.write("catalog/policies/a.yaml", "ok: true\n")
        try writer.stage("catalog/policies/a.yaml")
        _ = try writer.commit("initial")
        try writer.write("catalog/policies/a.yaml", staged)
        try writer.stage("catalog/policies/a.yaml")
        try writer.write("catalog/policies/a.yaml", workTree)
        return root
    }

    @Test func invalidStagedVersionIsReportedAndNothingChanges() throws {
        let root = try Self.repository(staged: "ok: [unclosed\n", workTree: "ok: true\n")
        defer { try? FileManager.default.removeItem(at: root) }
        let before = try Self.snapshot(root)
        let output = try CLI.run(["check", "--staged", "--format", "concise", root.path])
        #expect(output.status == 1, "\(output.stdout)\(output.stderr)")
        #expect(output.stdout.contains("catalog/policies/a.yaml:2:1: error[invalid-yaml]"), "\(output.stdout)")
        let after = try Self.snapshot(root)
        #expect(before == after, "the work tree or the index changed")
        // The work tree itself is fine.
        #expect(try CLI.run(["check", root.path]).status == 0)
    }

    @Test func validStagedVersionPassesWhateverTheWorkTreeHolds() throws {
        let root = try Self.repository(staged: "ok: true\n", workTree: "ok: [unclosed\n")
        defer { try? FileManager.default.removeItem(at: root) }
        let before = try Self.snapshot(root)
        let output = try CLI.run(["check", "--staged", root.path])
        #expect(output.status == 0, "\(output.stdout)\(output.stderr)")
        #expect(try Self.snapshot(root) == before)
        #expect(try CLI.run(["check", root.path]).status == 1, "the work tree copy is invalid")
    }

    @Test func sinceAndRangeLintOnlyChangedFiles() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("magsag-range-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let writer = try RepositoryWriter.create(at: root.path)
        try writer.write("catalog/policies/old.yaml", "bad: [\n")
        try writer.stage("catalog/policies/old.yaml")
        let first = try writer.commit("first, with an old defect")
        try writer.write("catalog/policies/new.yaml", "dup: 1\ndup: 2\n")
        try writer.stage("catalog/policies/new.yaml")
        let second = try writer.commit("second")
        let since = try CLI.run(["check", "--since", first, "--format", "concise", root.path])
        #expect(since.status == 1)
        #expect(since.stdout.contains("new.yaml:2:1: error[duplicate-key]"), "\(since.stdout)")
        #expect(!since.stdout.contains("old.yaml"), "unchanged files are not linted: \(since.stdout)")
        let range = try CLI.run(["check", "--range", "\(first)..\(second)", "--format", "concise", root.path])
        #expect(range.stdout == since.stdout)
        let whole = try CLI.run(["check", "--rev", second, "--format", "concise", root.path])
        #expect(whole.stdout.contains("old.yaml") && whole.stdout.contains("new.yaml"))
    }
}
