import Foundation
import MagsagSource
import Testing
@testable import MagsagLintCore

/// Facts kept per blob id: they survive reopening, damage costs only the damaged part, the file stays
/// bounded, and a deferred document answers from them without reading its blob.
@Suite struct BlobFactsTests {
    static func id(_ n: Int, length: Int = 20) -> [UInt8] {
        (0..<length).map { UInt8(truncatingIfNeeded: n &* 31 &+ $0 &* 7 &+ 1) }
    }

    /// A deferred document over `text` whose every read of its blob is counted in `reads`.
    static func counted(_ path: String, _ text: String, id: Int, reads: Locked<Int>, facts: BlobFacts?) -> LintDocument {
        let bytes = Array(text.utf8)
        return LintDocument(deferred: DeferredFile(path: path, identity: Self.id(id), isExecutable: false, size: bytes.count) {
            reads.withLock { $0 += 1 }
            return bytes
        }, facts: facts)
    }

    static func file(_ directory: String) -> String { (directory as NSString).appendingPathComponent(BlobFacts.fileName) }

    @Test func factsSurviveReopeningAndAreKeptApartByKindAndId() {
        let directory = ResultCacheTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let first = BlobFacts(directory: directory)
        #expect(first.fact("a", of: Self.id(1)) == nil)
        first.learn("a", of: Self.id(1), [1, 2, 3])
        first.learn("b", of: Self.id(1), [])
        first.learn("a", of: Self.id(2, length: 32), Array(repeating: 9, count: 5000))
        first.learn("a", of: Self.id(3, length: 33), [7])
        #expect(first.fact("a", of: Self.id(1)).map(Array.init) == [1, 2, 3])
        first.save()
        let second = BlobFacts(directory: directory)
        #expect(second.fact("a", of: Self.id(1)).map(Array.init) == [1, 2, 3])
        #expect(second.fact("b", of: Self.id(1)).map(Array.init) == [])
        #expect(second.fact("a", of: Self.id(2, length: 32)).map(Array.init) == Array(repeating: 9, count: 5000))
        #expect(second.fact("c", of: Self.id(1)) == nil)
        #expect(second.fact("a", of: Self.id(1, length: 21)) == nil)
        #expect(second.fact("a", of: Self.id(3, length: 33)) == nil, "ids over 32 bytes are not kept")
        // New facts are appended: the file grows and keeps the old ones.
        let size = (try? FileManager.default.attributesOfItem(atPath: Self.file(directory))[.size] as? Int) ?? 0
        second.learn("a", of: Self.id(4), [4])
        second.save()
        let grown = (try? FileManager.default.attributesOfItem(atPath: Self.file(directory))[.size] as? Int) ?? 0
        #expect(grown > size && grown < size + 64)
        let third = BlobFacts(directory: directory)
        #expect(third.fact("a", of: Self.id(4)).map(Array.init) == [4])
        #expect(third.fact("a", of: Self.id(1)).map(Array.init) == [1, 2, 3])
    }

