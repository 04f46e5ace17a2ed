import Foundation
@testable import MagsagLintCore
import MagsagSource
import MagsagTestSupport
import Testing

/// The index bound's estimate walks a value recursively down to a depth of 64 and with an explicit stack
/// below; both must count the same bytes as the stack walk alone, at any depth.
@Suite struct MemoryEstimateTests {
    /// Random JSON text: small trees of arrays and objects with short and long strings, numbers and
    /// literals, at the bottom of a chain of `chain` nested containers (past the recursion's 64 levels
    /// when long).
    static func json(_ random: inout SeededGenerator, chain: Int) -> String {
        var open = "", close = ""
        for _ in 0..<chain {
            if Bool.random(using: &random) { open += "["; close = "]" + close } else { open += "{\"c\":"; close = "}" + close }
        }
        return open + tree(&random, depth: 0) + close
    }

    static func tree(_ random: inout SeededGenerator, depth: Int) -> String {
        switch depth > 3 ? Int.random(in: 0..<4, using: &random) : Int.random(in: 0..<6, using: &random) {
        case 0: return "null"
        case 1: return String(Int.random(in: -1_000...1_000_000, using: &random))
        case 2: return "\"\(String(repeating: "x", count: Int.random(in: 0...40, using: &random)))\""
        case 3: return Bool.random(using: &random) ? "true" : "1.5e3"
        case 4:
            return "[" + (0..<Int.random(in: 0...4, using: &random)).map { _ in tree(&random, depth: depth + 1) }.joined(separator: ",") + "]"
        default:
            let members = (0..<Int.random(in: 0...10, using: &random)).map { i in
                "\"key\(i)-\(String(repeating: "k", count: Int.random(in: 0...20, using: &random)))\":" + tree(&random, depth: depth + 1)
            }
            return "{" + members.joined(separator: ",") + "}"
        }
    }

    @Test func recursiveAndStackWalksAgree() {
        var random = SeededGenerator(seed: 5)
        for round in 0..<300 {
            let chain = round % 3 == 0 ? Int.random(in: 60...200, using: &random) : Int.random(in: 0...8, using: &random)
            let value = JSONParser.parse(Self.json(&random, chain: chain), maxDepth: 10_000).value!
            #expect(MemoryEstimate.value(value) == MemoryEstimate.walked(value))
            #expect(MemoryEstimate.value(value) >= (chain + 1) * MemoryLayout<SourceValue>.stride)
        }
    }

    /// What the JSON parser counts while building a tree is what the walk counts afterwards.
    static func expectCountedAsWalked(_ text: String, _ comment: String, maxDepth: Int = 1_000,
                                      sourceLocation: SourceLocation = #_sourceLocation) {
        let result = JSONParser.parse(text, maxDepth: maxDepth)
        guard let value = result.value else {
            #expect(result.valueMemory == nil, "\(comment): no value, no count", sourceLocation: sourceLocation)
            return
        }
        if result.issues.contains(where: { $0.kind == .duplicateKey }) {
            #expect(result.valueMemory == nil, "\(comment): a dropped member makes the count inexact", sourceLocation: sourceLocation)
        } else {
            #expect(result.valueMemory == MemoryEstimate.value(value), "\(comment)", sourceLocation: sourceLocation)
        }
    }

    @Test func theJSONParserCountsWhatTheWalkCounts() {
        var random = SeededGenerator(seed: 11)
        for round in 0..<300 {
            let chain = round % 3 == 0 ? Int.random(in: 60...200, using: &random) : Int.random(in: 0...8, using: &random)
            Self.expectCountedAsWalked(Self.json(&random, chain: chain), "round \(round)")
        }
        let cases = [
            "0", "\"\"", "[]", "{}", "[[]]", "{\"a\":{}}", "\"exactly fifteen\"", "\"sixteen bytes...\"",
            "12345678901234567890.5e-300", "-0.000000000000001", "[1,2,3,4,5,6,7,8,9,10]",
            "{\"1\":1,\"2\":2,\"3\":3,\"4\":4,\"5\":5,\"6\":6,\"7\":7,\"8\":8}",
            "{\"1\":1,\"2\":2,\"3\":3,\"4\":4,\"5\":5,\"6\":6,\"7\":7,\"8\":8,\"9\":9}",
            "{\"a key longer than fifteen bytes\": \"and a value longer than fifteen bytes\"}",
            "\"caf\u{e9} \\u00e9\\n\\ud83d\\ude00 \u{2713}\u{2713}\u{2713}\u{2713}\"",
            "{\"a\":1,\"a\":2}", "{\"k\":[1,{\"k\":2,\"k\":3}]}", "[1,", "{\"a\" 1}",
        ]
        for text in cases { Self.expectCountedAsWalked(text, text) }
    }

    @Test func everyJSONTestSuiteDocumentIsCountedAsWalked() throws {
        let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/testdata/json-test-suite/test_parsing")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path))?.filter { $0.hasSuffix(".json") } ?? []
        try #require(names.count > 250, "expected JSONTestSuite at \(directory.path)")
        for name in names.sorted() {
            let bytes = Array(try Data(contentsOf: directory.appendingPathComponent(name)))
            Self.expectCountedAsWalked(String(decoding: bytes, as: UTF8.self), name, maxDepth: JSONParser.defaultMaxDepth)
        }
    }

    /// A JSON document's estimate uses the parser's count; it must equal what walking its tree gives.
    @Test func aJSONDocumentsEstimateIsTheWalkedOne() {
        var random = SeededGenerator(seed: 12)
        for round in 0..<50 {
            let file = SourceFile(path: "catalog/contracts/c\(round).json", text: Self.json(&random, chain: round % 10))
            let document = LintDocument(file: file)
            let walked = ValueMemory.allocation(file.bytes.count) + ValueMemory.allocation(file.lineIndex.lineStarts.byteCount)
                + ValueMemory.allocation(file.path.utf8.count) + 256 + document.values.map(MemoryEstimate.value).reduce(0, +)
            #expect(document.valueMemory != nil, "round \(round)")
            #expect(document.estimatedMemory == walked, "round \(round)")
        }
    }
}
