import Testing
@testable import MagsagSource

struct ASCIISplitTests {
    static let samples = ["", "/", "//", "a", "a/b", "/a/b/", "a//b", "catalog/agents/main/x/agent.yaml", "é/ü/日本",
                          "a.b.c", "...", "x=y=z", "1.2.3-rc.1", "a:b::c:", ":::", "a/é/", "looooooooooooooooong/path/with/many/parts/x.json"]

    @Test("asciiSplit matches the standard library's split for every option", arguments: samples)
    func matchesStandardLibrary(_ text: String) {
        for separator in ["/", ".", "=", ":"] as [Character] {
            let scalar = separator.unicodeScalars.first!
            for omitting in [true, false] {
                for maxSplits in [0, 1, 2, Int.max] {
                    let expected = text.split(separator: separator, maxSplits: maxSplits, omittingEmptySubsequences: omitting).map(String.init)
                    let actual = text.asciiSplit(scalar, maxSplits: maxSplits, omittingEmptySubsequences: omitting).map(String.init)
                    #expect(actual == expected, "\(text) split on \(separator), max \(maxSplits), omitting \(omitting)")
                    // A substring (its bytes start inside a larger string) and a bridged-like copy split alike.
                    let inner = ("x/" + text + "/y").dropFirst(2).dropLast(2)
                    let fromSubstring = inner.asciiSplit(scalar, maxSplits: maxSplits, omittingEmptySubsequences: omitting).map(String.init)
                    #expect(fromSubstring == expected, "substring \(text) split on \(separator), max \(maxSplits)")
                }
            }
        }
    }

    @Test("lastPathSegment and pathExtension work on bytes")
    func lastComponent() {
        #expect("a/b/c.json".lastPathSegment == "c.json")
        #expect("c.json".lastPathSegment == "c.json")
        #expect("a/".lastPathSegment == "")
        #expect(SourceFile(path: "docs/x.Schema.JSON", bytes: []).pathExtension == "json")
        #expect(SourceFile(path: "docs/.hidden", bytes: []).pathExtension == "")
        #expect(SourceFile(path: "docs/Makefile", bytes: []).pathExtension == "")
    }
}

/// The line index's word-at-a-time scan gives the same lines and columns as a byte-by-byte count.
struct LineIndexScanTests {
    static func reference(_ bytes: [UInt8]) -> [Int] {
        var starts = [0]
        var i = 0
        while i < bytes.count {
            if bytes[i] == 0x0A { starts.append(i + 1) } else if bytes[i] == 0x0D {
                if i + 1 < bytes.count, bytes[i + 1] == 0x0A { i += 1 }
                starts.append(i + 1)
            }
            i += 1
        }
        return starts
    }

    @Test func randomTextsMatchTheByteByByteCount() {
        var generator = SystemRandomNumberGenerator()
        let alphabet: [[UInt8]] = [Array("a".utf8), Array(" ".utf8), [0x0A], [0x0D], [0x0D, 0x0A], Array("é".utf8), Array("日".utf8), Array("😀".utf8)]
        for round in 0..<200 {
            var bytes: [UInt8] = []
            let length = Int.random(in: 0...3000, using: &generator)
            while bytes.count < length {
                let pick = Int.random(in: 0..<100, using: &generator)
                // Every other round is dense with line breaks (several per eight-byte word).
                bytes += pick < (round % 2 == 0 ? 85 : 30) ? alphabet[0] : alphabet[1 + pick % (alphabet.count - 1)]
            }
            let index = LineIndex(bytes)
            #expect(Array(index.lineStarts) == Self.reference(bytes), "round \(round)")
            #expect(index.isASCII == bytes.allSatisfy { $0 < 0x80 }, "round \(round)")
            // Columns: count scalars from the line start for a sample of offsets.
            for offset in stride(from: 0, to: bytes.count, by: round % 2 == 0 ? 97 : 13) where bytes[offset] & 0xC0 != 0x80 {
                let position = index.position(ofOffset: offset)
                let start = index.lineStarts[position.line - 1]
                let scalars = bytes[start..<offset].filter { $0 & 0xC0 != 0x80 }.count
                #expect(position.column == scalars + 1, "round \(round) offset \(offset)")
            }
        }
    }

    /// The contiguous-byte searches agree with walking the UTF-8 view, on strings and substrings.
    @Test("byte index searches match the UTF-8 view's", arguments: ASCIISplitTests.samples)
    func byteIndexSearches(_ text: String) {
        for byte in [UInt8(ascii: "/"), UInt8(ascii: "."), UInt8(ascii: "#")] {
            #expect(text.utf8FirstIndex(of: byte) == text.utf8.firstIndex(of: byte))
            #expect(text.utf8LastIndex(of: byte) == text.utf8.lastIndex(of: byte))
            let tail = text.dropFirst(min(1, text.count))
            #expect(tail.utf8FirstIndex(of: byte) == tail.utf8.firstIndex(of: byte))
            #expect(tail.utf8LastIndex(of: byte) == tail.utf8.lastIndex(of: byte))
        }
        #expect(text.lastPathSegment == text.lastPathSegmentByWalk)
        let tail = text.dropFirst(min(1, text.count))
        #expect(tail.lastPathSegment == tail.lastPathSegmentByWalk)
    }
}
