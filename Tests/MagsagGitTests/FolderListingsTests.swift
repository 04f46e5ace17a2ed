import Foundation
@testable import MagsagGit
import Testing

/// Stored folder listings are reused only for a folder whose `stat` identity is unchanged, and the walk
/// that reuses them lists exactly what `git status` lists, through additions, removals, renames and a
/// damaged or foreign cache file.
@Suite struct FolderListingsTests {
    /// A walk of `temp`'s work tree with listings stored at `cache`; `settled` makes every folder old
    /// enough to store (the tests create their folders moments before).
    private func walk(_ temp: TemporaryRepository, cache: String, settled: Bool = true) throws -> Repository.UntrackedScan {
        let repository = try temp.open()
        let index = try repository.workTreeIndex(operation: "test")
        let start = settled ? Int64(Date().timeIntervalSince1970) + 60 : nil
        return repository.scanUntracked(index, root: temp.root, listings: FolderListings(path: cache, root: temp.root, start: start))
    }

    private func repository() throws -> TemporaryRepository {
        let temp = try TemporaryRepository()
        try temp.add(".gitignore", "*.log\n")
        try temp.add("a/one.yaml", "x: 1\n")
        try temp.add("a/b/two.yaml", "x: 2\n")
        try temp.add("c/three.md", "# three\n")
        try temp.writer.commit("base")
        try temp.writer.write("a/untracked.txt", "u\n")
        try temp.writer.write("a/b/noise.log", "ignored\n")
        return temp
    }

    @Test func unchangedFoldersAreReusedAndChangesAreSeen() throws {
        let temp = try repository()
        let cache = temp.root + "/.git/magsag-lint/" + FolderListings.fileName
        let first = try walk(temp, cache: cache)
        #expect(first.reusedListings == 0)
        #expect(first.paths == (try UntrackedWalkTests.gitUntracked(in: temp.root)))
        #expect(FileManager.default.fileExists(atPath: cache))

        let second = try walk(temp, cache: cache)
        #expect(second.reusedListings == 4) // the root, a, a/b and c
        #expect(second.paths == first.paths)
        #expect(second.directories == first.directories)

        // An added file, a removed file, a renamed one and a new folder change their folders' times
        // (after a pause longer than a coarse file-system clock's tick).
        usleep(50_000)
        try temp.writer.write("a/b/added.json", "{}\n")
        try temp.writer.delete("a/untracked.txt")
        try FileManager.default.moveItem(atPath: temp.root + "/c/three.md", toPath: temp.root + "/c/renamed.md")
        try temp.writer.write("c/d/deeper.txt", "new folder\n")
        let third = try walk(temp, cache: cache)
        #expect(third.paths == (try UntrackedWalkTests.gitUntracked(in: temp.root)))
        #expect(third.paths == ["a/b/added.json", "c/d/deeper.txt", "c/renamed.md"])
        #expect(third.reusedListings < 4)

        // Staging a file changes what is tracked, not any folder: the reused listing is classified again.
        try temp.writer.stage(["a/b/added.json"])
        #expect(try walk(temp, cache: cache).reusedListings == 5)
        let fourth = try walk(temp, cache: cache)
        #expect(fourth.paths == ["c/d/deeper.txt", "c/renamed.md"])
        #expect(fourth.paths == (try UntrackedWalkTests.gitUntracked(in: temp.root)))
    }

    @Test func recentlyChangedFoldersAreNotStored() throws {
        let temp = try repository()
        let cache = temp.root + "/.git/magsag-lint/" + FolderListings.fileName
        // Every folder was just made: none is old enough to trust its times, so nothing is stored.
        _ = try walk(temp, cache: cache, settled: false)
        let again = try walk(temp, cache: cache, settled: false)
        #expect(again.reusedListings == 0)
        #expect(again.paths == (try UntrackedWalkTests.gitUntracked(in: temp.root)))
    }

