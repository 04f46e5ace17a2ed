import Foundation
import MagsagGit
import MagsagSource
import Testing
@testable import MagsagLintCore

@Suite struct ResultCacheTests {
    /// The build identity names the running executable's size and time, found without Foundation's
    /// bundle: the same file `Bundle.main` names.
    @Test func buildIdentityIsTheRunningExecutable() throws {
        let path = try #require(Bundle.main.executablePath)
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        let size = try #require(attributes[.size] as? NSNumber)
        #expect(BuildIdentity.current.hasPrefix("\(size.intValue)-"))
        let seconds = try #require((attributes[.modificationDate] as? Date)?.timeIntervalSince1970)
        // "size-seconds.nanoseconds", the nanoseconds not zero-padded.
        let time = BuildIdentity.current.split(separator: "-")[1].split(separator: ".")
        let stored = Double(try #require(Int(time[0]))) + Double(try #require(Int(time[1]))) / 1e9
        #expect(abs(stored - seconds) < 0.001)
    }

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

    /// SipHash-1-3 with a 128-bit output written plainly, byte by byte from the construction's
    /// definition: the streaming hasher, which assembles words with whole loads, must agree with it on
    /// every length and every way of cutting the input into pieces.
    static func referenceSipHash13(_ bytes: [UInt8], key: (UInt64, UInt64)) -> Digest128 {
        var v0 = key.0 ^ 0x736f_6d65_7073_6575, v1 = key.1 ^ 0x646f_7261_6e64_6f6d ^ 0xee
        var v2 = key.0 ^ 0x6c79_6765_6e65_7261, v3 = key.1 ^ 0x7465_6462_7974_6573
        func rotl(_ x: UInt64, _ b: UInt64) -> UInt64 { (x << b) | (x >> (64 - b)) }
        func round() {
            v0 &+= v1; v1 = rotl(v1, 13); v1 ^= v0; v0 = rotl(v0, 32)
            v2 &+= v3; v3 = rotl(v3, 16); v3 ^= v2
            v0 &+= v3; v3 = rotl(v3, 21); v3 ^= v0
            v2 &+= v1; v1 = rotl(v1, 17); v1 ^= v2; v2 = rotl(v2, 32)
        }
        var padded = bytes
        while padded.count % 8 != 7 { padded.append(0) }
        padded.append(UInt8(truncatingIfNeeded: bytes.count))
        for start in stride(from: 0, to: padded.count, by: 8) {
            var m: UInt64 = 0
            for j in 0..<8 { m |= UInt64(padded[start + j]) << (8 * UInt64(j)) }
            v3 ^= m; round(); v0 ^= m
        }
        v2 ^= 0xee
        round(); round(); round()
        let first = v0 ^ v1 ^ v2 ^ v3
        v1 ^= 0xdd
        round(); round(); round()
        return Digest128(high: first, low: v0 ^ v1 ^ v2 ^ v3)
    }

    @Test func sipHashStreamsAgreeWithTheByteByByteDefinition() {
        var generator = SystemRandomNumberGenerator()
        let key: (UInt64, UInt64) = (0x0123_4567_89ab_cdef, 0xfedc_ba98_7654_3210)
        for length in 0..<80 {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let expected = Self.referenceSipHash13(bytes, key: key)
            #expect(SipHasher128.digest(bytes, key: key) == expected, "length \(length)")
            // Random cuts into pieces of 0 to 11 bytes, fed as byte arrays, single bytes and words.
            for _ in 0..<20 {
                var hasher = SipHasher128(key: key)
                var at = 0
                while at < length {
                    let piece = min(Int.random(in: 0...11, using: &generator), length - at)
                    if piece == 1, Bool.random(using: &generator) {
                        hasher.combine(bytes[at])
                    } else {
                        hasher.combine(Array(bytes[at..<at + piece]))
                    }
                    at += piece
                }
                #expect(hasher.finalize() == expected, "length \(length)")
            }
        }
    }

    /// A string is fed as its UTF-8 bytes and a zero byte, whatever was fed before it (every state of
    /// the pending word) and however the string is stored (native, ASCII or not, a slice made a string).
    @Test func sipHashFeedsAStringAsItsBytesAndATerminator() {
        let key: (UInt64, UInt64) = (0x0f1e_2d3c_4b5a_6978, 0x8796_a5b4_c3d2_e1f0)
        let texts = ["", "a", "blob", "catalog/agents/a1/agent.yaml", "1234567", "12345678", "\u{e9}t\u{e9}/n\u{f6}te.md",
                     String(repeating: "x", count: 40), String("--a-substring-made-a-string--".dropFirst(2).dropLast(2))]
        for text in texts {
            for before in 0..<9 {
                let prefix = (0..<before).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 1) }
                var fed = SipHasher128(key: key)
                fed.combine(prefix)
                fed.combine(text)
                fed.combine([0xAB])
                let bytes = prefix + Array(text.utf8) + [0, 0xAB]
                #expect(fed.finalize() == Self.referenceSipHash13(bytes, key: key), "\(text) after \(before) bytes")
            }
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

    /// A cache opened ahead (on another core) is the one a run over that directory and namespace takes,
    /// once: it reads as a cache opened then would; a later run, another namespace, or an open dropped
    /// with `discardOpenAhead` opens the file anew.
    @Test func aCacheOpenedAheadIsTakenOnceByItsRun() {
        let directory = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let key = Self.savedSample(in: directory, namespace: "one", kind: "file")
        var fileSet = FileSet(linted: [])
        fileSet.cacheDirectory = directory
        ResultCache.openAhead(directory: directory, namespace: "one")
        ResultCache.openAhead(directory: directory, namespace: "one") // a second open while one is pending: none
        let taken = ResultCache.forRun(fileSet, namespace: "one")
        #expect(taken?.lookup(key) == Self.sample)
        // Taken once: the next run's cache is another object over the same file.
        let next = ResultCache.forRun(fileSet, namespace: "one")
        #expect(next !== taken && next?.lookup(key) == Self.sample)
        // Another namespace is not served by an open ahead of "one"; a dropped open serves nobody.
        ResultCache.openAhead(directory: directory, namespace: "one")
        let other = ResultCache.forRun(fileSet, namespace: "two")
        #expect(other.map { $0.lookup($0.keyHasher("file").finalize()) } == .some(nil))
        ResultCache.discardOpenAhead(directory: directory, namespace: "one")
        #expect(ResultCache.forRun(fileSet, namespace: "one")?.lookup(key) == Self.sample)
        #expect(ResultCache.forRun(FileSet(linted: []), namespace: "one") == nil, "no cache outside a repository")
    }

    /// A cache in `directory` saved with `sample` under the key of `kind`; returns the key.
    static func savedSample(in directory: String, namespace: String, kind: String) -> Digest128 {
        let cache = ResultCache(directory: directory, namespace: namespace)
        let key = cache.keyHasher(kind).finalize()
        cache.store(key, sample)
        cache.save()
        return key
    }

    @Test func aDamagedOrForeignFileIsIgnoredAndReplaced() throws {
        let directory = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        _ = Self.savedSample(in: directory, namespace: "n", kind: "k")
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

    @Test func aRunAppendsOnlyWhatItStoredAndADamagedSegmentEndsTheRead() throws {
        let directory = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = (directory as NSString).appendingPathComponent(ResultCache.fileName)
        func size() throws -> Int { try #require(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) }
        let first = ResultCache(directory: directory, namespace: "n")
        for i in 0..<200 { first.store(first.keyHasher("first \(i)").finalize(), Self.sample) }
        first.save()
        let written = try size()
        let before = try #require(FileManager.default.contents(atPath: path))
        // A second run stores one entry, replaces another and reads the rest: one small segment appended.
        let second = ResultCache(directory: directory, namespace: "n")
        #expect(second.lookup(second.keyHasher("first 3").finalize()) == Self.sample)
        second.store(second.keyHasher("second").finalize(), [])
        second.store(second.keyHasher("first 7").finalize(), [])
        second.save()
        let appended = try size()
        #expect(appended > written && appended - written < 200, "\(written) -> \(appended)")
        let bytes = try #require(FileManager.default.contents(atPath: path))
        #expect(bytes.prefix(written) == before, "appending leaves what was written untouched")
        let third = ResultCache(directory: directory, namespace: "n")
        #expect(third.lookup(third.keyHasher("second").finalize()) == [])
        #expect(third.lookup(third.keyHasher("first 7").finalize()) == [], "a later segment replaces an entry")
        #expect(third.lookup(third.keyHasher("first 8").finalize()) == Self.sample)
        // A damaged last segment: the first segment's entries still read, the damaged one's not, and the
        // next save writes the file anew (compact, readable to its end).
        var damaged = bytes
        damaged[damaged.count - 20] ^= 0x10
        try damaged.write(to: URL(fileURLWithPath: path))
        let fourth = ResultCache(directory: directory, namespace: "n")
        #expect(fourth.lookup(fourth.keyHasher("first 8").finalize()) == Self.sample)
        #expect(fourth.lookup(fourth.keyHasher("second").finalize()) == nil)
        #expect(fourth.lookup(fourth.keyHasher("first 7").finalize()) == Self.sample, "the replacement was lost with its segment")
        fourth.store(fourth.keyHasher("fourth").finalize(), [])
        fourth.save()
        #expect(try size() < written + 200)
        let fifth = ResultCache(directory: directory, namespace: "n")
        #expect(fifth.lookup(fifth.keyHasher("fourth").finalize()) == [])
        #expect(fifth.lookup(fifth.keyHasher("first 199").finalize()) == Self.sample)
    }

    /// A results file under `directory` with `count` entries of `payload` (namespace "n", keys "k 0"…),
    /// and its path.
    static func savedEntries(_ count: Int, _ payload: [Diagnostic], in directory: String) -> (keys: [Digest128], path: String) {
        let cache = ResultCache(directory: directory, namespace: "n")
        let keys = (0..<count).map { cache.keyHasher("k \($0)").finalize() }
        for key in keys { cache.store(key, payload) }
        cache.save()
        return (keys, (directory as NSString).appendingPathComponent(ResultCache.fileName))
    }

    /// Opening reads where entries lie; a lookup checks only the segment its entry is in. A damaged
    /// segment is found when it is used: its entries and every later segment's are dropped, the earlier
    /// ones still answer, and the next save writes the file anew without them.
    @Test func aLookupChecksOnlyItsSegmentAndDamageIsFoundWhenUsed() throws {
        let directory = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let payload = Array(repeating: Self.sample[0], count: 3)
        let (keys, path) = Self.savedEntries(3_000, payload, in: directory)
        let bytes = try #require(FileManager.default.contents(atPath: path))
        let reopened = ResultCache(directory: directory, namespace: "n")
        let (segments, checkedAtOpen) = reopened.segmentsChecked
        #expect(segments > 10 && checkedAtOpen == 0, "\(segments) segments, \(checkedAtOpen) checked")
        #expect(bytes.count / segments <= ResultCache.segmentBytes + 64)
        #expect(reopened.lookup(keys[1_500]) == payload)
        #expect(reopened.segmentsChecked.checked == 1)
        // A byte of the middle segment damaged.
        var damaged = bytes
        let middle = ResultCache.headerSize + (bytes.count - ResultCache.headerSize) / 2
        damaged[middle] ^= 0x40
        try damaged.write(to: URL(fileURLWithPath: path))
        let probe = ResultCache(directory: directory, namespace: "n")
        let answers = keys.map { probe.lookup($0) }
        let lost = answers.count { $0 == nil }
        // Everything from the damaged segment on is gone, everything before it still answers.
        #expect(lost > 0 && lost < keys.count, "\(lost) lost")
        #expect(answers.allSatisfy { $0 == nil || $0 == payload })
        probe.store(probe.keyHasher("new").finalize(), [])
        probe.save()
        let after = try #require(FileManager.default.contents(atPath: path))
        #expect(after.count < bytes.count, "written anew without the dropped segments")
        let last = ResultCache(directory: directory, namespace: "n")
        #expect(last.lookup(last.keyHasher("new").finalize()) == [])
        // The rewritten file holds only the segments before the damaged one (a later segment's entries
        // may have answered before the damage was found: each segment has its own check).
        let kept = keys.map { last.lookup($0) }
        #expect(kept.count { $0 == nil } >= lost)
        #expect(zip(kept, answers).allSatisfy { $0.0 == nil || $0.1 != nil })
    }

    /// Lookups from many threads at once while one of them finds a damaged segment and cuts what was
    /// read: every answer is the stored payload or a miss.
    @Test func concurrentLookupsSurviveACutAtDamage() throws {
        let directory = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let payload = Array(repeating: Self.sample[0], count: 2)
        let (keys, path) = Self.savedEntries(4_000, payload, in: directory)
        var bytes = try #require(FileManager.default.contents(atPath: path))
        bytes[bytes.count / 3] ^= 0x08
        try bytes.write(to: URL(fileURLWithPath: path))
        for _ in 0..<4 {
            let cache = ResultCache(directory: directory, namespace: "n")
            let answers = Locked<[Bool]>([])
            DispatchQueue.concurrentPerform(iterations: 8) { worker in
                var local: [Bool] = []
                for at in stride(from: worker, to: keys.count, by: 8) {
                    let found = cache.lookup(keys[at])
                    local.append(found == nil || found == payload)
                }
                answers.withLock { $0 += local }
            }
            #expect(answers.withLock { $0.count == keys.count && $0.allSatisfy { $0 } })
        }
    }

    @Test func appendedSegmentsAreCompactedWhenMostlyReplaced() throws {
        let directory = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = (directory as NSString).appendingPathComponent(ResultCache.fileName)
        let big = Array(repeating: Self.sample[0], count: 400)
        var sizes: [Int] = []
        // Each run replaces every entry: the file would double at each append, so it is written anew.
        for run in 0..<6 {
            let cache = ResultCache(directory: directory, namespace: "n")
            for i in 0..<50 { cache.store(cache.keyHasher("k \(i)").finalize(), run % 2 == 0 ? big : Self.sample) }
            cache.save()
            sizes.append(try #require(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int))
        }
        #expect(sizes.max()! <= 3 * sizes.min()! + 65_536, "\(sizes)")
        let last = ResultCache(directory: directory, namespace: "n")
        #expect(last.lookup(last.keyHasher("k 9").finalize()) == Self.sample)
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

    /// Area sums in runs on all cores equal the definition: per item, a fresh keyed hasher fed "set item"
    /// and the path (its digest then is the path's set digest), then the tag and the item, summed per
    /// area; and the path digests add up to the paths' set digest.
    @Test func areaSumsAreTheSameInRunsAndOneByOne() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("area-digest-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let cache = ResultCache(directory: directory, namespace: "areas")
        for count in [0, 1, 4095, 4097, 9_000] {
            let files = (0..<count).map { i in
                DeferredFile(path: ["catalog/agents/a\(i)/agent.yaml", "docs/d\(i % 7)/p\(i).md", "x\(i).json"][i % 3],
                             identity: [UInt8(i & 0xff), UInt8(i >> 8)], isExecutable: i % 5 == 0, size: 0) { nil }
            }
            let (sums, areas, paths) = CacheKeys.areaSums(cache, CacheKeys.DeferredItems(files: files))
            #expect(paths.digest(cache, "set") == CacheKeys.setDigestSequentially(cache, files.map(\.path)) { $0.combine($1) })
            var expected: [UInt64: CacheKeys.DigestSum] = [:]
            for file in files {
                var hasher = cache.keyHasher("set item")
                hasher.combine(file.path)
                hasher.combine("blob")
                hasher.combine(file.identity)
                if file.isExecutable { hasher.combine("x") }
                expected[ReadLog.area(of: file.path, kind: DocumentKind.of(path: file.path)), default: .zero].add(hasher.finalize())
            }
            #expect(areas == files.map { ReadLog.area(of: $0.path, kind: DocumentKind.of(path: $0.path)) }, "\(count) items")
            #expect(sums.mapValues { $0.digest(cache, "area") } == expected.mapValues { $0.digest(cache, "area") }, "\(count) items")
        }
    }

    /// The shape's path set digest made from the area sums' path digests (plus the paths without files)
    /// equals the digest of every path; a file set whose lists do not add up is digested path by path.
    @Test func pathSetDigestFromTheListsEqualsThePathsDigest() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("path-digest-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let cache = ResultCache(directory: directory, namespace: "paths")
        let linted = [SourceFile(path: "docs/a.md", bytes: Array("# A\n".utf8))]
        let deferred = (0..<5_000).map { DeferredFile(path: "catalog/f\($0).json", identity: [1], isExecutable: false, size: 1) { nil } }
        var set = FileSet(linted: linted, allPaths: Set(deferred.map(\.path) + ["logo.png", "big.bin"]))
        set.deferred = deferred
        set.listsEveryFile = true
        set.pathsWithoutFiles = ["logo.png", "big.bin"]
        let filePaths = CacheKeys.areaSums(cache, CacheKeys.LoadedItems(files: linted, digests: [Digest128(high: 1, low: 2)])).paths
        let deferredPaths = CacheKeys.areaSums(cache, CacheKeys.DeferredItems(files: deferred)).paths
        let whole = CacheKeys.setDigest(cache, set.allPaths) { $0.combine($1) }
        #expect(CacheKeys.pathSetDigest(cache, set, filePaths: filePaths, deferredPaths: deferredPaths) == whole)
        // Lists that do not add up to the paths (one path without a file left out): every path is digested.
        set.pathsWithoutFiles = ["logo.png"]
        #expect(CacheKeys.pathSetDigest(cache, set, filePaths: filePaths, deferredPaths: deferredPaths) == whole)
        set.pathsWithoutFiles = nil
        #expect(CacheKeys.pathSetDigest(cache, set, filePaths: .zero, deferredPaths: .zero) == whole)
    }
}
