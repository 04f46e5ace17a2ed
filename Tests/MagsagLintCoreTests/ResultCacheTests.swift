import Foundation
import MagsagSource
import Testing
@testable import MagsagLintCore

@Suite struct ResultCacheTests {
    static func temporaryDirectory() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("magsag-cache-\(UUID().uuidString)").path
    }

    static let sample: [Diagnostic] = [
        Diagnostic(ruleID: "a-rule", severity: .warning, message: "naïve message ✓",
                   primary: Location(path: "docs/ü.md", range: SourceRange(start: SourcePosition(offset: 3, line: 2, column: 1),
                                                                           end: SourcePosition(offset: 9, line: 2, column: 7)),
                                     pointer: JSONPointer(tokens: ["a/b", "~0", ""]), label: "here"),
                   related: [Location(path: "x.yaml", range: .fileStart)], notes: ["one", ""], help: "do this",
                   fix: Fix(message: "fix it", applicability: .unsafe, edits: [Fix.Edit(path: "docs/ü.md", startOffset: 3, endOffset: 9, replacement: "new\r\n")]),
                   fingerprint: "f00d", redactions: [SourceRange(at: SourcePosition(offset: 4, line: 2, column: 2))]),
        Diagnostic(ruleID: "b", severity: .error, message: "", primary: Location.file("p")),
    ]

    @Test func sipHashIsDeterministicKeyedAndStreams() {
        let bytes = Array((0..<1000).map { UInt8(truncatingIfNeeded: $0 * 7) })
        let key: (UInt64, UInt64) = (1, 2)
        let once = SipHasher128.digest(bytes, key: key)
        #expect(once == SipHasher128.digest(bytes, key: key))
        #expect(once != SipHasher128.digest(bytes, key: (1, 3)))
        #expect(once != SipHasher128.digest(Array(bytes.dropLast()), key: key))
        #expect(SipHasher128.digest([], key: key) != SipHasher128.digest([0], key: key))
        for cut in [0, 1, 7, 8, 9, 63, 500, 999, 1000] {
            var streamed = SipHasher128(key: key)
            streamed.combine(Array(bytes[..<cut]))
            streamed.combine(Array(bytes[cut...]))
            #expect(streamed.finalize() == once, "split at \(cut)")
        }
    }

    @Test func diagnosticsRoundTripAndDamageIsRejected() {
        let encoded = DiagnosticCoding.encode(Self.sample)
        #expect(DiagnosticCoding.decode(encoded[...]) == Self.sample)
        #expect(DiagnosticCoding.decode(DiagnosticCoding.encode([])[...]) == [])
        // Every truncation and every single-byte change decodes to nil or to something, never crashes.
        for length in 0..<encoded.count {
            #expect(DiagnosticCoding.decode(encoded[..<length]) == nil)
        }
        for i in encoded.indices {
            var damaged = encoded
            damaged[i] ^= 0xff
            _ = DiagnosticCoding.decode(damaged[...])
        }
    }

    @Test func entriesSurviveReopeningAndANewNamespaceMisses() {
        let directory = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let cache = ResultCache(directory: directory, namespace: "one")
        var hasher = cache.keyHasher("file")
        hasher.combine("docs/ü.md")
        let key = hasher.finalize()
        #expect(cache.lookup(key) == nil)
        cache.store(key, Self.sample)
        cache.save()
        let reopened = ResultCache(directory: directory, namespace: "one")
        var again = reopened.keyHasher("file")
        again.combine("docs/ü.md")
        #expect(again.finalize() == key)
        #expect(reopened.lookup(key) == Self.sample)
        let other = ResultCache(directory: directory, namespace: "two")
        var otherHasher = other.keyHasher("file")
        otherHasher.combine("docs/ü.md")
        #expect(other.lookup(otherHasher.finalize()) == nil)
    }

    @Test func aDamagedOrForeignFileIsIgnoredAndReplaced() throws {
        let directory = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let cache = ResultCache(directory: directory, namespace: "n")
        let key = cache.keyHasher("k").finalize()
        cache.store(key, Self.sample)
        cache.save()
        let path = (directory as NSString).appendingPathComponent(ResultCache.fileName)
        let good = try #require(FileManager.default.contents(atPath: path))
        var variants: [Data] = [Data(), Data("not a cache".utf8), good.prefix(good.count / 2)]
        for offset in [0, 10, good.count / 2, good.count - 1] {
            var damaged = good
            damaged[offset] ^= 0x01
            variants.append(damaged)
        }
        for variant in variants {
            try variant.write(to: URL(fileURLWithPath: path))
            let reopened = ResultCache(directory: directory, namespace: "n")
            #expect(reopened.lookup(reopened.keyHasher("k").finalize()) == nil)
            reopened.store(reopened.keyHasher("k").finalize(), [])
            reopened.save()
            #expect(ResultCache(directory: directory, namespace: "n").lookup(reopened.keyHasher("k").finalize()) == [])
        }
    }

    @Test func theFileStaysWithinItsSizeBoundDroppingTheOldestFirst() throws {
        let directory = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let first = ResultCache(directory: directory, namespace: "n", maxBytes: 4096)
        for i in 0..<20 { first.store(first.keyHasher("old \(i)").finalize(), Self.sample) }
        first.save()
        let second = ResultCache(directory: directory, namespace: "n", maxBytes: 4096)
        for i in 0..<10 { second.store(second.keyHasher("new \(i)").finalize(), Self.sample) }
        second.save()
        let size = try #require(try FileManager.default.attributesOfItem(atPath: (directory as NSString).appendingPathComponent(ResultCache.fileName))[.size] as? Int)
        #expect(size <= 4096)
        let third = ResultCache(directory: directory, namespace: "n", maxBytes: 4096)
        for i in 0..<10 { #expect(third.lookup(third.keyHasher("new \(i)").finalize()) == Self.sample, "new \(i)") }
        let oldKept = (0..<20).filter { third.lookup(third.keyHasher("old \($0)").finalize()) != nil }.count
        #expect(oldKept < 20)
    }

    /// A set's digest summed in runs on all cores is the digest summed item by item, whatever the
    /// size (run boundaries at 4,096) and the order the set lists its items in.
    @Test func setDigestsAreTheSameInRunsAndOneByOne() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("set-digest-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let cache = ResultCache(directory: directory, namespace: "sets")
        for count in [0, 1, 2, 4095, 4096, 4097, 10_000] {
            let paths = (0..<count).map { "catalog/agents/a\($0)/agent.yaml" }
            let inRuns = CacheKeys.setDigest(cache, paths) { $0.combine($1) }
            #expect(inRuns == CacheKeys.setDigestSequentially(cache, paths) { $0.combine($1) }, "\(count) items")
            #expect(CacheKeys.setDigest(cache, Set(paths)) { $0.combine($1) } == inRuns, "\(count) items as a set")
            if count > 0 {
                #expect(CacheKeys.setDigest(cache, paths.dropLast()) { $0.combine($1) } != inRuns, "\(count) items")
            }
        }
    }
}
