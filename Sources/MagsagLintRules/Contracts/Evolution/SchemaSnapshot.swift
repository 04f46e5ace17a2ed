internal import Foundation
import MagsagCatalog
import MagsagLintCore
import MagsagSource

/// The JSON schema documents of one side of a comparison (base or head), by repository path, with
/// their root `$id`s, resolving `$ref`s offline: relative refs against the document's `$id` and
/// against its path, absolute refs through the `$id` map, fragments as JSON pointers or anchors.
struct SchemaSnapshot: Sendable {
    /// Root values by repository path.
    var documents: SchemaDocuments
    /// Root `$id` without fragment → path (first by path), when built up front.
    var ids: [String: String] = [:]
    /// The side read on demand, for runs over a few changed files (nil: everything was parsed up front).
    private let lazy: LazySchemaSide?

    init(documents: [String: SourceValue], plain: [String: LintDocument] = [:]) {
        self.documents = SchemaDocuments(parsed: documents, plain: plain)
        lazy = nil
        for path in documents.keys.sorted() {
            if let id = documents[path]?["$id"]?.stringValue {
                let key = SchemaReferenceIndex.stripFragment(id)
                if !key.isEmpty, ids[key] == nil { ids[key] = path }
            }
        }
    }

    /// A side that reads and parses documents when asked, and finds `$id`s by a byte search.
    init(lazy side: LazySchemaSide) {
        documents = SchemaDocuments(parsed: [:], plain: [:], lookup: side.root)
        lazy = side
    }

    /// The path of the first document (by path) whose root `$id`, without fragment, is `url`.
    func path(ofID url: String) -> String? {
        if let lazy { return lazy.path(ofID: url) }
        return ids[url]
    }

    /// The target of `ref` written in the document at `path`: its path, in-file pointer and value.
    func resolve(_ ref: String, from path: String) -> SchemaTarget? {
        let hash = ref.firstIndex(of: "#")
        let target = hash.map { String(ref[..<$0]) } ?? ref
        let fragment = hash.map { String(ref[ref.index(after: $0)...]) } ?? ""
        guard let file = file(named: target, from: path), let root = documents[file] else { return nil }
        if fragment.isEmpty { return SchemaTarget(path: file, pointer: .root, value: root) }
        let decoded = fragment.removingPercentEncoding ?? fragment
        if decoded.hasPrefix("/") {
            guard let pointer = JSONPointer(decoded), let value = root.value(at: pointer) else { return nil }
            return SchemaTarget(path: file, pointer: pointer, value: value)
        }
        guard let pointer = Self.anchor(decoded, in: root, at: .root, depth: 0), let value = root.value(at: pointer) else { return nil }
        return SchemaTarget(path: file, pointer: pointer, value: value)
    }

    /// Every document that reaches one of `changed` through `$ref`s, directly or transitively (the
    /// changed documents included). File level and over every `$ref` in a document, so it is a superset
    /// of the files resolving any one schema visits: a document outside it cannot have changed meaning.
    func reaching(_ changed: Set<String>) -> Set<String> {
        var referrers: [String: [String]] = [:]
        for (path, root) in documents.parsed {
            for file in files(referencedBy: root, at: path, id: { ids[$0] }) { referrers[file, default: []].append(path) }
        }
        var reached = changed
        var queue = Array(changed)
        while let next = queue.popLast() {
            for referrer in referrers[next] ?? [] where reached.insert(referrer).inserted { queue.append(referrer) }
        }
        return reached
    }

    /// `reaching(_:)` for a side read on demand: only documents whose bytes can name a reached file are
    /// parsed (see `SchemaReferrerSearch`); nil when the closure grows too large to search that way.
    func reachingNarrowly(_ changed: Set<String>, in repository: RepositoryIndex) -> Set<String>? {
        let snapshot = self
        return SchemaReferrerSearch.closure(
            of: changed, in: repository, firstIDWins: true, include: LazySchemaSide.mayDeclare,
            targets: { path, root, ids in snapshot.files(referencedBy: root, at: path, id: { ids[$0] }) })
    }

    /// The files (other than `path`) the `$ref`s in `root` name, `$id`s looked up through `id`.
    private func files(referencedBy root: SourceValue, at path: String, id: (String) -> String?) -> [String] {
        var refs: [String] = []
        SchemaReferenceIndex.collectRefs(root, into: &refs, depth: 0)
        var out: [String] = []
        for ref in Set(refs) {
            let hash = ref.firstIndex(of: "#")
            let target = hash.map { String(ref[..<$0]) } ?? ref
            if let file = file(named: target, from: path, id: id), file != path { out.append(file) }
        }
        return out
    }

