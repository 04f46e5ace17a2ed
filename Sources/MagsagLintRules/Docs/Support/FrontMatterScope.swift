import MagsagLintCore
#if canImport(Glibc)
import Glibc
#endif

/// Which Markdown files the front-matter rules look at; the one place that decides it.
enum FrontMatterScope {
    /// File names that never need front-matter (compared case-insensitively).
    static let exemptNames: Set<String> = ["readme.md", "changelog.md", "license", "license.md"]
    /// Folder names holding templates (placeholders on purpose): their files are not checked.
    static let templateFolders: Set<String> = ["_templates", "_template"]

    /// Whether the front-matter rules check `path` at all (a Markdown file under the docs or catalog
    /// root, `docs/` and `catalog/` by default, or at the repository root, outside template folders).
    /// Exempt files are checked only when they have front-matter.
    static func isChecked(_ path: String, roots: Configuration.Roots = .init()) -> Bool {
        // Asked of every Markdown path of a large snapshot (25,000 in a hook at 10,000 agents, on the
        // critical path of `duplicate-doc-slug`): decided on the path's bytes in one pass when its tail
        // is ASCII and it holds no underscore (the general test cost about 550 instructions a path).
        if let onBytes = path.utf8.withContiguousStorageIfAvailable({ Self.isChecked(bytes: $0, roots: roots) }),
           let answer = onBytes {
            return answer
        }
        return isCheckedInGeneral(path, roots: roots)
    }

    /// `isChecked` on a path's bytes; nil when the general test must decide (a non-ASCII tail, whose
    /// lowercasing is Unicode's; an underscore, which may start a template folder).
    private static func isChecked(bytes: UnsafeBufferPointer<UInt8>, roots: Configuration.Roots) -> Bool? {
        let count = bytes.count
        // The tail's ASCII letters folded: ".md" or ".markdown".
        for at in max(0, count - 9)..<count where bytes[at] >= 0x80 { return nil }
        func ends(_ suffix: StaticString) -> Bool {
            let length = suffix.utf8CodeUnitCount
            guard count >= length else { return false }
            return suffix.withUTF8Buffer { wanted in
                var at = count - length
                for want in wanted {
                    let byte = bytes[at]
                    guard byte == want || ((byte &- 0x41) < 26 && byte | 0x20 == want) else { return false }
                    at += 1
                }
                return true
            }
        }
        guard ends(".md") || ends(".markdown") else { return false }
        guard let base = bytes.baseAddress else { return nil }
        func under(_ folder: String) -> Bool? {
            folder.utf8.withContiguousStorageIfAvailable { prefix -> Bool in
                guard !prefix.isEmpty, count >= prefix.count, memcmp(base, prefix.baseAddress!, prefix.count) == 0 else { return false }
                if prefix[prefix.count - 1] == UInt8(ascii: "/") { return true }
                return count > prefix.count && bytes[prefix.count] == UInt8(ascii: "/")
            }
        }
        guard let inCatalog = under(roots.catalog), let inDocs = under(roots.docs) else { return nil }
        guard inCatalog || inDocs || memchr(base, Int32(UInt8(ascii: "/")), count) == nil else { return false }
        return memchr(base, Int32(UInt8(ascii: "_")), count) == nil ? true : nil
    }

    /// `isChecked` for any path (Unicode lowercasing, template folders).
    static func isCheckedInGeneral(_ path: String, roots: Configuration.Roots = .init()) -> Bool {
        guard path.hasLowercaseSuffix(".md") || path.hasLowercaseSuffix(".markdown") else { return false }
        // Asked of every Markdown path of a snapshot: the cheap folder tests first.
        guard path.isUnderFolder(roots.catalog) || path.isUnderFolder(roots.docs) || path.utf8FirstIndex(of: UInt8(ascii: "/")) == nil
        else { return false }
        // Both template folder names contain "_template" (so an underscore): other paths skip the
        // per-folder test.
        return !(path.utf8FirstIndex(of: UInt8(ascii: "_")) != nil && path.utf8Contains("_template") && isTemplate(path))
    }

    /// Whether `path` must have front-matter.
    static func requiresFrontMatter(_ path: String, roots: Configuration.Roots = .init()) -> Bool {
        guard isChecked(path, roots: roots) else { return false }
        let name = String(path.lastPathSegment).lowercasedIfNeeded()
        return !exemptNames.contains(name)
    }

    /// Whether `path` is inside a template folder (`_templates/`, `_template/`).
    static func isTemplate(_ path: String) -> Bool {
        // A folder segment (not the file name) named like a template folder, found on bytes.
        guard path.utf8Contains("_template") else { return false }
        // Trailing slashes end no segment: without them, a match followed by `/` has a segment after it.
        let bytes = path.utf8
        var end = bytes.endIndex
        while end != bytes.startIndex, bytes[bytes.index(before: end)] == UInt8(ascii: "/") { end = bytes.index(before: end) }
        let trimmed = path[..<end]
        return templateFolderPrefixes.contains { trimmed.utf8.starts(with: $0.utf8) }
            || templateFolderInfixes.contains { trimmed.utf8Contains($0) }
    }

    private static let templateFolderPrefixes = templateFolders.map { $0 + "/" }
    private static let templateFolderInfixes = templateFolders.map { "/" + $0 + "/" }
}
