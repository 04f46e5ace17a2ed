import Foundation
import MagsagTestSupport
import Testing
@testable import MagsagSource

/// Values keep spans (`SourceSpan`) and work out lines and columns from their file when asked. What they
/// report must be what a plain count over the bytes gives, whichever file, thread or parser made them.
@Suite struct SourceSpanTests {
    /// Line and scalar column of `offset`, counted byte by byte: `\n`, `\r\n` and a lone `\r` end a line,
    /// continuation bytes take no column, and a leading byte-order mark takes none either.
    static func counted(_ bytes: [UInt8], _ offset: Int) -> SourcePosition {
        var line = 1, column = 1, i = 0
        let bom = bytes.starts(with: [0xEF, 0xBB, 0xBF])
        if bom, offset >= 3 { i = 3 }
        while i < offset {
            let b = bytes[i]
            if b == 0x0A || (b == 0x0D && !(i + 1 < bytes.count && bytes[i + 1] == 0x0A)) {
                line += 1
                column = 1
            } else if b != 0x0D, b & 0xC0 != 0x80 {
                column += 1
            }
            i += 1
        }
        return SourcePosition(offset: offset, line: line, column: column)
    }

    /// A random JSON document over awkward text: multi-byte scalars, every line break, tabs.
    static func randomJSON(_ generator: inout SeededGenerator, depth: Int = 0) -> String {
        let breaks = ["\n", "\r\n", "\r", " ", "\t", "\n  "]
        func gap() -> String { breaks.randomElement(using: &generator)! }
        let words = ["a", "é", "日本", "𝄞x", "plain", "q\\\"", "tab\\t"]
        func string() -> String { "\"" + (0..<Int.random(in: 0...3, using: &generator)).map { _ in words.randomElement(using: &generator)! }.joined() + "\"" }
        switch depth > 3 ? Int.random(in: 0...2, using: &generator) : Int.random(in: 0...4, using: &generator) {
        case 0: return string()
        case 1: return String(Int.random(in: -500...500, using: &generator))
        case 2: return ["true", "false", "null", "1.5e3"].randomElement(using: &generator)!
        case 3:
            let items = (0..<Int.random(in: 0...4, using: &generator)).map { _ in randomJSON(&generator, depth: depth + 1) }
            return "[" + gap() + items.joined(separator: "," + gap()) + gap() + "]"
        default:
            var keys = Set<String>()
            let members = (0..<Int.random(in: 0...4, using: &generator)).compactMap { i -> String? in
                let key = "\"k\(i)" + words.randomElement(using: &generator)! + "\""
                guard keys.insert(key).inserted else { return nil }
                return key + gap() + ":" + gap() + randomJSON(&generator, depth: depth + 1)
            }
            return "{" + gap() + members.joined(separator: "," + gap()) + gap() + "}"
        }
    }

    @Test func jsonSpansGiveTheCountedPositions() throws {
        var generator = SeededGenerator(seed: 0x5A_A7)
        for round in 0..<300 {
            var bytes = Array(Self.randomJSON(&generator).utf8)
            if round % 7 == 0 { bytes = [0xEF, 0xBB, 0xBF] + bytes }
            let result = JSONParser.parse(SourceFile(path: "r\(round).json", bytes: bytes))
            let value = try #require(result.value, "round \(round): \(result.issues.map(\.message))")
            Self.checkRanges(value, in: bytes, "round \(round)")
        }
    }

    /// Files parsed on several threads at once each get their own stretch of the space: every value
    /// reads back its own file's positions, and the file a span lies in is the file it was parsed from.
    @Test func filesParsedConcurrentlyKeepTheirOwnPositions() {
        let texts = (0..<64).map { i in
            String(repeating: "\n", count: i % 5) + "{\"name\": \"f\(i)\",\r\n  \"items\": [\(i), \"é\(i)\"]}\n"
        }
        let outcomes = Outcomes()
        DispatchQueue.concurrentPerform(iterations: texts.count) { i in
            let file = SourceFile(path: "c\(i).json", text: texts[i])
            outcomes.set(i, (file, JSONParser.parse(file).value))
        }
        let all = outcomes.all
        for i in texts.indices {
            guard let (file, value) = all[i], let value else {
                Issue.record("file \(i) did not parse")
                continue
            }
            Self.checkRanges(value, in: file.bytes, "file \(i)")
            #expect(SourceSpace.shared.file(of: value.span) === file)
            let name = value["name"]
            #expect(name?.range.start.line == i % 5 + 1)
            #expect(name?.span.fileOffsets == (i % 5 + 9)..<(i % 5 + 9 + "\"f\(i)\"".utf8.count))
        }
    }

