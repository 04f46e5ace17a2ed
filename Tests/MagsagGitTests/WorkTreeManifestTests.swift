import Foundation
@testable import MagsagGit
import Testing

/// The work-tree manifest names a file by its index blob id only when the file is what the index
/// recorded; the `lstat` data comes from the untracked walk (relative to each folder) or, for a file
/// the walk did not meet, from its path.
@Suite struct WorkTreeManifestTests {
    /// A folder with more entries than one worker takes (`Repository.largeFolder`) has the rest taken on
    /// all cores: every file is still `lstat`ed and named as it is, and the untracked ones are listed as
    /// git lists them, whichever entries the listing order put past the cut.
    @Test func aLargeFolderIsTakenWhole() throws {
        let temp = try TemporaryRepository()
        let count = Repository.largeFolder + 600
        let past = Date(timeIntervalSinceNow: -2 * 86_400)
        var paths: [String] = []
        for n in 0..<count {
            let path = String(format: "big/f%05d.txt", n)
            try temp.writer.write(path, "file \(n)\n")
            try FileManager.default.setAttributes([.modificationDate: past], ofItemAtPath: temp.root + "/" + path)
            paths.append(path)
        }
        try temp.writer.write("big/sub/inner.txt", "inner\n")
        try FileManager.default.setAttributes([.modificationDate: past], ofItemAtPath: temp.root + "/big/sub/inner.txt")
        try temp.writer.stage(paths + ["big/sub/inner.txt"])
        _ = try temp.writer.commit("base")
        // Edits spread over the folder (the listing's order decides which entries pass the cut), a
        // deletion, untracked files and an untracked folder.
        let edited = Set(stride(from: 7, to: count, by: 97).map { String(format: "big/f%05d.txt", $0) })
        for path in edited { try temp.writer.write(path, "edited \(path)\n") }
        try temp.writer.delete("big/f00003.txt")
        for n in 0..<40 { try temp.writer.write("big/new\(n).txt", "new\n") }
        try temp.writer.write("big/fresh/a.txt", "fresh\n")

        let manifest = try temp.open().workTreeManifest().entries
        let byPath = Dictionary(uniqueKeysWithValues: manifest.map { ($0.path, $0) })
        for path in paths where path != "big/f00003.txt" {
            switch byPath[path]?.identity {
            case .blob?: #expect(!edited.contains(path), "\(path) was edited")
            case .content(let bytes)?: #expect(edited.contains(path) && bytes == Array("edited \(path)\n".utf8), "\(path)")
            default: Issue.record("\(path): \(String(describing: byPath[path]?.identity))")
            }
        }
        #expect(byPath["big/f00003.txt"]?.identity == .missing)
        let ours = try temp.open().untrackedPaths(operation: "test")
        #expect(ours == (try UntrackedWalkTests.gitUntracked(in: temp.root)))
        #expect(ours.count == 41)
    }

    @Test func blobIdsOnlyForUnchangedFiles() throws {
        let temp = try TemporaryRepository()
        let committed: [String: String] = [
            "a.txt": "alpha\n", "dir/b.txt": "bravo\n", "dir/sub/c.txt": "charlie\n", "dir/sub/deeper/d.txt": "delta\n",
            "gone.txt": "deleted later\n", "becomes-dir.txt": "a file first\n", "tool.sh": "#!/bin/sh\n", "z/last.txt": "zulu\n",
        ]
        for (path, text) in committed { try temp.writer.write(path, text, executable: path == "tool.sh") }
        try temp.writer.symlink("link", to: "a.txt")
        // Older than the index: not racily clean, so unchanged files are named by their blob id.
        let past = Date(timeIntervalSinceNow: -2 * 86_400)
        for path in committed.keys { try FileManager.default.setAttributes([.modificationDate: past], ofItemAtPath: temp.root + "/" + path) }
        try temp.writer.stage(Array(committed.keys) + ["link"])
        _ = try temp.writer.commit("base")

        try temp.writer.write("dir/b.txt", "bravo, edited\n")
        try temp.writer.delete("gone.txt")
        try temp.writer.delete("becomes-dir.txt")
        try temp.writer.write("becomes-dir.txt/inner.txt", "now a folder\n")
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: temp.root + "/tool.sh")
        try temp.writer.write("new.txt", "untracked\n")

