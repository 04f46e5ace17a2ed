import MagsagCatalog
import Foundation
import MagsagLintCore
import MagsagLintRules
import Testing

/// Files generated from code match their committed copies; regenerate with
/// `swift run magsag-lint generate-docs`.
@Suite struct GeneratedFilesTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func generatedDocsAreFresh() throws {
        var stale: [String] = []
        for (path, content) in GeneratedDocs.files(rules: BuiltInRules.descriptions) {
            let committed = try? String(contentsOf: Self.root.appendingPathComponent(path), encoding: .utf8)
            if committed != content { stale.append(path) }
        }
        #expect(stale.isEmpty, "stale generated files (run `swift run magsag-lint generate-docs`): \(stale)")
        let pages = (try? FileManager.default.contentsOfDirectory(atPath: Self.root.appendingPathComponent("docs/rules").path)) ?? []
        let expected = Set(BuiltInRules.descriptions.map { "\($0.id).md" } + ["README.md"])
        #expect(Set(pages).subtracting(expected).isEmpty, "pages for rules that no longer exist: \(Set(pages).subtracting(expected).sorted())")
    }
}
