import Foundation
@testable import MagsagGit
import MagsagTestSupport
import Testing

/// The index read from its bytes must be exactly what libgit2 reads (every field of every entry, in
/// order), in each on-disk version; anything the direct reader does not know exactly must be refused,
/// never guessed; and the staged diff built from it must equal libgit2's.
@Suite struct IndexSnapshotTests {
    private func throughLibgit2(_ repository: Repository) throws -> IndexSnapshot {
        try repository.withIndex(operation: "test") { IndexSnapshot.copying($0) }
    }

    private func indexBytes(_ temp: TemporaryRepository) throws -> [UInt8] {
        try [UInt8](Data(contentsOf: URL(fileURLWithPath: temp.root + "/.git/index")))
    }

    /// Every entry of `direct` equals the same entry of `reference` (positions in the path buffer aside).
    private func expectSame(_ direct: IndexSnapshot, _ reference: IndexSnapshot, _ context: String) {
        #expect(direct.count == reference.count, "\(context)")
        #expect(direct.hasConflicts == reference.hasConflicts, "\(context)")
        for position in 0..<min(direct.count, reference.count) {
            #expect(direct.path(position) == reference.path(position), "\(context), entry \(position)")
            #expect(direct.id(position) == reference.id(position), "\(context), entry \(position)")
            var left = direct.entries[position], right = reference.entries[position]
            (left.pathStart, left.pathEnd, left.idStart) = (0, 0, 0)
            (right.pathStart, right.pathEnd, right.idStart) = (0, 0, 0)
            #expect(left == right, "\(context), entry \(position): \(direct.path(position))")
        }
    }

