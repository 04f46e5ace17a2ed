import Testing
@testable import MagsagSource

/// Guards against quadratic behaviour (generous bounds: debug builds, shared machines).
@Suite struct ScaleTests {
    @Test func largeYAMLLoadsInLinearTime() throws {
        var text = "items:\n"
        for i in 0..<20_000 { text += "  - {name: \"item \(i)\", value: \(i), on: yes}\n" }
        text += "flow: [" + (0..<20_000).map(String.init).joined(separator: ", ") + "]\n"
        let clock = ContinuousClock()
        var result = YAMLLoadResult(documents: [], issues: [])
        let elapsed = clock.measure { result = loadYAML(text) }
        #expect(result.issues.isEmpty)
        let flow = try #require(result.documents.first?["flow"]?.arrayValue)
        #expect(flow.count == 20_000)
        #expect(flow.last?.range.start.line == 20_002)
        #expect(elapsed < .seconds(120), "a hang guard, not a speed test (speed is measured in bench/)")
    }

    @Test func longMarkdownLineWithManyLinks() throws {
        let line = (0..<5_000).map { "see [l\($0)](u\($0)) and `c\($0)` www.x\($0).com" }.joined(separator: " ")
        let clock = ContinuousClock()
        var document: MarkdownDocument?
        let elapsed = clock.measure { document = MarkdownDocument.parse(SourceFile(path: "a.md", text: line)) }
        let parsed = try #require(document)
        #expect(parsed.links.count == 10_000)
        #expect(parsed.codeSpans.count == 5_000)
        #expect(parsed.links.last?.range.start.column == line.unicodeScalars.count - "www.x4999.com".count + 1)
        #expect(elapsed < .seconds(120), "a hang guard, not a speed test (speed is measured in bench/)")
    }
}
