import Foundation
@testable import MagsagGit
import MagsagTestSupport
import Testing

/// The staged diff narrowed through the index's cache tree must equal libgit2's diff of the whole
/// trees, whatever was staged; and the narrowing must really happen when it can.
@Suite struct CacheTreeDiffTests {
    /// The suites' seeded generator, so a failing scenario can be replayed from its seed.
    typealias Seeded = SeededGenerator

    /// A committed repository of nested folders; returns the committed file paths.
    private func base(_ temp: TemporaryRepository, random: inout Seeded) throws -> [String] {
        var paths: [String] = []
        for top in ["catalog", "docs", "tools", "z"] {
            for sub in ["a", "b-c", "b.c", "b", "bc", "deep/er"] where Bool.random(using: &random) || sub == "b" {
                for file in 0..<Int.random(in: 1...4, using: &random) {
                    let path = "\(top)/\(sub)/f\(file).yaml"
                    try temp.writer.write(path, "value: \(path)\n")
                    paths.append(path)
                }
            }
        }
        for path in ["README.md", "a.json", "a-b.json"] {
            try temp.writer.write(path, "{\"p\": \"\(path)\"}\n")
            paths.append(path)
        }
        try temp.writer.stage(paths)
        try temp.writer.commit("base")
        return paths
    }

    /// What a scenario may do to the index after the base commit.
    enum Step: CaseIterable {
        case modify, add, addInNewFolder, delete, deleteFolder, executable, symlink, rename, copy, fileToFolder, unstagedEdit
    }

    /// Applies `step` to a random file; returns false when it cannot be narrowed (whole trees compared).
    private func apply(_ step: Step, _ temp: TemporaryRepository, files: inout [String], random: inout Seeded) throws -> Bool {
        guard let path = files.randomElement(using: &random) else { return true }
        let w = temp.writer
        switch step {
        case .modify:
            try w.write(path, "changed: \(random.next())\n")
            try w.stage(path)
        case .add:
            let folder = path.split(separator: "/").dropLast().joined(separator: "/")
            let added = (folder.isEmpty ? "" : folder + "/") + "new\(random.next() % 1000).yaml"
            guard !files.contains(added) else { return true }
            try w.write(added, "new: true\n")
            try w.stage(added)
            files.append(added)
        case .addInNewFolder:
            let added = "fresh\(random.next() % 1000)/x/new.yaml"
            guard !files.contains(added) else { return true }
            try w.write(added, "fresh: true\n")
            try w.stage(added)
            files.append(added)
        case .delete:
            try w.delete(path)
            try w.stage(path)
            files.removeAll { $0 == path }
            // A folder emptied by the deletion went as a whole.
            if let slash = path.lastIndex(of: "/") { return files.contains { $0.hasPrefix(path[...slash]) } }
        case .deleteFolder:
            guard let slash = path.lastIndex(of: "/") else { return true }
            let folder = String(path[...slash])
            let gone = files.filter { $0.hasPrefix(folder) }
            for file in gone { try w.delete(file) }
            try w.stage(gone)
            files.removeAll { $0.hasPrefix(folder) }
            return false
        case .executable:
            try w.write(path, "mode: x\n", executable: true)
            try w.stage(path)
        case .symlink:
            try w.delete(path)
            try w.symlink(path, to: "elsewhere")
            try w.stage(path)
        case .rename:
            let renamed = path + ".moved"
            try w.write(renamed, "value: \(path)\n")
            try w.delete(path)
            try w.stage([path, renamed])
            files.removeAll { $0 == path }
            files.append(renamed)
        case .copy:
            let copied = path + ".copy"
            guard !files.contains(copied) else { return true }
            try w.write(copied, "value: \(path)\nextra: 1\n")
            try w.write(path, "value: \(path)\nedited: 2\n")
            try w.stage([path, copied])
            files.append(copied)
        case .fileToFolder:
            try w.delete(path)
            try w.removeFromIndex(path)
            try w.write(path + "/inner.yaml", "inner: true\n")
            try w.stage(path + "/inner.yaml")
            files.removeAll { $0 == path }
            files.append(path + "/inner.yaml")
            return false
        case .unstagedEdit:
            try w.write(path, "not staged: \(random.next())\n")
        }
        return true
    }

