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
    /// A repository made by the generator with `arguments`, nil (an issue recorded) without it.
    private static func generated(_ arguments: [String]) throws -> URL? {
        guard FileManager.default.fileExists(atPath: GeneratedRepositoryRecallTests.generator) else {
            Issue.record("generator missing at \(GeneratedRepositoryRecallTests.generator)")
            return nil
        }
        return try GeneratedRepositoryRecallTests.generate(arguments)
    }

    /// A linter with every built-in rule and the configuration of `root`.
    private static func linter(_ root: URL, releasing: Bool) throws -> Linter {
        let data = try Data(contentsOf: root.appendingPathComponent(ConfigurationLoader.fileName))
        let configuration = ConfigurationLoader(rules: BuiltInRules.descriptions).load(SourceFile(path: ConfigurationLoader.fileName, bytes: Array(data))).0
        var linter = Linter(rules: BuiltInRules.all, configuration: configuration, knownRuleIDs: Set(BuiltInRules.descriptions.map(\.id)))
        linter.releasesParsedBytes = releasing
        return linter
    }

    /// The findings of a check of `root`, and how many files were read again.
    private static func check(_ root: URL, releasing: Bool) throws -> (diagnostics: [Diagnostic], rereads: Int, released: Int) {
        var fileSet = try FileSource(root: root.path).load()
        let calls = Mutex(0)
        let reread = try #require(fileSet.reread, "a work-tree set can read its files again")
        fileSet.reread = { path in
            calls.withLock { $0 += 1 }
            return reread(path)
        }
        let result = try linter(root, releasing: releasing).lint(fileSet)
        let released = (fileSet.linted + fileSet.context).filter(\.bytesReleased).count
        return (result.diagnostics, calls.withLock { $0 }, released)
    }

    @Test func findingsMatchARunThatKeepsTheBytes() throws {
        guard let root = try Self.generated(["--agents", "40", "--skills", "12", "--docs", "15", "--seed", "21", "--defect-rate", "0.1"]) else { return }
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

    /// Files edited between the release and a finding's read-back read as empty: their findings are
    /// placed at the start of the file, the same findings otherwise, and the edits are counted.
    @Test func filesEditedMeanwhileAreNeverReadAsOtherText() throws {
        guard let root = try Self.generated(["--agents", "20", "--skills", "6", "--docs", "6", "--seed", "21", "--defect-rate", "0.2"]) else { return }
        defer { try? FileManager.default.removeItem(at: root) }
        let kept = try Self.check(root, releasing: false)
        let before = SourceFile.changedSinceRead
        var fileSet = try FileSource(root: root.path).load()
        // Every file reads back with its first byte changed.
        fileSet.reread = { path in
            guard var bytes = FileManager.default.contents(atPath: root.path + "/" + path).map(Array.init), !bytes.isEmpty else { return nil }
            bytes[0] ^= 0x20
            return bytes
        }
        let edited = try Self.linter(root, releasing: true).lint(fileSet).diagnostics
        #expect(SourceFile.changedSinceRead > before)
        let released = Set((fileSet.linted + fileSet.context).filter(\.bytesReleased).map(\.path))
        // Outside the files read back nothing moved; inside them every place is the file's start.
        func key(_ d: Diagnostic) -> String { "\(d.ruleID) \(d.primary.path) \(d.message)" }
        #expect(edited.map(key).sorted() == kept.diagnostics.map(key).sorted())
        var moved = 0
        for diagnostic in edited where released.contains(diagnostic.primary.path) {
            if diagnostic.primary.range.start.line == 1, diagnostic.primary.range.start.column == 1 { moved += 1 }
        }
        #expect(moved > 0)
        let keptByKey = Dictionary(kept.diagnostics.map { (key($0) + " \($0.primary.range)", $0) }, uniquingKeysWith: { a, _ in a })
        for diagnostic in edited where !released.contains(diagnostic.primary.path) {
            #expect(keptByKey[key(diagnostic) + " \(diagnostic.primary.range)"] != nil, "\(key(diagnostic)) moved")
        }
    }

    @Test func aCleanRepositoryReadsNothingBack() throws {
        guard let root = try Self.generated(["--agents", "30", "--skills", "10", "--docs", "10", "--seed", "5"]) else { return }
        defer { try? FileManager.default.removeItem(at: root) }
        let run = try Self.check(root, releasing: true)
        #expect(run.diagnostics.isEmpty)
        #expect(run.released > 100)
        #expect(run.rereads == 0)
    }
}
