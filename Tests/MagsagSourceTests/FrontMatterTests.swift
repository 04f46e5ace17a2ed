import Testing
@testable import MagsagSource

/// The source text a range covers.
func slice(_ file: SourceFile, _ range: SourceRange) -> String {
    String(decoding: file.bytes[range.start.offset..<range.end.offset], as: UTF8.self)
}

@Suite struct FrontMatterTests {
    /// The delimiter test compares bytes; it must agree with "the line without trailing blanks is `---`
    /// (or `...` where dots close)" on every short line of delimiter-like bytes.
    @Test func delimiterLinesMatchTheTrimmedForm() {
        func reference(_ line: [UInt8], allowDots: Bool) -> Bool {
            var content = line[...]
            while let last = content.last, last == 0x20 || last == 0x09 { content = content.dropLast() }
            return content.elementsEqual("---".utf8) || (allowDots && content.elementsEqual("...".utf8))
        }
        let alphabet: [UInt8] = Array("-. \t-a".utf8)
        var lines: [[UInt8]] = [[]]
        for _ in 0..<6 { lines = lines + lines.flatMap { line in alphabet.map { line + [$0] } }.filter { $0.count <= 6 } }
        var delimiters = 0
        for line in Set(lines) {
            let padded = [0x41] + line + [0x42]  // a slice that does not start at index 0
            for allowDots in [false, true] {
                let expected = reference(line, allowDots: allowDots)
                #expect(FrontMatter.isDelimiter(padded[1..<(padded.count - 1)], allowDots: allowDots) == expected, "\(line)")
                if expected { delimiters += 1 }
            }
        }
        #expect(delimiters > 20)
    }

    @Test func splitsBlockAndBody() throws {
        let file = SourceFile(path: "a.md", text: "---\ntitle: x\n---\n# Body\n")
        let split = try #require(FrontMatter.split(file))
        #expect(split.isTerminated)
        #expect(split.issue == nil)
        #expect(split.yamlByteRange == 4..<13)
        #expect(split.bodyByteRange == 17..<24)
        #expect(split.closingRange.map { pos($0.start) } == "3:1@13")
        #expect(pos(split.openingRange.end) == "1:4@3")
    }

    @Test func dotsCloseCRLFAndBOM() throws {
        let file = SourceFile(path: "a.md", bytes: [0xEF, 0xBB, 0xBF] + Array("---\r\na: 1\r\n...\r\nbody\r\n".utf8))
        let split = try #require(FrontMatter.split(file))
        #expect(split.isTerminated)
        #expect(split.yamlByteRange == 8..<14)
        #expect(split.bodyByteRange == 19..<25)
    }

    @Test func noFrontMatter() {
        #expect(FrontMatter.split(SourceFile(path: "a.md", text: "# Title\n---\n")) == nil)
        #expect(FrontMatter.split(SourceFile(path: "a.md", text: "----\na: 1\n----\n")) == nil)
        #expect(FrontMatter.split(SourceFile(path: "a.md", text: "")) == nil)
        #expect(FrontMatter.split(SourceFile(path: "a.md", text: " ---\n---\n")) == nil)
    }

    @Test func emptyBlock() throws {
        let split = try #require(FrontMatter.split(SourceFile(path: "a.md", text: "---\n---\nx")))
        #expect(split.yamlByteRange == 4..<4)
        #expect(split.bodyByteRange == 8..<9)
    }

    @Test func unterminated() throws {
        let file = SourceFile(path: "a.md", text: "---\ntitle: x\n\nText\n")
        let split = try #require(FrontMatter.split(file))
        #expect(!split.isTerminated)
        let issue = try #require(split.issue)
        #expect(issue.kind == .invalidFrontMatter)
        #expect(issue.message == "front-matter block is not terminated")
        #expect(pos(issue.range.start) == "1:1@0")
        #expect(pos(issue.range.end) == "1:4@3")
        #expect(split.bodyByteRange == 0..<file.bytes.count)

        let document = MarkdownDocument.parse(file)
        #expect(document.frontMatter == nil)
        #expect(document.issues.map(\.kind) == [.invalidFrontMatter])
        #expect(document.bodyStartLine == 1)

        let lone = try #require(FrontMatter.split(SourceFile(path: "a.md", text: "---")))
        #expect(!lone.isTerminated)
    }

