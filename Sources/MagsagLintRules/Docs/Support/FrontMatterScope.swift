/// Which Markdown files the front-matter rules look at; the one place that decides it.
enum FrontMatterScope {
    /// Top-level folders whose Markdown files carry front-matter (files at the root do too).
    static let folders: Set<String> = ["docs", "catalog"]
    /// File names that never need front-matter (compared case-insensitively).
    static let exemptNames: Set<String> = ["readme.md", "changelog.md", "license", "license.md"]
    /// Folder names holding templates (placeholders on purpose): their files are not checked.
    static let templateFolders: Set<String> = ["_templates", "_template"]

    /// Whether the front-matter rules check `path` at all (a Markdown file under `docs/`, `catalog/`
    /// or at the root, outside template folders). Exempt files are checked only when they have
    /// front-matter.
    static func isChecked(_ path: String) -> Bool {
        let lower = path.lowercased()
        guard lower.hasSuffix(".md") || lower.hasSuffix(".markdown") else { return false }
        let segments = path.asciiSplit("/")
        if segments.dropLast().contains(where: { templateFolders.contains(String($0)) }) { return false }
        if segments.count == 1 { return true }
        return folders.contains(String(segments[0]))
    }

    /// Whether `path` must have front-matter.
    static func requiresFrontMatter(_ path: String) -> Bool {
        guard isChecked(path) else { return false }
        let name = path.asciiSplit("/").last.map { $0.lowercased() } ?? ""
        return !exemptNames.contains(name)
    }

    /// Whether `path` is inside a template folder (`_templates/`, `_template/`).
    static func isTemplate(_ path: String) -> Bool {
        path.asciiSplit("/").dropLast().contains { templateFolders.contains(String($0)) }
    }
}
