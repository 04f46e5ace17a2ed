import MagsagCatalog
import MagsagLintCore
import MagsagLintRules
import MagsagSource
import Testing

/// Rules whose triggers cannot be written as Swift string examples.
@Suite struct ByteLevelRuleTests {
    @Test func nonUTF8TextReportsTheFirstInvalidByte() throws {
        var bytes = Array("title: caf".utf8)
        bytes.append(0xE9)  // Latin-1 é
        bytes += Array("\n".utf8)
        let file = SourceFile(path: "catalog/policies/p.yaml", bytes: bytes)
        let result = Linter(rules: [NonUTF8TextRule.self]).lint(FileSet(linted: [file]))
        let diagnostic = try #require(result.diagnostics.first)
        #expect(result.diagnostics.count == 1)
        #expect(diagnostic.ruleID == "non-utf8-text")
        #expect(diagnostic.primary.range.start.line == 1 && diagnostic.primary.range.start.column == 11)
        #expect(diagnostic.message.contains("offset 10"))
    }

    @Test func binaryFilesAreNotReportedAsNonUTF8() {
        let file = SourceFile(path: "docs/image.md", bytes: [0x00, 0xFF, 0xFE])
        let result = Linter(rules: [NonUTF8TextRule.self]).lint(FileSet(linted: [file]))
        #expect(result.diagnostics.isEmpty)
    }

    @Test func oversizedFilesAreReportedAsInfo() throws {
        let set = FileSet(linted: [], oversized: [(path: "catalog/big.json", size: 5_000_000)])
        let result = Linter(rules: [FileTooLargeRule.self]).lint(set)
        let diagnostic = try #require(result.diagnostics.first)
        #expect(diagnostic.severity == .info)
        #expect(diagnostic.primary.path == "catalog/big.json")
        #expect(diagnostic.message.contains("5000000 bytes"))
    }
}
