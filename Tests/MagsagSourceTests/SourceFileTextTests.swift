@testable import MagsagSource
import MagsagTestSupport
import Testing

/// `SourceFile` stores only bytes: its UTF-8 flag and decoded text must agree with strict decoding
/// (`String(validating:)`), including the ASCII fast path's 8-byte chunks and a leading BOM.
@Suite struct SourceFileTextTests {
    /// What the file must say about `bytes`: the strict decoding of its body after an optional BOM.
    private func expected(_ bytes: [UInt8]) -> String? {
        let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? bytes.dropFirst(3) : bytes[...]
        return String(validating: body, as: UTF8.self)
    }

    /// Binary means a NUL byte within the first 8000 bytes, as git decides; found with `memchr`.
    @Test func binaryMeansANulInTheFirst8000Bytes() {
        var random = SeededGenerator(seed: 12)
        var binary = 0
        for _ in 0..<2_000 {
            var bytes = (0..<Int.random(in: 0...9_000, using: &random)).map { _ in UInt8.random(in: 1...255, using: &random) }
            if !bytes.isEmpty, Bool.random(using: &random) {
                let at = [0, bytes.count - 1, min(7_999, bytes.count - 1), min(8_000, bytes.count - 1), Int.random(in: 0..<bytes.count, using: &random)]
                bytes[at.randomElement(using: &random)!] = 0
            }
            let file = SourceFile(path: "f", bytes: bytes)
            #expect(file.isBinary == bytes.prefix(8000).contains(0))
            if file.isBinary { binary += 1 }
        }
        #expect(binary > 500)
        var edge = [UInt8](repeating: 0x61, count: 8_001)
        edge[8_000] = 0
        #expect(!SourceFile(path: "f", bytes: edge).isBinary)
        edge[7_999] = 0
        #expect(SourceFile(path: "f", bytes: edge).isBinary)
    }

    @Test func fixedCases() {
        let cases: [([UInt8], String?)] = [
            ([], ""),
            (Array("plain ascii".utf8), "plain ascii"),
            ([0xEF, 0xBB, 0xBF] + Array("bom".utf8), "bom"),
            ([0xEF, 0xBB, 0xBF], ""),
            (Array("12345678".utf8) + [0xC3, 0xA9], "12345678é"),
            (Array("1234567".utf8) + [0xFF], nil),
            (Array("12345678".utf8) + [0xC3], nil),
            ([0xC0, 0xAF], nil),
            ([0xED, 0xA0, 0x80], nil),
            (Array("ok".utf8) + [0xEF, 0xBB, 0xBF], "ok\u{FEFF}"),
        ]
        for (bytes, text) in cases {
            let file = SourceFile(path: "f.txt", bytes: bytes)
            #expect(file.isValidUTF8 == (text != nil), "\(bytes)")
            #expect(file.text == text, "\(bytes)")
        }
    }

    @Test func randomBytesAgreeWithStrictDecoding() {
        var generator = SeededGenerator(seed: 0x5EED_F11E)
        let alphabet: [UInt8] = [0x41, 0x0A, 0x00, 0x7F, 0x80, 0xBF, 0xC2, 0xC3, 0xE2, 0x82, 0xAC, 0xED, 0xF0, 0x9F, 0xF4, 0xFF]
        for _ in 0..<3_000 {
            let count = Int.random(in: 0...40, using: &generator)
            var bytes = (0..<count).map { _ in Bool.random(using: &generator) ? UInt8(ascii: "a") : alphabet.randomElement(using: &generator)! }
            if Int.random(in: 0..<8, using: &generator) == 0 { bytes = [0xEF, 0xBB, 0xBF] + bytes }
            let want = expected(bytes)
            // A JSON file's ASCII test is its own scan (its line index waits for first use).
            for path in ["f.txt", "f.json"] {
                let file = SourceFile(path: path, bytes: bytes)
                #expect(file.isValidUTF8 == (want != nil), "\(path) \(bytes)")
                #expect(file.text == want, "\(path) \(bytes)")
            }
        }
    }

    /// A JSON file builds its line index on first use, once, even when many threads ask at the same
    /// time, and the index is the one any other file with the same bytes gets at once.
    @Test func jsonLineIndexIsBuiltOnFirstUse() async {
        var generator = SeededGenerator(seed: 0x11DE_7)
        let alphabet: [UInt8] = [0x41, 0x0A, 0x0D, 0x20, 0xC3, 0xA9, 0x7B, 0x22]
        for round in 0..<200 {
            let count = Int.random(in: 0...3_000, using: &generator)
            let bytes = (0..<count).map { _ in alphabet.randomElement(using: &generator)! }
            let path = ["a/fixture.json", "B.JSON", "c.Json"][round % 3]
            let json = SourceFile(path: path, bytes: bytes)
            let eager = SourceFile(path: "a/fixture.yaml", bytes: bytes)
            #expect(json.lineIndexByteCount == 0)
            #expect(eager.lineIndexByteCount > 0)
            let offsets = (0..<20).map { _ in Int.random(in: 0...count, using: &generator) }
            let seen = await withTaskGroup(of: [SourcePosition].self) { group in
                for _ in 0..<4 { group.addTask { offsets.map { json.position(ofOffset: $0) } } }
                return await group.reduce(into: [[SourcePosition]]()) { $0.append($1) }
            }
            let want = offsets.map { eager.position(ofOffset: $0) }
            for positions in seen { #expect(positions == want) }
            #expect(json.lineIndexByteCount == eager.lineIndexByteCount)
            #expect(json.lineIndex.lineCount == eager.lineIndex.lineCount)
        }
        #expect(!SourceFile.indexesLinesOnFirstUse("json"))
        #expect(!SourceFile.indexesLinesOnFirstUse("a.jsonl"))
        #expect(SourceFile.indexesLinesOnFirstUse(".json"))
    }
}
