import Testing
@testable import MagsagSource

/// A content sketch may let through needles a file does not hold, never rule out one it holds.
@Suite struct ContentSketchTests {
    /// The suite's deterministic generator (SplitMix64), so failures reproduce.
    typealias Generator = RobustnessTests.Generator

    /// Text shaped like the catalog's files: names with digits, keys, paths.
    static func text(_ generator: inout Generator, length: Int) -> [UInt8] {
        let words = ["agent", "sag", "mag", "contract", "schema", "$ref", "\"$id\"", "version:", "https://magsag.ai/",
                     "input", "output", "Order-Drafter", "route_composer", "README.md", "#anchor", "\n", "  ", ": ", ".json"]
        var out: [UInt8] = []
        while out.count < length {
            if Bool.random(using: &generator) {
                out += Array(words.randomElement(using: &generator)!.utf8)
            } else {
                out += Array(String(UInt16.random(in: 0...9999, using: &generator)).utf8)
            }
        }
        return out
    }

    @Test func everyNeedleTheBytesHoldPassesInAnyCase() {
        var generator = Generator(state: 7)
        for round in 0..<40 {
            let bytes = Self.text(&generator, length: 200 + round * 60)
            let sketch = ContentSketch(of: bytes)
            for _ in 0..<200 {
                let start = Int.random(in: 0..<bytes.count, using: &generator)
                let length = Int.random(in: 0...min(40, bytes.count - start), using: &generator)
                let needle = Array(bytes[start..<start + length])
                #expect(sketch.mayContain(needle), "round \(round): \(String(decoding: needle, as: UTF8.self))")
                let flipped = needle.map { byte -> UInt8 in
                    switch byte {
                    case UInt8(ascii: "a")...UInt8(ascii: "z"): byte - 32
                    case UInt8(ascii: "A")...UInt8(ascii: "Z"): byte + 32
                    default: byte
                    }
                }
                #expect(sketch.mayContain(flipped))
                #expect(sketch.mayContain(anyOf: [Array("not-there-at-all-xyz".utf8), needle]))
            }
        }
        #expect(ContentSketch(of: []).mayContain([]))
    }

    @Test func mostNeedlesTheBytesLackAreRuledOut() {
        var generator = Generator(state: 11)
        var ruledOut = 0, absent = 0
        for _ in 0..<50 {
            let bytes = Self.text(&generator, length: 1500)
            let sketch = ContentSketch(of: bytes)
            #expect(sketch.fill < 0.6)
            for _ in 0..<100 {
                let name = Array("asset-advisor-\(Int.random(in: 10000...99999, using: &generator))-sag".utf8)
                guard !ByteSearch.contains(bytes[...], name) else { continue }
                absent += 1
                if !sketch.mayContain(name) { ruledOut += 1 }
            }
        }
        #expect(absent > 4000)
        #expect(Double(ruledOut) / Double(absent) > 0.99, "\(ruledOut) of \(absent) ruled out")
        // Short needles are judged by the byte values alone.
        let plain = ContentSketch(of: Array("no escapes here".utf8))
        #expect(!plain.mayContain(Array("\\".utf8)))
        #expect(!plain.mayContain(Array("!!".utf8)))
        #expect(plain.mayContain(Array("es".utf8)))
    }

    @Test func storedFormRoundTrips() throws {
        var generator = Generator(state: 3)
        let bytes = Self.text(&generator, length: 900)
        let sketch = ContentSketch(of: bytes)
        #expect(sketch.stored.count == ContentSketch.storedSize)
        let back = try #require(ContentSketch(stored: sketch.stored[...]))
        #expect(back == sketch)
        #expect(back.mayContain(Array(bytes[10..<30])))
        #expect(ContentSketch(stored: sketch.stored.dropLast()) == nil)
        #expect(ContentSketch(stored: (sketch.stored + [0])[...]) == nil)
    }

    /// A needle set's precomputed probes answer as the needles asked one by one: held needles, needles
    /// from other files, short and empty ones, across many sketches.
    @Test func needleSetsAnswerAsTheirNeedles() {
        var generator = Generator(state: 23)
        let sketches = (0..<60).map { round in ContentSketch(of: Self.text(&generator, length: 100 + round * 40)) }
        var admitted = 0, refused = 0
        for _ in 0..<300 {
            let source = Self.text(&generator, length: 120)
            let needles = (0..<Int.random(in: 0...4, using: &generator)).map { _ -> [UInt8] in
                let start = Int.random(in: 0..<source.count, using: &generator)
                let length = Int.random(in: 0...min(12, source.count - start), using: &generator)
                return Array(source[start..<start + length])
            }
            let set = NeedleSet(needles)
            for sketch in sketches {
                let expected = sketch.mayContain(anyOf: needles)
                #expect(sketch.mayContain(anyOf: set) == expected, "\(needles.map { String(decoding: $0, as: UTF8.self) })")
                if expected { admitted += 1 } else { refused += 1 }
            }
        }
        // Both answers occur, so the comparison means something.
        #expect(admitted > 1000 && refused > 1000, "admitted \(admitted), refused \(refused)")
        #expect(ContentSketch(of: []).mayContain(anyOf: NeedleSet([[]])))
        #expect(!ContentSketch(of: []).mayContain(anyOf: NeedleSet([])))
    }
}