    @Test(arguments: [2, 3, 4] as [UInt32])
    func readsWhatLibgit2Reads(version: UInt32) throws {
        for seed in 0..<10 as Range<UInt64> {
            var random = SeededGenerator(state: seed &* 31 &+ UInt64(version))
            let temp = try TemporaryRepository()
            var paths: Set<String> = []
            for _ in 0..<Int.random(in: 5...60, using: &random) {
                // Shared prefixes (what version 4 compresses), names that sort around `/` (`a-b`, `a.b`,
                // `ab`), and now and then a path longer than the 12-bit name-length field holds (not in
                // version 4: libgit2 1.5 writes such an index but cannot read it back; see below).
                var parts: [String] = []
                for _ in 0..<Int.random(in: 1...4, using: &random) {
                    parts.append(["a", "a-b", "a.b", "ab", "catalog", "docs", "z"].randomElement(using: &random)!)
                }
                var name = "f\(random.next() % 50)"
                if version != 4, random.next() % 8 == 0 { name += String(repeating: "x", count: Int.random(in: 4_090...4_200, using: &random)) }
                paths.insert(parts.joined(separator: "/") + "/" + name)
            }
            for path in paths.sorted() {
                let kind = random.next() % 10
                try temp.writer.stageEntry(
                    path, bytes: Array("content of \(path.prefix(40)) \(kind)\n".utf8),
                    mode: kind == 0 ? 0o100755 : kind == 1 ? 0o120000 : 0o100644,
                    modified: (Int32(truncatingIfNeeded: random.next()), UInt32(random.next() % 1_000_000_000)),
                    size: UInt32(truncatingIfNeeded: random.next()), inode: UInt32(truncatingIfNeeded: random.next()),
                    intentToAdd: kind == 2 && version >= 3, skipWorktree: kind == 3 && version >= 3)
            }
            try temp.writer.stageEntry("vendor/module", mode: 0o160000, commit: (0..<20).map { _ in UInt8.random(in: 0...255, using: &random) })
            if seed % 3 == 0 { try temp.writer.stageConflict("conflicted/file.yaml", ours: "ours: 1\n", theirs: "theirs: 2\n") }
            try temp.writer.setIndexVersion(version)
            let bytes = try indexBytes(temp)
            let context = "seed \(seed), version \(version)"
            let direct = try #require(IndexSnapshot.parse(bytes), "\(context): the direct reader refused libgit2's own index")
            #expect(direct.readDirectly)
            let repository = try temp.open()
            expectSame(direct, try throughLibgit2(repository), context)
            // What the repository hands out is the direct reading, and the staged listing agrees with it.
            #expect(try repository.indexSnapshot(operation: "test").readDirectly)
            #expect(try repository.indexBlobs(maxFileSize: .max).blobs.count
                == direct.entries.filter { $0.stage == 0 && $0.extendedFlags & IndexSnapshot.intentToAdd == 0 && $0.mode != 0o160000 }.count)
        }
    }

    /// The staged listing, sorted out in runs of entries on all cores, equals the entries walked one after
    /// the other: blobs in order with their ids, modes and sizes, oversized files, submodules and
    /// conflicts, over an index of several runs with each kind at a run's edges and inside.
    @Test func stagedListingEqualsTheEntriesWalkedInOrder() throws {
        let temp = try TemporaryRepository()
        for n in 0..<1_300 {
            let path = String(format: "d%02d/f%05d", n / 100, n)
            switch n {
            case 511, 512, 700:
                try temp.writer.stageEntry(path, mode: 0o160000, commit: (0..<20).map { UInt8(($0 + n) % 256) })
            case 1, 513, 1_024:
                try temp.writer.stageEntry(path, bytes: Array(repeating: UInt8(ascii: "x"), count: 300), size: 300)
            case 5, 1_023:
                try temp.writer.stageEntry(path, bytes: Array("intent \(n)\n".utf8), intentToAdd: true)
            default:
                let bytes = Array("n: \(n)\n".utf8)
                try temp.writer.stageEntry(path, bytes: bytes, mode: n % 7 == 0 ? 0o100755 : 0o100644, size: UInt32(bytes.count))
            }
        }
        try temp.writer.stageConflict("d05/conflicted.yaml", ours: "ours: 1\n", theirs: "theirs: 2\n")
        try temp.writer.setIndexVersion(3)
        let repository = try temp.open()
        let listing = try repository.indexBlobs(maxFileSize: 200)
        var blobs: [StagedBlob] = [], oversized: [OversizedFile] = [], submodules: [String] = []
        let conflicts = try repository.forEachStagedEntry(operation: "test") { snapshot, position, path, mode in
            let size = Int(snapshot.entries[position].size)
            if mode == .submodule {
                submodules.append(path)
            } else if size > 200 {
                oversized.append(OversizedFile(path: path, size: size))
            } else {
                blobs.append(StagedBlob(path: path, oid: snapshot.objectID(position), mode: mode, size: size))
            }
        }
        #expect(listing.blobs.count == 1_300 - 3 - 3 - 2)
        #expect(listing.blobs.map(\.path) == blobs.map(\.path))
        #expect(listing.blobs.map(\.oid) == blobs.map(\.oid))
        #expect(listing.blobs.map(\.mode) == blobs.map(\.mode))
        #expect(listing.blobs.map(\.size) == blobs.map(\.size))
        #expect(listing.blobs.allSatisfy { $0.stat != nil })
        // The blobs stay in the index (a direct read, ASCII paths), their fields read one call each.
        let list = try #require(listing.indexBlobs)
        #expect(list.count == blobs.count)
        for (i, blob) in blobs.enumerated() {
            let fields = list.fields(i)
            #expect(fields.path == blob.path && fields.oid == blob.oid && fields.mode == blob.mode && fields.size == blob.size)
        }
        #expect(listing.oversized == oversized && oversized.count == 3)
        #expect(listing.submodules == submodules && submodules.count == 3)
        #expect(listing.conflicts == conflicts.sorted() && conflicts == ["d05/conflicted.yaml"])
        #expect(listing.blobsStrictlyAscending)
    }

    /// The listing notes a `.gitattributes` file in any folder, as the paths' own definition finds it;
    /// look-alike names do not count.
    @Test(arguments: [
        (["a/x.gitattributes", "b/gitattributes", "c/.gitattributes.bak", "d.gitattributes"], false),
        (["a/b/.gitattributes", "z.yaml"], true),
        ([".gitattributes"], true),
    ] as [([String], Bool)])
    func listingNotesAttributesFiles(paths: [String], expected: Bool) throws {
        let temp = try TemporaryRepository()
        for path in paths.sorted() { try temp.writer.stageEntry(path, bytes: Array("x\n".utf8)) }
        let repository = try temp.open()
        let listing = try repository.indexBlobs(maxFileSize: .max)
        #expect(listing.listsAttributesFile == expected)
        #expect(paths.contains { $0 == ".gitattributes" || $0.hasSuffix("/.gitattributes") } == expected)
    }

    /// Two paths git keeps apart can be canonically equal as Swift strings (a precomposed and a
    /// decomposed accent): the listing then does not claim a strictly ascending order.
    @Test func canonicallyEqualPathsAreNotStrictlyAscending() throws {
        let temp = try TemporaryRepository()
        for path in ["docs/caf\u{e9}.md", "docs/cafe\u{301}.md", "docs/z.md"] {
            try temp.writer.stageEntry(path, bytes: Array(path.utf8))
        }
        let listing = try temp.open().indexBlobs(maxFileSize: .max)
        #expect(listing.blobs.count == 3)
        #expect(!listing.blobsStrictlyAscending)
    }

    /// Paths longer than the name-length field in a version-4 index: git reads the field as the whole
    /// path's length and, at 0xFFF, takes the length from the terminator; the direct reader reads such an
    /// index as the same entries written in version 3 (libgit2 1.5 refuses to read it).
    @Test func longPathsInVersion4ReadAsInVersion3() throws {
        let temp = try TemporaryRepository()
        let long = String(repeating: "l", count: 4_200)
        for path in ["a/\(long)", "a/\(long)x", "a/b", "b/\(long)", "c"] { try temp.writer.stageEntry(path, bytes: Array(path.prefix(9).utf8)) }
        try temp.writer.setIndexVersion(3)
        let three = try #require(IndexSnapshot.parse(try indexBytes(temp)))
        expectSame(three, try throughLibgit2(try temp.open()), "version 3")
        try temp.writer.setIndexVersion(4)
        let four = try #require(IndexSnapshot.parse(try indexBytes(temp)))
        expectSame(four, three, "version 4")
        #expect((0..<four.count).map { four.path($0) } == ["a/b", "a/\(long)", "a/\(long)x", "b/\(long)", "c"])
    }

    /// A small version-2 index of `a.txt` and `b.txt` (entries at 12 and 84, no extension once the
    /// cache tree is gone), as bytes to damage.
    private func smallIndex() throws -> (temp: TemporaryRepository, bytes: [UInt8]) {
        let temp = try TemporaryRepository()
        try temp.writer.stageEntry("a.txt", bytes: Array("a\n".utf8))
        try temp.writer.stageEntry("b.txt", bytes: Array("b\n".utf8))
        try temp.writer.setIndexVersion(2)
        let bytes = try indexBytes(temp)
        return (temp, bytes)
    }

    @Test func refusesWhatItDoesNotKnowExactly() throws {
        let (_, bytes) = try smallIndex()
        let snapshot = try #require(IndexSnapshot.parse(bytes))
        #expect((0..<snapshot.count).map(snapshot.path) == ["a.txt", "b.txt"])
        let end = bytes.count - 20
        func changed(_ edit: (inout [UInt8]) -> Void) -> [UInt8] {
            var copy = bytes
            edit(&copy)
            return copy
        }
        // Another version, another signature, a declared count the file cannot hold.
        #expect(IndexSnapshot.parse(changed { $0[7] = 5 }) == nil)
        #expect(IndexSnapshot.parse(changed { $0[0] = 0x58 }) == nil)
        #expect(IndexSnapshot.parse(changed { $0[11] = 3 }) == nil)
        #expect(IndexSnapshot.parse(changed { $0[8] = 0x7F }) == nil)
        // An extended entry in a version-2 file; a name-length field that disagrees with the name.
        #expect(IndexSnapshot.parse(changed { $0[12 + 60] |= 0x40 }) == nil)
        #expect(IndexSnapshot.parse(changed { $0[12 + 61] = 4 }) == nil)
        // Entries out of order (the first now sorts after the second), or the same path twice.
        #expect(IndexSnapshot.parse(changed { $0[12 + 62] = UInt8(ascii: "c") }) == nil)
        #expect(IndexSnapshot.parse(changed { $0[12 + 62] = UInt8(ascii: "b") }) == nil)
        // A byte of padding that is no NUL.
        #expect(IndexSnapshot.parse(changed { $0[12 + 62 + 5 + 1] = 0x20 }) == nil)
        // Extensions: a required one it does not know (a split index's `link`) is refused, an optional
        // one skipped; one that runs past the checksum, or bytes left over, are refused.
        let entriesEnd = try #require((12..<end).first { offset in bytes[offset...].starts(with: Array("TREE".utf8)) } ?? Optional(end))
        func withExtension(_ signature: String, size: Int, body: [UInt8]) -> [UInt8] {
            var size32 = UInt32(size).bigEndian
            let sizeBytes = withUnsafeBytes(of: &size32) { Array($0) }
            return Array(bytes[..<entriesEnd]) + Array(signature.utf8) + sizeBytes + body + Array(bytes[end...])
        }
        #expect(IndexSnapshot.parse(withExtension("ZZZZ", size: 3, body: [1, 2, 3])) != nil)
        #expect(IndexSnapshot.parse(withExtension("link", size: 3, body: [1, 2, 3])) == nil)
        #expect(IndexSnapshot.parse(withExtension("sdir", size: 0, body: [])) == nil)
        #expect(IndexSnapshot.parse(withExtension("ZZZZ", size: 9, body: [1, 2, 3])) == nil)
        #expect(IndexSnapshot.parse(Array(bytes[..<entriesEnd]) + [1, 2, 3] + Array(bytes[end...])) == nil)
        // Cut anywhere: refused, never a crash.
        for length in 0..<bytes.count { _ = IndexSnapshot.parse(Array(bytes.prefix(length))) }
    }

    @Test func readAgainOnlyWhenTheFileChanges() throws {
        let (temp, _) = try smallIndex()
        let repository = try temp.open()
        let first = try repository.indexSnapshot(operation: "test")
        #expect(try repository.indexSnapshot(operation: "test") === first)
        try temp.writer.stageEntry("c.txt", bytes: Array("c\n".utf8))
        let second = try repository.indexSnapshot(operation: "test")
        #expect(second !== first)
        #expect((0..<second.count).map(second.path) == ["a.txt", "b.txt", "c.txt"])
        #expect(repository.stagedBlobID("c.txt") == second.id(2))
        #expect(repository.stagedBlobID("d.txt") == nil)
    }

    @Test func aMissingIndexIsEmptyAndCaseFoldingGoesThroughLibgit2() throws {
        let temp = try TemporaryRepository()
        try temp.writer.write("a.txt", "a\n")
        let fresh = try temp.open()
        #expect(try fresh.indexSnapshot(operation: "test").count == 0)
        try temp.writer.stage("a.txt", "a.txt")
        try temp.writer.setConfig("core.ignorecase", "true")
        let folding = try temp.open()
        let snapshot = try folding.indexSnapshot(operation: "test")
        #expect(!snapshot.readDirectly)
        #expect((0..<snapshot.count).map(snapshot.path) == ["a.txt"])
    }

    @Test func stagedChangesComeFromTheEntriesWhenNothingCanPair() throws {
        let temp = try TemporaryRepository()
        for path in ["catalog/a.yaml", "catalog/b.yaml", "docs/c.md", "tool.sh"] { try temp.writer.write(path, "\(path)\n") }
        try temp.writer.stage(["catalog/a.yaml", "catalog/b.yaml", "docs/c.md", "tool.sh"])
        try temp.writer.commit("base")
        func direct() throws -> [ChangedPath]? { try temp.open().directStagedChanges() }
        func whole() throws -> [ChangedPath] { try temp.open().stagedChanges(throughCacheTree: false) }

        #expect(try direct() == [])
        // Modified, mode changed, type changed, deleted: nothing an addition could pair with.
        try temp.writer.write("catalog/a.yaml", "edited\n")
        try temp.writer.write("tool.sh", "tool.sh\n", executable: true)
        try temp.writer.delete("docs/c.md")
        try temp.writer.symlink("docs/c.md", to: "elsewhere")
        try temp.writer.delete("catalog/b.yaml")
        try temp.writer.stage(["catalog/a.yaml", "tool.sh", "docs/c.md", "catalog/b.yaml"])
        let found = try #require(try direct())
        #expect(found == [
            ChangedPath(path: "catalog/a.yaml", status: .modified), ChangedPath(path: "catalog/b.yaml", status: .deleted),
            ChangedPath(path: "docs/c.md", status: .typeChanged), ChangedPath(path: "tool.sh", status: .modified),
        ])
        #expect(found == (try whole()))
        try temp.writer.commit("second")

        // Additions alone (a new agent's folder) have no rename or copy source either.
        try temp.writer.write("catalog/new/agent.yaml", "new\n")
        try temp.writer.write("catalog/new/README.md", "new\n")
        try temp.writer.stage(["catalog/new/agent.yaml", "catalog/new/README.md"])
        #expect(try direct() == [ChangedPath(path: "catalog/new/README.md", status: .added), ChangedPath(path: "catalog/new/agent.yaml", status: .added)])
        #expect(try direct() == (try whole()))

        // An addition beside a deletion may be a rename: libgit2 decides, and finds it.
        try temp.writer.delete("catalog/a.yaml")
        try temp.writer.write("catalog/moved.yaml", "edited\n")
        try temp.writer.stage(["catalog/a.yaml", "catalog/moved.yaml"])
        #expect(try direct() == nil)
        #expect(try temp.open().stagedChanges().contains(ChangedPath(path: "catalog/moved.yaml", status: .renamed(from: "catalog/a.yaml"))))
    }

    @Test func intentToAddAndSubmodulesGoThroughLibgit2() throws {
        let temp = try TemporaryRepository()
        try temp.writer.write("a.txt", "a\n")
        try temp.writer.stage("a.txt")
        try temp.writer.stageEntry("vendor/module", mode: 0o160000, commit: Array(repeating: 7, count: 20))
        try temp.writer.commit("base")
        try temp.writer.stageEntry("later.txt", bytes: [], intentToAdd: true)
        #expect(try temp.open().directStagedChanges() == nil)
        #expect(try temp.open().stagedChanges() == (try temp.open().stagedChanges(throughCacheTree: false)))
        try temp.writer.removeFromIndex("later.txt")
        try temp.writer.stageEntry("vendor/module", mode: 0o160000, commit: Array(repeating: 8, count: 20))
        #expect(try temp.open().directStagedChanges() == nil)
        #expect(try temp.open().stagedChanges() == [ChangedPath(path: "vendor/module", status: .modified)])
    }
}
