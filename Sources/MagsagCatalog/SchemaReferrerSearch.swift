import MagsagLintCore
import MagsagSource

/// The reverse `$ref` closure of a few changed files, found without parsing every schema: a run over a
/// few changed files of a large snapshot (a hook) reads the JSON files' bytes and parses only those that
/// can refer to what changed.
///
/// A `$ref` that resolves to a file holds that file's name (a path reference keeps its last segment;
/// `.` and `..` segments only remove others) or the last segment of the file's root `$id` (an absolute
/// reference holds the whole `$id`; one relative to the referrer's `$id` keeps its last segment). A file
/// declaring the same `$id` holds it too. So the files whose bytes contain one of those names, or a
/// backslash (a JSON escape could spell one another way), are the only candidates. Each model resolves
/// the candidates' references with its own rules; `$id`s map to the candidates that declare them, which
/// include every declarer of a closure member's `$id`.
package enum SchemaReferrerSearch {
    /// Above this many names, a search reads and parses everything instead (`nil` from `closure`).
    package static let maximumNeedles = 64

    /// How a model resolves references: the files a document's `$ref`s reach, given the document's root
    /// and a map of root `$id` (without fragment) → path.
    package typealias Targets = @Sendable (_ path: String, _ root: SourceValue, _ ids: [String: String]) -> [String]

    /// The names a reference to the file at `path` must contain: its file name, and the last segment of
    /// its root `$id` when it declares one.
    package static func needles(for path: String, in repository: RepositoryIndex) -> Set<String> {
        var names: Set<String> = [SchemaReferenceIndex.lastComponent(path)]
        if DocumentKind.of(path: path) == .json, let id = repository.documents[path]?.root?["$id"]?.stringValue {
            let stripped = SchemaReferenceIndex.stripFragment(id)
            names.insert(stripped.asciiSplit("/").last.map(String.init) ?? stripped)
        }
        return names
    }

    /// The reverse closure of `changed` (the changed paths included) over the documents `include` admits
    /// (those the model walks), with `$id`s mapped first-wins or last-wins in path order as the model does;
    /// nil when the search would need more than `maximumNeedles` names (the caller walks everything then).
    package static func closure(of changed: Set<String>, in repository: RepositoryIndex, firstIDWins: Bool,
                                include: @escaping @Sendable (LintDocument) -> Bool, targets: @escaping Targets) -> Set<String>? {
        var reached = changed
        var known: Set<String> = []
        var frontier = changed
        while !frontier.isEmpty {
            var names: Set<String> = []
            for path in frontier { names.formUnion(needles(for: path, in: repository)) }
            guard names.count <= maximumNeedles, !names.contains("") else { return nil }
            known.formUnion(candidates(containing: names, in: repository, include: include))
            // Declarers of a reached file's `$id` contain its last segment: they are among `known`.
            var ids: [String: String] = [:]
            for path in known.union(reached.filter { path in repository.documents[path].map(include) ?? false }).sorted() {
                guard let id = repository.documents[path]?.root?["$id"]?.stringValue else { continue }
                let key = SchemaReferenceIndex.stripFragment(id)
                if !firstIDWins || ids[key] == nil { ids[key] = path }
            }
            let pending = known.subtracting(reached).sorted()
            let idMap = ids, reachedNow = reached
            let hits = Parallel.map(pending) { path -> Bool in
                guard let root = repository.documents[path]?.root else { return false }
                return targets(path, root, idMap).contains(where: reachedNow.contains)
            }
            frontier = Set(zip(pending, hits).compactMap { $1 ? $0 : nil })
            reached.formUnion(frontier)
        }
        return reached
    }

    /// The JSON documents (not deleted, not instance data) that `include` admits and whose bytes contain
    /// one of `names` or a backslash; read on all cores, parsed only if `include` parses.
    package static func candidates(containing names: Set<String>, in repository: RepositoryIndex,
                           include: @escaping @Sendable (LintDocument) -> Bool) -> [String] {
        let patterns = NeedleSet(names.sorted().map { Array($0.utf8) } + [Array("\\".utf8)])
        let documents = repository.sortedSchemaCandidates
        let hits = Parallel.map(documents) { document -> Bool in
            document.contains(anyOf: patterns) && include(document)
        }
        return zip(documents, hits).compactMap { $1 ? $0.path : nil }
    }
}

/// Root `$id` (without fragment) → path over a set of JSON documents, found by a byte search and cached:
/// every document declaring an `$id` holds it in its bytes, or an escape, so only those are parsed. The
/// first or the last declarer by path wins, as the model it stands in for decides.
package final class SchemaIDLookup: Sendable {
    private let list: @Sendable () -> [(path: String, document: LintDocument)]
    private let firstWins: Bool
    /// The candidates and their stored sketches, taken on first use.
    private let documents = Locked<(list: [(path: String, document: LintDocument)], sketches: [ContentSketch?])?>(nil)
    private let cache = Locked<[String: String?]>([:])

    /// `documents` lists the candidates in path order (called once, on first use).
    package init(firstWins: Bool, documents: @escaping @Sendable () -> [(path: String, document: LintDocument)]) {
        self.firstWins = firstWins
        list = documents
    }

    package func path(of url: String) -> String? {
        guard !url.isEmpty else { return nil }
        if let cached = cache.withLock({ $0[url] }) { return cached }
        let candidates: [(path: String, document: LintDocument)]
        let sketches: [ContentSketch?]
        if let listed = documents.withLock({ $0 }) {
            (candidates, sketches) = listed
        } else {
            candidates = list()
            // Each URL asked is looked for in every candidate: the sketches are taken once, not once per URL.
            sketches = Parallel.map(candidates) { $0.document.storedSketch }
            documents.withLock { $0 = (candidates, sketches) }
        }
        let patterns = NeedleSet([Array(url.utf8), Array("\\".utf8)])
        let hits = Parallel.map(Array(candidates.indices)) { index -> Bool in
            let entry = candidates[index]
            if let sketch = sketches[index] {
                if !sketch.mayContain(anyOf: patterns) { return false }
            } else if !entry.document.contains(anyOf: patterns) {
                return false
            }
            // A file the sketch lets through (most hold a backslash, in a regular expression) is answered
            // from its stored `$id` where there is one, without reading it.
            guard let id = entry.document.rootString("$id") else { return false }
            return SchemaReferenceIndex.stripFragment(id) == url
        }
        let declarers = zip(candidates, hits).compactMap { $1 ? $0.path : nil }
        let found = firstWins ? declarers.first : declarers.last
        cache.withLock { $0[url] = .some(found) }
        return found
    }
}
