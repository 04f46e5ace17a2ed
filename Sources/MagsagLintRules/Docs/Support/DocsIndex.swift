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
        if let directory = repository.storedModelsDirectory,
           let chosen = storedSlugCandidates(repository, roots: roots, wanted: wanted, directory: directory) {
            return chosen
        }
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

    /// The candidates through the table of slugs kept per blob between runs (`BlobDigestTable`): a
    /// deferred document is kept when the slug its blob declares is one of `wanted` (compared by digest:
    /// a collision only keeps one more document), and left out without being made otherwise. Documents
    /// whose blobs the table does not know yet (changed since, or new) have their front matter parsed
    /// here, on all cores, and their slugs are learned and saved. Nil when the snapshot's deferred
    /// documents cannot be looked up one by one.
    private static func storedSlugCandidates(_ repository: RepositoryIndex, roots: Configuration.Roots, wanted: [[UInt8]],
                                             directory: String) -> [LintDocument]? {
        let options = repository.limits.yamlOptions
        let table = BlobDigestTable(directory: directory, name: "slugs",
                                    key: "front-matter-slug v1|yaml \(options.maxNodes) \(options.maxDepth) \(options.mergeKeys)")
        // A linted document or a few: searched in a list.
        let digests = wanted.map(slugDigest)
        guard let split = repository.sortedDocuments(kind: .markdown, where: { FrontMatterScope.isChecked($0, roots: roots) },
                                                     digests: table, keep: { digests.contains($0) })
        else { return nil }
        var unwanted: Set<String> = []
        if !split.unknown.isEmpty {
            let learned = Parallel.map(split.unknown) { document -> UInt64 in
                let slug: String?
                if document.isLoaded {
                    slug = FrontMatterFields.object(of: document, roots: roots)?["slug"]?.stringValue
                } else {
                    // Parsed from the bytes without making the document's content: a first run learns
                    // every document's slug, and most are not candidates.
                    let file = SourceFile(path: document.path, bytes: document.bytes)
                    slug = MarkdownDocument.parseFrontMatter(file, yamlOptions: options).frontMatter?.objectValue?["slug"]?.stringValue
                }
                return slug.map { slugDigest(Array($0.utf8)) } ?? 0
            }
            for (document, value) in zip(split.unknown, learned) {
                if let id = document.blobIdentity { table.learn(id, value) }
                if !digests.contains(value) { unwanted.insert(document.path) }
            }
            table.save()
        }
        let chosen = unwanted.isEmpty ? split.documents : split.documents.filter { !unwanted.contains($0.path) }
        repository.prefetch(chosen.map(\.path))
        return chosen
    }

    /// What the slug table keeps for a slug: its bytes' SipHash digest under a fixed key (the same in
    /// every process), never 0, which stands for a document without a slug.
    static func slugDigest(_ bytes: [UInt8]) -> UInt64 {
        let digest = SipHasher128.digest(bytes, key: slugDigestKey).low
        return digest == 0 ? 1 : digest
    }

    /// Fixed: a collision only makes one document more.
    private static let slugDigestKey: (UInt64, UInt64) = (0x736c_7567_2d64_6967, 0x6573_742d_6b65_7931)

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

