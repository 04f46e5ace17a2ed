import MagsagTestSupport
import Testing
@testable import MagsagSource

/// `ByteKey` compares and hashes strings by their UTF-8 bytes, reading Swift's inline strings' words
/// directly: whatever way a string is stored, the answers must be those of its bytes.
@Suite struct ByteKeyTests {
    /// The inline layout the fast paths read is the one this target has.
    @Test func inlineLayoutIsTheOneAssumed() {
        #expect(ByteKey.Inline.layoutHolds == ByteKey.Inline.known)
    }

    /// Strings of every length around the inline limit and the word size, in inline and heap storage.
    private static func samples() -> [String] {
        var texts: [String] = ["", "a", "b", "ab", "ba", "type", "name", "abcdefg", "abcdefgh", "abcdefgi", "abcdefghijklmno",
                               "abcdefghijklmnp", "abcdefghijklmnop", "abcdefghijklmnoq", "é", "e\u{301}", "\u{212A}", "K",
                               "caf\u{E9}", "cafe\u{301}", "catalog/agents/sub/a-sag/fixtures/basic.json",
                               "catalog/agents/sub/a-sag/fixtures/basic.jsoN"]
        // The same bytes kept on the heap: a long string cut down keeps its storage.
        for text in texts where !text.isEmpty {
            var stored = String(repeating: "x", count: 64) + text
            stored.removeFirst(64)
            texts.append(stored)
        }
        return texts
    }

    @Test func equalityIsByteEquality() {
        let texts = Self.samples()
        for a in texts {
            for b in texts {
                let bytesEqual = Array(a.utf8) == Array(b.utf8)
                #expect(ByteKey.same(a, b) == bytesEqual, "\(Array(a.utf8)) vs \(Array(b.utf8))")
                #expect((ByteKey(a) == ByteKey(b)) == bytesEqual)
                if bytesEqual {
                    #expect(ByteKey.hash(a) == ByteKey.hash(b))
                    #expect(ByteKey(a).hashValue == ByteKey(b).hashValue)
                }
            }
            let fromBytes = Array(a.utf8).withUnsafeBytes { ByteKey.hash(bytes: $0) }
            #expect(ByteKey.hash(a) == fromBytes, "\(a)")
        }
    }

