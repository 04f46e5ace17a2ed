/// Repository-relative path arithmetic (no disk access).
package enum RepositoryPath {
    /// Normalise a repository-relative path (`a/./b/../c` → `a/c`, trailing `/` dropped); nil when it is
    /// absolute, empty, or climbs above the repository root.
    package static func normalize(_ path: String) -> String? {
        guard !path.isEmpty, !isAbsolute(path) else { return nil }
        var parts: [Substring] = []
        for part in path.asciiSplit("/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." {
                guard !parts.isEmpty else { return nil }
                parts.removeLast()
            } else {
                parts.append(part)
            }
        }
        return parts.isEmpty ? nil : parts.joined(separator: "/")
    }

    /// Whether `path` is absolute (`/x`, `~/x`, `C:\x`, `C:/x`, `\\server`).
    package static func isAbsolute(_ path: String) -> Bool {
        if path.hasPrefix("/") || path.hasPrefix("~") || path.hasPrefix("\\") { return true }
        let scalars = Array(path.unicodeScalars.prefix(3))
        return scalars.count >= 2 && scalars[1] == ":" && scalars[0].properties.isAlphabetic
    }

    /// The folder of a file path (`""` at the root).
    package static func folder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return String(path[..<slash])
    }

    /// `relative` joined to `folder`, normalised; nil when it escapes the root.
    package static func join(_ folder: String, _ relative: String) -> String? {
        folder.isEmpty ? normalize(relative) : normalize(folder + "/" + relative)
    }
}
