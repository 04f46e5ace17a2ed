import Foundation
import MagsagSource
import Testing

/// A parse kept per blob must come back exactly as it was made: every value, key, position and issue.
/// The encoding captures all of them, so "encode, decode, encode again gives the same bytes" is the
/// round-trip check; a few values are compared directly too.
@Suite struct ParsedCodingTests {
    static func roundTrips(issues: [ParseIssue], values: [SourceValue], sourceLocation: SourceLocation = #_sourceLocation) {
        let encoded = ParsedCoding.encode(issues: issues, values: values)
        guard let decoded = ParsedCoding.decode(encoded[...]) else {
            Issue.record("does not decode", sourceLocation: sourceLocation)
            return
        }
        #expect(decoded.issues == issues, sourceLocation: sourceLocation)
        #expect(ParsedCoding.encode(issues: decoded.issues, values: decoded.values) == encoded, sourceLocation: sourceLocation)
    }

    @Test func everyJSONTestSuiteParseRoundTrips() throws {
        let directory = JSONParserConformanceTests.directory
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path))?.filter { $0.hasSuffix(".json") } ?? []
        try #require(names.count > 250, "expected JSONTestSuite at \(directory.path)")
        for name in names.sorted() {
            let file = SourceFile(path: name, bytes: try JSONParserConformanceTests.load(name))
            let result = JSONParser.parse(file)
            Self.roundTrips(issues: result.issues, values: result.value.map { [$0] } ?? [])
        }
    }

    @Test func yamlWithAnchorsMergesDuplicatesAndErrorsRoundTrips() throws {
        let texts = [
            "id: skill.lookup\nversion: 1.0.0\ncontracts:\n  input_schema: a.json\n",
            "base: &b {x: 1, y: [true, null, 1.5e3, -0, 0x1F, .inf, .nan]}\nmerged:\n  <<: *b\n  z: \"naïve ✓\"\n",
            "a: 1\na: 2\nb: {c: 1, c: 3}\n",
            "---\none: 1\n---\n- two\n- 'three'\n...\n",
            "key: [unclosed\n",
            "big: " + String(repeating: "9", count: 400) + "\n",
            "list:\n" + (0..<40).map { "  k\($0): v\($0)\n" }.joined(),
            "",
        ]
        var checkedIssue = false
        for text in texts {
            let result = YAMLLoader.load(SourceFile(path: "x.yaml", bytes: Array(text.utf8)))
            if result.issues.contains(where: { $0.related != nil }) { checkedIssue = true }
            Self.roundTrips(issues: result.issues, values: result.documents)
        }
        #expect(checkedIssue, "a duplicate key (an issue with a related range) is among the cases")
        let value = try #require(YAMLLoader.load(SourceFile(path: "x.yaml", bytes: Array("a:\n  b: [1, \"two\"]\n".utf8))).documents.first)
        let back = try #require(ParsedCoding.decode(ParsedCoding.encode(issues: [], values: [value])[...])?.values.first)
        #expect(back["a"]?["b"]?.arrayValue?[1].stringValue == "two")
        #expect(back["a"]?["b"]?.arrayValue?[1].range == value["a"]?["b"]?.arrayValue?[1].range)
        #expect(back.objectValue?.member("a")?.keyRange == value.objectValue?.member("a")?.keyRange)
        #expect(back["a"]?["b"]?.arrayValue?[0].numberValue == JSONNumber(text: "1"))
    }

    @Test func markdownFrontMatterPartsRoundTrip() throws {
        let texts = [
            "---\ntitle: A\nslug: a\ntags: [x, y]\n---\n# A\n",
            "---\ntitle: unterminated\n",
            "---\n- not a mapping\n---\nbody\n",
            "---\n---\nempty block\n",
            "no front matter\n",
            "---\nbad: [\n---\n",
        ]
        for text in texts {
            let file = SourceFile(path: "x.md", bytes: Array(text.utf8))
            let part = MarkdownDocument.parseFrontMatter(file)
            let encoded = ParsedCoding.encode(part)
            let back = try #require(ParsedCoding.decodeFrontMatter(encoded[...]), "\(text)")
            #expect(back.issues == part.issues)
            #expect(back.block == part.block)
            #expect(back.body == part.body)
            #expect(ParsedCoding.encode(back) == encoded)
            // The body parsed from the restored part is the body parsed from scratch.
            #expect(MarkdownDocument.parse(file, frontMatter: back).headings.map(\.anchor) == MarkdownDocument.parse(file).headings.map(\.anchor))
        }
    }

    @Test func stringsDecodeOnlyWhenWellFormedAndLargeObjectsStayIndexed() throws {
        // Around every 8-byte word boundary: ASCII, well-formed UTF-8 and one ill-formed byte.
        for length in 0..<20 {
            for position in 0..<max(length, 1) {
                var text = Array(repeating: UInt8(ascii: "a"), count: length)
                var writer = BinaryWriter()
                writer.string(String(decoding: text, as: UTF8.self))
                var reader = BinaryReader(writer.bytes[...])
                #expect(reader.string() == String(decoding: text, as: UTF8.self))
                guard length > 0 else { continue }
                text[position] = 0xC3 // a lead byte with no continuation after it (or before an "a")
                var damaged = BinaryWriter()
                damaged.int(text.count)
                damaged.bytes += text
                var refusing = BinaryReader(damaged.bytes[...])
                #expect(refusing.string() == nil, "length \(length), bad byte at \(position)")
                text[position] = 0x7F
                var ascii = BinaryWriter()
                ascii.string(String(decoding: text, as: UTF8.self))
                var accepting = BinaryReader(ascii.bytes[...])
                #expect(accepting.string()?.utf8.count == length)
            }
        }
        var writer = BinaryWriter()
        writer.string("naïve ✓ — ok")
        var reader = BinaryReader(writer.bytes[...])
        #expect(reader.string() == "naïve ✓ — ok")
        // An object of more than `SourceObject.indexedAbove` keys comes back with its keys found by lookup, last key included.
        let text = "list:\n" + (0..<40).map { "  k\($0): v\($0)\n" }.joined()
        let value = try #require(YAMLLoader.load(SourceFile(path: "x.yaml", bytes: Array(text.utf8))).documents.first)
        let back = try #require(ParsedCoding.decode(ParsedCoding.encode(issues: [], values: [value])[...])?.values.first)
        #expect(back["list"]?["k39"]?.stringValue == "v39")
        #expect(back["list"]?["k0"]?.stringValue == "v0")
        #expect(back["list"]?["k40"] == nil)
    }

    @Test func damagedEncodingsAreRefusedWithoutTrapping() throws {
        let result = YAMLLoader.load(SourceFile(path: "x.yaml", bytes: Array("a: [1, {b: c}]\nd: 'e'\na: 2\n".utf8)))
        let encoded = ParsedCoding.encode(issues: result.issues, values: result.documents)
        for length in 0..<encoded.count {
            #expect(ParsedCoding.decode(encoded[..<length]) == nil, "cut at \(length)")
        }
        #expect(ParsedCoding.decode((encoded + [0])[...]) == nil)
        for i in encoded.indices {
            var damaged = encoded
            damaged[i] ^= 0xFF
            _ = ParsedCoding.decode(damaged[...])
            _ = ParsedCoding.decodeFrontMatter(damaged[...])
        }
        // A count larger than the input is refused before anything is allocated for it.
        #expect(ParsedCoding.decode([0, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F][...]) == nil)
    }

    /// Words are eight little-endian bytes, read back whole or not at all (also from a slice that does
    /// not start at zero).
    @Test func wordsRoundTripAndATruncatedWordIsRefused() {
        var writer = BinaryWriter()
        writer.int(3)
        for value: UInt64 in [0, 0x0123_4567_89AB_CDEF, .max] { writer.word(value) }
        let bytes = [0xEE] + writer.bytes
        var reader = BinaryReader(bytes[1...])
        #expect(reader.count() == 3)
        #expect(reader.word() == 0 && reader.word() == 0x0123_4567_89AB_CDEF && reader.word() == .max)
        #expect(reader.atEnd && reader.word() == nil)
        var short = BinaryReader(writer.bytes.dropLast())
        _ = short.count()
        #expect(short.word() == 0 && short.word() != nil && short.word() == nil)
    }
}
