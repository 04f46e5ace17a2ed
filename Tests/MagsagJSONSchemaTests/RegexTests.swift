import MagsagJSONSchema
import Testing

@Suite struct RegexTests {
    func matches(_ pattern: String, _ text: String) throws -> Bool {
        try ECMARegex(pattern).search(text) == .match
    }

    @Test func ecmaClasses() throws {
        #expect(try matches(#"^\d+$"#, "0123"))
        #expect(try !matches(#"^\d+$"#, "৪২"), "\\d is ASCII-only")
        #expect(try matches(#"^\w+$"#, "a_Z9"))
        #expect(try !matches(#"^\w$"#, "é"))
        #expect(try matches(#"^\s$"#, "\u{00A0}"))
        #expect(try matches(#"^\s$"#, "\u{FEFF}"))
        #expect(try !matches(#"^\S$"#, "\u{2003}"))
        #expect(try matches(#"^\p{L}+$"#, "héllo"))
        #expect(try matches(#"^\p{Letter}+$"#, "Ωmega"))
        #expect(try !matches(#"^\P{L}$"#, "a"))
        #expect(try matches(#"^\p{Nd}+$"#, "৪২"))
        #expect(try matches(#"^\p{Script=Greek}+$"#, "αβγ"))
        #expect(try matches(#"^[^a-c]$"#, "d"))
        #expect(try !matches(#"^[^a-c]$"#, "b"))
        #expect(try matches(#"^[\d\-x]+$"#, "1-x"))
        #expect(try matches("^.$", "🐲"), ". matches one code point")
        #expect(try !matches("^.$", "\n"))
    }

    @Test func escapes() throws {
        #expect(try matches(#"^\u0041\x42\u{1F432}$"#, "AB🐲"))
        #expect(try matches(#"^\cJ$"#, "\n"))
        #expect(try matches(#"^\t$"#, "\t"))
        #expect(try matches(#"^\uD83D\uDC32$"#, "🐲"), "surrogate pairs combine")
        #expect(try matches(#"^a\.b$"#, "a.b"))
        #expect(try !matches(#"^a\.b$"#, "axb"))
    }

    @Test func anchorsAndBoundaries() throws {
        #expect(try matches("abc", "xxabcxx"), "unanchored search")
        #expect(try !matches("^abc$", "abc\n"), "$ does not match before a trailing newline")
        #expect(try matches(#"\bfoo\b"#, "a foo b"))
        #expect(try !matches(#"\bfoo\b"#, "afoob"))
        #expect(try matches(#"\Boo\B"#, "afoob"))
    }

    @Test func groupsQuantifiersAndLookaround() throws {
        #expect(try matches("^(?:ab|cd){2}$", "abcd"))
        #expect(try !matches("^(?:ab|cd){2}$", "abcdab"))
        #expect(try matches("^a{2,3}$", "aaa"))
        #expect(try !matches("^a{2,3}$", "aaaa"))
        #expect(try matches("^a{2,}$", "aaaaa"))
        #expect(try matches("^a+?b$", "aaab"))
        #expect(try matches(#"^(a)\1$"#, "aa"))
        #expect(try !matches(#"^(a|b)\1$"#, "ab"))
        #expect(try matches("^(?=.*[0-9])[a-z0-9]+$", "abc1"))
        #expect(try !matches("^(?=.*[0-9])[a-z0-9]+$", "abc"))
        #expect(try matches("^(?!foo).*$", "bar"))
        #expect(try !matches("^(?!foo).*$", "foobar"))
        #expect(try matches("(?<=\\$)[0-9]+", "cost $42"))
        #expect(try !matches("(?<!\\$)\\b[0-9]+", "$42"))
        #expect(try matches("^(a*)*$", "aaa"), "empty iterations terminate")
        #expect(try matches("^(?<year>[0-9]{4})-\\k<year>$", "2024-2024"))
    }

    @Test func invalidPatternsAreRejected() {
        for pattern in ["^(abc]", "(", "a**", "[b-a]", #"\a"#, "x{2,1}", #"\1(a)(b)\3"#, "a{", "\\p{NotAProperty}"] {
            #expect(!ECMARegex.isValid(pattern), "\(pattern) should be invalid")
        }
        for pattern in ["([abc])+\\s+$", "^[a-z][a-z0-9-]*$", #"\/\-"#, "a{2}", "[{}]"] {
            #expect(ECMARegex.isValid(pattern), "\(pattern) should be valid")
        }
    }

    @Test func stepLimit() throws {
        let regex = try ECMARegex("^(a|aa)+$")
        let subject = String(repeating: "a", count: 60) + "b"
        #expect(regex.search(subject, stepLimit: 10_000) == .stepLimitExceeded)
        #expect(try ECMARegex("(x+x+)+y").search(String(repeating: "x", count: 30), stepLimit: 100_000) == .stepLimitExceeded)
    }

    /// Schemas share compiled patterns by their exact spelling: canonically equivalent spellings are
    /// different patterns and must not share one.
    @Test func sharedPatternsAreKeptByTheirBytes() throws {
        let first = try ECMARegex.shared("^[a-z]+-shared$")
        #expect(try ECMARegex.shared("^[a-z]+-shared$") === first)
        let composed = try ECMARegex.shared("^\u{E9}$")
        let decomposed = try ECMARegex.shared("^e\u{301}$")
        #expect(composed !== decomposed)
        #expect(composed.search("\u{E9}") == .match && composed.search("e\u{301}") == .noMatch)
        #expect(decomposed.search("e\u{301}") == .match && decomposed.search("\u{E9}") == .noMatch)
        #expect(throws: RegexSyntaxError.self) { try ECMARegex.shared("(unclosed") }
    }
}