    /// YAML values (a Markdown file's front matter too) are spans into the file they are written in.
    @Test func yamlAndFrontMatterSpansGiveTheCountedPositions() throws {
        let yaml = Array("a: 1\r\nb:\n  - é\n  - [x, {y: z}]\rc: \"日本\"\n".utf8)
        let loaded = YAMLLoader.load(SourceFile(path: "a.yaml", bytes: yaml))
        Self.checkRanges(try #require(loaded.documents.first), in: yaml, "yaml", keysQuoted: false)
        let markdown = Array("---\ntitle: Über\ntags: [a, b]\n---\n\n# Heading\n".utf8)
        let document = MarkdownDocument.parse(SourceFile(path: "a.md", bytes: markdown))
        let front = try #require(document.frontMatter)
        Self.checkRanges(front, in: markdown, "front matter", keysQuoted: false)
        #expect(front["title"]?.range.start == SourcePosition(offset: 11, line: 2, column: 8))
    }

    /// Ranges given whole (values built in code) are kept whole and read back unchanged; setting a
    /// value's range or a key's range keeps the new one.
    @Test func rangesGivenWholeReadBackUnchanged() {
        let range = SourceRange(start: SourcePosition(offset: 40, line: 3, column: 7), end: SourcePosition(offset: 44, line: 3, column: 11))
        var value = SourceValue(.string("x"), range: range)
        #expect(value.range == range)
        #expect(value.span.fileOffsets == nil)
        #expect(SourceSpace.shared.file(of: value.span) == nil)
        let moved = SourceRange(at: SourcePosition(offset: 2, line: 1, column: 3))
        value.range = moved
        #expect(value.range == moved)
        var member = SourceObject.Member(key: "k", keyRange: range, value: value)
        #expect(member.keyRange == range)
        member.keyRange = moved
        #expect(member.keyRange == moved && member.value.range == moved)
        #expect(SourceValue(.null, range: .fileStart).span == SourceSpan.fileStart)
        #expect(SourceSpan.fileStart.range == .fileStart)
    }

    /// A member keeps its key's span in its own fields: every kind of span reads back as given, a key
    /// of 64 KiB or more through a range kept whole.
    @Test func memberKeySpansReadBack() throws {
        let file = SourceFile(path: "k.json", text: "{\"" + String(repeating: "k", count: 70_000) + "\": 1, \"b\": 2}")
        let object = try #require(JSONParser.parse(file).value?.objectValue)
        let long = object.members[0], short = object.members[1]
        #expect(long.keyRange == file.range(from: 1, to: 70_003))
        #expect(long.keySpan.fileOffsets == nil)
        #expect(short.keySpan.fileOffsets == 70_008..<70_011)
        #expect(short.keyRange == file.range(from: 70_008, to: 70_011))
        #expect(short.value.range == file.range(from: 70_013, to: 70_014))
        var member = short
        member.keySpan = .fileStart
        #expect(member.keySpan == .fileStart && member.keyRange == .fileStart)
        member.keySpan = long.keySpan
        #expect(member.keyRange == long.keyRange)
        member.value = SourceValue(.bool(true), span: short.keySpan)
        #expect(member.value.boolValue == true && member.value.range == short.keyRange && member.keyRange == long.keyRange)
    }

    /// A file parsed when the space has no room keeps its values' ranges whole, the same ranges.
    @Test func rangesKeptWholeMatchTheSpans() throws {
        let file = SourceFile(path: "w.json", text: "{\"a\": [1, \"é\"],\r\n \"b\": {\"c\": null}}")
        let value = try #require(JSONParser.parse(file).value)
        let base = try #require(file.spaceBase)
        let whole = SourceSpace.keptWhole(value, file: file, base: base)
        #expect(whole.span.fileOffsets == nil)
        Self.checkRanges(whole, in: file.bytes, "kept whole")
        #expect(whole["a"]?.arrayValue?[1].range == value["a"]?.arrayValue?[1].range)
        #expect(whole.objectValue?.member("b")?.keyRange == value.objectValue?.member("b")?.keyRange)
    }

    /// Issues keep lines and columns as the scanner found them (worked out from the file at the issue).
    @Test func jsonIssuesArePlaced() {
        let duplicate = JSONParser.parse("{\"a\": 1,\n \"é\": 2, \"é\": 3}")
        #expect(duplicate.issues.first?.range.start == SourcePosition(offset: 19, line: 2, column: 10))
        #expect(duplicate.issues.first?.related?.start == SourcePosition(offset: 10, line: 2, column: 2))
        let trailing = JSONParser.parse("[1,\r\n 2,\r\n]")
        #expect(trailing.issues.first?.range == SourceRange(
            start: SourcePosition(offset: 7, line: 2, column: 3), end: SourcePosition(offset: 8, line: 2, column: 4)))
        let bom = JSONParser.parse(bytes: [0xEF, 0xBB, 0xBF] + Array("{\"a\": tru}".utf8))
        #expect(bom.issues.first?.range.start == SourcePosition(offset: 9, line: 1, column: 7))
    }
}

/// Parses gathered from several threads.
private final class Outcomes: @unchecked Sendable {
    private let lock = NSLock()
    private var held: [Int: (SourceFile, SourceValue?)] = [:]
    func set(_ i: Int, _ outcome: (SourceFile, SourceValue?)) { lock.withLock { held[i] = outcome } }
    var all: [Int: (SourceFile, SourceValue?)] { lock.withLock { held } }
}

extension SourceSpanTests {
    /// Every value's and key's range, as offsets checked against the text and as lines and columns
    /// checked against the plain count. A JSON key's span covers its quoted text, a plain YAML key's
    /// its text.
    static func checkRanges(_ value: SourceValue, in bytes: [UInt8], _ label: String, keysQuoted: Bool = true) {
        func check(_ range: SourceRange, _ what: String) {
            #expect(range.start == counted(bytes, range.start.offset), "\(label) \(what) start")
            #expect(range.end == counted(bytes, range.end.offset), "\(label) \(what) end")
        }
        check(value.range, "value")
        switch value.kind {
        case .array(let elements):
            for element in elements { checkRanges(element, in: bytes, label, keysQuoted: keysQuoted) }
        case .object(let object):
            for member in object.members {
                check(member.keyRange, "key \(member.key)")
                let written = bytes[member.keyRange.start.offset..<member.keyRange.end.offset]
                if keysQuoted {
                    #expect(written.first == UInt8(ascii: "\"") && written.last == UInt8(ascii: "\""), "\(label) key \(member.key)")
                } else {
                    #expect(String(decoding: written, as: UTF8.self) == member.key, "\(label) key \(member.key)")
                }
                checkRanges(member.value, in: bytes, label, keysQuoted: keysQuoted)
            }
        default:
            break
        }
    }
}
