import MagsagCatalog
import MagsagJSONSchema
import MagsagLintCore
import MagsagSource

/// Which schema files may declare an `$id`, found from their bytes without parsing them, so a registry
/// filled on demand loads every declarer of a URI (and only a few files besides) before it resolves it.
///
/// A declaration `"$id": "v"` (or draft 4's `"id"`) resolves `v` against a base. An absolute `v` (one
/// that resolves alike against any base) declares exactly what it resolves to. For a relative one RFC
/// 3986 keeps the last segment of `v`'s path, so the declared URI and `v` end alike: the part after the
/// last `/` or `:`, without query or fragment (`key(of:)`). A JSON file is filed under the URIs its
/// absolute `"$id"` and `"id"` string values resolve to and the keys of its relative ones. It is a
/// candidate for every URI when it cannot be read that way: a relative value whose last segment is
/// empty, `.` or `..`, or any `\u` escape (a key could be spelled with one). YAML schema files, which
/// spell keys many ways, are candidates for every URI.
final class SchemaDeclarers: Sendable {
    private struct Index: Sendable {
        var absolute: [String: [String]] = [:]
        var byKey: [String: [String]] = [:]
        var everywhere: [String] = []
    }

    /// What one file declares: absolute URIs (without fragment) and keys of relative values.
    struct Declared: Equatable {
        var absolute: [String] = []
        var keys: [String] = []

        /// `declared` as bytes for `BlobFacts`: 0 for nil (declares anything); else 1, then each list as
        /// a count and length-prefixed UTF-8 strings (32-bit little-endian numbers).
        static func encode(_ declared: Declared?) -> [UInt8] {
            guard let declared else { return [0] }
            var out: [UInt8] = [1]
            func number(_ value: Int) { withUnsafeBytes(of: UInt32(value).littleEndian) { out.append(contentsOf: $0) } }
            for list in [declared.absolute, declared.keys] {
                number(list.count)
                for text in list {
                    number(text.utf8.count)
                    out.append(contentsOf: text.utf8)
                }
            }
            return out
        }

        /// The inverse of `encode`; nil (declares anything) for bytes it did not make.
        init?(encoded bytes: [UInt8]) {
            guard bytes.first == 1 else { return nil }
            var at = 1
            func number() -> Int? {
                guard at + 4 <= bytes.count else { return nil }
                defer { at += 4 }
                return (0..<4).reduce(0) { $0 | Int(bytes[at + $1]) << (8 * $1) }
            }
            var lists: [[String]] = []
            for _ in 0..<2 {
                guard let count = number(), count <= bytes.count else { return nil }
                var list: [String] = []
                for _ in 0..<count {
                    guard let length = number(), at + length <= bytes.count else { return nil }
                    list.append(String(decoding: bytes[at..<at + length], as: UTF8.self))
                    at += length
                }
                lists.append(list)
            }
            guard at == bytes.count else { return nil }
            absolute = lists[0]
            keys = lists[1]
        }

        init(absolute: [String] = [], keys: [String] = []) {
            self.absolute = absolute
            self.keys = keys
        }
    }

    /// The kind under which `declared(in:)` is kept per blob (`LintDocument.derived`).
    static let factKind = "schema-declarations-v1"

    private let paths: [String]
    private let documents: DocumentMap
    private let index = Locked<Index?>(nil)

    /// The schema files at `paths` among `documents` (the snapshot's, not its index, which holds the
    /// registry this serves).
    init(paths: [String], documents: DocumentMap) {
        self.paths = paths
        self.documents = documents
    }

    /// The schema files that may declare the absolute URI `base` (a superset of those that do).
    func paths(declaring base: String) -> [String] {
        let built = index.withLock { $0 } ?? build()
        return (built.absolute[base] ?? []) + (built.byKey[Self.key(of: base)] ?? []) + built.everywhere
    }