    /// Many facts, with ids that share their first word (the table's hash) in groups, of several lengths
    /// and kinds: every one is found after reopening, and none that was not stored.
    @Test func manyFactsWithCollidingIdsAreAllFoundAfterReopening() {
        let directory = ResultCacheTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        func id(_ n: Int) -> [UInt8] {
            // The first eight bytes repeat every 64 ids; the rest and the length tell them apart.
            let head = (0..<8).map { UInt8(truncatingIfNeeded: (n % 64) &* 13 &+ $0) }
            let tail = (0..<(12 + n % 3)).map { UInt8(truncatingIfNeeded: n &* 7 &+ $0 &* 3 &+ n / 251) }
            return head + tail
        }
        let first = BlobFacts(directory: directory)
        for n in 0..<6_000 { first.learn(n % 5 == 0 ? "b" : "a", of: id(n), [UInt8(truncatingIfNeeded: n), UInt8(n >> 8)]) }
        first.save()
        let second = BlobFacts(directory: directory)
        for n in 0..<6_000 {
            #expect(second.fact(n % 5 == 0 ? "b" : "a", of: id(n)).map(Array.init) == [UInt8(truncatingIfNeeded: n), UInt8(n >> 8)], "\(n)")
            #expect(second.fact(n % 5 == 0 ? "a" : "b", of: id(n)) == nil, "\(n)")
        }
        for n in 6_000..<6_200 { #expect(second.fact("a", of: id(n)) == nil, "\(n)") }
    }

    /// A read begun ahead gives a store the facts it would have read itself, once: the next store of the
    /// same folder reads the file anew (and sees what was saved meanwhile). A discarded read is not used.
    @Test func aReadAheadServesOneStoreAsItsOwnReadWould() {
        let directory = ResultCacheTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let writer = BlobFacts(directory: directory)
        for n in 0..<50 { writer.learn("k", of: Self.id(n), [UInt8(n), 2]) }
        writer.save()
        BlobFacts.readAhead(directory: directory)
        BlobFacts.readAhead(directory: directory) // a second request while one is pending starts nothing
        let first = BlobFacts(directory: directory)
        for n in 0..<50 { #expect(first.fact("k", of: Self.id(n)).map(Array.init) == [UInt8(n), 2]) }
        #expect(first.fact("k", of: Self.id(50)) == nil)
        first.learn("k", of: Self.id(50), [9])
        first.save()
        let second = BlobFacts(directory: directory)
        #expect(second.fact("k", of: Self.id(50)).map(Array.init) == [9], "the read ahead was taken once, not kept")
        #expect(!BlobFacts.hasReadAhead(directory: directory), "the store took the read ahead")
        // A discarded read is gone: the next store reads the file itself.
        BlobFacts.readAhead(directory: directory)
        #expect(BlobFacts.hasReadAhead(directory: directory))
        BlobFacts.discardReadAhead(directory: directory)
        #expect(!BlobFacts.hasReadAhead(directory: directory))
        let third = BlobFacts(directory: directory)
        #expect(third.fact("k", of: Self.id(3)).map(Array.init) == [3, 2])
    }

    /// A read ahead of a folder without facts leaves the store empty, and learning still works.
    @Test func aReadAheadOfAMissingFileGivesAnEmptyStore() {
        let directory = ResultCacheTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        BlobFacts.readAhead(directory: directory)
        let store = BlobFacts(directory: directory)
        #expect(store.fact("k", of: Self.id(1)) == nil)
        store.learn("k", of: Self.id(1), [1])
        store.save()
        #expect(BlobFacts(directory: directory).fact("k", of: Self.id(1)).map(Array.init) == [1])
    }

    @Test func damageLosesOnlyWhatFollowsItAndTheNextSaveRepairs() throws {
        let directory = ResultCacheTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = BlobFacts(directory: directory)
        for n in 0..<10 { store.learn("k", of: Self.id(n), [UInt8(n), 1]) }
        store.save()
        let path = Self.file(directory)
        let valid = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        // Any flipped byte or any cut: never a wrong answer.
        for damage in stride(from: 0, to: valid.count, by: 7) {
            var bytes = valid
            bytes[damage] ^= 0x5A
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            let reopened = BlobFacts(directory: directory)
            for n in 0..<10 {
                if let fact = reopened.fact("k", of: Self.id(n)) { #expect(Array(fact) == [UInt8(n), 1], "flip at \(damage)") }
            }
        }
        for cut in stride(from: 0, to: valid.count, by: 13) {
            try Data(valid[..<cut]).write(to: URL(fileURLWithPath: path))
            let reopened = BlobFacts(directory: directory)
            for n in 0..<10 {
                if let fact = reopened.fact("k", of: Self.id(n)) { #expect(Array(fact) == [UInt8(n), 1], "cut at \(cut)") }
            }
        }
        // A cut in the last record: the others stay; the next save writes a whole file again.
        try Data(valid.dropLast(3)).write(to: URL(fileURLWithPath: path))
        let cut = BlobFacts(directory: directory)
        #expect((0..<10).filter { cut.fact("k", of: Self.id($0)) != nil }.count == 9)
        cut.learn("k", of: Self.id(20), [20, 1])
        cut.save()
        let repaired = BlobFacts(directory: directory)
        #expect((0..<10).filter { repaired.fact("k", of: Self.id($0)) != nil }.count == 9)
        #expect(repaired.fact("k", of: Self.id(20)).map(Array.init) == [20, 1])
        // A foreign file is ignored and replaced.
        try Data("not a facts file at all".utf8).write(to: URL(fileURLWithPath: path))
        let foreign = BlobFacts(directory: directory)
        #expect(foreign.fact("k", of: Self.id(1)) == nil)
        foreign.learn("k", of: Self.id(1), [5])
        foreign.save()
        #expect(BlobFacts(directory: directory).fact("k", of: Self.id(1)).map(Array.init) == [5])
    }

    /// Facts looked up in a batch are those looked up one by one: stored, learned this run, absent, of
    /// another kind, with ids over the limit, and damaged records (dropped, and written anew at the next
    /// save), with the batch's order kept.
    @Test func aBatchOfLookupsAnswersAsSingleLookups() throws {
        let directory = ResultCacheTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let tag = BlobFacts.tag("k")
        let first = BlobFacts(directory: directory)
        for n in 0..<40 { first.learn("k", of: Self.id(n), [UInt8(n), 2, 3]) }
        first.learn("other", of: Self.id(40), [9])
        first.save()
        // Damage the payload of fact 7 (its record's check then fails).
        let path = Self.file(directory)
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        let record = try #require(bytes.indices.first { at in
            at + 23 <= bytes.count && Array(bytes[at..<at + 20]) == Self.id(7) && bytes[at + 20] == 7
        })
        bytes[record + 21] ^= 0xFF
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let ids = [Self.id(3), Self.id(7), Self.id(99), Self.id(40), Self.id(1, length: 33), Self.id(39), Self.id(3), Self.id(50)]
        let batch = BlobFacts(directory: directory)
        batch.learn("k", of: Self.id(50), [50])
        let answers = batch.facts(tag: tag, of: ids).map { $0.map(Array.init) }
        let single = BlobFacts(directory: directory)
        single.learn("k", of: Self.id(50), [50])
        let expected = ids.map { single.fact(tag: tag, of: $0).map(Array.init) }
        #expect(answers == expected)
        #expect(answers == [[3, 2, 3], nil, nil, nil, nil, [39, 2, 3], [3, 2, 3], [50]])
        // Asked again (now checked), the same; the damaged record stays dropped.
        #expect(batch.facts(tag: tag, of: ids).map { $0.map(Array.init) } == answers)
        batch.save()
        let repaired = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(!repaired.indices.contains { at in at + 20 <= repaired.count && Array(repaired[at..<at + 20]) == Self.id(7) })
        let reopened = BlobFacts(directory: directory)
        #expect(reopened.facts(tag: tag, of: [Self.id(3), Self.id(7), Self.id(50)]).map { $0.map(Array.init) } == [[3, 2, 3], nil, [50]])
        #expect(BlobFacts(directory: directory).facts(tag: tag, of: []).isEmpty)
    }

    @Test func pastTheBoundOnlyWhatTheRunUsedStays() throws {
        let directory = ResultCacheTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let bound = 4000
        let first = BlobFacts(directory: directory, maxBytes: bound)
        for n in 0..<20 { first.learn("k", of: Self.id(n), Array(repeating: UInt8(n), count: 100)) }
        first.save()
        let second = BlobFacts(directory: directory, maxBytes: bound)
        #expect(second.fact("k", of: Self.id(3)) != nil)
        #expect(second.fact("k", of: Self.id(4)) != nil)
        for n in 100..<120 { second.learn("k", of: Self.id(n), Array(repeating: 1, count: 100)) }
        second.save()
        let size = try #require(FileManager.default.attributesOfItem(atPath: Self.file(directory))[.size] as? Int)
        #expect(size <= bound)
        let third = BlobFacts(directory: directory, maxBytes: bound)
        #expect(third.fact("k", of: Self.id(3)) != nil)
        #expect(third.fact("k", of: Self.id(4)) != nil)
        #expect(third.fact("k", of: Self.id(5)) == nil, "an unused fact goes first")
    }

    @Test func aDeferredDocumentAnswersFromStoredFactsWithoutReading() {
        let directory = ResultCacheTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let reads = Locked(0)
        let text = "name: order-drafter-0042-sag\nuses: [skill.search]\n"
        let bytes = Array(text.utf8)
        func deferred(_ store: BlobFacts) -> LintDocument {
            Self.counted("catalog/agents/sub/x/agent.yaml", text, id: 42, reads: reads, facts: store)
        }
        // First run: nothing stored; the search reads the bytes and stores the sketch.
        let first = BlobFacts(directory: directory)
        let learning = deferred(first)
        #expect(!learning.certainlyLacks(anyOf: [Array("route-composer".utf8)]))
        #expect(!learning.contains(anyOf: [Array("route-composer".utf8)]))
        #expect(learning.derived("upper") { Array(String(decoding: $0, as: UTF8.self).uppercased().utf8) } == Array(String(decoding: bytes, as: UTF8.self).uppercased().utf8))
        #expect(reads.withLock { $0 } == 1)
        first.save()
        // Second run: an absent name is answered from the sketch, a derived fact from the store.
        let second = BlobFacts(directory: directory)
        let known = deferred(second)
        #expect(known.certainlyLacks(anyOf: [Array("route-composer".utf8), Array("\\".utf8)]))
        #expect(!known.contains(anyOf: [Array("route-composer".utf8)]))
        #expect(known.derived("upper") { _ in [] } == Array(String(decoding: bytes, as: UTF8.self).uppercased().utf8))
        #expect(reads.withLock { $0 } == 1, "nothing read")
        // A present name (in another case too) is searched in the bytes, exactly.
        #expect(!known.certainlyLacks(anyOf: [Array("ORDER-drafter".utf8)]))
        #expect(!known.contains(anyOf: [Array("ORDER-drafter".utf8)]))
        #expect(known.contains(anyOf: [Array("order-drafter-0042".utf8)]))
        #expect(reads.withLock { $0 } == 2)
        // Without a store, every question reads.
        let plain = Self.counted("a.yaml", text, id: 42, reads: reads, facts: nil)
        #expect(!plain.certainlyLacks(anyOf: [Array("route-composer".utf8)]))
        #expect(!plain.contains(anyOf: [Array("route-composer".utf8)]))
        #expect(reads.withLock { $0 } == 3)
    }

    @Test func aRootStringIsStoredPerBlobAndParseAndAnsweredWithoutReading() {
        let directory = ResultCacheTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let reads = Locked(0)
        let json = "{\"$id\": \"https://x/a.json#\", \"type\": \"object\", \"title\": 3}"
        let first = BlobFacts(directory: directory)
        let learning = Self.counted("catalog/contracts/a.schema.json", json, id: 7, reads: reads, facts: first)
        #expect(learning.rootString("$id") == "https://x/a.json#")
        #expect(learning.rootString("title") == nil, "a number is no string")
        #expect(learning.rootString("missing") == nil)
        #expect(reads.withLock { $0 } == 1)
        first.save()
        let second = BlobFacts(directory: directory)
        let known = Self.counted("catalog/contracts/a.schema.json", json, id: 7, reads: reads, facts: second)
        #expect(known.rootString("$id") == "https://x/a.json#")
        #expect(known.rootString("title") == nil)
        #expect(reads.withLock { $0 } == 1, "answered from the stored facts")
        #expect(!known.isLoaded, "and not parsed")
        // The same blob under a path of another kind is parsed as that kind, not answered from the JSON fact.
        let asYAML = Self.counted("catalog/contracts/a.yaml", "$id: from-yaml\n", id: 7, reads: reads, facts: second)
        #expect(asYAML.rootString("$id") == "from-yaml")
        // Without a store, or once parsed, the parse answers.
        let plain = Self.counted("b.schema.json", json, id: 8, reads: reads, facts: nil)
        #expect(plain.rootString("$id") == "https://x/a.json#")
        let parsed = LintDocument(file: SourceFile(path: "c.json", text: "[1]"))
        #expect(parsed.rootString("$id") == nil)
    }

    @Test func aDeferredDocumentsParseIsRestoredWithoutReadingItsBlob() throws {
        let directory = ResultCacheTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let reads = Locked(0)
        let files: [(path: String, text: String)] = [
            ("catalog/skills/a/skill.yaml", "id: skill.a\nversion: 1.0.0\nid: skill.b\n"),
            ("catalog/contracts/a.schema.json", "{\"$id\": \"https://x/a.json\", \"type\": [\"object\"]}"),
            ("catalog/skills/a/SKILL.md", "---\nname: a\ntags: [x]\n---\n# A skill\n\n## Usage\n"),
            ("catalog/bad.yaml", "key: [unclosed\n"),
        ]
        func documents(_ store: BlobFacts) -> [LintDocument] {
            files.enumerated().map { n, entry in Self.counted(entry.path, entry.text, id: 100 + n, reads: reads, facts: store) }
        }
        let first = BlobFacts(directory: directory)
        let parsed = documents(first)
        let made = parsed.map { ($0.issues, $0.values.map { ParsedCoding.encode(issues: [], values: [$0]) }, $0.markdown?.headings.map(\.anchor)) }
        #expect(reads.withLock { $0 } == files.count)
        #expect(made[0].0.contains { $0.kind == .duplicateKey } && made[3].0.contains { $0.kind == .invalidYAML })
        first.save()
        let second = BlobFacts(directory: directory)
        let restored = documents(second)
        for (document, before) in zip(restored, made) {
            #expect(document.issues == before.0, "\(document.path)")
            #expect(document.values.map { ParsedCoding.encode(issues: [], values: [$0]) } == before.1, "\(document.path)")
        }
        #expect(reads.withLock { $0 } == files.count, "restored without reading")
        // The Markdown body and the file itself are read when asked for.
        #expect(restored[2].markdown?.headings.map(\.anchor) == made[2].2)
        #expect(restored[1].file.text == files[1].text)
        #expect(reads.withLock { $0 } == files.count + 2)
    }

    @Test func aRunsBoundGrowsWithItsSnapshot() throws {
        var set = FileSet(linted: [SourceFile(path: "a.yaml", bytes: [])])
        #expect(BlobFacts.forRun(set, enabled: true) == nil, "nothing deferred: no facts")
        set.cacheDirectory = "/tmp/unused"
        func deferred(_ count: Int) -> [DeferredFile] {
            (0..<count).map { DeferredFile(path: "f\($0).json", identity: Self.id($0), isExecutable: false, size: 1) { [] } }
        }
        set.deferred = deferred(10)
        #expect(BlobFacts.forRun(set, enabled: false) == nil)
        #expect(try #require(BlobFacts.forRun(set, enabled: true)).maxBytes == 64 << 20)
        set.deferred = deferred(200_000)
        #expect(try #require(BlobFacts.forRun(set, enabled: true)).maxBytes == 200_001 << 10)
    }

    /// The record check changes with every single-byte change and every cut, whatever the length
    /// (word-aligned or not), so damage confined to a byte is always found.
    @Test func recordCheckSeesEveryByteAndEveryCut() {
        var state: UInt64 = 99
        func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            return z ^ (z >> 31)
        }
        for length in 0..<70 {
            let body = (0..<length).map { _ in UInt8(truncatingIfNeeded: next()) }
            let check = BlobFacts.check(body[...])
            #expect(BlobFacts.check(body[...]) == check)
            for position in 0..<length {
                var changed = body
                changed[position] ^= UInt8(truncatingIfNeeded: next() | 1)
                #expect(BlobFacts.check(changed[...]) != check, "length \(length), byte \(position)")
            }
            for cut in 0..<length {
                #expect(BlobFacts.check(body[..<cut]) != check, "length \(length), cut at \(cut)")
            }
            // Zeros written past the end (a file extended by a torn write) change it too.
            #expect(BlobFacts.check((body + [0])[...]) != check)
        }
    }

    /// A key holds the id's bytes as little-endian words padded with zeros, for every id length, and
    /// gives them back; an empty or over-long id makes none.
    @Test func keysPackIdsIntoLittleEndianWords() {
        for length in 1...BlobFacts.maxIdentity {
            let identity = Self.id(length, length: length)
            guard let key = BlobFacts.Key(tag: 7, identity: identity[...]) else {
                Issue.record("no key for length \(length)")
                continue
            }
            var expected: [UInt64] = [0, 0, 0, 0]
            for (i, byte) in identity.enumerated() { expected[i / 8] |= UInt64(byte) << (8 * UInt64(i % 8)) }
            #expect([key.words.0, key.words.1, key.words.2, key.words.3] == expected, "length \(length)")
            #expect(key.identity == identity)
            let slice = ([0xAA] + identity + [0xBB])[1...length]
            #expect(BlobFacts.Key(tag: 7, identity: slice) == key, "a slice of a larger array")
        }
        #expect(BlobFacts.Key(tag: 7, identity: []) == nil)
        #expect(BlobFacts.Key(tag: 7, identity: Self.id(1, length: BlobFacts.maxIdentity + 1)[...]) == nil)
    }
}
