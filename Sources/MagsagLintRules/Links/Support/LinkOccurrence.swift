import MagsagLintCore
import MagsagSource

/// A link as the link rules see it: a body link or image, or a front-matter `sources[].url`.
struct LinkOccurrence: Sendable {
    var document: LintDocument
    var destination: String
    var range: SourceRange
    var isImage: Bool
    /// Set for front-matter values.
    var pointer: JSONPointer?
    var target: LinkTarget

    /// What the link is called in messages.
    var noun: String { pointer != nil ? "source url" : isImage ? "image" : "link" }

    /// Every link of every linted, checked Markdown document, in path then document order (computed
    /// once per run and shared by the link rules).
    static func all(in repository: RepositoryIndex) -> [LinkOccurrence] {
        repository.memoized("links.LinkOccurrence.all") { collect(in: $0) }
    }

    private static func collect(in repository: RepositoryIndex) -> [LinkOccurrence] {
        // Resolving every link of tens of thousands of documents: on all cores, concatenated in path order.
        let documents = repository.sortedLinted.compactMap { path -> LintDocument? in
            guard let document = repository.documents[path], LinkScope.isChecked(document), document.markdown != nil else { return nil }
            return document
        }
        return .concatenating(Parallel.map(documents) { document in
            document.markdown.map { of(document, markdown: $0) } ?? []
        })
    }

    static func of(_ document: LintDocument, markdown: MarkdownDocument) -> [LinkOccurrence] {
        // Sized up front: grown by doubling, the lists of every page (held together until they are
        // concatenated) were half as large again as what they hold, at the moment the heap peaked.
        let sources = markdown.frontMatter?["sources"]?.arrayValue
        var found: [LinkOccurrence] = []
        found.reserveCapacity((sources?.count ?? 0) + markdown.links.count)
        if let sources {
            for (index, source) in sources.enumerated() {
                guard let url = source["url"], let text = url.stringValue else { continue }
                found.append(LinkOccurrence(
                    document: document, destination: text, range: url.range, isImage: false,
                    pointer: JSONPointer(tokens: ["sources", String(index), "url"]),
                    target: LinkTarget.resolve(text, from: document.path)))
            }
        }
        for link in markdown.links where !link.isAutolink {
            found.append(LinkOccurrence(
                document: document, destination: link.destination,
                range: destinationRange(of: link, in: document.file), isImage: link.isImage,
                pointer: nil, target: LinkTarget.resolve(link.destination, from: document.path)))
        }
        return found
    }

    /// The destination as written in an inline link (`[text](here)`); the whole link for reference
    /// links, whose destination is written elsewhere.
    static func destinationRange(of link: MarkdownDocument.Link, in file: SourceFile) -> SourceRange {
        let bytes = file.bytes
        let start = link.range.start.offset
        let end = link.range.end.offset
        guard start >= 0, end <= bytes.count, end - start >= 4, bytes[end - 1] == UInt8(ascii: ")") else {
            return link.range
        }
        var cursor = end - 2
        while cursor > start, !(bytes[cursor] == UInt8(ascii: "(") && bytes[cursor - 1] == UInt8(ascii: "]")) {
            cursor -= 1
        }
        guard cursor > start else { return link.range }
        var first = cursor + 1
        func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
        while first < end - 1, isBlank(bytes[first]) || bytes[first] == UInt8(ascii: "<") { first += 1 }
        var last = first
        while last < end - 1, !isBlank(bytes[last]), bytes[last] != UInt8(ascii: ">") { last += 1 }
        return first == last ? link.range : file.range(from: first, to: last)
    }
}
