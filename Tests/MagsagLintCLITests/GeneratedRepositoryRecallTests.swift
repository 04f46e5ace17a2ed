import Foundation
import Testing

/// Recall and precision on repositories made by `../shared/tools/gen-magsag-repo`: every injected
/// defect is reported at its file (or a file it affects), and a clean repository gives no finding.
@Suite struct GeneratedRepositoryRecallTests {
    static let generator = CLI.projectRoot.deletingLastPathComponent().appendingPathComponent("shared/tools/gen-magsag-repo").path

    /// The generator dates its documents across 2025; a long staleness window keeps `stale-doc` quiet.
    static let configuration = "version: 1\nstale-after-days: 36500\ntoday: '2026-11-25'\n"

    static func generate(_ arguments: [String]) throws -> URL {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("magsag-gen-\(UUID().uuidString)")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", generator, out.path] + arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "gen-magsag-repo failed")
        try Data(configuration.utf8).write(to: out.appendingPathComponent(".magsag-lint.yaml"))
        return out
    }

    static func diagnostics(_ root: URL) throws -> [(rule: String, path: String)] {
        let output = try CLI.run(["check", "--format", "json", root.path])
        let object = try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any]
        let list = object?["diagnostics"] as? [[String: Any]] ?? []
        return list.compactMap { item in
            guard let rule = item["rule"] as? String, let location = item["location"] as? [String: Any],
                  let path = location["path"] as? String else { return nil }
            return (rule, path)
        }
    }

    @Test func cleanRepositoryHasNoFinding() throws {
        guard FileManager.default.fileExists(atPath: Self.generator) else { Issue.record("generator missing at \(Self.generator)"); return }
        let root = try Self.generate(["--agents", "30", "--skills", "10", "--docs", "10", "--seed", "5"])
        defer { try? FileManager.default.removeItem(at: root) }
        let found = try Self.diagnostics(root)
        #expect(found.isEmpty, "false positives: \(found.prefix(20).map { "\($0.path) \($0.rule)" })")
    }

    @Test func everyInjectedDefectIsReported() throws {
        guard FileManager.default.fileExists(atPath: Self.generator) else { Issue.record("generator missing at \(Self.generator)"); return }
        let root = try Self.generate(["--agents", "40", "--skills", "12", "--docs", "15", "--seed", "21", "--defect-rate", "0.1"])
        defer { try? FileManager.default.removeItem(at: root) }
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: root.appendingPathComponent(".defects.json"))) as? [String: Any]
        let defects = manifest?["defects"] as? [[String: Any]] ?? []
        #expect(defects.count > 20, "the generator injected too few defects to be meaningful")
        let found = try Self.diagnostics(root)
        let pathsWithFindings = Set(found.map(\.path))
        var missed: [String] = []
        var kinds: Set<String> = []
        for defect in defects {
            let kind = defect["kind"] as? String ?? "?"
            kinds.insert(kind)
            let files = [defect["file"] as? String].compactMap { $0 } + (defect["affects"] as? [String] ?? [])
            if !files.contains(where: pathsWithFindings.contains) {
                missed.append("\(kind) at \(files.first ?? "?"): \(defect["detail"] as? String ?? "")")
            }
        }
        #expect(missed.isEmpty, "missed \(missed.count) of \(defects.count) defects:\n\(missed.joined(separator: "\n"))")
        let defectFiles = Set(defects.flatMap { [$0["file"] as? String].compactMap { $0 } + ($0["affects"] as? [String] ?? []) })
        let unexplained = found.filter { !defectFiles.contains($0.path) }
        #expect(unexplained.isEmpty, "findings in files without an injected defect: \(unexplained.prefix(20).map { "\($0.path) \($0.rule)" })")
        print("recall over \(defects.count) injected defects of \(kinds.count) kinds: \(defects.count - missed.count)/\(defects.count)")
    }
}