    private func file(named target: String, from path: String) -> String? {
        file(named: target, from: path, id: path(ofID:))
    }

    private func file(named target: String, from path: String, id: (String) -> String?) -> String? {
        if target.isEmpty { return path }
        let base = documents[path]?["$id"]?.stringValue.map(SchemaReferenceIndex.stripFragment)
        if target.utf8Contains("://") || target.hasPrefix("urn:") {
            if let found = id(target) { return found }
            return base == target ? path : nil
        }
        if let base, let url = SchemaReferenceIndex.resolve(target, against: base), let found = id(url) { return found }
        if let local = RepositoryPath.join(RepositoryPath.folder(of: path), target), documents[local] != nil { return local }
        return nil
    }

    /// The pointer of the subschema declaring `$anchor: name` (or draft 6/7 `$id: "#name"`).
    private static func anchor(_ name: String, in value: SourceValue, at pointer: JSONPointer, depth: Int) -> JSONPointer? {
        guard depth < 64 else { return nil }
        switch value.kind {
        case .object(let object):
            if object["$anchor"]?.stringValue == name || object["$id"]?.stringValue == "#" + name { return pointer }
            for member in object.members {
                if let found = anchor(name, in: member.value, at: pointer.appending(member.key), depth: depth + 1) { return found }
            }
        case .array(let elements):
            for (i, element) in elements.enumerated() {
                if let found = anchor(name, in: element, at: pointer.appending(i), depth: depth + 1) { return found }
            }
        default:
            break
        }
        return nil
    }
}

/// The JSON documents of a snapshot side: those that may hold `$` keywords (`$ref`, `$id`) with their
/// roots, walked for references and ids; and plain data files (no `$` key in their bytes, see
/// `LintDocument.mayHaveDollarKeys`), parsed only if a reference names them.
struct SchemaDocuments: Sendable {
    var parsed: [String: SourceValue]
    var plain: [String: LintDocument]
    /// For a side read on demand: the root at a path (parsed on first use), or nil.
    var lookup: (@Sendable (String) -> SourceValue?)?

    subscript(path: String) -> SourceValue? {
        if let lookup { return lookup(path) }
        if let root = parsed[path] { return root }
        return plain[path]?.root
    }
}

/// One side of a comparison (the snapshot or its base) read on demand, for runs over a few changed files
/// of a large snapshot: the same documents and `$id`s as the side built up front from every JSON file,
/// without parsing them all.
final class LazySchemaSide: Sendable {
    let repository: RepositoryIndex
    let isBase: Bool
    private let ids: SchemaIDLookup

    init(_ repository: RepositoryIndex, base: Bool) {
        self.repository = repository
        isBase = base
        // The documents this side's `$id`s come from, in path order: every JSON file but instance data (the
        // base: unchanged ones, and the base versions of changed ones whatever their path).
        ids = SchemaIDLookup(firstWins: true) {
            var documents: [(path: String, document: LintDocument)] = []
            for document in repository.sortedSchemaCandidates where !(base && repository.changedSinceBase(document.path)) {
                documents.append((document.path, document))
            }
            if base {
                for (path, document) in repository.baseDocuments where document.kind == .json { documents.append((path, document)) }
                documents.sort { $0.path < $1.path }
            }
            return documents
        }
    }

    /// Whether a document of the snapshot can declare an `$id` or `$ref` the reference models follow (as
    /// `RepositoryIndex.jsonDocuments` flags them).
    static let mayDeclare: @Sendable (LintDocument) -> Bool = { document in
        !RepositoryIndex.isInstanceData(document.path) && (document.isLoaded || document.mayHaveDollarKeys)
    }

    /// The JSON document at `path` on this side (the base: the base version of a changed file, else the
    /// unchanged file), or nil.
    func root(_ path: String) -> SourceValue? {
        if isBase, let document = repository.baseDocuments[path] { return document.kind == .json ? document.root : nil }
        if isBase, repository.changedSinceBase(path) { return nil }
        guard let document = repository.documents[path], document.kind == .json, !repository.deleted.contains(path) else { return nil }
        return document.root
    }

    /// The first document by path on this side whose root `$id`, without fragment, is `url`.
    func path(ofID url: String) -> String? { ids.path(of: url) }
}

/// A resolved `$ref` target.
struct SchemaTarget: Sendable {
    var path: String
    var pointer: JSONPointer
    var value: SourceValue
}