    @Test func damagedOrForeignFilesAreIgnoredAndRewritten() throws {
        let temp = try repository()
        let cache = temp.root + "/.git/magsag-lint/" + FolderListings.fileName
        let expected = try walk(temp, cache: cache).paths
        let good = try Data(contentsOf: URL(fileURLWithPath: cache))
        var damaged: [Data] = [Data(), Data("not a cache".utf8), good.prefix(good.count / 2), good.prefix(good.count - 1)]
        for offset in stride(from: 0, to: good.count, by: max(1, good.count / 40)) {
            var flipped = good
            flipped[offset] ^= 0x5A
            damaged.append(flipped)
        }
        for bytes in damaged {
            try bytes.write(to: URL(fileURLWithPath: cache))
            let scan = try walk(temp, cache: cache)
            #expect(scan.paths == expected)
            #expect(scan.reusedListings == 0)
            // Rewritten: the next walk reuses every folder again.
            #expect(try walk(temp, cache: cache).reusedListings == 4)
        }

        // The same file beside another work tree names a different root: not used there.
        let other = try repository()
        let otherCache = other.root + "/.git/magsag-lint/" + FolderListings.fileName
        try FileManager.default.createDirectory(atPath: other.root + "/.git/magsag-lint", withIntermediateDirectories: true)
        try good.write(to: URL(fileURLWithPath: otherCache))
        let scan = try walk(other, cache: otherCache)
        #expect(scan.reusedListings == 0)
        #expect(scan.paths == (try UntrackedWalkTests.gitUntracked(in: other.root)))
    }

    @Test func onlyFileSystemsThatKeepFolderTimesAreTrusted() {
        #expect(FolderListings.keepsFolderTimes(linuxType: 0xEF53)) // ext4
        #expect(FolderListings.keepsFolderTimes(linuxType: 0x0102_1994)) // tmpfs
        #expect(!FolderListings.keepsFolderTimes(linuxType: 0x6969)) // NFS
        #expect(!FolderListings.keepsFolderTimes(linuxType: 0xFF53_4D42)) // CIFS
        #expect(!FolderListings.keepsFolderTimes(linuxType: 0x6573_5546)) // FUSE
        #expect(!FolderListings.keepsFolderTimes(linuxType: 0x0102_1997)) // 9p
        #expect(!FolderListings.keepsFolderTimes(root: "/nonexistent-\(UUID().uuidString)"))
    }

    @Test func trackedPathsFindEveryKeyAfterGrowing() {
        // Keys are ranges of one byte buffer; the table starts too small and grows as keys arrive.
        let names = (0..<5_000).map { "folder\($0 % 37)/sub\($0 % 11)/file\($0).yaml" }
        let bytes = Array(names.joined().utf8)
        var table = TrackedPaths(paths: MappedFile(bytes: bytes), keys: 1)
        var offset = 0
        for (i, name) in names.enumerated() {
            let length = name.utf8.count
            let slash = name.utf8.lastIndex(of: UInt8(ascii: "/")).map { name.utf8.distance(from: name.utf8.startIndex, to: $0) }!
            let folderHash = bytes.withUnsafeBytes { TrackedPaths.folderHash(UnsafeRawBufferPointer(rebasing: $0[offset..<offset + slash])) }
            let inserted = table.insert(start: offset, length: length, nameStart: offset + slash + 1, folderHash: folderHash,
                                        position: Int32(i), isFolder: false)
            #expect(inserted)
            offset += length
        }
        #expect(table.count == names.count)
        for (i, name) in names.enumerated() {
            let folder = Array(name.utf8.prefix { $0 != UInt8(ascii: "/") }) + Array("/sub\(i % 11)".utf8)
            let file = Array("file\(i).yaml".utf8)
            let found = folder.withUnsafeBytes { folderRaw in
                file.withUnsafeBytes { table.lookup(folder: folderRaw, folderHash: TrackedPaths.folderHash(folderRaw), name: $0) }
            }
            #expect(found?.position == i)
            let missing = folder.withUnsafeBytes { folderRaw in
                Array("file\(i).yml".utf8).withUnsafeBytes { table.lookup(folder: folderRaw, folderHash: TrackedPaths.folderHash(folderRaw), name: $0) }
            }
            #expect(missing == nil)
        }
    }
}
