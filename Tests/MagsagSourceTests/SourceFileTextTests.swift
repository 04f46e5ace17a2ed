import MagsagSource
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
            let file = SourceFile(path: "f.txt", bytes: bytes)
            let want = expected(bytes)
            #expect(file.isValidUTF8 == (want != nil), "\(bytes)")
            #expect(file.text == want, "\(bytes)")
        }
    }
}
