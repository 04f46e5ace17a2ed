import Testing
@testable import MagsagSource

@Suite struct YAMLPositionTests {
    @Test func keysAndValuesWithMultiByteCharacters() throws {
        let text = "a: 1\n名前: 値\nlist:\n  - x\n  - \"q\"  # c\nflow: {é: [1, 2]}\n"
        let result = loadYAML(text)
        #expect(result.issues.isEmpty)
        let root = try #require(result.documents.first)
        let object = try #require(root.objectValue)
        let name = try #require(object.member("名前"))
        #expect(pos(name.keyRange.start) == "2:1@5")
        #expect(pos(name.keyRange.end) == "2:3@11")
        #expect(pos(name.value.range.start) == "2:5@13")
        #expect(pos(name.value.range.end) == "2:6@16")
        let list = try #require(object["list"])
        #expect(pos(list.range.start) == "4:3@25")
        #expect(pos(list.range.end) == "5:8@36")
        let quoted = try #require(list.arrayValue?[1])
        #expect(pos(quoted.range.start) == "5:5@33")
        let flow = try #require(object["flow"])
        #expect(pos(flow.range.start) == "6:7@48")
        #expect(pos(flow.range.end) == "6:18@60")
        let inner = try #require(flow.objectValue?.member("é"))
        #expect(pos(inner.keyRange.start) == "6:8@49")
        #expect(pos(inner.value.range.start) == "6:11@53")
        // The root block mapping ends at its last value.
        #expect(pos(root.range.start) == "1:1@0")
        #expect(pos(root.range.end) == "6:18@60")
    }

    /// Events carry byte offsets (a scalar is a byte in ASCII input, and is counted otherwise); lines and
    /// columns are worked out only where a range is shown. Part of a file (front matter after a
    /// multi-byte title, or a pure-ASCII range of a file that is not ASCII) maps the same way.
    @Test func byteRangesMapToTheFileInASCIIAndMultiByteInput() throws {
        let text = "# Tïtle ✓\n---\nname: x\nname: y\nlist: [a, é]\n---\nbody\n"
        let file = SourceFile(path: "d.md", text: text)
        let start = Array(text.utf8).firstIndex(of: UInt8(ascii: "-"))! + 4
        let end = Array(text.utf8).count - 9
        let result = YAMLLoader.load(file, byteRange: start..<end)
        let duplicate = try #require(result.issues.first { $0.kind == .duplicateKey })
        #expect(pos(duplicate.range.start) == "4:1@\(start + 8)")
        #expect(pos(try #require(duplicate.related).start) == "3:1@\(start)")
        let object = try #require(result.documents.first?.objectValue)
        #expect(object["name"]?.stringValue == "y")
        let list = try #require(object["list"])
        #expect(slice(file, list.range) == "[a, é]")
        #expect(pos(list.range.end) == "5:13@\(start + 29)")
        // The same mapping in a range without a multi-byte character.
        let ascii = "# Tïtle\n---\nk: [a, b]\n---\n"
        let asciiFile = SourceFile(path: "e.md", text: ascii)
        let from = Array(ascii.utf8).firstIndex(of: UInt8(ascii: "k"))!
        let loaded = YAMLLoader.load(asciiFile, byteRange: from..<(from + 10))
        let value = try #require(loaded.documents.first?["k"])
        #expect(slice(asciiFile, value.range) == "[a, b]")
        #expect(pos(value.range.start) == "3:4@\(from + 3)")
    }

    /// A stream that starts with a byte-order mark loads like one without it (libyaml, told the
    /// encoding, counted the mark as a column and read the first line as indented), and positions
    /// on its first line start after the mark, in column 1.
    @Test func byteOrderMarkAtTheStartOfTheStream() throws {
        let file = SourceFile(path: "b.yaml", bytes: [0xEF, 0xBB, 0xBF] + Array("x: 1\ny: [2, 3]\n".utf8))
        let result = YAMLLoader.load(file)
        #expect(result.issues.isEmpty)
        let object = try #require(result.documents.first?.objectValue)
        let x = try #require(object.member("x"))
        #expect(pos(x.keyRange.start) == "1:1@3")
        #expect(pos(x.value.range.start) == "1:4@6")
        #expect(slice(file, try #require(object["y"]).range) == "[2, 3]")
        let duplicate = YAMLLoader.load(SourceFile(path: "d.yaml", bytes: [0xEF, 0xBB, 0xBF] + Array("k: 1\nk: 2\n".utf8)))
        #expect(duplicate.issues.map(\.kind) == [.duplicateKey])
        #expect(duplicate.issues.first.map { pos($0.range.start) } == "2:1@8")
    }

