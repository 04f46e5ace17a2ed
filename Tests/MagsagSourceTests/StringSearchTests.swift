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

/// Positions are stored in 32 bits: ordinary values round-trip, out-of-range values clamp, never trap.
struct SourcePositionStorageTests {
    @Test func valuesRoundTripAndClamp() {
        var position = SourcePosition(offset: 1_234_567, line: 89, column: 10)
        #expect(position.offset == 1_234_567 && position.line == 89 && position.column == 10)
        position.column += 5
        #expect(position.column == 15)
        let huge = SourcePosition(offset: Int.max, line: -Int.max, column: 1 << 40)
        #expect(huge.offset == Int(Int32.max) && huge.line == Int(Int32.min) && huge.column == Int(Int32.max))
        #expect(MemoryLayout<SourceRange>.size == 24)
    }
}