    @Test(arguments: [2, 3, 4] as [UInt32])
    func narrowedDiffEqualsTheWholeTreeDiff(indexVersion: UInt32) throws {
        for seed in 0..<40 as Range<UInt64> {
            var random = Seeded(state: seed &* 7919 &+ UInt64(indexVersion))
            let temp = try TemporaryRepository()
            var files = try base(temp, random: &random)
            try temp.writer.setIndexVersion(indexVersion)
            #expect(try temp.open().stagedCandidates() == [], "seed \(seed): a fresh commit stages nothing")
            var narrowable = true
            var steps: [Step] = []
            for _ in 0..<Int.random(in: 1...4, using: &random) {
                let step = Step.allCases.randomElement(using: &random)!
                steps.append(step)
                narrowable = try apply(step, temp, files: &files, random: &random) && narrowable
            }
            let repository = try temp.open()
            let whole = try repository.stagedChanges(throughCacheTree: false)
            #expect(try repository.stagedChanges() == whole, "seed \(seed), index version \(indexVersion)")
            // With HEAD's trees kept between runs (every tree, these are small): learned by a first run,
            // read back by the next, and a damaged file read around.
            let kept = temp.root + "/.git/magsag-lint"
            for round in 0..<3 {
                let storing = try temp.open()
                storing.treeCacheDirectory = kept
                storing.treeCacheSmallest = 0
                #expect(try storing.stagedChanges() == whole, "seed \(seed), trees kept, round \(round)")
                #expect(FileManager.default.fileExists(atPath: kept + "/" + TreeStore.fileName), "seed \(seed): trees kept")
                if round == 1, var bytes = FileManager.default.contents(atPath: kept + "/" + TreeStore.fileName), bytes.count > 40 {
                    bytes[bytes.count / 2] ^= 0x5A
                    try bytes.write(to: URL(fileURLWithPath: kept + "/" + TreeStore.fileName))
                }
            }
            let candidates = try repository.stagedCandidates()
            if narrowable {
                let found = try #require(candidates, "seed \(seed): the cache tree should narrow \(steps)")
                var changed = Set(whole.map(\.path))
                for change in whole {
                    if case .renamed(let from) = change.status { changed.insert(from) }
                }
                #expect(changed.isSubset(of: Set(found)), "seed \(seed): \(changed) not within \(found)")
            }
        }
    }

    /// Trees kept between runs come back byte for byte, only when intact, and only the trees a run used
    /// are written again.
    @Test func keptTreesComeBackIntactOrNotAtAll() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("trees-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        func key(_ n: UInt8) -> ObjectKey { Array(repeating: n, count: 20).withUnsafeBytes { ObjectKey($0.baseAddress!) } }
        let trees: [UInt8: [UInt8]] = [1: Array(repeating: 7, count: 100), 2: (0..<5_000).map { UInt8(truncatingIfNeeded: $0) }, 3: [9]]
        let first = TreeStore(directory: directory, smallest: 50)
        for (n, bytes) in trees { first.learn(key(n), bytes) }
        first.save()
        let second = TreeStore(directory: directory, smallest: 50)
        #expect(second.tree(key(1)) == trees[1] && second.tree(key(2)) == trees[2])
        #expect(second.tree(key(3)) == nil, "below the smallest size kept")
        #expect(second.tree(key(4)) == nil)
        // Only what this run used is written again, when it learned something.
        second.learn(key(5), Array(repeating: 5, count: 60))
        second.save()
        let third = TreeStore(directory: directory, smallest: 50)
        #expect(third.tree(key(5)) == Array(repeating: 5, count: 60) && third.tree(key(2)) == trees[2] && third.tree(key(1)) == trees[1])
        // A flipped byte in a record: that tree is not given back; the others are.
        let path = directory + "/" + TreeStore.fileName
        var bytes = try #require(FileManager.default.contents(atPath: path))
        let at = try #require(bytes.firstRange(of: Data(trees[2]!.prefix(64))))
        bytes[at.lowerBound + 10] ^= 0x01
        try bytes.write(to: URL(fileURLWithPath: path))
        let damaged = TreeStore(directory: directory, smallest: 50)
        #expect(damaged.tree(key(2)) == nil && damaged.tree(key(1)) == trees[1])
        // Another file format: nothing.
        try Data("not trees".utf8).write(to: URL(fileURLWithPath: path))
        #expect(TreeStore(directory: directory, smallest: 50).tree(key(1)) == nil)
    }

