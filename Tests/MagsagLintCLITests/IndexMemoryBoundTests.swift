import Foundation
import MagsagLintCore
import MagsagSource
import Testing

/// `limits.index-memory` bounds the estimated memory of the cross-file index: beyond it every file is
/// still checked on its own, cross-file rules are skipped and `index-too-large` says so.
@Suite struct IndexMemoryBoundTests {
    /// A 600 KB JSON array of 300,000 zeros: a few bytes on disk, about 17 MB of parsed values.
    static let tinyValues = "[" + String(repeating: "0,", count: 300_000) + "0]"

    /// The tiny-values file first, an invalid JSON file in the first parse batch and one in a later
    /// batch (more than 1,024 files), and a Markdown file with a broken link (a cross-file finding).
    static func files(bound: Int?) -> [String: String] {
        var files = ["docs/a-values.json": tinyValues, "docs/b-bad.json": "{\"a\": 1,}\n",
                     "docs/guide.md": "# Guide\n\nSee [the plan](missing-plan.md).\n", "docs/z/zz-bad.json": "[1, 2\n"]
        for i in 0..<1_100 { files["docs/y/f\(i).json"] = "{\"n\": \(i)}\n" }
        if let bound { files[".magsag-lint.yaml"] = "version: 1\nlimits:\n  index-memory: \(bound)\n" }
        return files
    }

    @Test func overTheBoundFilesAreCheckedAndCrossFileRulesSkipped() throws {
        let folder = try CLI.temporaryFolder(Self.files(bound: 1))
        defer { try? FileManager.default.removeItem(at: folder) }
        let first = try CLI.run(["check", "--all", "--no-cache", "--format", "concise", folder.path])
        #expect(first.status == 1, "\(first.stdout)\(first.stderr)")
        #expect(first.stdout.contains("index-too-large") && first.stdout.contains("over `limits.index-memory` (1 MiB)"), "\(first.stdout)")
        #expect(first.stdout.contains("docs/b-bad.json:1:") && first.stdout.contains("docs/z/zz-bad.json:"), "\(first.stdout)")
        #expect(!first.stdout.contains("broken-link"), "\(first.stdout)")
        let second = try CLI.run(["check", "--all", "--no-cache", "--format", "concise", folder.path])
        #expect(second.stdout == first.stdout)
        let graph = try CLI.run(["graph", folder.path])
        #expect(graph.status == 2 && graph.stderr.contains("limits.index-memory"), "\(graph.stderr)")
    }

    @Test func underTheBoundEverythingRuns() throws {
        let folder = try CLI.temporaryFolder(Self.files(bound: nil))
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try CLI.run(["check", "--all", "--no-cache", "--format", "concise", folder.path])
        #expect(result.stdout.contains("broken-link") && !result.stdout.contains("index-too-large"), "\(result.stdout)")
        #expect(result.stdout.contains("docs/b-bad.json:1:") && result.stdout.contains("docs/z/zz-bad.json:"), "\(result.stdout)")
    }

    /// The estimate follows the parsed shape, not the size on disk: tiny values weigh far more than text.
    @Test func estimateFollowsTheParsedShape() {
        let values = LintDocument(file: SourceFile(path: "a.json", text: Self.tinyValues))
        // `0,` is 2 bytes on disk and a 32-byte value in its array.
        #expect(values.estimatedMemory > 12 * values.file.bytes.count)
        let text = "{\"description\": \"" + String(repeating: "lorem ipsum ", count: 50_000) + "\"}"
        let prose = LintDocument(file: SourceFile(path: "b.json", text: text))
        #expect(prose.estimatedMemory < 4 * prose.file.bytes.count)
        #expect(prose.estimatedMemory >= 2 * prose.file.bytes.count)
    }
}
