import Foundation
import MagsagSource
import Testing

/// Seriot's JSONTestSuite, read in place: every `y_` accepted, every `n_` rejected, every `i_` handled
/// without a crash.
@Suite struct JSONParserConformanceTests {
    static let directory = SharedTestData.root.appendingPathComponent("json-test-suite/test_parsing")

    static func files(prefix: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasPrefix(prefix) && $0.hasSuffix(".json") }.sorted()
    }

    static func load(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: directory.appendingPathComponent(name)))
    }

    @Test func suiteIsPresent() {
        #expect(Self.files(prefix: "y_").count > 90, "expected JSONTestSuite at \(Self.directory.path)")
        #expect(Self.files(prefix: "n_").count > 180)
    }

    @Test func acceptsEveryYesCase() throws {
        var failures: [String] = []
        for name in Self.files(prefix: "y_") {
            let result = JSONParser.parse(bytes: try Self.load(name))
            if result.value == nil { failures.append("\(name): \(result.issues.map(\.message))") }
        }
        #expect(failures.isEmpty, "rejected valid documents:\n\(failures.joined(separator: "\n"))")
    }

    @Test func rejectsEveryNoCase() throws {
        var failures: [String] = []
        for name in Self.files(prefix: "n_") {
            let result = JSONParser.parse(bytes: try Self.load(name))
            if result.value != nil { failures.append(name) }
            if result.value == nil, result.issues.isEmpty { failures.append("\(name): rejected without an issue") }
        }
        #expect(failures.isEmpty, "accepted invalid documents:\n\(failures.joined(separator: "\n"))")
    }

    @Test func handlesImplementationDefinedCases() throws {
        var accepted = 0
        var rejected = 0
        for name in Self.files(prefix: "i_") {
            let result = JSONParser.parse(bytes: try Self.load(name))
            if result.value != nil { accepted += 1 } else { rejected += 1 }
        }
        #expect(accepted + rejected == Self.files(prefix: "i_").count)
    }
}

@Suite struct JSONParserTests {
    @Test func positionsOfValuesAndKeys() throws {
        let text = "{\n  \"a\": [1, \"é\", true],\n  \"名前\": null\n}"
        let result = JSONParser.parse(text)
        let root = try #require(result.value)
        let object = try #require(root.objectValue)
        let a = try #require(object.member("a"))
        #expect(a.keyRange.start == SourcePosition(offset: 4, line: 2, column: 3))
        #expect(a.value.range.start.line == 2 && a.value.range.start.column == 8)
        let elements = try #require(a.value.arrayValue)
        #expect(elements[1].range.start.column == 12)
        #expect(elements[2].range.start.column == 17)  // "é" is one column
        let name = try #require(object.member("名前"))
        #expect(name.keyRange.start.line == 3 && name.keyRange.start.column == 3)
        #expect(name.value.range.start.column == 9)
        #expect(root.range.end.line == 4 && root.range.end.column == 2)
    }

    @Test func duplicateKeysAreReportedAndLastWins() throws {
        let result = JSONParser.parse("{\"k\": 1,\n \"k\": 2}")
        let root = try #require(result.value)
        #expect(root["k"]?.numberValue?.text == "2")
        let issue = try #require(result.issues.first)
        #expect(issue.kind == .duplicateKey)
        #expect(issue.range.start.line == 2 && issue.range.start.column == 2)
        #expect(issue.related?.start.line == 1 && issue.related?.start.column == 2)
    }

    @Test func numberTextIsPreserved() throws {
        let result = JSONParser.parse("[1, 1.0, 1e400, -0, 12345678901234567890]")
        let elements = try #require(result.value?.arrayValue)
        #expect(elements.map { $0.numberValue?.text } == ["1", "1.0", "1e400", "-0", "12345678901234567890"])
        #expect(elements[1].numberValue?.isInteger == true)
        #expect(elements[2].numberValue?.double == .infinity)
    }

    @Test func syntaxErrorsHavePositions() throws {
        let result = JSONParser.parse("{\n  \"a\": 1,\n  \"b\" 2\n}")
        #expect(result.value == nil)
        let issue = try #require(result.issues.last)
        #expect(issue.kind == .invalidJSON)
        #expect(issue.range.start.line == 3 && issue.range.start.column == 7)
        #expect(issue.message == "expected ':' after object key, found '2'")
    }

    @Test func deepNestingIsBounded() {
        let deep = String(repeating: "[", count: 100_000)
        let result = JSONParser.parse(deep)
        #expect(result.value == nil)
        #expect(result.issues.first?.kind == .nestingLimit)
    }

    @Test func escapesDecode() throws {
        let result = JSONParser.parse(#"["a\"b\\c\/\n\u00e9\ud83d\ude00\ud800x"]"#)
        let s = try #require(result.value?.arrayValue?.first?.stringValue)
        #expect(s == "a\"b\\c/\né😀\u{FFFD}x")
    }

    @Test func columnsAfterStringsWithMultibyteCharacters() throws {
        let result = JSONParser.parse("[\"ééé\", 1]")
        let elements = try #require(result.value?.arrayValue)
        #expect(elements[1].range.start.column == 9)
        #expect(elements[1].range.start.offset == 11)
    }
}

@Suite struct LineIndexTests {
    @Test func mapsOffsetsBothWays() {
        let bytes = Array("ab\r\ncé\nx\ry".utf8)
        let index = LineIndex(bytes)
        #expect(index.lineCount == 4)
        #expect(index.position(ofOffset: 5) == SourcePosition(offset: 5, line: 2, column: 2))
        #expect(index.position(ofOffset: 7) == SourcePosition(offset: 7, line: 2, column: 3))
        #expect(index.position(line: 2, column: 3).offset == 7)
        #expect(index.lineText(2) == "cé")
        #expect(index.position(ofOffset: 10).line == 4)
    }

    @Test func jsonPointerEscaping() {
        let pointer = JSONPointer(tokens: ["a/b", "m~n", "0"])
        #expect(pointer.description == "/a~1b/m~0n/0")
        #expect(JSONPointer("/a~1b/m~0n/0") == pointer)
        #expect(JSONPointer("a") == nil)
        #expect(JSONPointer("/~2") == nil)
    }
}

@Suite struct LineIndexLongLineTests {
    /// Positions on long lines (checkpoint-accelerated) equal a naive scalar count, also across CRLF.
    @Test func checkpointsAgreeWithNaiveCounting() {
        var text = ""
        for i in 0..<3000 { text += i % 7 == 0 ? "é" : (i % 11 == 0 ? "\r\n" : (i % 13 == 0 ? "😀" : "a")) }
        text += String(repeating: "x", count: 5000) + "\n" + String(repeating: "名", count: 2000)
        let bytes = Array(text.utf8)
        let index = LineIndex(bytes)
        var line = 1
        var column = 1
        var i = 0
        while i < bytes.count {
            let position = index.position(ofOffset: i)
            #expect(position.line == line && position.column == column, "offset \(i)")
            if position.line != line || position.column != column { return }
            let b = bytes[i]
            if b == 0x0A { line += 1; column = 1 } else if b == 0x0D, i + 1 < bytes.count, bytes[i + 1] == 0x0A {
                // the \n of CRLF stays on this line
                column += 1
            } else if b == 0x0D { line += 1; column = 1 } else if b & 0xC0 != 0x80 { column += 1 }
            i += 1
        }
    }
}
