@testable import MagsagSource
import MagsagTestSupport
import Testing

/// The JSON scanner finds a string's end eight bytes at a time and leaves escapes, control characters
/// and non-ASCII text to its byte-by-byte path: at every position a special byte can take within and
/// across those eight-byte steps, the strings read must be the ones written, and invalid ones rejected.
@Suite struct JSONStringScanTests {
    /// How each special piece is written in JSON and what it reads as (nil: the document is invalid).
    private static let pieces: [(written: String, reads: String?)] = [
        ("\\\"", "\""), ("\\\\", "\\"), ("\\n", "\n"), ("\\u00e9", "\u{E9}"), ("\u{E9}", "\u{E9}"),
        ("\u{1F600}", "\u{1F600}"), ("\u{7F}", "\u{7F}"), ("~", "~"), (" ", " "), ("!", "!"), ("#", "#"),
        ("[", "["), ("]", "]"), ("\u{1F}", nil), ("\t", nil), ("\u{0}", nil),
    ]

    @Test func everyPositionAroundTheWordSteps() {
        var random = SeededGenerator(seed: 0x5C22)
        let printable = Array(" !#$%&'()*+,-./0123456789:;<=>?@ABCXYZ[]^_`abcxyz{|}~".utf8)
        var checked = 0
        for length in 0..<26 {
            for at in 0...length {
                for (written, reads) in Self.pieces {
                    let plain = (0..<length).map { _ in printable.randomElement(using: &random)! }
                    let before = String(decoding: plain[..<at], as: UTF8.self), after = String(decoding: plain[at...], as: UTF8.self)
                    // Keys and values, after a prefix that moves the string against the eight-byte steps.
                    let pad = String(repeating: " ", count: Int.random(in: 0..<8, using: &random))
                    let text = pad + "{\"" + before + written + after + "\": [\"" + before + written + after + "\"]}"
                    let result = JSONParser.parse(SourceFile(path: "s.json", bytes: Array(text.utf8)))
                    guard let reads else {
                        #expect(result.value == nil && !result.issues.isEmpty, "accepted \(text.debugDescription)")
                        continue
                    }
                    let expected = before + reads + after
                    let object = result.value?.objectValue
                    #expect(object?.keys == [expected], "\(text.debugDescription)")
                    #expect(object?[expected]?.arrayValue?.first?.stringValue == expected, "\(text.debugDescription)")
                    checked += 1
                }
            }
        }
        #expect(checked > 4_000)
    }

    /// The word test flags exactly the stop bytes at the lowest flagged byte, for every byte value in
    /// every lane (the bits above may be set by a borrow).
    @Test func stopBytesAreExactAtTheLowestFlag() {
        func isStop(_ byte: UInt8) -> Bool { byte == 0x22 || byte == 0x5C || byte < 0x20 || byte >= 0x80 }
        for lane in 0..<8 {
            for value in 0...255 {
                for filler in [UInt8(0x41), 0x20, 0x7E] {
                    var bytes = [UInt8](repeating: filler, count: 8)
                    bytes[lane] = UInt8(value)
                    let word = bytes.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) }
                    let stops = JSONScanner.stopBytes(word)
                    if isStop(UInt8(value)) {
                        #expect(stops != 0 && stops.trailingZeroBitCount >> 3 == lane)
                    } else {
                        #expect(stops == 0, "byte \(value) in lane \(lane)")
                    }
                }
            }
        }
    }
}
