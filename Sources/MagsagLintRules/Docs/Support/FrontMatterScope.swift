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
        let lower = path.lowercasedIfNeeded()
        guard lower.hasSuffix(".md") || lower.hasSuffix(".markdown") else { return false }
        // Both template folder names contain "_template": other paths skip the per-folder test.
        if path.utf8Contains("_template"), isTemplate(path) { return false }
        if !path.utf8.contains(UInt8(ascii: "/")) { return true }
        return [roots.docs, roots.catalog].contains { root in
            !root.isEmpty && path.hasPrefix(root.hasSuffix("/") ? root : root + "/")
        }
    }

    /// Whether `path` must have front-matter.
    static func requiresFrontMatter(_ path: String, roots: Configuration.Roots = .init()) -> Bool {
        guard isChecked(path, roots: roots) else { return false }
        let name = path.asciiSplit("/").last.map { $0.lowercased() } ?? ""
        return !exemptNames.contains(name)
    }

    /// Whether `path` is inside a template folder (`_templates/`, `_template/`).
    static func isTemplate(_ path: String) -> Bool {
        path.asciiSplit("/").dropLast().contains { templateFolders.contains(String($0)) }
    }
}