    private func build() -> Index {
        let documents = paths.compactMap { self.documents[$0] }
        let declared = Parallel.map(documents) { document -> Declared? in
            guard document.kind == .json else { return nil }
            // Kept per blob between runs: a hook need not read every schema to know what it declares.
            return Declared(encoded: document.derived(Self.factKind) { Declared.encode(Self.declared(in: $0)) })
        }
        var built = Index()
        for (document, found) in zip(documents, declared) {
            guard let found else {
                built.everywhere.append(document.path)
                continue
            }
            // Each value once per file (a set only when there are several: most files declare one).
            for uri in found.absolute.count < 2 ? found.absolute : Array(Set(found.absolute)) {
                built.absolute[uri, default: []].append(document.path)
            }
            for key in found.keys.count < 2 ? found.keys : Array(Set(found.keys)) {
                built.byKey[key, default: []].append(document.path)
            }
        }
        index.withLock { $0 = built }
        return built
    }

    /// What a declared URI and the `$id` value that declares it share: the text after the last `/` or
    /// `:` of the part before any `?` or `#`, lowercased. Empty for values that resolve to a folder or
    /// to their base (`""`, `.`, `x/..`, `?q`).
    static func key(of uri: String) -> String {
        var text = Substring(uri)
        if let cut = text.firstIndex(where: { $0 == "#" || $0 == "?" }) { text = text[..<cut] }
        if let last = text.lastIndex(where: { $0 == "/" || $0 == ":" }) { text = text[text.index(after: last)...] }
        if text == "." || text == ".." { return "" }
        return text.lowercased()
    }

    /// What the string values of a JSON text's `"$id"` and `"id"` keys declare; nil when the file may
    /// declare any URI (a `\u` escape, which could hide a key, an escape other than `\/`, `\\` and `\"`
    /// in a value, or a relative value that resolves to its base or a folder).
    static func declared(in bytes: [UInt8]) -> Declared? {
        bytes.withUnsafeBufferPointer { buffer -> Declared? in
            if ByteSearch.offset(of: Array(#"\u"#.utf8), in: buffer) != nil { return nil }
            var found = Declared()
            for needle in [Array(#""$id""#.utf8), Array(#""id""#.utf8)] {
                var from = 0
                while from < buffer.count, let hit = ByteSearch.offset(of: needle, in: UnsafeBufferPointer(rebasing: buffer[from...])) {
                    from += hit + needle.count
                    switch stringValue(in: buffer, after: from) {
                    case .none: continue
                    case .some(nil): return nil
                    case .some(let value?):
                        if let uri = Self.absolute(value) {
                            found.absolute.append(uri)
                            continue
                        }
                        let key = Self.key(of: value)
                        if key.isEmpty { return nil }
                        found.keys.append(key)
                    }
                }
            }
            return found
        }
    }

    /// What `value` resolves to, without fragment, when that does not depend on the base (two bases
    /// with different schemes and paths tell): nil for a relative reference.
    static func absolute(_ value: String) -> String? {
        let one = SchemaRegistry.resolve(value, against: "file:///a/b")
        let other = SchemaRegistry.resolve(value, against: "x-other://h/c/d/e")
        guard one == other else { return nil }
        return SchemaReferenceIndex.stripFragment(one)
    }

    /// The string value after `:` at `offset`: nil when none follows, `.some(nil)` when it holds an escape
    /// that is not `\/`, `\\` or `\"` (which are decoded).
    private static func stringValue(in bytes: UnsafeBufferPointer<UInt8>, after offset: Int) -> String?? {
        var i = offset
        func skipSpace() { while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x09 || bytes[i] == 0x0A || bytes[i] == 0x0D { i += 1 } }
        skipSpace()
        guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { return nil }
        i += 1
        skipSpace()
        guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { return nil }
        i += 1
        var value: [UInt8] = []
        while i < bytes.count, bytes[i] != UInt8(ascii: "\"") {
            if bytes[i] == UInt8(ascii: "\\") {
                i += 1
                guard i < bytes.count, bytes[i] == UInt8(ascii: "/") || bytes[i] == UInt8(ascii: "\\") || bytes[i] == UInt8(ascii: "\"") else {
                    return .some(nil)
                }
            }
            value.append(bytes[i])
            i += 1
        }
        return .some(String(decoding: value, as: UTF8.self))
    }
}
