import MagsagCatalog
import MagsagLintCore
import MagsagSource

/// Which schema files may declare an `$id`, found from their bytes without parsing them, so a registry
/// filled on demand loads every declarer of a URI (and only a few files besides) before it resolves it.
///
/// A declaration `"$id": "v"` (or draft 4's `"id"`) resolves `v` against a base; RFC 3986 keeps the last
/// segment of `v`'s path, so the declared URI and `v` end alike: the part after the last `/` or `:`,
/// without query or fragment (`key(of:)`). A JSON file is filed under the keys of the string values its
/// `"$id"` and `"id"` keys hold. It is a candidate for every URI when it cannot be read that way: a value
/// whose last segment is empty, `.` or `..`, or any `\u` escape (a key could be spelled with one). YAML
/// schema files, which spell keys many ways, are candidates for every URI.
final class SchemaDeclarers: Sendable {
    private struct Index: Sendable {
        var byKey: [String: [String]] = [:]
        var everywhere: [String] = []
    }

    private let paths: [String]
    private let repository: RepositoryIndex
    private let index = Locked<Index?>(nil)

    init(paths: [String], repository: RepositoryIndex) {
        self.paths = paths
        self.repository = repository
    }

    /// The schema files that may declare the absolute URI `base` (a superset of those that do).
    func paths(declaring base: String) -> [String] {
        let built = index.withLock { $0 } ?? build()
        return (built.byKey[Self.key(of: base)] ?? []) + built.everywhere
    }

    private func build() -> Index {
        let documents = paths.compactMap { repository.documents[$0] }
        let keys = Parallel.map(documents) { document -> [String]? in
            guard document.kind == .json else { return nil }
            return Self.declaredKeys(in: document.file.bytes)
        }
        var built = Index()
        for (document, found) in zip(documents, keys) {
            guard let found else {
                built.everywhere.append(document.path)
                continue
            }
            for key in Set(found) { built.byKey[key, default: []].append(document.path) }
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

    /// The keys (`key(of:)`) of the string values of a JSON text's `"$id"` and `"id"` keys; nil when the
    /// file may declare any URI (a `\u` escape, which could hide a key, an escape other than `\/`, `\\` and
    /// `\"` in a value, or a value that resolves to its base or a folder).
    static func declaredKeys(in bytes: [UInt8]) -> [String]? {
        bytes.withUnsafeBufferPointer { buffer -> [String]? in
            if ByteSearch.offset(of: Array(#"\u"#.utf8), in: buffer) != nil { return nil }
            var keys: [String] = []
            for needle in [Array(#""$id""#.utf8), Array(#""id""#.utf8)] {
                var from = 0
                while from < buffer.count, let hit = ByteSearch.offset(of: needle, in: UnsafeBufferPointer(rebasing: buffer[from...])) {
                    from += hit + needle.count
                    switch stringValue(in: buffer, after: from) {
                    case .none: continue
                    case .some(nil): return nil
                    case .some(let value?):
                        let key = Self.key(of: value)
                        if key.isEmpty { return nil }
                        keys.append(key)
                    }
                }
            }
            return keys
        }
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
