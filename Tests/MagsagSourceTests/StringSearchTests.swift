import Testing
@testable import MagsagSource

struct StringSearchTests {
    @Test("utf8Contains and utf8Range find byte-exact occurrences", arguments: [
        ("catalog/_schemas/a.json", "/_schemas/", true),
        ("abc", "abcd", false),
        ("aab", "ab", true),
        ("", "a", false),
        ("héllo wörld", "wö", true),
        ("https://x", "://", true),
        ("PRIVATE KEY-----", "KEY-----", true),
        ("ababac", "abac", true),
    ])
    func search(_ haystack: String, _ needle: String, _ expected: Bool) {
        #expect(haystack.utf8Contains(needle) == expected)
        if let range = haystack.utf8Range(of: needle) {
            #expect(String(haystack[range]) == needle)
        } else {
            #expect(!expected)
        }
        #expect(Substring(haystack).utf8Contains(needle) == expected)
    }

    @Test func rangeIsTheFirstOccurrence() {
        let text = "a--b--c"
        let range = text.utf8Range(of: "--")
        #expect(range.map { text.distance(from: text.startIndex, to: $0.lowerBound) } == 1)
    }
}
