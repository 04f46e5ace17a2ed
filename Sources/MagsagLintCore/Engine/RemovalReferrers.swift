import MagsagSource

/// The unchanged files of a snapshot that may still refer to something a change removed: a deleted
/// file, the old path of a renamed one, a heading anchor a changed Markdown page no longer has, a
/// definition (`$defs`, `definitions`) or an `$id` a changed schema no longer has.
/// They are found by searching their bytes for names of what was removed.
///
/// Repository rules look at these files as if they were linted; a finding on one is reported as a
/// consequence of the change only when it names what was removed (`isNamed(in:)`), so the descriptor
/// that still declares a deleted contract, or the page linking to a moved page or a renamed heading,
/// stops the commit while the file's older, unrelated findings stay out of the report.
struct RemovalReferrers: Sendable {
    /// Paths of unchanged files whose bytes contain a name of something removed.
    let referrers: Set<String>
    /// The names searched for (UTF-8).
    private let names: [[UInt8]]
    private let removed: Set<String>
    /// Removed anchors: the page's path and `#anchor`, both of which a finding must name.
    private let anchors: [(path: String, fragment: String)]

    /// A removed path is searched for by its file name when no other file of the snapshot has that name,
    /// else by its last two path components; a descriptor (`agent.yaml`, `skill.yaml`, `SKILL.md`) also by
    /// its folder name, which references to the agent or skill use. A removed anchor is searched for as
    /// `<file name>#<anchor>`, in Markdown files.
    init(gone: Set<String>, removedAnchors: [String: Set<String>], removedReferences: Set<String> = [],
         documents: DocumentMap, excluding linted: Set<String>) {
        removed = gone
        var counts: [Substring: Int] = [:]
        if !gone.isEmpty {
            for path in documents.keys { counts[Self.lastComponent(path), default: 0] += 1 }
        }
        var needles: Set<String> = []
        for path in gone {
            let components = path.split(separator: "/")
            guard let name = components.last else { continue }
            if counts[name, default: 0] == 0 || components.count < 2 {
                needles.insert(String(name))
            } else {
                needles.insert(components.suffix(2).joined(separator: "/"))
            }
            if ["agent.yaml", "agent.yml", "skill.yaml", "skill.yml", "SKILL.md"].contains(name), components.count >= 2 {
                needles.insert(String(components[components.count - 2]))
            }
        }
        needles.formUnion(removedReferences)
        var anchorNeedles: Set<String> = []
        var anchors: [(path: String, fragment: String)] = []
        for (path, removedSet) in removedAnchors.sorted(by: { $0.key < $1.key }) {
            for anchor in removedSet.sorted() {
                anchors.append((path, "#" + anchor))
                anchorNeedles.insert(String(Self.lastComponent(path)) + "#" + anchor)
            }
        }
        self.anchors = anchors
        let names = needles.sorted().map { Array($0.utf8) }
        let anchorNames = anchorNeedles.sorted().map { Array($0.utf8) }
        self.names = names
        // Chosen by path before any deferred document is made.
        let candidates = documents.sorted { path in
            let kind = DocumentKind.of(path: path)
            return !linted.contains(path) && !gone.contains(path) && kind != .other && (!names.isEmpty || kind == .markdown)
        }
        let nameSet = NeedleSet(names), markdownSet = NeedleSet(names + anchorNames)
        let hits = Parallel.map(candidates) { document in
            if document.certainlyLacks(anyOf: document.kind == .markdown ? markdownSet : nameSet) { return false }
            let bytes = document.bytes[...]
            if names.contains(where: { ByteSearch.contains(bytes, $0) }) { return true }
            return document.kind == .markdown && anchorNames.contains { ByteSearch.contains(bytes, $0) }
        }
        referrers = Set(zip(candidates, hits).compactMap { $1 ? $0.path : nil })
    }

    /// Whether there is anything to look for.
    var isEmpty: Bool { names.isEmpty && anchors.isEmpty }

    /// Whether a finding names something removed: a removed path in its message, notes or help, or as a
    /// related location; or a removed anchor together with its page.
    func isNamed(in diagnostic: Diagnostic) -> Bool {
        if diagnostic.related.contains(where: { removed.contains($0.path) }) { return true }
        let texts = [diagnostic.message, diagnostic.help ?? ""] + diagnostic.notes
        return texts.contains { text in
            let bytes = Array(text.utf8)[...]
            if names.contains(where: { ByteSearch.contains(bytes, $0) }) { return true }
            return anchors.contains { text.utf8Contains($0.fragment) && text.utf8Contains($0.path) }
        }
    }

