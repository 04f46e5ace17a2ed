import Foundation
import MagsagLintCore
import MagsagTestSupport
import Testing

@Suite struct BlobDigestTableTests {
    static func directory() throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("digests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url.path
    }

    static func id(_ random: inout SeededGenerator, length: Int = 20) -> [UInt8] {
        (0..<length).map { _ in UInt8.random(in: 0...255, using: &random) }
    }

    /// `body` with a fresh directory, removed after it.
    static func withDirectory(_ body: (String) throws -> Void) throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try body(directory)
    }

    /// A table `t` under key `k` saved in `directory` with `ids`, each with the value `value` gives.
    static func save(_ ids: [[UInt8]], in directory: String, value: (Int) -> UInt64) {
        let table = BlobDigestTable(directory: directory, name: "t", key: "k")
        for (i, id) in ids.enumerated() { table.learn(id, value(i)) }
        table.save()
    }

    @Test func learnedValuesReadBackInTheNextRun() throws {
        try Self.withDirectory { directory in try learnedValuesReadBack(in: directory) }
    }

    func learnedValuesReadBack(in directory: String) throws {
        var random = SeededGenerator(seed: 7)
        let ids = (0..<3_000).map { _ in Self.id(&random) }
        let first = BlobDigestTable(directory: directory, name: "t", key: "k")
        #expect(!first.hasStored)
        for (i, id) in ids.enumerated() {
            #expect(first.value(for: id) == nil)
            first.learn(id, UInt64(i) &* 0x9E37_79B9_7F4A_7C15)
        }
        // Learned values answer in the run that learned them.
        #expect(first.value(for: ids[17]) == 17 &* 0x9E37_79B9_7F4A_7C15)
        first.save()
        let second = BlobDigestTable(directory: directory, name: "t", key: "k")
        #expect(second.hasStored)
        for (i, id) in ids.enumerated() { #expect(second.value(for: id) == UInt64(i) &* 0x9E37_79B9_7F4A_7C15) }
        #expect(second.value(for: Self.id(&random)) == nil)
        // Nothing learned: nothing written.
        let before = try Data(contentsOf: URL(fileURLWithPath: second.path))
        second.save()
        #expect(try Data(contentsOf: URL(fileURLWithPath: second.path)) == before)
        // Another key, or another table name, reads nothing.
        #expect(BlobDigestTable(directory: directory, name: "t", key: "other").value(for: ids[0]) == nil)
        #expect(BlobDigestTable(directory: directory, name: "u", key: "k").value(for: ids[0]) == nil)
    }

    @Test func aSaveKeepsWhatTheRunLookedUpAndLearned() throws {
        var random = SeededGenerator(seed: 11)
        let ids = (0..<100).map { _ in Self.id(&random) }
        try Self.withDirectory { directory in
            Self.save(ids, in: directory, value: { UInt64($0) })
            // The next run looks up the first half and learns one new id: the other half left the snapshot.
            let second = BlobDigestTable(directory: directory, name: "t", key: "k")
            second.withLookup { lookup in
                for id in ids.prefix(50) { _ = id.withUnsafeBytes(lookup) }
            }
            let added = Self.id(&random)
            second.learn(added, 999)
            // A value learned again replaces the stored one.
            second.learn(ids[0], 1_000)
            second.save()
            let third = BlobDigestTable(directory: directory, name: "t", key: "k")
            #expect(third.value(for: ids[0]) == 1_000)
            for (i, id) in ids.enumerated().dropFirst() { #expect(third.value(for: id) == (i < 50 ? UInt64(i) : nil)) }
            #expect(third.value(for: added) == 999)
        }
    }

    @Test func damagedOrForeignFilesReadAsEmpty() throws {
        try Self.withDirectory { directory in try damagedOrForeignFilesReadAsEmpty(in: directory) }
    }

    func damagedOrForeignFilesReadAsEmpty(in directory: String) throws {
        var random = SeededGenerator(seed: 13)
        let ids = (0..<40).map { _ in Self.id(&random, length: 32) }
        let table = BlobDigestTable(directory: directory, name: "t", key: "k")
        for id in ids { table.learn(id, 5) }
        // Ids of other lengths, and the all-zero id (a free slot), are not kept.
        table.learn([1, 2, 3], 6)
        table.learn([UInt8](repeating: 0, count: 32), 7)
        table.save()
        let url = URL(fileURLWithPath: table.path)
        let good = try Data(contentsOf: url)
        #expect(BlobDigestTable(directory: directory, name: "t", key: "k").value(for: ids[3]) == 5)
        #expect(BlobDigestTable(directory: directory, name: "t", key: "k").value(for: [1, 2, 3]) == nil)
        for offset in [0, 9, good.count / 2, good.count - 1] {
            var bad = good
            bad[offset] ^= 0x01
            try bad.write(to: url)
            let read = BlobDigestTable(directory: directory, name: "t", key: "k")
            #expect(!read.hasStored && read.value(for: ids[3]) == nil, "a byte flipped at \(offset) was trusted")
        }
        for cut in [0, 8, good.count - 9, good.count - 1] {
            try good.prefix(cut).write(to: url)
            #expect(!BlobDigestTable(directory: directory, name: "t", key: "k").hasStored, "a file cut at \(cut) was trusted")
        }
        try Data("not a table".utf8).write(to: url)
        let foreign = BlobDigestTable(directory: directory, name: "t", key: "k")
        #expect(!foreign.hasStored)
        // Written anew at the next save.
        foreign.learn(ids[0], 8)
        foreign.save()
        #expect(BlobDigestTable(directory: directory, name: "t", key: "k").value(for: ids[0]) == 8)
    }

    @Test func lookupsFromManyThreadsMarkWhatTheyFound() throws {
        var random = SeededGenerator(seed: 17)
        let ids = (0..<2_000).map { _ in Self.id(&random) }
        try Self.withDirectory { directory in
            Self.save(ids, in: directory, value: { UInt64($0 + 1) })
            let second = BlobDigestTable(directory: directory, name: "t", key: "k")
            let chunks = stride(from: 0, to: ids.count, by: 100).map { Array(ids[$0..<min($0 + 100, ids.count)]) }
            DispatchQueue.concurrentPerform(iterations: chunks.count) { chunk in
                second.withLookup { lookup in
                    for (offset, id) in chunks[chunk].enumerated() {
                        #expect(id.withUnsafeBytes(lookup) == UInt64(chunk * 100 + offset + 1))
                    }
                }
            }
            second.learn(Self.id(&random), 1)
            second.save()
            let third = BlobDigestTable(directory: directory, name: "t", key: "k")
            for (i, id) in ids.enumerated() { #expect(third.value(for: id) == UInt64(i + 1)) }
        }
    }
}
