import MagsagLintCore
import MagsagSource

/// Front-matter facts across the snapshot, computed once per run (slugs and the tag vocabulary).
struct DocsIndex: Sendable {
    /// One declared slug.
    struct SlugUse: Sendable {
        var path: String
        var range: SourceRange
    }

    /// Slug → every document declaring it, in path order.
    var slugs: [String: [SlugUse]] = [:]
    /// The controlled tag vocabulary, nil when the repository has no taxonomy table.
    var vocabulary: [String]?
    /// Where the vocabulary comes from.
    var taxonomyPath: String?

    /// The default location of the tag taxonomy.
    static let taxonomyPath = "docs/governance/taxonomy.md"

    /// The shared index for `repository`: the vocabulary only (slugs are `withSlugs`).
    static func of(_ repository: RepositoryIndex, taxonomy: String = DocsIndex.taxonomyPath,
                   roots: Configuration.Roots = .init()) -> DocsIndex {
        repository.memoized("docs.DocsIndex|" + taxonomy) { repository in
            var index = DocsIndex()
            if let document = repository.documents[taxonomy], let markdown = document.markdown {
                let tags = vocabulary(in: document.file, markdown: markdown)
                if !tags.isEmpty {
                    index.vocabulary = tags
                    index.taxonomyPath = taxonomy
                }
            }
            return index
        }
    }

    /// The shared index with `slugs` filled: every declared slug when the snapshot was parsed up front;
    /// when most of it is deferred (a hook), the slugs the linted documents declare, with every document
    /// that may declare one of them.
    static func withSlugs(_ repository: RepositoryIndex, roots: Configuration.Roots = .init()) -> DocsIndex {
        repository.memoized("docs.DocsIndex.slugs|" + roots.docs + "|" + roots.catalog) { repository in
            var index = DocsIndex()
            for document in candidates(repository, roots: roots) {
                guard let object = FrontMatterFields.object(of: document, roots: roots),
                      let slug = object["slug"], let text = slug.stringValue else { continue }
                index.slugs[text, default: []].append(SlugUse(path: document.path, range: slug.range))
            }
            return index
        }
    }

    /// The documents whose slugs matter, in path order. With deferred documents, one not yet read is
    /// kept only when its front-matter bytes could spell a slug a linted document declares: they contain
    /// it, or an escape (`\`) or a `!!binary` tag that could hide it. A slug that is not kebab-case
    /// (spaces, quotes: YAML may fold or escape it) keeps every document with front matter.
    private static func candidates(_ repository: RepositoryIndex, roots: Configuration.Roots) -> [LintDocument] {
        let checked = { (path: String) in FrontMatterScope.isChecked(path, roots: roots) }
        guard repository.hasDeferred else { return repository.sortedDocuments(kind: .markdown, where: checked) }
        var wanted: [[UInt8]] = []
        var exact = true
        for (_, document) in repository.sortedLintedDocuments {
            guard let object = FrontMatterFields.object(of: document, roots: roots),
                  let text = object["slug"]?.stringValue, !text.isEmpty else { continue }
            wanted.append(Array(text.utf8))
            if !FrontMatterFields.isKebab(text) { exact = false }
        }
        // No linted document declares a slug: none can be reported, whatever the others declare.
        guard !wanted.isEmpty else { return [] }
        let slugs = wanted, kebab = exact
        // Kebab-case slugs are searched for: documents whose stored sketch rules out the slugs and what
        // could hide them are left out without being made (a hook over 25,000 Markdown files made a
        // document for each to ask it).
        let hidden = NeedleSet(slugs + [Self.backslash, Self.binaryTag])
        let all = repository.sortedDocuments(kind: .markdown, where: checked, unlessLacking: kebab ? hidden : nil)
        let keep = Parallel.map(all) { document -> Bool in
            if document.isLoaded { return true }
            let bytes = document.bytes
            guard let range = FrontMatter.yamlByteRange(in: bytes) else { return false }
            if !kebab { return true }
            let yaml = bytes[range]
            if ByteSearch.contains(yaml, Self.backslash) || ByteSearch.contains(yaml, Self.binaryTag) { return true }
            return slugs.contains { ByteSearch.contains(yaml, $0) }
        }
        let chosen = zip(all, keep).compactMap { $1 ? $0 : nil }
        repository.prefetch(chosen.map(\.path))
        return chosen
    }

    /// What can hide a slug in YAML text: an escape, or a binary tag.
    private static let backslash = Array("\\".utf8), binaryTag = Array("!!binary".utf8)

    /// Backticked values of the first table column under a heading containing "Vocabulary".
    static func vocabulary(in file: SourceFile, markdown: MarkdownDocument) -> [String] {
        guard let at = markdown.headings.firstIndex(where: { $0.text.lowercased().utf8Contains("vocabulary") }) else {
            return []
        }
        let heading = markdown.headings[at]
        let next = markdown.headings[(at + 1)...].first { $0.level <= heading.level }
        let firstLine = heading.range.end.line + 1
        let lastLine = (next?.range.start.line ?? file.lineIndex.lineCount + 1) - 1
        guard firstLine <= lastLine else { return [] }
        var tags: [String] = []
        for line in firstLine...lastLine {
            guard let text = file.lineIndex.lineText(line)?.trimmingBlanks(), text.hasPrefix("|") else { continue }
            let cells = text.dropFirst().asciiSplit("|", omittingEmptySubsequences: false)
            guard let cell = cells.first?.trimmingBlanks(), cell.count > 2, cell.hasPrefix("`"), cell.hasSuffix("`") else {
                continue
            }
            let tag = cell.dropFirst().dropLast().trimmingBlanks()
            if !tag.isEmpty, !tag.utf8Contains("`") { tags.append(tag) }
        }
        return tags
    }
}

