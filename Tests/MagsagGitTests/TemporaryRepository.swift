import Foundation
import MagsagGit

/// A temporary directory removed when the value is released.
final class TemporaryDirectory {
    /// Absolute, symlink-free path of the directory.
    let path: String

    init() throws {
        let base = FileManager.default.temporaryDirectory
            .appendingPathComponent("magsag-git-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
        path = base.resolvingSymlinksInPath().path
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// `path/relative`.
    func appending(_ relative: String) -> String { path + "/" + relative }
}

/// A repository built through libgit2 in a temporary directory (the `git` executable is never used).
final class TemporaryRepository {
    let directory: TemporaryDirectory
    let writer: RepositoryWriter
    /// The work tree root (or the bare directory).
    let root: String

    init(bare: Bool = false) throws {
        directory = try TemporaryDirectory()
        root = directory.appending(bare ? "repo.git" : "repo")
        writer = try RepositoryWriter.create(at: root, bare: bare)
    }

    /// Opens the read-only view used by the linter.
    func open() throws -> Repository { try Repository(openingAt: root) }

    /// Writes and stages a file.
    func add(_ path: String, _ text: String) throws {
        try writer.write(path, text)
        try writer.stage(path)
    }

    /// Bytes of every regular file under `path` (relative path to content), for "unchanged" checks.
    func snapshot(of path: String) throws -> [String: Data] {
        var result: [String: Data] = [:]
        let base = URL(fileURLWithPath: path)
        guard let walker = FileManager.default.enumerator(atPath: path) else { return result }
        while let relative = walker.nextObject() as? String {
            let url = base.appendingPathComponent(relative)
            let values = try url.resourceValues(forKeys: [.isRegularFileKey, .isSymbolicLinkKey])
            if values.isSymbolicLink == true {
                result[relative] = Data(try FileManager.default.destinationOfSymbolicLink(atPath: url.path).utf8)
            } else if values.isRegularFile == true {
                result[relative] = try Data(contentsOf: url)
            }
        }
        return result
    }

    /// Modification dates of every entry under `path`, to detect any metadata rewrite.
    func modificationDates(of path: String) throws -> [String: Date] {
        var result: [String: Date] = [:]
        guard let walker = FileManager.default.enumerator(atPath: path) else { return result }
        while let relative = walker.nextObject() as? String {
            let attributes = try FileManager.default.attributesOfItem(atPath: path + "/" + relative)
            result[relative] = attributes[.modificationDate] as? Date
        }
        return result
    }
}

extension FileListing {
    /// Path to UTF-8 text of the listed files.
    var texts: [String: String] {
        Dictionary(uniqueKeysWithValues: files.map { ($0.path, String(decoding: $0.bytes, as: UTF8.self)) })
    }

    /// The listed file at `path`.
    func file(_ path: String) -> GitFile? { files.first { $0.path == path } }
}
