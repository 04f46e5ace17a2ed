import Testing
import MagsagTestSupport
@testable import MagsagSource

func markdown(_ text: String) -> (SourceFile, MarkdownDocument) {
    let file = SourceFile(path: "doc.md", text: text)
    return (file, MarkdownDocument.parse(file))
}

@Suite struct HeadingTests {
    @Test(arguments: [
        ("Hello World", "hello-world"),
        ("Hello, World!", "hello-world"),
        ("What's new?", "whats-new"),
        ("  Leading  double  ", "--leading--double--"),
        ("snake_case and kebab-case", "snake_case-and-kebab-case"),
        ("Café déjà vu", "café-déjà-vu"),
        ("日本語 見出し", "日本語-見出し"),
        ("C++ & C#", "c--c"),
        ("1.2.3 Release", "123-release"),
        ("Emoji 🎉 party", "emoji--party"),
        ("ÀÉÎ", "àéî"),
        ("a/b:c", "abc"),
    ])
    func slug(text: String, expected: String) {
        #expect(HeadingSlugger.slug(text) == expected)
    }

    /// The byte-by-byte path for ASCII headings gives what the general-category path gives.
    @Test func asciiSlugsMatchTheUnicodePath() {
        var generator = SystemRandomNumberGenerator()
        let ascii = (0..<128).map { UInt8($0) }
        for _ in 0..<3_000 {
            let length = Int.random(in: 0...24, using: &generator)
            let text = String(decoding: (0..<length).map { _ in ascii.randomElement(using: &generator)! }, as: UTF8.self)
            #expect(HeadingSlugger.slug(text) == HeadingSlugger.unicodeSlug(text), "\(Array(text.utf8))")
        }
        for text in ["Café", "naïve Über", "x\u{301}y"] {
            #expect(HeadingSlugger.slug(text) == HeadingSlugger.unicodeSlug(text))
        }
    }

    @Test func duplicatesGetSuffixesInDocumentOrder() {
        var slugger = HeadingSlugger()
        #expect(["A", "A", "A-1", "A", "B"].map { slugger.unique($0) } == ["a", "a-1", "a-1-1", "a-2", "b"])
    }

    /// A bare-URL test on bytes answers as the string definition (a prefix, then the link's text).
    @Test func bareDestinationsMatchTheStringDefinition() {
        var random = SeededGenerator(seed: 11)
        let pieces = ["http://", "https://", "mailto:", "a", "x.io", "/", "e\u{301}", "\u{E9}", ":", ""]
        func text(_ most: Int) -> String { (0..<Int.random(in: 0...most, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined() }
        var bare = 0
        for _ in 0..<5_000 {
            let link = text(3)
            let destination = Bool.random(using: &random) ? pieces.randomElement(using: &random)! + link : text(4)
            let expected = ["", "http://", "https://", "mailto:"].contains { destination == $0 + link }
            #expect(BodyLocator.isBareDestination(destination, text: link, textBytes: Array(link.utf8)) == expected, "\(destination) \(link)")
            if expected { bare += 1 }
        }
        #expect(bare > 500)
    }

    /// Anchors are kept in a short list, then in a dictionary: long documents with many repeats get the
    /// same anchors as the definition (a dictionary of the last suffix tried per base) gives.
    @Test func manyHeadingsGetTheSameAnchorsAsTheDefinition() {
        var random = SeededGenerator(seed: 7)
        let names = ["A", "A-1", "a 1", "B", "Setup", "Setup-2", "Ünïcode", "x", "X-1-1", "Notes"]
        for _ in 0..<50 {
            let texts = (0..<Int.random(in: 0...60, using: &random)).map { _ in names.randomElement(using: &random)! }
            var slugger = HeadingSlugger()
            var occurrences: [String: Int] = [:]
            for text in texts {
                let base = HeadingSlugger.slug(text)
                var expected = base
                while occurrences[expected] != nil {
                    let next = (occurrences[base] ?? 0) + 1
                    occurrences[base] = next
                    expected = "\(base)-\(next)"
                }
                occurrences[expected] = 0
                #expect(slugger.unique(text) == expected, "\(texts)")
            }
        }
    }

    @Test func headingsFromDocument() throws {
        let (file, document) = markdown("""
        # Hello *World* `code`

        ## Hello World

        Setext **bold** <span>x</span>
        ---

        ### ![logo](l.png) Title [link](x)
        # Hello World
        """)
        #expect(document.headings.map(\.text) == [
            "Hello World code", "Hello World", "Setext bold x", "Title link", "Hello World",
        ])
        #expect(document.headings.map(\.anchor) == [
            "hello-world-code", "hello-world", "setext-bold-x", "title-link", "hello-world-1",
        ])
        #expect(document.headings.map(\.level) == [1, 2, 2, 3, 1])
        let first = try #require(document.headings.first)
        #expect(pos(first.range.start) == "1:1@0")
        #expect(pos(first.range.end) == "1:23@22")
        #expect(slice(file, document.headings[2].range) == "Setext **bold** <span>x</span>\n---")
    }
}

