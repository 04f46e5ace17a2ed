import Foundation
import Testing

/// The hook subcommands end to end, on a repository skeleton written by hand (this target has no
/// libgit2 access; the `git` executable is never used).
@Suite struct HookCommandTests {
    /// An empty repository: what `git init` leaves, minus the samples.
    static func emptyRepository() throws -> URL {
        let root = try CLI.temporaryFolder([
            ".git/HEAD": "ref: refs/heads/main\n",
            ".git/config": "[core]\n\trepositoryformatversion = 0\n\tbare = false\n",
            ".git/objects/.keep": "", ".git/refs/heads/.keep": "",
        ])
        return root
    }

    static func run(_ arguments: [String], stdin: String, in directory: URL) throws -> CLI.Output {
        let process = Process()
        process.executableURL = CLI.executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        process.environment = environment
        let input = Pipe()
        let output = Pipe()
        let error = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = error
        try process.run()
        input.fileHandleForWriting.write(Data(stdin.utf8))
        try input.fileHandleForWriting.close()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CLI.Output(status: process.terminationStatus, stdout: String(decoding: out, as: UTF8.self),
                          stderr: String(decoding: err, as: UTF8.self))
    }

    @Test func installTwiceThenUninstall() throws {
        let root = try Self.emptyRepository()
        defer { try? FileManager.default.removeItem(at: root) }
        let first = try CLI.run(["install"], in: root)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("pre-commit: installed"))
        #expect(first.stdout.contains("pre-push: installed"))
        let hook = root.appendingPathComponent(".git/hooks/pre-commit").path
        let project = CLI.projectRoot.appendingPathComponent("hooks/pre-commit").path
        #expect(FileManager.default.contents(atPath: hook) == FileManager.default.contents(atPath: project))
        let mode = (try FileManager.default.attributesOfItem(atPath: hook))[.posixPermissions] as? Int
        #expect(mode == 0o755)

        let second = try CLI.run(["install", "--pre-commit"], in: root)
        #expect(second.stdout == "pre-commit: already installed at \(hook)\n")
        let removed = try CLI.run(["uninstall"], in: root)
        #expect(removed.status == 0)
        #expect(!FileManager.default.fileExists(atPath: hook))
    }

    @Test func installOutsideARepositoryExitsTwo() throws {
        let root = try CLI.temporaryFolder(["a.txt": "x"])
        defer { try? FileManager.default.removeItem(at: root) }
        let output = try CLI.run(["install", "--repository", root.path])
        #expect(output.status == 2)
        #expect(output.stderr.contains("not inside a git repository"))
    }

    @Test func preCommitOnAnEmptyIndexIsClean() throws {
        let root = try Self.emptyRepository()
        defer { try? FileManager.default.removeItem(at: root) }
        try Data("items: [unclosed\n".utf8).write(to: root.appendingPathComponent("catalog.yaml"))
        let output = try CLI.run(["hook", "pre-commit"], in: root)
        #expect(output.status == 0, "unstaged files are not linted: \(output.stdout)\(output.stderr)")
    }

    @Test func prePushWithMalformedInputExitsTwoAndEmptyInputPasses() throws {
        let root = try Self.emptyRepository()
        defer { try? FileManager.default.removeItem(at: root) }
        let bad = try Self.run(["hook", "pre-push", "origin", "url"], stdin: "not a ref line\n", in: root)
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("malformed pre-push input on line 1"), "\(bad.stderr)")
        #expect(!bad.stderr.contains("Fatal error"))
        let empty = try Self.run(["hook", "pre-push", "origin", "url"], stdin: "", in: root)
        #expect(empty.status == 0, "\(empty.stderr)")
        let zero = String(repeating: "0", count: 40)
        let deletion = try Self.run(
            ["hook", "pre-push", "origin"], stdin: "(delete) \(zero) refs/heads/x \(String(repeating: "1", count: 40))\n", in: root)
        #expect(deletion.status == 0, "\(deletion.stderr)")
    }
}
