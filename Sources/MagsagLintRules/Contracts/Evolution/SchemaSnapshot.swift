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
    /// Root `$id` without fragment → path.
    var ids: [String: String] = [:]

    init(documents: [String: SourceValue], plain: [String: LintDocument] = [:]) {
        self.documents = SchemaDocuments(parsed: documents, plain: plain)
        for path in documents.keys.sorted() {
            if let id = documents[path]?["$id"]?.stringValue {
                let key = SchemaReferenceIndex.stripFragment(id)
                if !key.isEmpty, ids[key] == nil { ids[key] = path }
            }
        }
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
            var refs: [String] = []
            SchemaReferenceIndex.collectRefs(root, into: &refs, depth: 0)
            for ref in Set(refs) {
                let hash = ref.firstIndex(of: "#")
                let target = hash.map { String(ref[..<$0]) } ?? ref
                if let file = file(named: target, from: path), file != path { referrers[file, default: []].append(path) }
            }
        }
        var reached = changed
        var queue = Array(changed)
        while let next = queue.popLast() {
            for referrer in referrers[next] ?? [] where reached.insert(referrer).inserted { queue.append(referrer) }
        }
        return reached
    }

    private func file(named target: String, from path: String) -> String? {
        if target.isEmpty { return path }
        let base = documents[path]?["$id"]?.stringValue.map(SchemaReferenceIndex.stripFragment)
        if target.utf8Contains("://") || target.hasPrefix("urn:") {
            if let found = ids[target] { return found }
            return base == target ? path : nil
        }
        if let base, let url = SchemaReferenceIndex.resolve(target, against: base), let found = ids[url] { return found }
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

    subscript(path: String) -> SourceValue? {
        if let root = parsed[path] { return root }
        return plain[path]?.root
    }
}

/// A resolved `$ref` target.
struct SchemaTarget: Sendable {
    var path: String
    var pointer: JSONPointer
    var value: SourceValue
}