    @Test func multiLineScalarsComplexKeysAndTags() throws {
        let file = SourceFile(path: "t.yaml", text: "? &k complex\n: !!str 12\nplain: one\n  two\nseq: !!seq [a]\n")
        let result = YAMLLoader.load(file)
        #expect(result.issues.isEmpty)
        let object = try #require(result.documents.first?.objectValue)
        let complex = try #require(object.member("complex"))
        #expect(slice(file, complex.keyRange) == "&k complex")
        #expect(slice(file, complex.value.range) == "!!str 12")
        #expect(complex.value.stringValue == "12")
        let plain = try #require(object["plain"])
        #expect(plain.stringValue == "one two")
        #expect(slice(file, plain.range) == "one\n  two")
        #expect(slice(file, try #require(object["seq"]).range) == "!!seq [a]")
    }

    /// libyaml ends a block scalar where the next token starts, past its trailing blank lines; the
    /// value's range ends at its last non-blank character instead, for literal and folded scalars
    /// alike (and plain ones keep their own end).
    @Test func blockScalarsEndAtTheirLastCharacter() throws {
        let file = SourceFile(path: "t.yaml", text: "literal: |\n  one\n  two\n\n\nfolded: >-\n  three\n   four\n  \n\nplain: five\n")
        let result = YAMLLoader.load(file)
        #expect(result.issues.isEmpty)
        let object = try #require(result.documents.first?.objectValue)
        let literal = try #require(object["literal"])
        #expect(literal.stringValue == "one\ntwo\n")
        #expect(slice(file, literal.range) == "|\n  one\n  two")
        let folded = try #require(object["folded"])
        #expect(folded.stringValue == "three\n four")
        #expect(slice(file, folded.range) == ">-\n  three\n   four")
        #expect(slice(file, try #require(object["plain"]).range) == "five")
    }

    @Test func crlfFile() throws {
        let text = "a: 1\r\nbb: 名\r\nc:\r\n  - x\r\n"
        let result = loadYAML(text)
        #expect(result.issues.isEmpty)
        let object = try #require(result.documents.first?.objectValue)
        let bb = try #require(object.member("bb"))
        #expect(pos(bb.keyRange.start) == "2:1@6")
        #expect(pos(bb.value.range.start) == "2:5@10")
        #expect(pos(bb.value.range.end) == "2:6@13")
        let x = try #require(object["c"]?.arrayValue?.first)
        #expect(pos(x.range.start) == "4:5@23")
        #expect(x.stringValue == "x")
    }

    @Test func blockScalarRangeEndsAtItsText() throws {
        let result = loadYAML("s: |\n  one\n  two\n\n\nn: 1\n")
        let s = try #require(result.documents.first?["s"])
        #expect(s.stringValue == "one\ntwo\n")
        #expect(pos(s.range.start) == "1:4@3")
        #expect(pos(s.range.end) == "3:6@16")
    }

    @Test func aliasValueIsLocatedAtTheAlias() throws {
        let result = loadYAML("a: &x [1, 2]\nb: *x\n")
        let b = try #require(result.documents.first?["b"])
        #expect(b.arrayValue?.count == 2)
        #expect(pos(b.range.start) == "2:4@16")
        #expect(pos(b.range.end) == "2:6@18")
    }

    @Test func duplicateKeyReportsBothLocationsAndLastWins() throws {
        let result = loadYAML("x: 1\ny: 2\nx: 3\n")
        #expect(result.documents.first?["x"]?.numberValue?.text == "3")
        let issue = try #require(result.issues.first)
        #expect(result.issues.count == 1)
        #expect(issue.kind == .duplicateKey)
        #expect(issue.message == "duplicate key \"x\"")
        #expect(pos(issue.range.start) == "3:1@10")
        #expect(pos(issue.range.end) == "3:2@11")
        #expect(issue.related.map { pos($0.start) } == "1:1@0")
        #expect(issue.relatedLabel == "first defined here")
    }

    @Test func nestedDuplicateKeysInFlowMapping() throws {
        let result = loadYAML("m: {a: 1, a: 2}\n")
        #expect(result.issues.map(\.kind) == [.duplicateKey])
        #expect(result.issues.first.map { pos($0.range.start) } == "1:11@10")
    }

    @Test func syntaxErrorPosition() throws {
        let result = loadYAML("a: 1\nb: [1, 2\nc: 3\n")
        #expect(result.documents.isEmpty)
        let issue = try #require(result.issues.first)
        #expect(result.issues.count == 1)
        #expect(issue.kind == .invalidYAML)
        #expect(issue.message.hasPrefix("did not find expected ',' or ']'"))
        #expect(issue.message == issue.message.lowercased())
        #expect(pos(issue.range.start) == "3:2@15")

        let colon = loadYAML("key: value: other\n")
        #expect(colon.issues.first?.message == "mapping values are not allowed in this context")
        #expect(colon.issues.first.map { pos($0.range.start) } == "1:11@10")

        let tab = loadYAML("a:\n\t- b\n")
        #expect(tab.documents.isEmpty)
        #expect(tab.issues.first?.range.start.line == 2)
    }

