import Foundation
import MagsagGit
import Testing

@Suite struct WorkTreeAndIndexTests {
    @Test func stagedBytesDifferFromWorkTreeAndNothingIsWritten() throws {
        let temp = try TemporaryRepository()
        try temp.add("a.yaml", "name: staged\n")
        try temp.add("same.yaml", "unchanged: true\n")
        try temp.writer.write("a.yaml", "name: work tree\n")
        // Same content, new inode and time: a refreshing reader would want to rewrite the index.
        try temp.writer.write("same.yaml", "unchanged: true\n")
        try temp.writer.write("notes/untracked.md", "# hi\n")
        let indexPath = temp.root + "/.git/index"
        let indexBefore = try Data(contentsOf: URL(fileURLWithPath: indexPath))
        let before = try temp.snapshot(of: temp.root)
        let datesBefore = try temp.modificationDates(of: temp.root)

        let repository = try temp.open()
        let staged = try repository.indexFiles(maxFileSize: 1 << 20)
        let work = try repository.workTreeFiles(maxFileSize: 1 << 20)
        let changes = try repository.stagedChanges()
        _ = repository.isIgnored("a.yaml")
        _ = repository.config("core.bare")
        _ = try repository.workTreeFiles(maxFileSize: 1 << 20)

        #expect(staged.texts == ["a.yaml": "name: staged\n", "same.yaml": "unchanged: true\n"])
        #expect(staged.file("a.yaml")?.oid?.count == 40)
        #expect(work.texts == [
            "a.yaml": "name: work tree\n", "notes/untracked.md": "# hi\n", "same.yaml": "unchanged: true\n",
        ])
        #expect(work.file("a.yaml")?.oid == nil)
        #expect(changes == [ChangedPath(path: "a.yaml", status: .added), ChangedPath(path: "same.yaml", status: .added)])

        #expect(try Data(contentsOf: URL(fileURLWithPath: indexPath)) == indexBefore)
        #expect(try temp.snapshot(of: temp.root) == before)
        #expect(try temp.modificationDates(of: temp.root) == datesBefore)
    }

    @Test func partialStagingKeepsThreeVersionsApart() throws {
        let temp = try TemporaryRepository()
        try temp.add("config/app.yaml", "version: 1\n")
        try temp.writer.commit("v1")
        try temp.add("config/app.yaml", "version: 2\n")
        try temp.writer.write("config/app.yaml", "version: 3\n")

        let repository = try temp.open()
        #expect(try repository.commitFiles("HEAD", maxFileSize: 100).texts == ["config/app.yaml": "version: 1\n"])
        #expect(try repository.indexFiles(maxFileSize: 100).texts == ["config/app.yaml": "version: 2\n"])
        #expect(try repository.workTreeFiles(maxFileSize: 100).texts == ["config/app.yaml": "version: 3\n"])
        #expect(try repository.stagedChanges() == [ChangedPath(path: "config/app.yaml", status: .modified)])
    }

    @Test func emptyRepositoryListsFilesButHasNoCommit() throws {
        let temp = try TemporaryRepository()
        try temp.add("staged.json", "{}")
        try temp.writer.write("loose.json", "[]")
        let repository = try temp.open()

        #expect(repository.isEmpty)
        #expect(!repository.isBare)
        #expect(repository.headCommitDate() == nil)
        #expect(try repository.indexFiles(maxFileSize: 100).texts == ["staged.json": "{}"])
        #expect(try repository.workTreeFiles(maxFileSize: 100).texts == ["loose.json": "[]", "staged.json": "{}"])
        #expect(try repository.stagedChanges() == [ChangedPath(path: "staged.json", status: .added)])

        let error = #expect(throws: GitError.self) { try repository.commitFiles("HEAD", maxFileSize: 100) }
        #expect(error?.code == GitError.unbornBranchCode)
        #expect(error?.description.contains("no commit yet") == true)
        #expect(error?.description.contains("'HEAD'") == true)
        #expect(throws: GitError.self) { try repository.resolve("main") }
    }

    @Test func untrackedIncludedIgnoredExcludedDeletedListed() throws {
        let temp = try TemporaryRepository()
        try temp.add(".gitignore", "*.log\nbuild/\n")
        try temp.add("keep.yaml", "a: 1\n")
        try temp.add("gone.yaml", "b: 2\n")
        try temp.add("tracked.log", "tracked despite the pattern\n")
        try temp.writer.commit("base")
        try temp.writer.delete("gone.yaml")
        try temp.writer.write(".git/info/exclude", "secret.txt\n")
        try temp.writer.write("new.yaml", "c: 3\n")
        try temp.writer.write("deep/er/u.json", "{}")
        try temp.writer.write("debug.log", "ignored\n")
        try temp.writer.write("build/out.yaml", "ignored: true\n")
        try temp.writer.write("secret.txt", "excluded\n")

        let repository = try temp.open()
        let listing = try repository.workTreeFiles(maxFileSize: 100)
        #expect(listing.files.map(\.path) == [".gitignore", "deep/er/u.json", "keep.yaml", "new.yaml", "tracked.log"])
        #expect(listing.deleted == ["gone.yaml"])
        #expect(listing.oversized.isEmpty && listing.submodules.isEmpty)
        #expect(repository.isIgnored("debug.log"))
        #expect(repository.isIgnored("build/out.yaml"))
        #expect(repository.isIgnored("secret.txt"))
        #expect(!repository.isIgnored("new.yaml"))
        // The deletion is not staged: the index still has the file.
        #expect(try repository.indexFiles(maxFileSize: 100).file("gone.yaml") != nil)
    }

    @Test func symlinksAreNeverFollowed() throws {
        let temp = try TemporaryRepository()
        let outside = temp.directory.appending("outside")
        try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: true)
        try "TOP SECRET\n".write(toFile: outside + "/secret.yaml", atomically: true, encoding: .utf8)
        try temp.writer.symlink("link.yaml", to: outside + "/secret.yaml")
        try temp.writer.stage("link.yaml")
        try temp.add("sub/file.yaml", "inside: true\n")
        try temp.writer.commit("links")
        // Replace the tracked directory by a symlink to the outside directory, add an untracked dir link.
        try FileManager.default.removeItem(atPath: temp.root + "/sub")
        try temp.writer.symlink("sub", to: outside)
        try temp.writer.symlink("dirlink", to: outside)

        let repository = try temp.open()
        let work = try repository.workTreeFiles(maxFileSize: 1000)
        #expect(work.file("link.yaml")?.mode == .symlink)
        #expect(work.file("link.yaml")?.bytes == Array((outside + "/secret.yaml").utf8))
        #expect(work.file("dirlink")?.mode == .symlink)
        #expect(work.deleted == ["sub/file.yaml"])
        #expect(!work.files.contains { String(decoding: $0.bytes, as: UTF8.self).contains("TOP SECRET") })
        #expect(!work.files.contains { $0.path.hasPrefix("dirlink/") || $0.path.hasPrefix("sub/") })

        let committed = try repository.commitFiles("HEAD", maxFileSize: 1000)
        #expect(committed.file("link.yaml")?.mode == .symlink)
        #expect(committed.file("link.yaml")?.bytes == Array((outside + "/secret.yaml").utf8))
        #expect(try repository.indexFiles(maxFileSize: 1000).file("link.yaml")?.mode == .symlink)
    }

    @Test func oversizedBinaryAndExecutableFiles() throws {
        let temp = try TemporaryRepository()
        let binary = (0..<256).map { UInt8($0) } + [0, 0, 0xFF, 0xFE]
        try temp.writer.write("bin/data.bin", bytes: binary)
        try temp.writer.write("big.yaml", String(repeating: "x", count: 2000))
        try temp.writer.write("run.sh", "#!/bin/sh\n", executable: true)
        try temp.writer.stage("bin/data.bin", "big.yaml", "run.sh")
        try temp.writer.commit("files")

        let repository = try temp.open()
        let listings = [
            try repository.workTreeFiles(maxFileSize: 1000),
            try repository.indexFiles(maxFileSize: 1000),
            try repository.commitFiles("HEAD", maxFileSize: 1000),
        ]
        for listing in listings {
            #expect(listing.oversized == [OversizedFile(path: "big.yaml", size: 2000)])
            #expect(listing.file("big.yaml") == nil)
            #expect(listing.file("bin/data.bin")?.bytes == binary)
            #expect(listing.file("bin/data.bin")?.mode == .regular)
            #expect(listing.file("run.sh")?.mode == .executable)
        }
        #expect(try repository.workTreeFiles(maxFileSize: 2000).file("big.yaml")?.bytes.count == 2000)
    }

    @Test func spacesAndNonASCIIPathsAreRaw() throws {
        let temp = try TemporaryRepository()
        try temp.add("docs/é t.md", "# café\n")
        try temp.writer.commit("unicode")
        try temp.writer.write("naïve dir/ü ber.yaml", "k: v\n")

        let repository = try temp.open()
        #expect(try repository.commitFiles("HEAD", maxFileSize: 100).files.map(\.path) == ["docs/é t.md"])
        #expect(try repository.indexFiles(maxFileSize: 100).files.map(\.path) == ["docs/é t.md"])
        let work = try repository.workTreeFiles(maxFileSize: 100)
        #expect(work.texts == ["docs/é t.md": "# café\n", "naïve dir/ü ber.yaml": "k: v\n"])
        #expect(try repository.blob(at: "docs/é t.md", in: "HEAD") == Array("# café\n".utf8))
    }

    @Test func conflictsAndSubmodulesAreListedNotRead() throws {
        let temp = try TemporaryRepository()
        try temp.add("plain.yaml", "a: 1\n")
        try temp.writer.commit("base")
        try temp.writer.stageConflict("both.yaml", ours: "x: 1\n", theirs: "x: 2\n")
        let nested = try RepositoryWriter.create(at: temp.root + "/vendor/lib")
        try nested.write("lib.yaml", "inner: true\n")
        try nested.stage("lib.yaml")
        try nested.commit("inner")

        let repository = try temp.open()
        let staged = try repository.indexFiles(maxFileSize: 100)
        #expect(staged.conflicts == ["both.yaml"])
        #expect(staged.files.map(\.path) == ["plain.yaml"])
        #expect(try repository.stagedChanges().contains(ChangedPath(path: "both.yaml", status: .conflicted)))
        let work = try repository.workTreeFiles(maxFileSize: 100)
        #expect(work.submodules == ["vendor/lib"])
        #expect(!work.files.contains { $0.path.hasPrefix("vendor/") })

        // Recorded as a gitlink: listed as a submodule by every source, never entered.
        try temp.writer.removeFromIndex("both.yaml")
        try temp.writer.stage("vendor/lib")
        try temp.writer.commit("submodule")
        let again = try temp.open()
        #expect(try again.indexFiles(maxFileSize: 100).submodules == ["vendor/lib"])
        #expect(try again.commitFiles("HEAD", maxFileSize: 100).submodules == ["vendor/lib"])
        #expect(try again.commitFiles("HEAD", maxFileSize: 100).files.map(\.path) == ["plain.yaml"])
        #expect(try again.workTreeFiles(maxFileSize: 100).submodules == ["vendor/lib"])
        #expect(try again.changes(from: "HEAD~1", to: "HEAD") == [ChangedPath(path: "vendor/lib", status: .added)])
        #expect(try again.blob(at: "vendor/lib", in: "HEAD") == nil)
    }

    @Test func freshRepositoryWithoutIndexFile() throws {
        let temp = try TemporaryRepository()
        try temp.writer.write("only.txt", "x")
        let repository = try temp.open()
        #expect(try repository.indexFiles(maxFileSize: 10) == FileListing())
        #expect(try repository.stagedChanges().isEmpty)
        #expect(try repository.workTreeFiles(maxFileSize: 10).texts == ["only.txt": "x"])
        #expect(!FileManager.default.fileExists(atPath: temp.root + "/.git/index"))
    }
}