@Suite struct LinkTests {
    @Test func inlineLinksImagesAndAutolinks() throws {
        let (file, document) = markdown("""
        Text with [a link](http://x.com "T") and ![img](i.png) and <http://auto.com>
        é [uni](u) then www.example.com and https://bare.org/x.
        mail foo@bar.com
        """)
        let links = document.links
        #expect(links.map(\.destination) == [
            "http://x.com", "i.png", "http://auto.com", "u", "http://www.example.com", "https://bare.org/x",
            "mailto:foo@bar.com",
        ])
        #expect(links.map(\.isAutolink) == [false, false, true, false, true, true, true])
        #expect(links.map(\.isImage) == [false, true, false, false, false, false, false])
        #expect(links[0].title == "T")
        #expect(links[0].text == "a link")
        #expect(links[1].text == "img")
        #expect(pos(links[0].range.start) == "1:11@10")
        #expect(pos(links[0].range.end) == "1:37@36")
        #expect(pos(links[1].range.start) == "1:42@41")
        #expect(pos(links[2].range.start) == "1:60@59")
        // `é` is two bytes: byte column 4, scalar column 3.
        #expect(pos(links[3].range.start) == "2:3@80")
        #expect(links.map { slice(file, $0.range) } == [
            "[a link](http://x.com \"T\")", "![img](i.png)", "<http://auto.com>", "[uni](u)", "www.example.com",
            "https://bare.org/x", "foo@bar.com",
        ])
    }

    @Test func referenceLinksAreResolved() throws {
        let (file, document) = markdown("""
        See [the docs][docs] and [Docs] and [missing][nope].

        [docs]: https://example.com/docs "Docs"
        """)
        #expect(document.links.map(\.destination) == ["https://example.com/docs", "https://example.com/docs"])
        #expect(document.links.first?.title == "Docs")
        #expect(document.links.map { slice(file, $0.range) } == ["[the docs][docs]", "[Docs]"])
        #expect(document.links.first.map { pos($0.range.start) } == "1:5@4")
    }

    @Test func linksInContainers() throws {
        let (file, document) = markdown("""
        > quote [q](q1) and
        > more [q2](q2)

        - item [i](i1)
          continued [c](c1)

        | a | [t](t1) |
        |---|---|
        | `x` | [![b](i.png)](t2) |
        """)
        #expect(document.links.map(\.destination) == ["q1", "q2", "i1", "c1", "t1", "t2", "i.png"])
        #expect(document.links.map { slice(file, $0.range) } == [
            "[q](q1)", "[q2](q2)", "[i](i1)", "[c](c1)", "[t](t1)", "[![b](i.png)](t2)", "![b](i.png)",
        ])
        #expect(document.links[1].range.start.line == 2)
        #expect(document.links[1].range.start.column == 8)
        #expect(document.links[5].text == "b")
    }
}

@Suite struct MarkdownElementTests {
    @Test func codeSpans() throws {
        let (file, document) = markdown("a `x` b ``y`z`` c `` `w` `` d\n> q `docs/a.md`\n\n- item `c1`\n")
        #expect(document.codeSpans.map(\.text) == ["x", "y`z", "`w`", "docs/a.md", "c1"])
        #expect(document.codeSpans.map { slice(file, $0.range) } == ["x", "y`z", "`w`", "docs/a.md", "c1"])
        #expect(pos(document.codeSpans[3].range.start) == "2:6@35")
    }

    @Test func htmlAnchors() throws {
        let (file, document) = markdown("""
        <a id="top"></a>
        Para <span id='s2'>x</span> <a name=n3>y</a> <b name="notanchor">z</b>

        <div id="blk">
        <a name="n1">x</a>
        <!-- <a id="commented"> -->
        </div>

        - item
          <a
          id="ml">
        """)
        #expect(Set(document.htmlAnchors.keys) == ["top", "s2", "n3", "blk", "n1", "ml"])
        let top = try #require(document.htmlAnchors["top"])
        #expect(pos(top.start) == "1:8@7")
        #expect(slice(file, top) == "top")
        for (name, range) in document.htmlAnchors {
            #expect(slice(file, range) == name)
        }
        #expect(document.htmlAnchors["n1"]?.start.line == 5)
        #expect(document.htmlAnchors["ml"]?.start.line == 11)
    }

    @Test func taskItems() throws {
        let (file, document) = markdown("""
        # Plan

        - [ ] todo *one*
        - [x] done
          1. [X] nested `code`
        - plain item

        * [ ] second list
          more text
        """)
        #expect(document.taskItems.map(\.checked) == [false, true, true, false])
        #expect(document.taskItems.map(\.text) == ["todo one", "done", "nested code", "second list more text"])
        let first = try #require(document.taskItems.first)
        #expect(pos(first.range.start) == "3:1@8")
        #expect(slice(file, first.range) == "- [ ] todo *one*")
        #expect(slice(file, document.taskItems[1].range) == "- [x] done")
        #expect(document.taskItems[2].range.start.line == 5)
    }

    @Test func emptyBody() {
        let (_, document) = markdown("")
        #expect(document.headings.isEmpty)
        #expect(document.links.isEmpty)
        #expect(document.issues.isEmpty)
    }
}