    @Test func frontMatterPositionsAreFilePositions() throws {
        let text = "---\ntitle: Hello\ntags:\n  - 名前\n---\n\n# Heading\n"
        let file = SourceFile(path: "doc.md", text: text)
        let document = MarkdownDocument.parse(file)
        #expect(document.issues.isEmpty)
        let object = try #require(document.frontMatter?.objectValue)
        let tags = try #require(object.member("tags"))
        #expect(pos(tags.keyRange.start) == "3:1@17")
        let tag = try #require(tags.value.arrayValue?.first)
        #expect(pos(tag.range.start) == "4:5@27")
        #expect(slice(file, tag.range) == "名前")
        #expect(document.bodyStartLine == 6)
        let heading = try #require(document.headings.first)
        #expect(pos(heading.range.start) == "7:1@39")
        #expect(slice(file, heading.range) == "# Heading")
    }

    @Test func frontMatterProblems() throws {
        let list = MarkdownDocument.parse(SourceFile(path: "a.md", text: "---\n- a\n- b\n---\n"))
        #expect(list.issues.map(\.kind) == [.invalidFrontMatter])
        #expect(list.issues.first?.message == "front-matter is not a mapping")
        #expect(list.frontMatter?.arrayValue?.count == 2)

        let broken = MarkdownDocument.parse(SourceFile(path: "a.md", text: "---\na: [1\n---\n# T\n"))
        #expect(broken.frontMatter == nil)
        #expect(broken.issues.map(\.kind) == [.invalidYAML])
        #expect(broken.issues.first?.range.start.line == 3)
        #expect(broken.headings.map(\.text) == ["T"])

        let duplicate = MarkdownDocument.parse(SourceFile(path: "a.md", text: "---\na: 1\na: 2\n---\n"))
        #expect(duplicate.issues.map(\.kind) == [.duplicateKey])
        #expect(duplicate.issues.first.map { pos($0.range.start) } == "3:1@9")
        #expect(duplicate.frontMatter?["a"]?.numberValue?.text == "2")

        let empty = MarkdownDocument.parse(SourceFile(path: "a.md", text: "---\n---\n# T\n"))
        #expect(empty.issues.isEmpty)
        #expect(empty.frontMatter == nil)
        #expect(empty.frontMatterBlock != nil)
    }

    @Test func crlfFrontMatterAndBody() throws {
        let file = SourceFile(path: "a.md", text: "---\r\nk: v\r\n---\r\n[l](u)\r\n")
        let document = MarkdownDocument.parse(file)
        #expect(document.issues.isEmpty)
        let member = try #require(document.frontMatter?.objectValue?.member("k"))
        #expect(pos(member.value.range.start) == "2:4@8")
        let link = try #require(document.links.first)
        #expect(pos(link.range.start) == "4:1@16")
        #expect(slice(file, link.range) == "[l](u)")
    }

    @Test func invalidUTF8Markdown() {
        let file = SourceFile(path: "a.md", bytes: Array("# Caf".utf8) + [0xE9] + Array("\n[x](y)\n".utf8))
        let document = MarkdownDocument.parse(file)
        #expect(document.issues.map(\.kind) == [.invalidEncoding])
        #expect(document.links.map(\.destination) == ["y"])
        #expect(document.headings.count == 1)

        let withFrontMatter = SourceFile(path: "a.md", bytes: Array("---\nk: v\n---\nx ".utf8) + [0xFF] + [0x0A])
        let parsed = MarkdownDocument.parse(withFrontMatter)
        #expect(parsed.frontMatter?["k"]?.stringValue == "v")
        #expect(parsed.issues.map(\.kind) == [.invalidEncoding])
    }

    /// Lines are found with `memchr`; they must end where a plain scan ends them (at the first LF or CR,
    /// a CRLF counting as one break), from any offset, in text with every mix of line breaks.
    @Test func linesEndWhereAPlainScanEndsThem() {
        func plain(_ bytes: [UInt8], _ from: Int) -> (Range<Int>, Int) {
            var end = from
            while end < bytes.count, bytes[end] != 0x0A, bytes[end] != 0x0D { end += 1 }
            var next = end
            if next < bytes.count { next += (bytes[next] == 0x0D && next + 1 < bytes.count && bytes[next + 1] == 0x0A) ? 2 : 1 }
            return (from..<end, next)
        }
        var generator = SystemRandomNumberGenerator()
        let alphabet: [UInt8] = [0x0A, 0x0D, 0x2D, 0x61, 0x20, 0xC3, 0xA9]
        for _ in 0..<3000 {
            let bytes = (0..<Int.random(in: 0...40, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }
            for from in 0...(bytes.count + 1) {
                let found = FrontMatter.line(in: bytes, from: from)
                let expected = plain(bytes, from)
                #expect(found.content == expected.0 && found.next == expected.1, "\(bytes) from \(from)")
            }
        }
    }
}