    @Test func unchangedIndexHasNoCandidatesAndNoChanges() throws {
        var random = Seeded(state: 1)
        let temp = try TemporaryRepository()
        _ = try base(temp, random: &random)
        try temp.writer.write("docs/b/f0.yaml", "work tree only\n")
        let repository = try temp.open()
        #expect(try repository.stagedCandidates() == [])
        #expect(try repository.stagedChanges().isEmpty)
    }

    @Test func onlyTheChangedFoldersAreCandidates() throws {
        var random = Seeded(state: 2)
        let temp = try TemporaryRepository()
        _ = try base(temp, random: &random)
        try temp.writer.write("catalog/b/f0.yaml", "changed: true\n")
        try temp.writer.write("z/b/new.yaml", "new: true\n")
        try temp.writer.stage("catalog/b/f0.yaml", "z/b/new.yaml")
        let repository = try temp.open()
        #expect(try repository.stagedCandidates() == ["catalog/b/f0.yaml", "z/b/new.yaml"])
        #expect(try repository.stagedChanges() == [
            ChangedPath(path: "catalog/b/f0.yaml", status: .modified), ChangedPath(path: "z/b/new.yaml", status: .added),
        ])
    }

    @Test func cacheTreeReaderRefusesWhatItDoesNotKnowExactly() throws {
        var random = Seeded(state: 3)
        let temp = try TemporaryRepository()
        _ = try base(temp, random: &random)
        try temp.writer.write("docs/b/f0.yaml", "changed: true\n")
        try temp.writer.stage("docs/b/f0.yaml")
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: temp.root + "/.git/index")))
        let parsed = try #require(IndexSnapshot.parse(bytes)?.cacheTree)
        #expect(parsed.nodeCount > 5)
        #expect(parsed.children(of: 0).keys.map { String(decoding: $0.bytes, as: UTF8.self) }.sorted() == ["catalog", "docs", "tools", "z"])
        // No TREE extension (renamed to an unknown optional one): the entries, nothing to narrow with.
        let tree = try #require(bytes.indices.dropLast(4).first { bytes[$0...].starts(with: Array("TREE".utf8)) })
        var renamed = bytes
        renamed.replaceSubrange(tree..<(tree + 4), with: Array("ZZZZ".utf8))
        let withoutTree = try #require(IndexSnapshot.parse(renamed))
        #expect(withoutTree.cacheTree == nil)
        // A malformed extension body: no cache tree (the staged diff compares whole trees).
        var damagedTree = bytes
        damagedTree[tree + 8] = 0 // the root's name must be empty; its entry count now has no terminator
        damagedTree[tree + 9] = 0x41
        #expect(IndexSnapshot.parse(damagedTree).map { $0.cacheTree == nil } ?? true)
        // Truncated or damaged bytes never crash the reader.
        for length in stride(from: 0, to: bytes.count, by: 7) {
            _ = IndexSnapshot.parse(Array(bytes.prefix(length)))?.cacheTree
        }
        for _ in 0..<300 {
            var damaged = bytes
            damaged[Int.random(in: 0..<(bytes.count - 20), using: &random)] = UInt8.random(in: 0...255, using: &random)
            _ = IndexSnapshot.parse(damaged)?.cacheTree
        }
    }
}

