import Foundation
import MagsagGit
import Testing

/// The executable bit git records reaches `executable-non-script` in every file source.
@Suite struct ExecutableBitTests {
    @Test func modesFromTheIndexCommitsAndWorkTreeAreChecked() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("magsag-mode-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let writer = try RepositoryWriter.create(at: root.path)
        try writer.write("docs/data.json", "{}\n", executable: true)
        try writer.write("docs/run.sh", "echo hi\n", executable: true)
        try writer.write("docs/plain.json", "{}\n")
        try writer.stage("docs/data.json", "docs/run.sh", "docs/plain.json")
        _ = try writer.commit("modes")
        // A staged run lints the staged changes: a new executable data file.
        try writer.write("docs/new.yaml", "a: 1\n", executable: true)
        try writer.stage("docs/new.yaml")
        for (mode, path) in [(["--rev", "HEAD"], "docs/data.json"), (["--staged"], "docs/new.yaml"), ([], "docs/data.json")] {
            let output = try CLI.run(["check", "--no-cache", "--format", "concise"] + mode + [root.path])
            let lines = output.stdout.split(separator: "\n").filter { $0.contains("[executable-non-script]") }
            #expect(lines.count == (mode.isEmpty ? 2 : 1), "\(mode): \(output.stdout)\(output.stderr)")
            #expect(lines.first?.hasPrefix("\(path):1:1: warning[executable-non-script]") == true, "\(mode): \(lines)")
        }
    }
}
