import Foundation
import MagsagGit
import Testing

/// The result cache never changes what a run reports: cold, warm, after edits and with a damaged
/// cache file, `check` prints exactly what `check --no-cache` prints.
@Suite struct ResultCacheCLITests {
    @Test func cachedRunsReportExactlyWhatUncachedRunsReport() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("magsag-cache-cli-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let writer = try RepositoryWriter.create(at: root.path)
        let contract = "catalog/contracts/a_input.schema.json"
        try writer.write("catalog/agents/main/a-mag/agent.yaml", "version: 1.0.0\nslug: a-mag\nrole: main\ncontracts:\n  input_schema: \(contract)\n")
        try writer.write(contract, #"{"$schema": "http://json-schema.org/draft-07/schema#", "type": "object", "required": "q"}"#)
        try writer.write("docs/guide.md", "# Guide\n\n[missing](nowhere.md) and [ok](other.md#title)\n")
        try writer.write("docs/other.md", "# Title\n")
        try writer.stage("catalog/agents/main/a-mag/agent.yaml", contract, "docs/guide.md", "docs/other.md")
        _ = try writer.commit("first")
        let cacheFile = root.appendingPathComponent(".git/magsag-lint/results-v1.bin")

        func compare(_ label: String, format: String = "json") throws {
            let uncached = try CLI.run(["check", "--no-cache", "--format", format, "--today", "2026-01-01", root.path])
            let cached = try CLI.run(["check", "--format", format, "--today", "2026-01-01", root.path])
            #expect(uncached.status == 1, "\(label): \(uncached.stderr)")
            #expect(cached.status == uncached.status, "\(label)")
            #expect(cached.stdout == uncached.stdout, "\(label): cached output differs")
        }
        try compare("cold")
        #expect(FileManager.default.fileExists(atPath: cacheFile.path))
        try compare("warm")
        try compare("warm, human", format: "human")
        // A cross-file change: the link target disappears from other.md, so guide.md (unchanged) gains a finding.
        try writer.write("docs/other.md", "# Renamed\n")
        try compare("after editing a link target")
        try writer.write("docs/other.md", "# Title\n")
        try compare("after reverting")
        // Another day: stale-document rules may change, so the date is part of the key.
        let later = try CLI.run(["check", "--format", "json", "--today", "2030-01-01", root.path])
        let laterUncached = try CLI.run(["check", "--no-cache", "--format", "json", "--today", "2030-01-01", root.path])
        #expect(later.stdout == laterUncached.stdout)
        // A damaged cache is ignored and rewritten.
        try Data("garbage".utf8).write(to: cacheFile)
        try compare("damaged cache")
        try compare("rewritten cache")
    }
}