        let compact = try temp.open().workTreeManifest()
        let manifest = compact.entries
        // The compact form answers lookups and shows every entry with the same identity.
        #expect(compact.count == manifest.count)
        for entry in manifest { #expect(compact[entry.path] == entry, "\(entry.path)") }
        #expect(compact["nope.txt"] == nil && compact["dir"] == nil && compact["dir/b.tx"] == nil)
        var shown: [ManifestEntry] = []
        compact.forEach { path, executable, kind, bytes in
            let identity: ManifestEntry.Identity = switch kind {
            case .blob: .blob(Array(bytes))
            case .content: .content(Array(bytes))
            case .symlink: .symlink(Array(bytes))
            case .submodule: .submodule(Array(bytes))
            case .missing: .missing
            }
            shown.append(ManifestEntry(path: String(decoding: path, as: UTF8.self), identity: identity, executable: executable))
        }
        #expect(Repository.sortedByPath(shown) == manifest)
        let byPath = Dictionary(uniqueKeysWithValues: manifest.map { ($0.path, $0) })
        #expect(manifest.map(\.path) == manifest.map(\.path).sorted())
        let unchanged = ["a.txt", "dir/sub/c.txt", "dir/sub/deeper/d.txt", "z/last.txt"]
        for path in unchanged {
            guard case .blob(let id)? = byPath[path]?.identity else {
                Issue.record("\(path) should be named by its blob id, got \(String(describing: byPath[path]?.identity))")
                continue
            }
            #expect(id.count >= 20, "\(path)")
        }
        #expect(byPath["dir/b.txt"]?.identity == .content(Array("bravo, edited\n".utf8)))
        #expect(byPath["tool.sh"]?.identity == .content(Array("#!/bin/sh\n".utf8)))
        #expect(byPath["tool.sh"]?.executable == false)
        #expect(byPath["gone.txt"]?.identity == .missing)
        #expect(byPath["becomes-dir.txt"]?.identity == .missing)
        #expect(byPath["new.txt"]?.identity == .content(Array("untracked\n".utf8)))
        #expect(byPath["becomes-dir.txt/inner.txt"]?.identity == .content(Array("now a folder\n".utf8)))
        if case .symlink? = byPath["link"]?.identity {} else { Issue.record("link: \(String(describing: byPath["link"]?.identity))") }

        // The walk met every tracked file that exists, so the manifest agrees with one built from paths.
        let index = try temp.open().workTreeIndex(operation: "test")
        let stats = Repository.TrackedStats(count: index.entries.count)
        _ = try temp.open().scanUntracked(index, root: temp.root, stats: stats)
        for (position, entry) in index.entries.enumerated() {
            var direct = stat()
            let exists = lstat(temp.root + "/" + index.path(entry), &direct) == 0
            let walked = stats[position]
            #expect((walked != nil) == exists, "\(index.path(entry))")
            if let walked, exists {
                #expect(walked.st_ino == direct.st_ino && walked.st_size == direct.st_size && walked.st_mode == direct.st_mode
                        && walked.st_mtim.tv_sec == direct.st_mtim.tv_sec && walked.st_mtim.tv_nsec == direct.st_mtim.tv_nsec, "\(index.path(entry))")
            }
        }
    }

    /// `workTreeFiles` right after `workTreeManifest` on the same repository takes that walk (once) and
    /// lists exactly what a fresh walk lists; a later call walks again and sees what changed since.
    @Test func filesAfterTheManifestReuseItsWalkOnce() throws {
        let temp = try TemporaryRepository()
        try temp.add("docs/a.md", "# A\n")
        try temp.add("catalog/x.yaml", "x: 1\n")
        try temp.writer.commit("base")
        try temp.writer.write("docs/untracked.md", "# U\n")
        let repository = try temp.open()
        _ = try repository.workTreeManifest()
        #expect(repository.lastWalk != nil)
        let reused = try repository.workTreeFiles(maxFileSize: 1 << 20)
        #expect(repository.lastWalk == nil)
        let fresh = try temp.open().workTreeFiles(maxFileSize: 1 << 20)
        #expect(reused.files.map(\.path) == fresh.files.map(\.path))
        #expect(reused.files.map(\.path).contains("docs/untracked.md"))
        try temp.writer.write("docs/later.md", "# L\n")
        let again = try repository.workTreeFiles(maxFileSize: 1 << 20)
        #expect(again.files.map(\.path).contains("docs/later.md"))
    }
}
