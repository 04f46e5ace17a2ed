import Testing
@testable import MagsagJSONSchema
import MagsagTestSupport

/// The byte-level `$ref` merge and absolute-URI test answer as their string-index definitions do, on
/// texts built from the pieces that decide them (schemes, `//`, dots, slashes, `#`, `?`, `:`).
@Suite struct URIFastPathTests {
    static let pieces = ["https", "HTTP", "urn", "file", "a+b", "x", "é", ":", "//", "/", "./", "../", ".", "..", "#",
                         "#/definitions/a", "?q=1", "defs", "b.json", "magsag.ai", "-", "1"]

    static func text(_ random: inout SplitMix) -> String {
        (0..<Int.random(in: 0...7, using: &random)).map { _ in pieces[Int.random(in: 0..<pieces.count, using: &random)] }.joined()
    }

    @Test func bytesAnswerAsIndices() {
        var random = SplitMix(seed: 41)
        var merged = 0
        for _ in 0..<20_000 {
            let reference = Self.text(&random)
            // Bases mostly shaped like catalog `$id`s, so the fast merge applies often.
            let base = Bool.random(using: &random) ? "https://magsag.ai/" + Self.text(&random) : Self.text(&random)
            let fast = URIs.mergeRelativePath(reference, against: base)
            // The index version leaves leading `./` and `../` segments to the general resolver.
            if let byIndex = URIs.mergeRelativePathByIndex(reference, against: base) {
                #expect(fast == byIndex, "\(reference) against \(base)")
            }
            if let fast {
                merged += 1
                #expect(fast == URIReference(reference).resolved(against: URIReference(base)).description, "\(reference) against \(base)")
            }
            #expect(URIs.isPlainAbsolute(reference) == URIs.isPlainAbsoluteByIndex(reference), "\(reference)")
        }
        #expect(merged > 1000, "the fast merge applied \(merged) times")
        #expect(URIs.mergeRelativePath("b.json#/x", against: "https://h/a/c.json") == "https://h/a/b.json#/x")
        #expect(URIs.mergeRelativePath("b/./c.json", against: "https://h/a/c.json") == nil)
        #expect(URIs.mergeRelativePath("b.json", against: "https://h/a/../c.json") == nil)
        // Leading `./` and `../` segments climb the base's folders, never above its path's root.
        #expect(URIs.mergeRelativePath("../../contracts/x.json#/a", against: "https://h/catalog/agents/sub/a.json")
            == "https://h/catalog/contracts/x.json#/a")
        #expect(URIs.mergeRelativePath("./.././x.json", against: "https://h/a/b/c.json") == "https://h/a/x.json")
        #expect(URIs.mergeRelativePath("../../../x.json", against: "https://h/a/c.json") == "https://h/x.json")
        #expect(URIs.mergeRelativePath("../b/../x.json", against: "https://h/a/c.json") == nil)
    }
}
