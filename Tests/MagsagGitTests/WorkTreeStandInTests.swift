import Foundation
@testable import MagsagGit
import Testing

/// A staged file is read from the work tree only when git vouches for it (its `lstat` data equals the
/// index entry's, it is not racily clean) and no conversion can be in play; every doubt reads the blob.
@Suite struct WorkTreeStandInTests {
    /// Sets a work-tree file's modification time `offset` seconds from now (before staging it, so the
    /// index records that time).
    func touch(_ temp: TemporaryRepository, _ path: String, secondsFromNow offset: Int) {
        let when = timespec(tv_sec: time(nil) + offset, tv_nsec: 123_456_789)
        var times = [when, when]
        #expect(utimensat(AT_FDCWD, temp.root + "/" + path, &times, 0) == 0)
    }

    /// Writes a file dated 100 seconds ago, so that once staged it is not racily clean.
    func writeSettled(_ temp: TemporaryRepository, _ path: String, _ text: String) throws {
        try temp.writer.write(path, text)
        touch(temp, path, secondsFromNow: -100)
    }

    /// Whether this machine has a global or system attributes file (which turns the stand-in off).
    static var machineHasAttributes: Bool {
        let environment = ProcessInfo.processInfo.environment
        var paths = ["/etc/gitattributes"]
        if let xdg = environment["XDG_CONFIG_HOME"], !xdg.isEmpty { paths.append(xdg + "/git/attributes") }
        if let home = environment["HOME"], !home.isEmpty { paths.append(home + "/.config/git/attributes") }
        return paths.contains { FileManager.default.fileExists(atPath: $0) }
    }

    func blob(_ listing: StagedListing, _ path: String) throws -> StagedBlob {
        try #require(listing.blobs.first { $0.path == path })
    }

    @Test(.disabled(if: machineHasAttributes, "a global or system attributes file turns the stand-in off"))
    func vouchedFilesComeFromTheWorkTreeAndDoubtfulOnesFromTheirBlobs() throws {
        let temp = try TemporaryRepository()
        try writeSettled(temp, "a/clean.yaml", "name: clean\n")
        try writeSettled(temp, "a/deep/clean.json", "{\"name\": \"deep\"}\n")
        try writeSettled(temp, "b/edited.yaml", "name: one\n")
        try temp.writer.write("a/racy.yaml", "name: racy\n")
        touch(temp, "a/racy.yaml", secondsFromNow: 100)
        try temp.writer.stage("a/clean.yaml", "a/deep/clean.json", "b/edited.yaml", "a/racy.yaml")
        // Edited after staging: same size, other bytes.
        try temp.writer.write("b/edited.yaml", "name: two\n")
        let repository = try temp.open()
        let listing = try repository.indexBlobs(maxFileSize: .max)
        let reader = try repository.blobReader()
        let standIn = try #require(repository.workTreeStandIn(for: listing))
        for path in ["a/clean.yaml", "a/deep/clean.json"] {
            let staged = try blob(listing, path)
            let read = try #require(standIn.read(staged), "\(path)")
            #expect(read == reader.read(staged.oid))
        }
        // Modified in or after the second the index was written: racily clean, so not vouched for.
        #expect(standIn.read(try blob(listing, "a/racy.yaml")) == nil)
        #expect(standIn.read(try blob(listing, "b/edited.yaml")) == nil)
        // The same file on disk but a blob listed without stat data (from a commit): never vouched for.
        var unstated = try blob(listing, "a/clean.yaml")
        unstated.stat = nil
        #expect(standIn.read(unstated) == nil)
        // An untracked `.gitattributes` in a folder could have converted the files below it when they
        // were staged: they come from their blobs (a new stand-in, which looks at the folders afresh).
        try temp.writer.write("a/deep/.gitattributes", "*.json text eol=crlf\n")
        let fresh = try #require(repository.workTreeStandIn(for: listing))
        #expect(fresh.read(try blob(listing, "a/deep/clean.json")) == nil)
        #expect(fresh.read(try blob(listing, "a/clean.yaml")) != nil)
        // A file replaced by another of the same size and time (a new inode) is not vouched for.
        let path = temp.root + "/a/clean.yaml"
        let moved = path + ".moved"
        #expect(rename(path, moved) == 0)
        try FileManager.default.copyItem(atPath: moved, toPath: path)
        touch(temp, "a/clean.yaml", secondsFromNow: -100)
        var info = stat()
        #expect(lstat(path, &info) == 0)
        let recordedInode = try blob(listing, "a/clean.yaml").stat?.inode
        if UInt32(truncatingIfNeeded: info.st_ino) != recordedInode {
            #expect(fresh.read(try blob(listing, "a/clean.yaml")) == nil)
        }
    }

