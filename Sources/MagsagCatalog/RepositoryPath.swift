import MagsagSource

/// Repository-relative path arithmetic (no disk access).
package enum RepositoryPath {
    /// Normalise a repository-relative path (`a/./b/../c` → `a/c`, trailing `/` dropped); nil when it is
    /// absolute, empty, or climbs above the repository root.
    package static func normalize(_ path: String) -> String? {
        guard !path.isEmpty, !isAbsolute(path) else { return nil }
        if isPlain(path) { return path }
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

    /// Whether `path` is already normal: no empty, `.` or `..` segment and no trailing `/` (the common
    /// case, answered by one pass over the bytes).
    private static func isPlain(_ path: String) -> Bool {
        // On the contiguous bytes of a native string (the UTF-8 view's iterator cost 36 instructions a byte).
        path.utf8.withContiguousStorageIfAvailable(isPlain) ?? isPlain(path.utf8)
    }

    package static func isPlain(_ bytes: some Sequence<UInt8>) -> Bool {
        var length = 0  // bytes of the current segment
        var dotsOnly = true  // whether the current segment holds only dots so far
        for byte in bytes {
            if byte == UInt8(ascii: "/") {
                if length == 0 || (dotsOnly && length <= 2) { return false }
                length = 0
                dotsOnly = true
            } else {
                length += 1
                if byte != UInt8(ascii: ".") { dotsOnly = false }
            }
        }
        return length > 0 && !(dotsOnly && length <= 2)
    }

    /// Whether `path` is absolute (`/x`, `~/x`, `C:\x`, `C:/x`, `\\server`).
    package static func isAbsolute(_ path: String) -> Bool {
        if path.hasPrefix("/") || path.hasPrefix("~") || path.hasPrefix("\\") { return true }
        // An ASCII first byte decides without decoding scalars: a drive letter needs a letter and `:`.
        let utf8 = path.utf8
        if let first = utf8.first, first < 0x80 {
            let second = utf8.dropFirst().first
            return second == UInt8(ascii: ":") && ((0x41...0x5A).contains(first) || (0x61...0x7A).contains(first))
        }
        let scalars = Array(path.unicodeScalars.prefix(3))
        return scalars.count >= 2 && scalars[1] == ":" && scalars[0].properties.isAlphabetic
    }

    /// The folder of a file path (`""` at the root).
    package static func folder(of path: String) -> String {
        guard let slash = path.utf8LastIndex(of: UInt8(ascii: "/")) else { return "" }
        return String(path[..<slash])
    }

    /// `relative` joined to `folder`, normalised; nil when it escapes the root.
    package static func join(_ folder: String, _ relative: String) -> String? {
        folder.isEmpty ? normalize(relative) : normalize(folder + "/" + relative)
    }
}