    @Test func undefinedAlias() {
        let result = loadYAML("a: *nope\n")
        #expect(result.documents.isEmpty)
        #expect(result.issues.map(\.message) == ["found undefined alias \"nope\""])
    }

    @Test func billionLaughsIsRejectedQuickly() {
        var text = "l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        for level in 1...9 {
            let refs = Array(repeating: "*l\(level - 1)", count: 10).joined(separator: ", ")
            text += "l\(level): &l\(level) [\(refs)]\n"
        }
        let clock = ContinuousClock()
        var result = YAMLLoadResult(documents: [], issues: [])
        let elapsed = clock.measure { result = loadYAML(text) }
        #expect(result.documents.isEmpty)
        #expect(result.issues.map(\.kind) == [.aliasExpansionLimit])
        #expect(result.issues.first?.range.start.line == 6)
        #expect(elapsed < .seconds(120), "a hang guard, not a speed test (speed is measured in bench/)")
    }

    @Test func aliasesWithinTheBoundLoad() throws {
        let result = loadYAML("a: &a [1, 2]\nb: [*a, *a, *a]\n", options: .init(maxNodes: 100))
        #expect(result.issues.isEmpty)
        #expect(result.documents.first?["b"]?.arrayValue?.count == 3)
        let limited = loadYAML("a: &a [1, 2]\nb: [*a, *a, *a]\n", options: .init(maxNodes: 8))
        #expect(limited.issues.map(\.kind) == [.aliasExpansionLimit])
    }

    @Test func nestingLimit() {
        let deep = String(repeating: "[", count: 600) + String(repeating: "]", count: 600)
        let result = loadYAML(deep)
        #expect(result.documents.isEmpty)
        #expect(result.issues.map(\.kind) == [.nestingLimit])
        let ok = loadYAML(String(repeating: "[", count: 100) + String(repeating: "]", count: 100))
        #expect(ok.issues.isEmpty)
        #expect(ok.documents.count == 1)
        let viaAlias = loadYAML("a: &a [[[1]]]\nb: [[*a]]\n", options: .init(maxDepth: 5))
        #expect(viaAlias.issues.map(\.kind) == [.nestingLimit])
    }

    @Test func multipleDocuments() throws {
        let result = loadYAML("a: 1\n---\n- x\n--- 3\n...\n---\n")
        #expect(result.issues.isEmpty)
        #expect(result.documents.count == 4)
        #expect(result.documents.map { render($0.kind) } == ["object:1", "array:1", "number:3", "null"])
        #expect(result.documents[1].arrayValue.map { pos($0[0].range.start) } == "3:3@11")
    }

    @Test func emptyAndCommentOnlyStreams() {
        #expect(loadYAML("").documents.isEmpty)
        #expect(loadYAML("").issues.isEmpty)
        #expect(loadYAML("# only a comment\n\n").documents.isEmpty)
        #expect(loadYAML("# only a comment\n\n").issues.isEmpty)
    }

    @Test func invalidUTF8() throws {
        let file = SourceFile(path: "bad.yaml", bytes: Array("a: ".utf8) + [0xFF, 0xFE] + Array("\n".utf8))
        let result = YAMLLoader.load(file)
        #expect(result.documents.isEmpty)
        let issue = try #require(result.issues.first)
        #expect(issue.kind == .invalidYAML)
        #expect(issue.message == "file is not valid UTF-8")
        #expect(pos(issue.range.start) == "1:1@0")
    }

    @Test func byteRangePositionsAreFilePositions() throws {
        let text = "---\ntitle: Hi\nnames:\n  - 名前: 値\n---\n# Body\n"
        let file = SourceFile(path: "doc.md", text: text)
        let start = 4
        let end = text.utf8.count - "---\n# Body\n".utf8.count
        let result = YAMLLoader.load(file, byteRange: start..<end)
        #expect(result.issues.isEmpty)
        let root = try #require(result.documents.first)
        #expect(pos(root.range.start) == "2:1@4")
        let title = try #require(root.objectValue?.member("title"))
        #expect(pos(title.value.range.start) == "2:8@11")
        let item = try #require(root["names"]?.arrayValue?.first?.objectValue?.member("名前"))
        #expect(pos(item.keyRange.start) == "4:5@25")
        #expect(pos(item.value.range.start) == "4:9@33")
    }

    @Test func byteOrderMark() throws {
        let file = SourceFile(path: "b.yaml", bytes: [0xEF, 0xBB, 0xBF] + Array("k: v\n".utf8))
        let result = YAMLLoader.load(file)
        #expect(result.issues.isEmpty)
        let member = try #require(result.documents.first?.objectValue?.member("k"))
        #expect(member.keyRange.start.offset == 3)
        #expect(member.value.range.start.offset == 6)
    }
}
