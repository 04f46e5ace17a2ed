import Foundation
import MagsagLintCore
import MagsagLintRules
@testable import MagsagSource
import Synchronization
import Testing

/// A work-tree check lets parsed JSON files' bytes go (`Linter.releasesParsedBytes`) and reads back only
/// the few a finding needs: its findings must be exactly those of a run that keeps every byte, on a
/// generated repository with injected defects, and a clean repository must read nothing back.
@Suite struct ReleasedBytesCheckTests {
    /// The findings of a check of `root`, and how many files were read again.
    private static func check(_ root: URL, releasing: Bool) throws -> (diagnostics: [Diagnostic], rereads: Int, released: Int) {
        var fileSet = try FileSource(root: root.path).load()
        let calls = Mutex(0)
        let reread = try #require(fileSet.reread, "a work-tree set can read its files again")
        fileSet.reread = { path in
            calls.withLock { $0 += 1 }
            return reread(path)
        }
        let data = try Data(contentsOf: root.appendingPathComponent(ConfigurationLoader.fileName))
        let configuration = ConfigurationLoader(rules: BuiltInRules.descriptions).load(SourceFile(path: ConfigurationLoader.fileName, bytes: Array(data))).0
        var linter = Linter(rules: BuiltInRules.all, configuration: configuration, knownRuleIDs: Set(BuiltInRules.descriptions.map(\.id)))
        linter.releasesParsedBytes = releasing
        let result = linter.lint(fileSet)
        let released = (fileSet.linted + fileSet.context).filter(\.bytesReleased).count
        return (result.diagnostics, calls.withLock { $0 }, released)
    }

    @Test func findingsMatchARunThatKeepsTheBytes() throws {
        guard FileManager.default.fileExists(atPath: GeneratedRepositoryRecallTests.generator) else {
            Issue.record("generator missing at \(GeneratedRepositoryRecallTests.generator)")
            return
        }
        let root = try GeneratedRepositoryRecallTests.generate(["--agents", "40", "--skills", "12", "--docs", "15", "--seed", "21", "--defect-rate", "0.1"])
        defer { try? FileManager.default.removeItem(at: root) }
        let kept = try Self.check(root, releasing: false)
        let released = try Self.check(root, releasing: true)
        #expect(kept.released == 0 && kept.rereads == 0)
        #expect(released.released > 100, "the JSON files' bytes were let go")
        #expect(released.diagnostics.count > 20)
        #expect(released.diagnostics == kept.diagnostics)
        // Files are read again for a finding's line and column (some placed while a rule works, then
        // not reported), never the snapshot: about as many as the JSON files the findings point into.
        let jsonWithFindings = Set(released.diagnostics.flatMap { [$0.primary.path] + $0.related.map(\.path) }.filter { $0.hasSuffix(".json") })
        #expect(released.rereads > 0)
        #expect(released.rereads <= 2 * jsonWithFindings.count, "\(released.rereads) files read again for \(jsonWithFindings.count) with findings")
        #expect(released.rereads * 4 < released.released)
    }

    @Test func aCleanRepositoryReadsNothingBack() throws {
        guard FileManager.default.fileExists(atPath: GeneratedRepositoryRecallTests.generator) else {
            Issue.record("generator missing at \(GeneratedRepositoryRecallTests.generator)")
            return
        }
        let root = try GeneratedRepositoryRecallTests.generate(["--agents", "30", "--skills", "10", "--docs", "10", "--seed", "5"])
        defer { try? FileManager.default.removeItem(at: root) }
        let run = try Self.check(root, releasing: true)
        #expect(run.diagnostics.isEmpty)
        #expect(run.released > 100)
        #expect(run.rereads == 0)
    }
}
