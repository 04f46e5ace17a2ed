import Foundation
import MagsagTestSupport
@testable import MagsagSource
import Testing

/// The per-thread table of short strings must give exactly the string the bytes spell, whatever was
/// kept in the slot before, and parses on many threads at once must not share one.
@Suite struct ShortStringsTests {
    @Test func tableGivesTheStringOfTheBytes() {
        var generator = SeededGenerator(seed: 0x5157)
        let table = ShortStrings.makeForTesting()
        // Few letters and many lengths: slots collide, entries are replaced, lookups hit and miss.
        let alphabet = Array("ab\"\\é-_0".utf8)
        for _ in 0..<20_000 {
            let count = Int.random(in: 0...18, using: &generator)
            let bytes = (0..<count).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] }
            let made = bytes.withUnsafeBufferPointer { table.string($0) }
            // The bytes may be invalid UTF-8 (half of an "é"): repaired exactly as `String(decoding:)` does.
            #expect(Array(made.utf8) == Array(String(decoding: bytes, as: UTF8.self).utf8))
        }
        // Strings that differ only past the eighth byte, or only in length, stay apart.
        for text in ["abcdefgh", "abcdefgh\u{0}", "abcdefghi", "abcdefghj", "", "\u{0}", "abcdefghijklmno", "abcdefghijklmnp"] {
            let bytes = Array(text.utf8)
            #expect(bytes.withUnsafeBufferPointer { table.string($0) }.utf8.elementsEqual(bytes))
        }
    }

    @Test func longStringsAreSharedAndExact() {
        var generator = SeededGenerator(seed: 0x10_4E)
        let table = ShortStrings.makeForTesting()
        // Lengths across both tables and past the longer one's limit; few letters, so the same strings
        // come back and slots are taken over; invalid UTF-8 is repaired as `String(decoding:)` does.
        let alphabet = Array("ab\u{E9}".utf8) + [0xC3]
        var made: [[UInt8]: String] = [:]
        for _ in 0..<5_000 {
            let count = Int.random(in: 14...140, using: &generator)
            let bytes = (0..<count).map { _ in alphabet[Int.random(in: 0..<(count % 3 == 0 ? 2 : alphabet.count), using: &generator)] }
            let string = bytes.withUnsafeBufferPointer { table.string($0) }
            #expect(Array(string.utf8) == Array(String(decoding: bytes, as: UTF8.self).utf8))
            made[bytes] = string
        }
        #expect(made.count > 100)
        // The same bytes twice in a row give one storage (the second is the first, shared).
        for text in [String(repeating: "x", count: 16), "http://json-schema.org/draft-07/schema#", String(repeating: "yz", count: 64)] {
            let bytes = Array(text.utf8)
            let first = bytes.withUnsafeBufferPointer { table.string($0) }
            let second = bytes.withUnsafeBufferPointer { table.string($0) }
            #expect(first == text && second == text)
            let firstBase = first.utf8.withContiguousStorageIfAvailable { UInt(bitPattern: $0.baseAddress) }
            let secondBase = second.utf8.withContiguousStorageIfAvailable { UInt(bitPattern: $0.baseAddress) }
            #expect(firstBase != nil && firstBase == secondBase)
        }
        // Past the limit each string is made anew.
        let beyond = Array(String(repeating: "w", count: ShortStrings.longCapacity + 1).utf8)
        let one = beyond.withUnsafeBufferPointer { table.string($0) }
        let other = beyond.withUnsafeBufferPointer { table.string($0) }
        #expect(one == other)
        #expect(one.utf8.withContiguousStorageIfAvailable { UInt(bitPattern: $0.baseAddress) }
            != other.utf8.withContiguousStorageIfAvailable { UInt(bitPattern: $0.baseAddress) })
    }

    @Test func parsesOnManyThreadsAgree() async {
        let long = String(repeating: "long-value-", count: 3)
        let json = "{" + (0..<200).map { #""k\#($0 % 37)":"v\#($0 % 11)","l\#($0 % 41)":"\#(long)\#($0 % 13)""# }.joined(separator: ",") + "}"
        let yaml = (0..<200).map { "y\($0 % 37): z\($0 % 11)\nl\($0 % 41): \(long)\($0 % 13)" }.joined(separator: "\n")
        let expectedJSON = JSONParser.parse(json).value.map(Self.flatten)
        let expectedYAML = YAMLLoader.load(SourceFile(path: "a.yaml", text: yaml)).documents.map(Self.flatten)
        let results = await withTaskGroup(of: Bool.self) { group in
            for round in 0..<16 {
                group.addTask {
                    round % 2 == 0
                        ? JSONParser.parse(json).value.map(Self.flatten) == expectedJSON
                        : YAMLLoader.load(SourceFile(path: "a.yaml", text: yaml)).documents.map(Self.flatten) == expectedYAML
                }
            }
            var all: [Bool] = []
            for await result in group { all.append(result) }
            return all
        }
        #expect(results == Array(repeating: true, count: 16))
    }

    /// Keys and string values in document order, as bytes.
    static func flatten(_ value: SourceValue) -> [[UInt8]] {
        switch value.kind {
        case .object(let object): object.members.flatMap { [Array($0.key.utf8)] + flatten($0.value) }
        case .array(let elements): elements.flatMap(flatten)
        case .string(let text): [Array(text.utf8)]
        default: []
        }
    }
}
