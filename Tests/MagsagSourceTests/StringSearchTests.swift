import Testing
@testable import MagsagSource
import MagsagTestSupport

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
        // Needles of every storage: small, native, a substring of a longer string, and empty.
        let long = "catalog/agents/sub/a-sag/fixtures/case.json"
        let needle = "prefix /fixtures/ suffix"
        let middle = needle[needle.index(needle.startIndex, offsetBy: 7)..<needle.index(needle.startIndex, offsetBy: 17)]
        #expect(long.utf8Range(of: middle).map { String(long[$0]) } == "/fixtures/")
        #expect(long.utf8Range(of: "/agents/sub/a-sag/fixtures/").map { String(long[$0]) } == "/agents/sub/a-sag/fixtures/")
        #expect(long.utf8Contains("/") && !long.utf8Contains("/FIXTURES/"))
        #expect(long.utf8Range(of: "") == long.startIndex..<long.startIndex)
    }

    /// The vector search finds what a plain scan finds (the first occurrence, or none) for needles of
    /// every length, anywhere in haystacks of every length: at the start, straddling blocks of sixteen,
    /// in the tail, and when its two probe bytes match where the rest does not.
    @Test func vectorSearchAgreesWithAPlainScan() {
        var generator = SystemRandomNumberGenerator()
        func plain(_ needle: [UInt8], _ haystack: [UInt8]) -> Int? {
            guard needle.count <= haystack.count else { return nil }
            return (0...(haystack.count - needle.count)).first { at in haystack[at..<at + needle.count].elementsEqual(needle) }
        }
        // A small alphabet makes partial matches (and probe-only matches) common.
        let alphabet = Array("ab\\\"$!-9q".utf8)
        var checked = 0
        for _ in 0..<4000 {
            let length = Int.random(in: 0...90, using: &generator)
            let haystack = (0..<length).map { _ in alphabet.randomElement(using: &generator)! }
            let needleLength = Int.random(in: 1...(ByteSearch.maximumVectorNeedle + 4), using: &generator)
            var needle = (0..<needleLength).map { _ in alphabet.randomElement(using: &generator)! }
            // Half the needles are cut from the haystack, so most searches find something.
            if Bool.random(using: &generator), length >= needleLength {
                let at = Int.random(in: 0...(length - needleLength), using: &generator)
                needle = Array(haystack[at..<at + needleLength])
            }
            let expected = plain(needle, haystack)
            let found = haystack.withUnsafeBufferPointer { ByteSearch.offset(of: needle, in: $0) }
            #expect(found == expected, "needle \(needle) in \(haystack)")
            #expect(ByteSearch.contains(haystack[...], needle) == (expected != nil))
            if expected != nil { checked += 1 }
        }
        #expect(checked > 1000)
        // A needle at every offset of a long haystack, found once only there.
        let background = Array(repeating: UInt8(ascii: "a"), count: 300)
        for at in [0, 1, 14, 15, 16, 17, 31, 32, 200, 280, 285, 290, 293] {
            var haystack = background
            let needle = Array("$id!".utf8)
            haystack.replaceSubrange(at..<at + needle.count, with: needle)
            #expect(haystack.withUnsafeBufferPointer { ByteSearch.offset(of: needle, in: $0) } == at, "at \(at)")
            #expect(haystack.withUnsafeBufferPointer { ByteSearch.offset(of: Array("$id?".utf8), in: $0) } == nil)
        }
    }

    /// `lowercasedIfNeeded` is `lowercased`, copy or not.
    @Test func lowercasingOnlyWhenNeeded() {
        for text in ["", "abc", "catalog/agents/x.yaml", "ABC", "Docs/Guide.MD", "\u{212A}elvin", "\u{130}stanbul", "straße", "ÉTÉ", "a-b_c.0"] {
            #expect(text.lowercasedIfNeeded() == text.lowercased(), "\(text)")
            #expect(Array(text.lowercasedIfNeeded().utf8) == Array(text.lowercased().utf8), "\(text)")
        }
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

    /// The byte comparisons answer as the lowered-copy forms they replace.
    @Test func suffixAndFolderTestsMatchTheirStringForms() {
        var generator = SeededGenerator(seed: 0xF01D_E5)
        let pieces = ["docs", "DOCS", "d", "/", ".md", ".MD", ".Md", ".markdown", ".marKdown", ".mar\u{212A}down", "\u{212A}", "é", "x", "README"]
        let suffixes = [".md", ".markdown", ".schema.json", ""]
        let folders = ["docs", "docs/", "catalog", "", "d", "/"]
        #expect("README.mar\u{212A}down".hasLowercaseSuffix(".markdown"))  // the Kelvin sign lowers to `k`
        for _ in 0..<4_000 {
            let text = (0..<Int.random(in: 0...5, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            for suffix in suffixes {
                #expect(text.hasLowercaseSuffix(suffix) == text.lowercased().hasSuffix(suffix), "\(text) \(suffix)")
            }
            for folder in folders {
                let expected = !folder.isEmpty && text.hasPrefix(folder.hasSuffix("/") ? folder : folder + "/")
                #expect(text.isUnderFolder(folder) == expected, "\(text) \(folder)")
            }
        }
    }

    /// A JSON string written in runs of bytes reads as the scalar-by-scalar form: quotes, backslashes,
    /// control characters, U+2028 and U+2029 escaped, everything else (non-ASCII too) as it is.
    @Test func jsonStringsWrittenInRunsMatchTheScalarForm() {
        var generator = SeededGenerator(seed: 0x150_2028)
        let pieces = ["a", "plain text ", "\"", "\\", "\n", "\r", "\t", "\u{08}", "\u{0C}", "\u{01}", "\u{1F}", "\u{7F}",
                      "\u{2028}", "\u{2029}", "\u{2027}", "\u{202A}", "é", "e\u{301}", "日本", "\u{1F600}", "\u{E2}", ""]
        for _ in 0..<5_000 {
            let text = (0..<Int.random(in: 0...8, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            var fast = "x", reference = "x\""
            JSONText.appendString(text, to: &fast)
            JSONText.appendEscapedScalars(text, to: &reference)
            reference += "\""
            #expect(fast == reference, "\(Array(text.unicodeScalars))")
        }
        var out = ""
        JSONText.appendString("a\"b\u{2028}\u{01}", to: &out)
        #expect(out == #""a\"b\u2028\u0001""#)
    }
}
