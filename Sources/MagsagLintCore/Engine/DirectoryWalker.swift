import Foundation
import MagsagSource

/// Lists a plain folder that is not inside a git repository: no ignore rules apply beyond
/// skipping `.git` and build output, and symbolic links are never followed.
struct DirectoryWalker {
    let root: String
    let scope: LintScope
    let maxFileSize: Int
    let paths: [String]

    static let skippedFolders: Set<String> = [".git", ".build", "node_modules", ".venv", "__pycache__"]

    func load() throws(LintError) -> FileSet {
        let base = URL(fileURLWithPath: root).standardizedFileURL
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: base.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw LintError(code: "io", message: "\(root) is not a folder")
        }
        var linted: [SourceFile] = []
        var context: [SourceFile] = []
        var oversized: [(path: String, size: Int)] = []
        var allPaths: Set<String> = []
        walk(base, relative: "") { relative, url in
            allPaths.insert(relative)
            guard scope.contains(relative) else { return }
            let size = (try? url.resourceValues(forKeys: [.fileSizeKey]).fileSize) ?? 0
            if size > maxFileSize {
                oversized.append((relative, size))
                return
            }
            guard let data = FileManager.default.contents(atPath: url.path) else { return }
            let file = SourceFile(path: relative, bytes: Array(data))
            if isSelected(relative) { linted.append(file) } else { context.append(file) }
        }
        linted.sort { $0.path < $1.path }
        return FileSet(linted: linted, context: context, allPaths: allPaths, oversized: oversized,
                       notes: ["\(root) is not inside a git repository: linted the folder as it is on disk"], root: base.path)
    }

    private func isSelected(_ path: String) -> Bool {
        paths.isEmpty || paths.contains { path == $0 || path.hasPrefix($0.hasSuffix("/") ? $0 : $0 + "/") }
    }

    private func walk(_ url: URL, relative: String, visit: (String, URL) -> Void) {
        let keys: [URLResourceKey] = [.isDirectoryKey, .isSymbolicLinkKey, .isRegularFileKey]
        guard let entries = try? FileManager.default.contentsOfDirectory(at: url, includingPropertiesForKeys: keys) else { return }
        for entry in entries.sorted(by: { $0.lastPathComponent < $1.lastPathComponent }) {
            let name = entry.lastPathComponent
            let path = relative.isEmpty ? name : relative + "/" + name
            guard let values = try? entry.resourceValues(forKeys: Set(keys)) else { continue }
            if values.isSymbolicLink == true { continue }
            if values.isDirectory == true {
                if Self.skippedFolders.contains(name) || name.hasPrefix(".build") { continue }
                walk(entry, relative: path, visit: visit)
            } else if values.isRegularFile == true {
                visit(path, entry)
            }
        }
    }
}
