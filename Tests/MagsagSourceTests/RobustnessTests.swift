import MagsagTestSupport
import Testing
@testable import MagsagSource

/// Mutated inputs: never trap, and every reported range lies inside the file, start before end.
@Suite struct RobustnessTests {
    /// SplitMix64, so failures reproduce.
    typealias Generator = SeededGenerator

    static let seedText = """
    ---
    title: "Ünïcode"  # c
    list: [1, 2.5, .inf, {a: &x b}]
    block: |
      text
    ref: *x
    <<: {m: 1}
    ---

    # Heading `code` [l](u "t") <a id="i">
    - [ ] task www.x.com
    > quote ![i](p) <b name=x>
    | a | b |
    |---|---|
    | `c` | [r] |

    [r]: http://r
    """

    static let alphabet: [UInt8] = Array("-:[]{}&*!|>#`<>\"' \n\r\t\\x1.~?,".utf8) + [0xC3, 0xA9, 0xE2, 0x80, 0xA8, 0xFF, 0]

    func check(_ file: SourceFile, _ range: SourceRange) {
        #expect(range.start.offset >= 0 && range.end.offset <= file.bytes.count)
        #expect(range.start.offset <= range.end.offset)
        #expect(range.start.line >= 1 && range.start.column >= 1)
    }

    func checkValue(_ file: SourceFile, _ value: SourceValue) {
        check(file, value.range)
        switch value.kind {
        case .array(let items): items.forEach { checkValue(file, $0) }
        case .object(let object):
            for member in object.members {
                check(file, member.keyRange)
                checkValue(file, member.value)
            }
        default: break
        }
    }

    @Test func mutatedDocumentsNeverTrap() {
        var generator = Generator(state: 42)
        let seed = Array(Self.seedText.utf8)
        for _ in 0..<400 {
            var bytes = seed
            for _ in 0..<Int.random(in: 1...8, using: &generator) {
                let at = Int.random(in: 0..<bytes.count, using: &generator)
                let byte = Self.alphabet.randomElement(using: &generator) ?? 0
                switch Int.random(in: 0..<3, using: &generator) {
                case 0: bytes[at] = byte
                case 1: bytes.insert(byte, at: at)
                default: if bytes.count > 1 { bytes.remove(at: at) }
                }
            }
            let file = SourceFile(path: "f.md", bytes: bytes)
            let yaml = YAMLLoader.load(file)
            yaml.documents.forEach { checkValue(file, $0) }
            yaml.issues.forEach { check(file, $0.range) }
            let document = MarkdownDocument.parse(file)
            document.issues.forEach { check(file, $0.range) }
            document.frontMatter.map { checkValue(file, $0) }
            document.headings.forEach { check(file, $0.range) }
            document.links.forEach { check(file, $0.range) }
            document.codeSpans.forEach { check(file, $0.range) }
            document.taskItems.forEach { check(file, $0.range) }
            document.htmlAnchors.values.forEach { check(file, $0) }
        }
    }
}

@Suite struct ConcurrencyTests {
    /// cmark-gfm edits a global character table during each parse; the parser must serialise.
    @Test func concurrentMarkdownParsesAgree() async {
        let text = (0..<300).map { "see www.x\($0).com and ~~s\($0)~~ and https://y\($0).org" }.joined(separator: "\n")
        let counts = await withTaskGroup(of: Int.self) { group in
            for _ in 0..<8 {
                group.addTask { MarkdownDocument.parse(SourceFile(path: "a.md", text: text)).links.count }
            }
            var counts: [Int] = []
            for await count in group { counts.append(count) }
            return counts
        }
        #expect(counts == Array(repeating: 600, count: 8))
    }

    /// Bodies without a possible table are fed outside the lock, bodies with one inside it: parsed at
    /// once on many threads, a mix of both finds the links a parse on its own finds.
    @Test func lockFreeAndLockedFeedsAgree() async {
        let plain = (0..<200).map { "see www.p\($0).com and ~~s\($0)~~ and https://q\($0).org" }.joined(separator: "\n")
        let table = "| a | b |\n| --- | :-: |\n" + (0..<200).map { "| www.t\($0).com | ~~x~~ https://u\($0).org |" }.joined(separator: "\n")
        let quoted = "> | a |\n> |---|\n" + (0..<100).map { "> | www.v\($0).com |" }.joined(separator: "\n")
        let texts = [plain, table, quoted]
        let alone = texts.map { MarkdownDocument.parse(SourceFile(path: "a.md", text: $0)).links.map(\.destination) }
        #expect(alone.map(\.count) == [400, 400, 100])
        let together = await withTaskGroup(of: (Int, [String]).self) { group in
            for round in 0..<24 {
                let which = round % texts.count
                group.addTask { (which, MarkdownDocument.parse(SourceFile(path: "a.md", text: texts[which])).links.map(\.destination)) }
            }
            var found: [(Int, [String])] = []
            for await result in group { found.append(result) }
            return found
        }
        for (which, links) in together { #expect(links == alone[which]) }
    }

    @Test func tableDelimiterLinesAreFound() {
        func check(_ text: String) -> Bool {
            Array(text.utf8).withUnsafeBufferPointer { CmarkWalker.mayHoldTableDelimiter($0) }
        }
        for text in ["---", "a\n|---|", "| :-- | --: |\nx", "> |---|", "- | - |", "1. ---", "x\r---\ry", "a --", "\t- \n"] {
            #expect(check(text), "\(text)")
        }
        for text in ["", "plain text", "- item\n- item", "a - b", "| a | b |", "::", "--x", "a\n-->\n"] {
            #expect(!check(text), "\(text)")
        }
        // The search by `-` answers as the byte walk does, on random lines of run and other characters.
        var generator = SeededGenerator(seed: 0x7AB1E)
        let pieces = ["-", "|", ":", " ", "\t", "\u{0B}", "\u{0C}", "\n", "\r", "a", "--", "| --- |", "é", "> "]
        for _ in 0..<5_000 {
            let text = (0..<Int.random(in: 0...12, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            let bytes = Array(text.utf8)
            let walked = bytes.withUnsafeBufferPointer { CmarkWalker.mayHoldTableDelimiterByWalk($0) }
            #expect(bytes.withUnsafeBufferPointer { CmarkWalker.mayHoldTableDelimiter($0) } == walked, "\(bytes)")
        }
    }
}
