import Foundation
@testable import MagsagGit
import Testing

/// The untracked walk lists exactly what `git status --untracked-files=all` lists as untracked.
@Suite struct UntrackedWalkTests {
    @Test func agreesWithGitStatus() throws {
        let temp = try TemporaryRepository()
        try temp.add(".gitignore", "*.log\nbuild/\nout/*\n!out/keep.txt\n/top-only.txt\ncache\n")
        try temp.add("docs/a.md", "# A\n")
        try temp.add("build/tracked.yaml", "tracked: inside an ignored folder\n")
        try temp.add("deep/one/two/t.yaml", "x: 1\n")
        try temp.add("sub/.gitignore", "local.yaml\n")
        try temp.add("was-a-file.yaml", "replaced by a folder below\n")
        try temp.writer.commit("base")
        try temp.writer.delete("was-a-file.yaml")
        for (path, text) in [
            ("docs/new.md", "n"), ("docs/debug.log", "ignored"), ("build/new.yaml", "ignored by folder"),
            ("out/skip.txt", "ignored"), ("out/keep.txt", "re-included"), ("top-only.txt", "ignored at the top"),
            ("deep/top-only.txt", "not ignored below"), ("fresh/a/b/c.json", "{}"), ("fresh/a/x.log", "ignored"),
            ("cache/file.txt", "ignored folder without slash"), ("deep/one/cache", "ignored file named cache"),
            ("sub/local.yaml", "ignored by a nested .gitignore"), ("sub/other.yaml", "listed"),
            ("spaced name/é ü.md", "non-ASCII"), ("onlyignored/z.log", "nothing listed"),
            ("was-a-file.yaml/inside.yaml", "untracked in a folder where the index has a file"),
        ] {
            try temp.writer.write(path, text + "\n")
        }
        try FileManager.default.createDirectory(atPath: temp.root + "/empty/inner", withIntermediateDirectories: true)
        try temp.writer.symlink("fresh/link", to: "/etc")
        let nested = try RepositoryWriter.create(at: temp.root + "/vendor/lib")
        try nested.write("lib.yaml", "inner: true\n")

        let ours = try temp.open().untrackedPaths(operation: "test")
        let theirs = try Self.gitUntracked(in: temp.root)
        #expect(ours == theirs)
        #expect(ours.contains("out/keep.txt") && ours.contains("vendor/lib/") && ours.contains("fresh/link"))
        #expect(ours.contains("was-a-file.yaml/inside.yaml"))
        #expect(!ours.contains { $0.hasPrefix("build/") || $0.hasSuffix(".log") || $0.hasPrefix("cache/") })
    }

    /// `git status --porcelain -z --untracked-files=all`: the `??` entries, sorted.
    static func gitUntracked(in root: String) throws -> [String] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-C", root, "status", "--porcelain=v1", "-z", "--untracked-files=all"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
            .filter { $0.hasPrefix("?? ") }.map { String($0.dropFirst(3)) }.sorted()
    }
}
