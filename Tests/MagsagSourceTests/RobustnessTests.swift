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
}
