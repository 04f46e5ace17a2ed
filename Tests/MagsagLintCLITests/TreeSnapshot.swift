import Foundation

/// Every regular file under a folder with its bytes, for "nothing changed" checks. The result cache
/// (`.git/magsag-lint`) is the one place a run may write, so it is left out.
enum TreeSnapshot {
    static func files(_ root: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey])
        while let url = enumerator?.nextObject() as? URL {
            if (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true, !url.path.contains("/.git/magsag-lint/") {
                files[url.path] = try Data(contentsOf: url)
            }
        }
        return files
    }
}
