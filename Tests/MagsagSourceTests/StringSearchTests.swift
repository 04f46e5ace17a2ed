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

    /// The contiguous (memmem) path and the generic one agree, in a substring that starts mid-string.
    @Test func substringsAndOffsets() throws {
        let text = "ééé path/to/a.json and path/to/b.json"
        let and = try #require(text.utf8Range(of: "and"))
        let tail = text[and.lowerBound...]
        let range = try #require(tail.utf8Range(of: "path/"))
        #expect(String(tail[range]) == "path/" && String(tail[range.lowerBound...]) == "path/to/b.json")
        #expect(tail.utf8Range(of: "a.json") == nil)
        #expect(text.utf8Range(of: "ééé").map { String(text[$0]) } == "ééé")
        let bytes = Array("xxabcab".utf8)
        #expect(bytes.withUnsafeBufferPointer { ByteSearch.offset(of: Array("ab".utf8), in: $0) } == 2)
        #expect(bytes.withUnsafeBufferPointer { ByteSearch.offset(of: Array("abd".utf8), in: $0) } == nil)
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
