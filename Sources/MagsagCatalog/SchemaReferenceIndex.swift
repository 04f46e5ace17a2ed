import MagsagLintCore
import MagsagSource

/// Which schema files are the target of a `$ref` somewhere in the snapshot, resolving relative refs
/// against the referring file's path and against its `$id`, and absolute refs through every schema's
/// `$id` (never over the network).
package struct SchemaReferenceIndex: Sendable {
    /// Paths of JSON files that some other file `$ref`s.
    package var referenced: Set<String> = []

    /// The index of a run (built once, shared by the rules and the audit).
    package static func of(_ repository: RepositoryIndex) -> SchemaReferenceIndex {
        repository.memoized("catalog.SchemaReferenceIndex") { SchemaReferenceIndex($0) }
    }

    package init(_ repository: RepositoryIndex) {
        var ids: [String: String] = [:]
        var baseNames: [String: [String]] = [:]
        // Only documents that may have `$` keys declare ids or refs: deferred plain data files (fixtures,
        // examples) are not parsed for this.
        var jsonDocuments: [LintDocument] = []
        for (document, hasKeywords) in repository.jsonDocuments {
            baseNames[Self.lastComponent(document.path), default: []].append(document.path)
            if hasKeywords { jsonDocuments.append(document) }
        }
        for document in jsonDocuments {
            if let id = document.root?["$id"]?.stringValue { ids[Self.stripFragment(id)] = document.path }
        }
        let idPaths = ids, sameNames = baseNames
        let targets = Parallel.map(jsonDocuments) { document -> [String] in
            guard let root = document.root else { return [] }
            return Self.targets(of: document.path, root: root, in: repository, id: { idPaths[$0] }, named: { sameNames[$0] ?? [] })
        }
        for list in targets { referenced.formUnion(list) }
    }

    /// Which of `paths` some other JSON document `$ref`s, as `referenced` decides, parsing only the
    /// documents whose bytes can name one of them (see `SchemaReferrerSearch`) and finding `$id`s by a byte
    /// search; nil when there are too many names to search that way.
    package static func referenced(among paths: Set<String>, in repository: RepositoryIndex) -> Set<String>? {
        var names: Set<String> = []
        for path in paths { names.formUnion(SchemaReferrerSearch.needles(for: path, in: repository)) }
        guard names.count <= SchemaReferrerSearch.maximumNeedles, !names.contains("") else { return nil }
        let candidates = SchemaReferrerSearch.candidates(containing: names, in: repository) { $0.isLoaded || $0.mayHaveDollarKeys }
        // `$id`s map to the last declarer by path, as the whole index maps them.
        let ids = SchemaIDLookup(firstWins: false) {
            repository.sortedSchemaCandidates.map { (path: $0.path, document: $0) }
        }
        let byName = Dictionary(grouping: paths, by: lastComponent)
        var referenced: Set<String> = []
        for path in candidates {
            guard let root = repository.documents[path]?.root else { continue }
            // The whole index falls back to every file of a name; only those among `paths` matter here.
            let found = Self.targets(of: path, root: root, in: repository, id: ids.path(of:), named: { byName[$0] ?? [] })
            referenced.formUnion(found.filter(paths.contains))
        }
        return referenced
    }

    /// The files the `$ref`s of the document at `path` name (itself left out): relative refs against the
    /// file's folder and against its `$id`, absolute ones through `id` (root `$id` → path); a ref that names
    /// nothing so falls back to every file with the same last component (`named`).
    static func targets(of path: String, root: SourceValue, in repository: RepositoryIndex,
                        id: (String) -> String?, named: (String) -> [String]) -> [String] {
        let base = root["$id"]?.stringValue.map(Self.stripFragment)
        var refs: [String] = []
        Self.collectRefs(root, into: &refs, depth: 0)
        var referenced: [String] = []
        for ref in Set(refs) {
            let target = Self.stripFragment(ref)
            guard !target.isEmpty else { continue }
            var found: [String] = []
            if target.utf8Contains("://") || target.hasPrefix("urn:") {
                if let declarer = id(target) { found.append(declarer) }
            } else {
                if let local = RepositoryPath.join(RepositoryPath.folder(of: path), target), repository.fileExists(local) {
                    found.append(local)
                }
                if let base, let url = Self.resolve(target, against: base), let declarer = id(url) { found.append(declarer) }
            }
            if found.isEmpty { found = named(Self.lastComponent(target)) }
            referenced += found.filter { $0 != path }
        }
        return referenced
    }

    package static func collectRefs(_ value: SourceValue, into refs: inout [String], depth: Int) {
        guard depth < 256 else { return }
        switch value.kind {
        case .object(let object):
            for member in object.members {
                if member.key == "$ref", let text = member.value.stringValue { refs.append(text) }
                collectRefs(member.value, into: &refs, depth: depth + 1)
            }
        case .array(let elements):
            for element in elements { collectRefs(element, into: &refs, depth: depth + 1) }
        default:
            break
        }
    }

    package static func stripFragment(_ text: String) -> String {
        guard let hash = text.utf8FirstIndex(of: UInt8(ascii: "#")) else { return text }
        return String(text[..<hash])
    }

    package static func lastComponent(_ path: String) -> String {
        path.asciiSplit("/").last.map(String.init) ?? path
    }

    /// RFC 3986-style resolution of a relative path reference against an absolute base URL.
    ///
    /// The common case (a plain relative path against a plain base) is answered from the bytes in one
    /// pass over each text; anything else as `resolveByParts` defines it.
    package static func resolve(_ relative: String, against base: String) -> String? {
        let fast = relative.utf8.withContiguousStorageIfAvailable { ref in
            base.utf8.withContiguousStorageIfAvailable { b in plainResolution(ref, against: b) }
        }
        if case .some(.some(.some(let resolved))) = fast { return resolved }
        return resolveByParts(relative, against: base)
    }

    /// `resolve` when the reference and the base's folder are plain paths (no empty, `.` or `..`
    /// segment), the base's path starts with a single `/`, and the joined path cannot read as absolute
    /// (its first byte is ASCII, not `/`, `~` or `\`, and not a letter before `:`); nil otherwise.
    private static func plainResolution(_ ref: UnsafeBufferPointer<UInt8>, against b: UnsafeBufferPointer<UInt8>) -> String? {
        let slash = UInt8(ascii: "/")
        guard let first = ref.first, first != slash else { return nil }
        // The first "://" of the base, then its path's first "/".
        var i = 0
        while i + 2 < b.count, !(b[i] == UInt8(ascii: ":") && b[i + 1] == slash && b[i + 2] == slash) { i += 1 }
        guard i + 2 < b.count else { return nil }
        var pathStart = i + 3
        while pathStart < b.count, b[pathStart] != slash { pathStart += 1 }
        guard pathStart + 1 < b.count, b[pathStart + 1] != slash else { return nil }
        var lastSlash = b.count - 1
        while lastSlash > pathStart, b[lastSlash] != slash { lastSlash -= 1 }
        let folder = UnsafeBufferPointer(rebasing: b[(pathStart + 1)..<max(pathStart + 1, lastSlash)])
        let lead = folder.first ?? first
        let second = folder.isEmpty ? (ref.count > 1 ? ref[1] : 0) : (folder.count > 1 ? folder[1] : slash)
        let isLetter = (lead | 0x20) >= UInt8(ascii: "a") && (lead | 0x20) <= UInt8(ascii: "z")
        guard lead < 0x80, lead != UInt8(ascii: "~"), lead != UInt8(ascii: "\\"), !(isLetter && second == UInt8(ascii: ":")),
              (folder.isEmpty || RepositoryPath.isPlain(folder)), RepositoryPath.isPlain(ref) else { return nil }
        // The authority, "/", the folder and "/" as one slice of the base, then the reference.
        var out = String(decoding: UnsafeBufferPointer(rebasing: b[..<(folder.isEmpty ? pathStart + 1 : lastSlash + 1)]), as: UTF8.self)
        out += String(decoding: ref, as: UTF8.self)
        return out
    }

    /// `resolve` by its parts: the definition the byte path follows.
    package static func resolveByParts(_ relative: String, against base: String) -> String? {
        guard let scheme = base.utf8Range(of: "://") else { return nil }
        let afterScheme = base[scheme.upperBound...]
        let pathStart = afterScheme.utf8FirstIndex(of: UInt8(ascii: "/")) ?? afterScheme.endIndex
        let authority = String(base[..<pathStart])
        if relative.hasPrefix("/") { return authority + relative }
        var basePath = base[pathStart...]
        while basePath.utf8.first == UInt8(ascii: "/") { basePath = basePath.dropFirst() }
        let folder = RepositoryPath.folder(of: String(basePath))
        guard let joined = RepositoryPath.join(folder, relative) else { return nil }
        return authority + "/" + joined
    }
}
