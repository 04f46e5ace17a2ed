import MagsagLintCore
import MagsagSource

/// What link rules need to know about the snapshot, computed once per run.
struct LinkIndex: Sendable {
    /// Markdown path → every anchor it declares (heading anchors and HTML `id`/`name`), for every
    /// Markdown document when the snapshot was parsed up front.
    private var anchors: [String: Set<String>] = [:]
    /// Anchors of documents looked up one by one, when most of the snapshot is deferred (a hook): only
    /// link targets are then read.
    private var looked: AnchorTable?

    /// The shared index for `repository`.
    static func of(_ repository: RepositoryIndex) -> LinkIndex {
        repository.memoized("links.LinkIndex") { build($0) }
    }

    /// Every anchor the Markdown document at `path` declares; nil when it is not a parsed Markdown file.
    func anchors(of path: String, in repository: RepositoryIndex) -> Set<String>? {
        guard let looked else { return anchors[path] }
        return looked.anchors(of: path, in: repository)
    }

    static func names(_ document: LintDocument) -> Set<String>? {
        guard let parsed = document.markdown else { return nil }
        var names = Set(parsed.headings.map(\.anchor))
        names.formUnion(parsed.htmlAnchors.keys)
        return names
    }

    /// Anchor sets computed on first lookup.
    final class AnchorTable: Sendable {
        private let table = Locked<[String: Set<String>?]>([:])

        func anchors(of path: String, in repository: RepositoryIndex) -> Set<String>? {
            if let known = table.withLock({ $0[path] }) { return known }
            let names = repository.documents[path].flatMap { $0.kind == .markdown ? LinkIndex.names($0) : nil }
            table.withLock { $0[path] = .some(names) }
            return names
        }
    }

    /// Lowercased path (files and folders) → the paths spelled that way in the snapshot. Built on first
    /// use only: it is consulted for paths that do not exist as written, which a clean snapshot has none of.
    static func byLowercasedPath(_ repository: RepositoryIndex) -> [String: [String]] {
        repository.memoized("links.byLowercasedPath") { repository in
            var map: [String: [String]] = [:]
            for path in repository.allPaths.union(repository.directories) where !path.isEmpty {
                map[path.lowercased(), default: []].append(path)
            }
            for key in map.keys { map[key]?.sort() }
            return map
        }
    }

    private static func build(_ repository: RepositoryIndex) -> LinkIndex {
        var index = LinkIndex()
        if repository.hasDeferred {
            index.looked = AnchorTable()
            return index
        }
        let markdown = repository.sortedDocuments(kind: .markdown).filter { $0.markdown != nil }
        let names = Parallel.map(markdown) { document in LinkIndex.names(document) ?? [] }
        index.anchors.reserveCapacity(markdown.count)
        for (document, set) in zip(markdown, names) { index.anchors[document.path] = set }
        return index
    }

    /// How a resolved path exists in the snapshot.
    enum Existence: Equatable {
        case file
        case directory
        /// Only with other letter case (the spelling that exists).
        case otherCase(String)
        case missing
    }

    func existence(of path: String, in repository: RepositoryIndex) -> Existence {
        if path.isEmpty { return .directory }
        if repository.fileExists(path) { return .file }
        if repository.directoryExists(path) { return .directory }
        if let other = Self.byLowercasedPath(repository)[path.lowercased()]?.first { return .otherCase(other) }
        return .missing
    }

    /// Whether `fragment` names a place in `path`: a heading or HTML anchor of a Markdown file
    /// (case-sensitive, `user-content-` prefix allowed), `top`, or a GitHub line anchor (`L10`,
    /// `L10-L20`) within the file. Non-Markdown files accept only line anchors; other fragments of
    /// them are not checked (nil).
    func fragmentExists(_ fragment: String, in path: String, repository: RepositoryIndex) -> Bool? {
        if fragment.isEmpty { return true }
        if let lines = Self.lineAnchor(fragment) {
            guard let file = repository.documents[path]?.file else { return nil }
            let count = Self.lineCount(file)
            return lines.allSatisfy { $0 >= 1 && $0 <= count }
        }
        guard let names = anchors(of: path, in: repository) else { return nil }
        if names.contains(fragment) || fragment == "top" { return true }
        if fragment.hasPrefix("user-content-"), names.contains(String(fragment.dropFirst("user-content-".count))) {
            return true
        }
        return false
    }

    /// The lines of `L10` / `L10-L20`, nil when `fragment` is not a line anchor.
    static func lineAnchor(_ fragment: String) -> [Int]? {
        let parts = fragment.asciiSplit("-", omittingEmptySubsequences: false)
        guard parts.count == 1 || parts.count == 2 else { return nil }
        var lines: [Int] = []
        for part in parts {
            guard part.hasPrefix("L"), let line = Int(part.dropFirst()), part.count <= 10 else { return nil }
            lines.append(line)
        }
        return lines
    }

    /// Lines as GitHub counts them (a final line terminator does not start a line).
    static func lineCount(_ file: SourceFile) -> Int {
        let count = file.lineIndex.lineCount
        if let last = file.bytes.last, last == 0x0A || last == 0x0D { return count - 1 }
        return count
    }

    /// The anchors of `path` closest to `fragment`, for help text.
    func suggestion(for fragment: String, in path: String, repository: RepositoryIndex) -> String? {
        guard let names = anchors(of: path, in: repository) else { return nil }
        return EditDistance.closest(to: fragment, in: names.sorted())
    }
}

/// Whether link rules look at `path` at all (templates carry placeholder links on purpose).
enum LinkScope {
    static func isChecked(_ document: LintDocument) -> Bool {
        document.kind == .markdown && !FrontMatterScope.isTemplate(document.path)
    }
}