/// `Repository.workTreeRereader` reads a work-tree file again as `workTreeFiles` read it: a regular file,
/// reached through real directories only.
@Suite struct WorkTreeRereaderTests {
    @Test func readsRegularFilesThroughRealFoldersOnly() throws {
        let temp = try TemporaryRepository()
        try temp.add("catalog/a.json", "{\"a\": 1}\n")
        try temp.writer.write("outside/b.json", "{\"b\": 2}\n")
        try temp.writer.write("plain.json", "[]")
        let reread = try #require(try temp.open().workTreeRereader())
        #expect(reread("catalog/a.json") == Array("{\"a\": 1}\n".utf8))
        #expect(reread("plain.json") == Array("[]".utf8))
        #expect(reread("catalog/missing.json") == nil)
        #expect(reread("catalog") == nil)
        for odd in ["", "/etc/passwd", "catalog/../plain.json", "./plain.json", "catalog//a.json"] { #expect(reread(odd) == nil, "\(odd)") }
        // A folder or the file itself replaced by a symbolic link is not followed.
        try FileManager.default.createSymbolicLink(atPath: temp.root + "/linked", withDestinationPath: temp.root + "/outside")
        #expect(reread("linked/b.json") == nil)
        try FileManager.default.createSymbolicLink(atPath: temp.root + "/link.json", withDestinationPath: temp.root + "/plain.json")
        #expect(reread("link.json") == nil)
        // What is there now is what is read (the caller compares it with what it read first).
        try temp.writer.write("plain.json", "[1]")
        #expect(reread("plain.json") == Array("[1]".utf8))
    }
}
