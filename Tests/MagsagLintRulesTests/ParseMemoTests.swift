@testable import MagsagCatalog
import Testing

/// Reference and range parses are memoized per process: a memoized answer must be the uncached one,
/// errors included, and the table must stay within its bound.
@Suite struct ParseMemoTests {
    @Test func memoizedParsesEqualFreshOnes() {
        let ranges = ["^1.2.3", ">=1.0.0 <2.0.0 || 3.x", "1.2 - 2.3.4", "~>1", ">=", "1.2.3-01", "", "^1.2.3"]
        for text in ranges + ranges {
            let first = Result { () throws(VersionRange.ParseError) in try VersionRange(parsing: text) }
            let again = Result { () throws(VersionRange.ParseError) in try VersionRange(parsingUncached: text) }
            #expect(first == again, "\(text)")
        }
        let references = ["magsag://sub.x-sag@^1.0.0", "skill.y", "z", "ftp://sub.x", "main.", "sub.a b", "magsag://sub.x-sag@ "]
        for text in references + references {
            for implied in CatalogReference.Kind.allCases {
                let first = Result { () throws(CatalogReference.ParseError) in try CatalogReference(parsing: text, implied: implied) }
                let again = Result { () throws(CatalogReference.ParseError) in try CatalogReference(parsingUncached: text, implied: implied) }
                #expect(first == again, "\(text) \(implied)")
            }
        }
        for text in ["1.2.3", "1.0.0-alpha.1+build.7", "01.2.3", "1.2", "", "1.2.3", "01.2.3"] {
            #expect(SemanticVersion(text) == SemanticVersion(parsingUncached: text), "\(text)")
        }
        // The implied kind is part of the key: a bare slug takes the kind of its context.
        #expect((try? CatalogReference(parsing: "x", implied: .sub))?.kind == .sub)
        #expect((try? CatalogReference(parsing: "x", implied: .skill))?.kind == .skill)
    }

    @Test func tableStaysBoundedAndCorrect() {
        let memo = ParseMemo<Int, Int>(limit: 16)
        var computed = 0
        for round in 0..<3 {
            for key in 0..<40 {
                #expect(memo.value(key) { computed += 1; return $0 * 2 } == key * 2, "round \(round) key \(key)")
            }
        }
        // Nothing was answered without being computed at least once; 40 keys through 16 slots recompute.
        #expect(computed > 40)
        let small = ParseMemo<Int, Int>(limit: 16)
        var calls = 0
        for _ in 0..<5 { _ = small.value(7) { calls += 1; return $0 } }
        #expect(calls == 1)
    }
}

/// `trimmingWhitespace` trims spaces, tabs and line breaks at both ends: ASCII text on its bytes, other
/// text by Characters (a space that a combining mark joins is not a space).
@Suite struct TrimmingWhitespaceTests {
    @Test func trimsWhatCharactersWould() {
        let cases: [(String, String)] = [
            ("", ""), ("   ", ""), (" \t\n\r\u{0B}\u{0C}", ""), ("^1.2.3", "^1.2.3"), ("  ^1.2.3 \n", "^1.2.3"),
            ("\r\n>=1 <2\t", ">=1 <2"), (" a b ", "a b"), ("\u{2028}1.0\u{85}", "1.0"), (" \u{301}x ", " \u{301}x"),
            ("\té ", "é"), ("x", "x"),
        ]
        for (text, trimmed) in cases {
            #expect(text.trimmingWhitespace == trimmed, "\(Array(text.unicodeScalars))")
            #expect(Substring(text).trimmed == trimmed)
        }
    }
}
