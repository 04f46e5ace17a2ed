import MagsagLintCore
import MagsagSource

/// Reports canonical files (the readme, the agents guide, the SSOT, the changelog) that docs and plans
/// name but that do not exist.
public struct MissingCanonicalFileRule: RepositoryRule {
    public init() {}

    public static let description = RuleDescription(
        id: "missing-canonical-file",
        name: "Missing canonical file",
        category: .docs,
        defaultSeverity: .warning,
        summary: "A doc or plan names a canonical file of the repository that does not exist",
        rationale: """
            MAGSAG docs and plans send readers to a few canonical files at the repository root (the readme, the \\
            agents guide, the single source of truth, the changelog), usually by bare name in prose or in backticks, \\
            where neither link checks nor path-mention checks look. When the file is missing or was renamed, every \\
            pointer to it is dead. A file is required only once a document names it, so repositories that never \\
            mention an SSOT need none. A name counts when it stands alone (not inside a longer path, a link, a code \\
            block, an examples section, a changelog's "Removed" section or a sentence about creating or removing \\
            files); it resolves at the repository root or in the document's folder. The changelog itself is not \\
            read (it records history). A change that deletes or renames a canonical file is reported in the \
            unchanged documents that name it too. Options: `files` replaces the list of canonical names (root-relative paths), \\
            and `required` lists files that must exist even when no document names them (reported at the entry \\
            in `.magsag-lint.yaml`).
            """,
        fix: "Restore the file at the repository root, or point the text at the file that now plays its role.",
        triggeringExamples: [
            Example(files: [
                "docs/governance/overview.md": "# Overview\n\nTerms are defined once, in ↓SSOT.md; agents read `↓AGENTS.md` first.\n",
                "README.md": "# R\n",
            ], linted: ["docs/governance/overview.md"]),
            Example(files: [
                "docs/development/plans/p.md": "---\nsource_of_truth: ↓SSOT.md\n---\n# P\n",
            ], linted: ["docs/development/plans/p.md"]),
        ],
        nonTriggeringExamples: [
            Example(files: [
                "docs/governance/overview.md": """
                    # Overview

                    Terms are defined in SSOT.md and the history is in `CHANGELOG.md`. Each folder has a README.md.
                    The guide for agents ([agents](../../AGENTS.md)) and `docs/x/SSOT.md.bak` are other rules' business.
                    Create AGENTS.md once the first agent lands.

                    ```
                    cat AGENTS.md
                    ```
                    """,
                "SSOT.md": "# S\n",
                "CHANGELOG.md": "# C\n",
                "README.md": "# R\n",
            ], linted: ["docs/governance/overview.md"]),
            Example(files: [
                "docs/a.md": "# A\n\nThe canonical sources are listed on the SSOT page; the taxonomy is in SSOT.json.\n",
            ], note: "only the configured file names count"),
        ])

    /// The default canonical files.
    static let defaultFiles = ["README.md", "AGENTS.md", "SSOT.md", "CHANGELOG.md"]

    /// Deleting or renaming a canonical file breaks the unchanged documents that name it.
    public static let reportsConsequences = true

    public func check(_ repository: RepositoryIndex, into sink: inout DiagnosticSink) {
        let configured = sink.stringsOption("files")
        let names = (configured.isEmpty ? Self.defaultFiles : configured).filter { !$0.isEmpty }
        // Unchanged documents are read only when the change removed (or renamed away) a canonical file.
        let removed = repository.deleted.union(repository.baseRenames.values)
        let gone = names.filter { removed.contains($0.hasPrefix("/") ? String($0.dropFirst()) : $0) }
        let paths = gone.isEmpty ? repository.sortedLinted : repository.sortedPaths
        for path in paths where path != Changelog.path {
            guard let document = repository.documents[path], LinkScope.isChecked(document) else { continue }
            let wanted = repository.linted.contains(path) ? names : gone
            for (name, range) in Self.mentions(of: wanted, in: document) where !Self.resolves(name, from: path, in: repository) {
                sink.report(
                    "`\(name)` is named as a canonical file but does not exist", path: path, range: range,
                    notes: ["looked for \(name) at the repository root and beside \(path)"],
                    help: "restore \(name) at the repository root, or point the text at the file that now plays its role")
            }
        }
        checkRequired(repository, into: &sink)
    }

