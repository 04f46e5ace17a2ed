import Foundation
import MagsagGit
import Testing

/// A push from a shallow clone (`git clone --depth 1`): an existing branch is checked over the pushed
/// range, and a new branch started at the fetched tip is checked over its own commits only, although
/// libgit2 cannot compute merge bases past the shallow boundary.
@Suite struct ShallowClonePushTests {
    static func git(_ arguments: [String], in directory: URL) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-c", "user.name=T", "-c", "user.email=t@example.com", "-c", "protocol.file.allow=always"] + arguments
        process.currentDirectoryURL = directory
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw CocoaError(.executableLoad) }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func pushesFromAShallowCloneAreChecked() throws {
        let top = FileManager.default.temporaryDirectory.appendingPathComponent("magsag-shallow-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: top) }
        let origin = top.appendingPathComponent("origin")
        let writer = try RepositoryWriter.create(at: origin.path)
        for i in 1...3 {
            try writer.write("docs/d\(i).md", "# Doc \(i)\n")
            try writer.stage("docs/d\(i).md")
            _ = try writer.commit("c\(i)")
        }
        _ = try Self.git(["clone", "-q", "--depth", "1", "file://" + origin.path, "clone"], in: top)
        let clone = top.appendingPathComponent("clone")
        #expect(FileManager.default.fileExists(atPath: clone.appendingPathComponent(".git/shallow").path))
        let branch = try Self.git(["rev-parse", "--abbrev-ref", "HEAD"], in: clone)
        let fetched = try Self.git(["rev-parse", "HEAD"], in: clone)

        // An existing branch: the range from the remote's commit.
        try Data("# Doc 3\n\n[broken](missing.md)\n".utf8).write(to: clone.appendingPathComponent("docs/d3.md"))
        _ = try Self.git(["commit", "-qam", "bad"], in: clone)
        let tip = try Self.git(["rev-parse", "HEAD"], in: clone)
        let existing = try HookCommandTests.run(["hook", "pre-push", "origin", "file://" + origin.path],
                                                stdin: "refs/heads/\(branch) \(tip) refs/heads/\(branch) \(fetched)\n", in: clone)
        #expect(existing.status == 1, "\(existing.stdout)\(existing.stderr)")
        #expect(existing.stdout.contains("docs/d3.md") && existing.stdout.contains("missing.md"), "\(existing.stdout)")
        #expect(!existing.stdout.contains("docs/d1.md"), "only the pushed commits: \(existing.stdout)")

        // A new branch: its commits since the fetched tip, not every file.
        _ = try Self.git(["checkout", "-q", "-b", "feature"], in: clone)
        try Data("# Doc 2\n\n[x](nope.md)\n".utf8).write(to: clone.appendingPathComponent("docs/d2.md"))
        _ = try Self.git(["commit", "-qam", "feature"], in: clone)
        let feature = try Self.git(["rev-parse", "HEAD"], in: clone)
        let zero = String(repeating: "0", count: 40)
        let new = try HookCommandTests.run(["hook", "pre-push", "origin", "file://" + origin.path],
                                           stdin: "refs/heads/feature \(feature) refs/heads/feature \(zero)\n", in: clone)
        #expect(new.status == 1, "\(new.stdout)\(new.stderr)")
        #expect(new.stdout.contains("nope.md"), "\(new.stdout)")
        #expect(!new.stdout.contains("docs/d1.md"), "a new branch is checked over its own commits: \(new.stdout)\(new.stderr)")
        #expect(!new.stderr.contains("no base branch"), "\(new.stderr)")
    }
}