    /// Random texts of 0 to 40 bytes (ASCII, two- and three-byte scalars, a combining mark), each in
    /// inline and in heap storage: equality is byte equality and equal bytes hash alike.
    @Test func randomTextsAgreeWithTheirBytes() {
        let texts = Self.randomTexts(300, upTo: 24, from: ["a", "b", "/", ".", "é", "e", "\u{301}", "ж", "€", "K", "\u{212A}", " "],
                                     seed: 0xB7_7E)
        for (i, a) in texts.enumerated() {
            // Each text against its neighbours and its other storage (the same bytes).
            for b in texts[max(0, i - 3)...min(texts.count - 1, i + 3)] {
                let equal = Array(a.utf8) == Array(b.utf8)
                #expect(ByteKey.same(a, b) == equal, "\(Array(a.utf8)) vs \(Array(b.utf8))")
                if equal { #expect(ByteKey.hash(a) == ByteKey.hash(b)) }
            }
        }
    }

    /// `count` random texts of up to `length` pieces of `alphabet`, each followed by the same text kept
    /// on the heap (a long string cut down keeps its storage).
    static func randomTexts(_ count: Int, upTo length: Int, from alphabet: [String], seed: UInt64) -> [String] {
        var generator = SeededGenerator(seed: seed)
        var texts: [String] = []
        for _ in 0..<count {
            let text = (0..<Int.random(in: 0...length, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }.joined()
            var stored = String(repeating: "x", count: 48) + text
            stored.removeFirst(48)
            texts += [text, stored]
        }
        return texts
    }

    /// Canonically equivalent spellings are different keys, as JSON and git have them.
    @Test func canonicalEquivalentsStayApart() {
        #expect("é" == "e\u{301}" && "\u{212A}" == "K")  // String's own equality merges them
        #expect(!ByteKey.same("é", "e\u{301}"))
        #expect(!ByteKey.same("\u{212A}", "K"))
        let set: Set<ByteKey> = [ByteKey("é"), ByteKey("e\u{301}"), ByteKey("\u{212A}"), ByteKey("K")]
        #expect(set.count == 4)
    }

    /// An object's keys spelled in two canonically equivalent ways are two members, not a duplicate, and
    /// each is found by its own spelling: in a scanned object and in an indexed one.
    @Test(arguments: [0, 20]) func objectKeysAreTheirBytes(padding: Int) throws {
        let extra = (0..<padding).map { #""k\#($0)": \#($0), "# }.joined()
        let json = "{\(extra)\"caf\u{E9}\": 1, \"cafe\u{301}\": 2}"
        let parsed = JSONParser.parse(json)
        #expect(parsed.issues.isEmpty)
        let object = try #require(parsed.value?.objectValue)
        #expect(object.count == padding + 2)
        #expect(object["caf\u{E9}"]?.numberValue?.intValue == 1)
        #expect(object["cafe\u{301}"]?.numberValue?.intValue == 2)

        let yaml = "\((0..<padding).map { "k\($0): \($0)\n" }.joined())caf\u{E9}: 1\ncafe\u{301}: 2\n"
        let loaded = YAMLLoader.load(SourceFile(path: "a.yaml", bytes: Array(yaml.utf8)))
        #expect(loaded.issues.isEmpty)
        let mapping = try #require(loaded.documents.first?.objectValue)
        #expect(mapping.count == padding + 2)
        #expect(mapping["cafe\u{301}"]?.numberValue?.intValue == 2)
    }

    /// A key written twice with the same bytes is still a duplicate.
    @Test(arguments: [0, 20]) func sameBytesAreStillDuplicates(padding: Int) {
        let extra = (0..<padding).map { #""k\#($0)": \#($0), "# }.joined()
        let parsed = JSONParser.parse("{\(extra)\"caf\u{E9}\": 1, \"caf\u{E9}\": 2}")
        #expect(parsed.issues.map(\.kind) == [.duplicateKey])
        #expect(parsed.value?.objectValue?["caf\u{E9}"]?.numberValue?.intValue == 2)
    }
}

/// `PathKey` keeps `String`'s equality (canonical equivalence) with a faster hash: equal paths must
/// hash alike, however they are spelled and stored.
@Suite struct PathKeyTests {
    /// The hash's argument: exactly three non-ASCII characters are canonically equal to ASCII text
    /// (checked over every scalar, against every ASCII character and pair), so a future Unicode that
    /// adds one fails here.
    @Test func onlyThreeCharactersNormaliseToASCII() {
        var ascii: [String: String] = [:]
        for a in 0..<128 { ascii[String(UnicodeScalar(UInt8(a)))] = String(UnicodeScalar(UInt8(a))) }
        for a in 32..<127 { for b in 32..<127 { ascii[String(UnicodeScalar(UInt8(a))) + String(UnicodeScalar(UInt8(b)))] = "pair" } }
        var found: [UInt32: String] = [:]
        for value in UInt32(0x80)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value), let match = ascii[String(scalar)] else { continue }
            found[value] = match
        }
        #expect(found == [0x212A: "K", 0x037E: ";", 0x1FEF: "`"])
    }

    @Test func equalPathsHashAlike() {
        let texts = ["catalog/agents/sub/a-sag/fixtures/basic.json", "K", "\u{212A}", "a;b", "a\u{37E}b", ""]
            + ByteKeyTests.randomTexts(400, upTo: 20, from: ["a", "/", ".", "K", "\u{212A}", ";", "\u{37E}", "`", "\u{1FEF}", "é", "e\u{301}", "-"],
                                       seed: 0x9A_7E)
        for a in texts {
            for b in texts where a == b {
                #expect(PathKey(a) == PathKey(b))
                #expect(PathKey(a).hashValue == PathKey(b).hashValue, "\(Array(a.unicodeScalars)) vs \(Array(b.unicodeScalars))")
            }
        }
        // A table keyed by paths finds a path under any canonically equal spelling, as `String` keys do.
        let table: [PathKey: Int] = [PathKey("docs/\u{212A}elvin.md"): 1, PathKey("docs/caf\u{E9}.md"): 2, PathKey("docs/plain.md"): 3]
        #expect(table[PathKey("docs/Kelvin.md")] == 1 && table[PathKey("docs/cafe\u{301}.md")] == 2 && table[PathKey("docs/plain.md")] == 3)
        #expect(table[PathKey("docs/kelvin.md")] == nil)
    }
}