    /// `required` entries of the configuration that are missing, reported where they are written.
    private func checkRequired(_ repository: RepositoryIndex, into sink: inout DiagnosticSink) {
        for entry in sink.options?["required"]?.arrayValue ?? [] {
            guard let name = entry.stringValue, !name.isEmpty, !Self.resolves(name, from: "", in: repository) else { continue }
            sink.report("required canonical file `\(name)` does not exist", path: ConfigurationLoader.fileName, range: entry.range,
                        help: "add \(name), or drop it from the rule's `required` option")
        }
    }

    /// Exists at the root (or as written), or beside the document.
    static func resolves(_ name: String, from path: String, in repository: RepositoryIndex) -> Bool {
        var clean = Substring(name)
        while clean.hasPrefix("/") { clean = clean.dropFirst() }
        let root = String(clean)
        if MissingPathMentionRule.exists(root, in: repository) { return true }
        guard let slash = path.lastIndex(of: "/") else { return false }
        return MissingPathMentionRule.exists(String(path[..<slash]) + "/" + root, in: repository)
    }

    /// The first standalone mention of each name in a document, outside code blocks, links, example
    /// sections, "Removed" sections and lines about creating or removing files.
    static func mentions(of names: [String], in document: LintDocument) -> [(String, SourceRange)] {
        let file = document.file
        // Most documents name none of the files: one scan of the whole text settles them.
        let names = names.filter { ByteSearch.contains(file.bytes[...], Array($0.utf8)) }
        guard !names.isEmpty else { return [] }
        let needles = names.map { Array($0.utf8) }
        let skipped = PathMention.removedSections(of: document) + PathMention.exampleSections(of: document)
        let links = document.markdown?.links.map { $0.range.start.offset..<max($0.range.end.offset, $0.range.start.offset + 1) } ?? []
        var found: [(String, SourceRange)] = []
        var seen: Set<String> = []
        // Only lines naming one of the files are made strings.
        let lines = MarkdownLines.linesOutsideFences(of: file) { line in needles.contains { ByteSearch.offset(of: $0, in: line) != nil } }
        for (line, text) in lines {
            guard !skipped.contains(where: { $0.contains(line) }) else { continue }
            for name in names where !seen.contains(name) && text.utf8Contains(name) {
                guard let column = standalone(name, in: text), !PathMention.isHypothetical(line: text) else { continue }
                let position = file.lineIndex.position(line: line, column: column)
                guard !links.contains(where: { $0.contains(position.offset) }) else { continue }
                seen.insert(name)
                found.append((name, SourceRange(start: position, end: file.lineIndex.position(line: line, column: column + name.unicodeScalars.count))))
            }
        }
        return found
    }

    /// The 1-based scalar column of the first occurrence of `name` in `line` that is not part of a
    /// longer word or path (`./NAME` and `/NAME` count).
    static func standalone(_ name: String, in line: String) -> Int? {
        let scalars = Array(line.unicodeScalars), target = Array(name.unicodeScalars)
        guard !target.isEmpty, scalars.count >= target.count else { return nil }
        func isWord(_ s: Unicode.Scalar) -> Bool { s.properties.isAlphabetic || ("0"..."9").contains(s) || "_-.~".unicodeScalars.contains(s) }
        var i = 0
        while i + target.count <= scalars.count {
            defer { i += 1 }
            guard scalars[i] == target[0], scalars[i..<(i + target.count)].elementsEqual(target) else { continue }
            var before = i - 1
            if before >= 0, scalars[before] == "/" {
                before -= 1
                if before >= 0, scalars[before] == "." { before -= 1 }
                if before >= 0, scalars[before] == "/" || isWord(scalars[before]) { continue }
            } else if before >= 0, isWord(scalars[before]) {
                continue
            }
            let after = i + target.count
            if after < scalars.count {
                let next = scalars[after]
                if next == "/" || (isWord(next) && next != ".") { continue }
                if next == ".", after + 1 < scalars.count, isWord(scalars[after + 1]) { continue }
            }
            return i + 1
        }
        return nil
    }
}
