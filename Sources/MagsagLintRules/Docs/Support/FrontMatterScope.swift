import MagsagLintCore

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
