import Foundation
import MagsagGit
import Testing

/// Every command but `--fix` and `install` leaves the repository byte-identical: the work tree, the
/// index and everything else under `.git`, with modification times unchanged. The one place a run may
/// write is its result cache, `.git/magsag-lint/`.
@Suite struct ReadOnlyGuaranteeTests {
    struct Entry: Equatable {
        var bytes: Data
        var modified: Date?
    }

    static func snapshot(_ root: URL, includingCache: Bool = false) throws -> [String: Entry] {
        var files: [String: Entry] = [:]
        let keys: [URLResourceKey] = [.isRegularFileKey, .contentModificationDateKey]
        let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: keys)
        while let url = enumerator?.nextObject() as? URL {
            let values = try url.resourceValues(forKeys: Set(keys))
            if values.isRegularFile == true, includingCache || !url.path.contains("/.git/magsag-lint/") {
                files[url.path] = Entry(bytes: try Data(contentsOf: url), modified: values.contentModificationDate)
            }
        }
        return files
    }

    @Test func everyReadingCommandLeavesTheRepositoryUntouched() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("magsag-readonly-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let writer = try RepositoryWriter.create(at: root.path)
        let contract = "catalog/contracts/a_input.schema.json"
        try writer.write("catalog/agents/main/a-mag/agent.yaml", "version: 1.0.0\nslug: a-mag\nrole: main\ncontracts:\n  input_schema: \(contract)\n")
        try writer.write(contract, #"{"$schema": "http://json-schema.org/draft-07/schema#", "type": "object"}"#)
        try writer.write("docs/guide.md", "# Guide\n\n[missing](nowhere.md)\n")
        try writer.stage("catalog/agents/main/a-mag/agent.yaml", contract, "docs/guide.md")
        let first = try writer.commit("first")
        try writer.write(contract, #"{"$schema": "http://json-schema.org/draft-07/schema#", "type": "object", "required": ["q"]}"#)
        try writer.stage(contract)
        _ = try writer.commit("second")
        try writer.write("docs/guide.md", "# Guide, edited but not staged\n")
        try writer.write("catalog/policies/new.yaml", "untracked: true\n")

        let before = try Self.snapshot(root)
        let commands: [[String]] = [
            ["check", root.path],
            ["check", "--staged", root.path],
            ["check", "--since", first, "--format", "sarif", root.path],
            ["check", "--range", "\(first)..HEAD", "--format", "json", root.path],
            ["check", "--rev", "HEAD", "--format", "github", root.path],
            ["check", "--diff", root.path],
            ["diff-contracts", "\(first)..HEAD", root.path],
            ["validate", "--schema", root.appendingPathComponent(contract).path, root.appendingPathComponent(contract).path],
            ["audit", "--format", "html", root.path],
            ["audit", "--history", "5", "--format", "json", root.path],
            ["graph", "--format", "json", root.path],
            ["run", "--all", "-C", root.path],
            ["hook", "pre-commit", "--repository", root.path],
            ["config", "--dump", root.path],
        ]
        for command in commands {
            let output = try CLI.run(command)
            #expect(output.status == 0 || output.status == 1, "\(command): exit \(output.status) \(output.stderr)")
            let after = try Self.snapshot(root)
            #expect(after == before, "\(command) changed: \(Set(after.keys).symmetricDifference(before.keys).sorted()) \(after.filter { before[$0.key] != $0.value }.keys.sorted())")
        }
        // The cache holds only its own files (facts per blob, results, whole runs, and the folders'
        // listings once the folders are older than two seconds), and `--no-cache` writes nothing at all.
        let cache = root.appendingPathComponent(".git/magsag-lint")
        let held = try FileManager.default.contentsOfDirectory(atPath: cache.path).sorted()
        #expect(held.filter { $0 != "folders-v1.bin" } == ["facts-v1.bin", "results-v1.bin", "runs-v1.bin"])
        try FileManager.default.removeItem(at: cache)
        let clean = try Self.snapshot(root, includingCache: true)
        for command in [["check", "--no-cache", root.path], ["hook", "pre-commit", "--no-cache", "--repository", root.path]] {
            _ = try CLI.run(command)
            #expect(try Self.snapshot(root, includingCache: true) == clean, "\(command) wrote something")
        }
    }
}