/// A listing of the staged files started ahead is the listing `indexBlobs` makes, and only for the
/// index it was started on.
@Suite struct IndexBlobsAheadTests {
    @Test func aListingStartedAheadIsTakenOnlyForTheSameIndex() throws {
        let temp = try TemporaryRepository()
        var paths: [String] = []
        for n in 0..<40 {
            let path = "catalog/f\(n % 7)/file\(n).yaml"
            try temp.writer.write(path, "n: \(n)\n")
            paths.append(path)
        }
        try temp.writer.stage(paths)
        try temp.writer.commit("base")
        try temp.writer.write("catalog/f1/file1.yaml", "n: changed\n")
        try temp.writer.stage("catalog/f1/file1.yaml")

        let ahead = try temp.open()
        ahead.startIndexBlobs(maxFileSize: 1 << 20)
        let fresh = try temp.open().indexBlobs(maxFileSize: 1 << 20)
        #expect(try ahead.indexBlobs(maxFileSize: 1 << 20) == fresh)
        #expect(fresh.folders != nil, "an index read directly lists its folders")

        // Started, then the index changes: the listing of the new index is made, not the one started.
        let stale = try temp.open()
        stale.startIndexBlobs(maxFileSize: 1 << 20)
        try temp.writer.write("catalog/f2/new.yaml", "new: 1\n")
        try temp.writer.stage("catalog/f2/new.yaml")
        let listed = try stale.indexBlobs(maxFileSize: 1 << 20)
        #expect(listed.blobs.map(\.path).contains("catalog/f2/new.yaml"))
        #expect(listed == (try temp.open().indexBlobs(maxFileSize: 1 << 20)))

        // Another size limit: not taken either.
        let limited = try temp.open()
        limited.startIndexBlobs(maxFileSize: 1 << 20)
        #expect(try limited.indexBlobs(maxFileSize: 4).blobs.isEmpty)
    }
}

/// A folder's subfolders found by name through `CacheTreeChildren`'s open-addressed table.
@Suite struct CacheTreeChildrenTests {
    /// The cache-tree extension of a root with the given subfolders (valid, no entries of their own).
    static func extensionBytes(_ names: [String]) -> [UInt8] {
        var out: [UInt8] = Array("\0-1 \(names.count)\n".utf8)
        for name in names {
            out += Array(name.utf8) + [0] + Array("0 0\n".utf8)
            out += [UInt8](repeating: 0xAB, count: 20)
        }
        return out
    }

    @Test func everyNameIsFoundAndNoOtherIs() throws {
        var random = SeededGenerator(seed: 0xC7)
        for count in [0, 1, 2, 7, 8, 9, 300, 2_500] {
            var names = Set<String>()
            while names.count < count {
                let length = Int.random(in: 1...12, using: &random)
                names.insert(String((0..<length).map { _ in "ab-c.0x".randomElement(using: &random)! }))
            }
            let ordered = names.sorted()
            let bytes = Self.extensionBytes(ordered)
            let tree = try #require(IndexCacheTree(bytes: bytes, extension: 0..<bytes.count))
            let children = tree.childIndex(of: 0)
            // Node i + 1 is the i-th subfolder (each has no subfolders of its own).
            for (i, name) in ordered.enumerated() {
                let found = Array(name.utf8).withUnsafeBytes { children.node(named: $0) }
                #expect(found == i + 1, "\(name) in \(count)")
            }
            for missing in ["", "zz", "a/b", "ab-c.0x-longer-than-any"] where !names.contains(missing) {
                #expect(Array(missing.utf8).withUnsafeBytes { children.node(named: $0) } == nil)
            }
        }
    }
}
