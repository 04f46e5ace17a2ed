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

    /// The shared index for `repository`.
    static func of(_ repository: RepositoryIndex, taxonomy: String = DocsIndex.taxonomyPath,
                   roots: Configuration.Roots = .init()) -> DocsIndex {
        repository.memoized("docs.DocsIndex|" + taxonomy + "|" + roots.docs + "|" + roots.catalog) {
            build($0, taxonomyPath: taxonomy, roots: roots)
        }
    }

    private static func build(_ repository: RepositoryIndex, taxonomyPath: String, roots: Configuration.Roots) -> DocsIndex {
        var index = DocsIndex()
        for document in repository.sortedDocuments {
            guard let object = FrontMatterFields.object(of: document, roots: roots),
                  let slug = object["slug"], let text = slug.stringValue else { continue }
            index.slugs[text, default: []].append(SlugUse(path: document.path, range: slug.range))
        }
        if let taxonomy = repository.documents[taxonomyPath], let markdown = taxonomy.markdown {
            let tags = vocabulary(in: taxonomy.file, markdown: markdown)
            if !tags.isEmpty {
                index.vocabulary = tags
                index.taxonomyPath = taxonomyPath
            }
        }
        return index
    }

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

