import Testing
@testable import MagsagSource

struct ASCIISplitTests {
    static let samples = ["", "/", "//", "a", "a/b", "/a/b/", "a//b", "catalog/agents/main/x/agent.yaml", "é/ü/日本",
                          "a.b.c", "...", "x=y=z", "1.2.3-rc.1", "a:b::c:"]

    @Test("asciiSplit matches the standard library's split for every option", arguments: samples)
    func matchesStandardLibrary(_ text: String) {
        for separator in ["/", ".", "=", ":"] as [Character] {
            let scalar = separator.unicodeScalars.first!
            for omitting in [true, false] {
                for maxSplits in [0, 1, 2, Int.max] {
                    let expected = text.split(separator: separator, maxSplits: maxSplits, omittingEmptySubsequences: omitting).map(String.init)
                    let actual = text.asciiSplit(scalar, maxSplits: maxSplits, omittingEmptySubsequences: omitting).map(String.init)
                    #expect(actual == expected, "\(text) split on \(separator), max \(maxSplits), omitting \(omitting)")
                }
            }
        }
    }

    @Test("lastPathSegment and pathExtension work on bytes")
    func lastComponent() {
        #expect("a/b/c.json".lastPathSegment == "c.json")
        #expect("c.json".lastPathSegment == "c.json")
        #expect("a/".lastPathSegment == "")
        #expect(SourceFile(path: "docs/x.Schema.JSON", bytes: []).pathExtension == "json")
        #expect(SourceFile(path: "docs/.hidden", bytes: []).pathExtension == "")
        #expect(SourceFile(path: "docs/Makefile", bytes: []).pathExtension == "")
    }
}