    @Test func anyConversionTurnsTheStandInOff() throws {
        // A tracked `.gitattributes` anywhere.
        do {
            let temp = try TemporaryRepository()
            try writeSettled(temp, "a.yaml", "a: 1\n")
            try writeSettled(temp, "docs/.gitattributes", "*.md text\n")
            try temp.writer.stage("a.yaml", "docs/.gitattributes")
            let repository = try temp.open()
            #expect(repository.workTreeStandIn(for: try repository.indexBlobs(maxFileSize: .max)) == nil)
        }
        // A listing that is the index's own entries (a cache tree recorded) is searched over the index's
        // path buffer: a tracked `.gitattributes` at the top or in a folder turns it off, lookalike
        // names do not.
        for (names, off) in [([".gitattributes"], true), (["docs/deep/.gitattributes"], true),
                             (["docs/x.gitattributes", "docs/.gitattributesx", "gitattributes"], false)] {
            let temp = try TemporaryRepository()
            try writeSettled(temp, "a.yaml", "a: 1\n")
            for name in names { try writeSettled(temp, name, "*.md text\n") }
            try temp.writer.stage(["a.yaml"] + names)
            _ = try temp.writer.writeTree()
            let repository = try temp.open()
            let listing = try repository.indexBlobs(maxFileSize: .max)
            #expect(listing.folders != nil, "\(names)")
            let standIn = repository.workTreeStandIn(for: listing)
            if off {
                #expect(standIn == nil, "\(names)")
            } else if !Self.machineHasAttributes {
                #expect(standIn != nil, "\(names)")
            }
        }
        // `core.autocrlf`, a repository-wide attributes file, and an untracked one at the top.
        for setup in ["autocrlf", "info", "top"] {
            let temp = try TemporaryRepository()
            try writeSettled(temp, "a.yaml", "a: 1\n")
            try temp.writer.stage("a.yaml")
            if setup == "autocrlf" {
                try temp.writer.setConfig("core.autocrlf", "input")
            } else if setup == "top" {
                try temp.writer.write(".gitattributes", "*.yaml text eol=crlf\n")
            } else {
                let repository = try temp.open()
                try FileManager.default.createDirectory(atPath: repository.commonDir + "/info", withIntermediateDirectories: true)
                try Data("*.yaml eol=crlf\n".utf8).write(to: URL(fileURLWithPath: repository.commonDir + "/info/attributes"))
            }
            let repository = try temp.open()
            #expect(repository.workTreeStandIn(for: try repository.indexBlobs(maxFileSize: .max)) == nil, "\(setup)")
        }
        // `core.autocrlf` set to false leaves it on.
        guard !Self.machineHasAttributes else { return }
        let temp = try TemporaryRepository()
        try writeSettled(temp, "a.yaml", "a: 1\n")
        try temp.writer.stage("a.yaml")
        try temp.writer.setConfig("core.autocrlf", "false")
        let repository = try temp.open()
        #expect(repository.workTreeStandIn(for: try repository.indexBlobs(maxFileSize: .max)) != nil)
    }
}