    /// Heading and HTML anchors that a changed Markdown page had at the base and no longer has, by path.
    static func removedAnchors(linted: [LintDocument], base: (String) -> LintDocument?) -> [String: Set<String>] {
        var removed: [String: Set<String>] = [:]
        for document in linted where document.kind == .markdown {
            guard let before = base(document.path)?.markdown, let after = document.markdown else { continue }
            let gone = anchorNames(before).subtracting(anchorNames(after))
            if !gone.isEmpty { removed[document.path] = gone }
        }
        return removed
    }

    /// `<file name>#/$defs/<name>` (and `#/definitions/<name>`) for each definition a changed JSON schema
    /// had at the base and no longer has: the text of a `$ref` from another schema that now dangles.
    static func removedDefinitions(linted: [LintDocument], base: (String) -> LintDocument?) -> Set<String> {
        var removed: Set<String> = []
        for document in linted where document.kind == .json {
            guard let before = base(document.path)?.root?.objectValue else { continue }
            let after = document.root?.objectValue
            let name = lastComponent(document.path)
            for container in ["$defs", "definitions"] {
                guard let old = before[container]?.objectValue else { continue }
                let kept = Set(after?[container]?.objectValue?.keys ?? [])
                for key in old.keys where !kept.contains(key) {
                    removed.insert("\(name)#/\(container)/\(key)")
                }
            }
        }
        return removed
    }

    /// The last segment (after the last `/` or `:`, without fragment) of each `$id` a changed JSON schema
    /// declared at the base and no longer declares (`"id"` in a draft-4 or older schema): a `$ref` that
    /// resolved to it, absolute or relative, holds that segment and now dangles. A folder-like `$id`
    /// (empty last segment) is searched for whole. Plain `"id"` values elsewhere are data (an example's
    /// `"id": "1"`), and searching for them would take in unrelated files.
    static func removedIdentifiers(linted: [LintDocument], base: (String) -> LintDocument?) -> Set<String> {
        var removed: Set<String> = []
        for document in linted where document.kind == .json {
            guard let before = base(document.path)?.root else { continue }
            var old: Set<String> = []
            var kept: Set<String> = []
            collectIdentifiers(before, keys: identifierKeys(before), into: &old, depth: 0)
            if let after = document.root { collectIdentifiers(after, keys: identifierKeys(after), into: &kept, depth: 0) }
            for id in old.subtracting(kept) {
                let segment = id.split(whereSeparator: { $0 == "/" || $0 == ":" }).last.map(String.init) ?? ""
                removed.insert(segment.isEmpty || id.hasSuffix("/") ? id : segment)
            }
        }
        return removed
    }

    /// The keys that declare identifiers in a schema: `$id`, and `id` when its `$schema` is draft 4 or older.
    private static func identifierKeys(_ root: SourceValue) -> [String] {
        let dialect = root["$schema"]?.stringValue ?? ""
        return ["draft-04", "draft-03"].contains(where: { dialect.utf8Contains($0) }) ? ["$id", "id"] : ["$id"]
    }

    /// Every string value of `keys` under `value`, without fragment (fragment-only ones skipped).
    private static func collectIdentifiers(_ value: SourceValue, keys: [String], into ids: inout Set<String>, depth: Int) {
        guard depth < 256, let object = value.objectValue else {
            for element in value.arrayValue ?? [] { collectIdentifiers(element, keys: keys, into: &ids, depth: depth + 1) }
            return
        }
        for key in keys {
            guard let text = object[key]?.stringValue else { continue }
            let stripped = text.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
            if !stripped.isEmpty { ids.insert(stripped) }
        }
        for member in object.members { collectIdentifiers(member.value, keys: keys, into: &ids, depth: depth + 1) }
    }

    private static func anchorNames(_ markdown: MarkdownDocument) -> Set<String> {
        Set(markdown.headings.map(\.anchor)).union(markdown.htmlAnchors.keys)
    }

    private static func lastComponent(_ path: String) -> Substring {
        path.split(separator: "/").last ?? Substring(path)
    }
}
