import Foundation
import MagsagSource

/// The whole snapshot a run sees, built once and shared by repository rules.
public final class RepositoryIndex: Sendable {
    /// Every document of the snapshot by path (linted files and context files; deferred ones are made
    /// when first looked up).
    public let documents: DocumentMap
    /// Paths in the lint set; repository rules report only on these.
    public let linted: Set<String>
    /// Every path that exists in the snapshot (including files not parsed, e.g. binaries or oversized).
    /// Given as lists by a hook's source, it is made on first use: whether a file exists, and how many
    /// paths there are, are answered without it.
    public var allPaths: Set<String> {
        switch paths {
        case .set(let set, _): set
        case .listed(let listed, _): listed.set
        }
    }

    private enum Paths {
        /// The paths, and the same keyed for `fileExists` (`PathKey`'s faster hash, `String`'s equality).
        case set(Set<String>, keys: Set<PathKey>)
        /// Every document's path and `pathsWithoutDocuments` (with a small set of the latter).
        case listed(ListedPaths, others: Set<String>)
    }

    private let paths: Paths

    /// How many paths there are (see `allPaths`).
    public var pathCount: Int {
        switch paths {
        case .set(let set, _): set.count
        case .listed(let listed, _): listed.count
        }
    }
    /// Paths deleted by the change being linted (they are gone for cross-file rules).
    public let deleted: Set<String>
    /// Files skipped for their size, with their size in bytes.
    public let oversized: [String: Int]
    /// Every folder that holds at least one file of the snapshot (built on first use).
    public var directories: Set<String> {
        memoized("core.directories", transparent: true) { index in
            var directories: Set<String> = [""]
            for path in index.allPaths {
                var current = Substring(path)
                while let slash = current.utf8LastIndex(of: UInt8(ascii: "/")) {
                    current = current[..<slash]
                    if !directories.insert(String(current)).inserted { break }
                }
            }
            return directories
        }
    }

    /// The revision changes are measured against; nil when the run has no base (work-tree mode).
    public let baseRevision: String?
    /// Base-revision documents of changed files that existed at the base, keyed by their base path.
    public let baseDocuments: [String: LintDocument]
    /// Changed paths that did not exist at the base.
    public let baseAbsent: Set<String>
    /// Renamed paths: path now → path at the base.
    public let baseRenames: [String: String]

    /// The resource bounds of the run (for models that parse or compile, such as the schema store).
    public let limits: ResourceLimits
    /// Set when the parsed snapshot outgrew `limits.index-memory`: the documents are then unparsed and
    /// only rules that read no document run (`RepositoryRule.readsDocuments`).
    public let overflow: IndexOverflow?

    /// Whether some documents are deferred (read on first use, see `FileSet.deferred`): models should
    /// then look documents up as needed rather than walk the whole snapshot.
    public let hasDeferred: Bool

    /// The paths of `documents` in an order that may already be sorted (a listing in git's order), to
    /// spare `sortedPaths` a sort of the whole snapshot; checked before it is trusted.
    private let pathOrder: [String]?

    /// The documents in ascending path order, each once, as the caller made them (`Linter` checks its
    /// merge against the dictionary it built from the same documents): trusted as it is, so a large
    /// snapshot's sorted listing costs no lookup per path.
    private let documentOrder: [LintDocument]?

    private let modelsDirectory = Locked<String?>(nil)
    private let memo = Locked<[String: (value: any Sendable, reads: Set<UInt64>, groups: Set<String>)]>([:])
    private let building = Locked<[String: NSLock]>([:])

    /// A value derived from the snapshot, computed once per run and shared by every rule that asks
    /// with the same key (e.g. the catalog model all catalog rules read). Rules run in parallel; a
    /// per-key lock makes concurrent askers wait for the one build instead of repeating it.
    ///
    /// What the build read is charged to every asker's `ReadLog`. A model that keeps learning after its
    /// build (tables filled on first use) may hand one asker what another's question read: unless the
    /// caller says the value is `transparent` (it keeps nothing it reads later, such as a list of
    /// documents), its askers are joined into one group, charged together (`ReadLog.groupCharges`).
    public func memoized<T: Sendable>(_ key: String, transparent: Bool = false, _ build: (RepositoryIndex) -> T) -> T {
        if let cached = memo.withLock({ $0[key] }), let value = cached.value as? T {
            ReadLog.current?.charge(cached.reads, groups: cached.groups)
            return value
        }
        let lock = building.withLock { locks -> NSLock in
            if let existing = locks[key] { return existing }
            let created = NSLock()
            locks[key] = created
            return created
        }
        lock.lock()
        defer { lock.unlock() }
        if let cached = memo.withLock({ $0[key] }), let value = cached.value as? T {
            ReadLog.current?.charge(cached.reads, groups: cached.groups)
            return value
        }
        let log = ReadLog()
        let value = Timings.measure("memoized: \(key)") { ReadLog.with(log) { build(self) } }
        // The models asked for inside the build are part of it.
        var groups = log.groups
        if !transparent { groups.insert(key) }
        let reads = log.areas
        memo.withLock { $0[key] = (value, reads, groups) }
        ReadLog.current?.charge(reads, groups: groups)
        return value
    }

    public convenience init(documents: [String: LintDocument], linted: Set<String>, allPaths: Set<String>, deleted: Set<String> = [],
                            oversized: [String: Int] = [:], baseRevision: String? = nil, baseDocuments: [String: LintDocument] = [:],
                            baseAbsent: Set<String> = [], baseRenames: [String: String] = [:], limits: ResourceLimits = ResourceLimits(),
                            overflow: IndexOverflow? = nil, pathOrder: [String]? = nil, documentOrder: [LintDocument]? = nil,
                            allPathsHoldDocuments: Bool = false) {
        self.init(documentMap: DocumentMap(documents), linted: linted, allPaths: allPaths, deleted: deleted, oversized: oversized,
                  baseRevision: baseRevision, baseDocuments: baseDocuments, baseAbsent: baseAbsent, baseRenames: baseRenames,
                  limits: limits, overflow: overflow, pathOrder: pathOrder, documentOrder: documentOrder,
                  allPathsHoldDocuments: allPathsHoldDocuments)
    }

    init(documentMap documents: DocumentMap, linted: Set<String>, allPaths: Set<String>, deleted: Set<String>, oversized: [String: Int],
         baseRevision: String?, baseDocuments: [String: LintDocument], baseAbsent: Set<String>, baseRenames: [String: String],
         limits: ResourceLimits, overflow: IndexOverflow?, pathOrder: [String]?, documentOrder: [LintDocument]?,
         allPathsHoldDocuments: Bool, pathsWithoutDocuments: [String]? = nil, listedPaths: ListedPaths? = nil) {
        self.pathOrder = pathOrder
        self.documentOrder = documentOrder.flatMap { $0.count == documents.count ? $0 : nil }
        self.limits = limits
        self.overflow = overflow
        self.documents = documents
        self.hasDeferred = documents.hasDeferred
        self.baseRevision = baseRevision
        self.baseDocuments = baseDocuments
        self.baseAbsent = baseAbsent
        self.baseRenames = baseRenames
        self.linted = linted
        self.deleted = deleted
        self.oversized = oversized
        // A hook or a CI diff changes a few files: asked for every path of the snapshot, a short list
        // compared string by string answers sooner than three hashed lookups.
        let changedCount = baseAbsent.count + baseDocuments.count + deleted.count
        fewChangedSinceBase = changedCount <= 16 ? Array(baseAbsent) + Array(baseDocuments.keys) + Array(deleted) : nil
        // Paths given as lists that hold every document and the paths without one (oversized files
        // among them) are kept so; the set is made only if asked for.
        if let listedPaths, allPathsHoldDocuments, let others = pathsWithoutDocuments,
           others.count + documents.count == listedPaths.count, oversized.keys.allSatisfy(others.contains) {
            self.paths = .listed(listedPaths, others: Set(others))
            self.pathsWithoutDocuments = others
            return
        }
        let allPaths = listedPaths?.set ?? allPaths
        // Callers usually list every document among the paths already: no copy of the set then.
        var paths = allPaths
        // A caller that knows every document's path is among them spares a lookup per document (85,000
        // in a hook on a large snapshot); debug builds check that it is right.
        if allPathsHoldDocuments {
            assert(documents.keys.allSatisfy(allPaths.contains), "a document's path is missing from allPaths")
        } else {
            for path in documents.keys where !paths.contains(path) { paths.insert(path) }
        }
        for path in oversized.keys where !paths.contains(path) { paths.insert(path) }
        var keys = Set<PathKey>(minimumCapacity: paths.count)
        for path in paths { keys.insert(PathKey(path)) }
        self.paths = .set(paths, keys: keys)
        // Trusted only with every document's path among the paths, and then only when they add up.
        self.pathsWithoutDocuments = allPathsHoldDocuments ? pathsWithoutDocuments.flatMap {
            $0.count + documents.count == paths.count ? $0 : nil
        } : nil
    }

    /// The paths without a document, when the source listed them (see `FileSet.pathsWithoutFiles`).
    private let pathsWithoutDocuments: [String]?

    /// Every path `changedSinceBase` admits, when there are few of them.
    private let fewChangedSinceBase: [String]?

    /// The folders at the top of the snapshot (first path components of nested files), built on first use
    /// from the sorted paths without the set of every folder: past an ASCII folder's first path, a binary
    /// search skips the rest of its paths (they lie between "folder/" and "folder0").
    public var topLevelDirectories: Set<String> {
        memoized("core.topLevelDirectories", transparent: true) { index in
            // Paths kept as lists: each list walked on its own, without merging them into one.
            if case .listed(_, let others) = index.paths, var folders = index.documents.topLevelFolders() {
                for path in others { if let folder = Self.topLevelFolder(of: path) { folders.insert(folder) } }
                return folders
            }
            let paths = index.sortedAllPaths
            return Self.topLevelFolders(count: paths.count) { paths[$0] }
        }
    }

    /// The first path components of the nested paths among `count` ascending paths (`path(i)`): past an
    /// ASCII folder's first path, a binary search skips the rest of its paths (they lie between
    /// "folder/" and "folder0").
    static func topLevelFolders(count: Int, path: (Int) -> String) -> Set<String> {
        var folders: Set<String> = []
        var last: Substring = ""
        var at = 0
        while at < count {
            let current = path(at)
            guard let slash = current.utf8FirstIndex(of: UInt8(ascii: "/")), slash != current.startIndex else {
                at += 1
                continue
            }
            let folder = current[..<slash]
            if folder != last {
                last = folder
                folders.insert(String(folder))
            }
            if folder.utf8AllBytes(satisfy: { $0 < 0x80 }) {
                at = max(at + 1, Self.lowerBound(String(folder) + "0", count: count, key: path))
            } else {
                at += 1
            }
        }
        return folders
    }

    /// The first component of `path` when it is nested (a slash follows a non-empty first component).
    static func topLevelFolder(of path: String) -> String? {
        guard let slash = path.utf8FirstIndex(of: UInt8(ascii: "/")), slash != path.startIndex else { return nil }
        return String(path[..<slash])
    }

    /// The paths of the snapshot under the ASCII `folder` (given without its trailing `/`), ascending:
    /// those between "folder/" and "folder0", as `range(under:in:)` finds them in `sortedAllPaths` (a
    /// path whose `/` a combining mark follows may be among them: callers test each path). Paths kept
    /// as lists are searched list by list, without merging every path into one array. Nil for a
    /// non-ASCII or empty folder (callers walk `sortedAllPaths` then).
    public func sortedAllPaths(under folder: String) -> [String]? {
        guard !folder.isEmpty, folder.utf8AllBytes(satisfy: { $0 < 0x80 }) else { return nil }
        let lower = folder + "/", upper = folder + "0"
        if case .listed(_, let others) = paths, let inDocuments = documents.sortedKeys(from: lower, below: upper) {
            return Linter.merged(others.filter { $0 >= lower && $0 < upper }.sorted(), inDocuments)
        }
        guard let range = Self.range(under: folder, in: sortedAllPaths) else { return nil }
        return Array(sortedAllPaths[range])
    }

    /// Whether a repository-relative path exists (as a file) in the snapshot.
    public func fileExists(_ path: String) -> Bool {
        switch paths {
        case .set(_, let keys): keys.contains(PathKey(path))
        case .listed(_, let others): documents[path] != nil || others.contains(path)
        }
    }

    /// Whether any file lives under `directory` (a folder exists in git only through its files).
    public func directoryExists(_ directory: String) -> Bool {
        var key = Substring(directory)
        while key.hasSuffix("/") { key = key.dropLast() }
        guard !key.isEmpty, key.utf8AllBytes(satisfy: { $0 < 0x80 }) else { return directories.contains(String(key)) }
        // An ASCII folder: the paths under it lie together in the sorted listing, between "key/" and
        // "key0" ('0' follows '/'; strings compare canonically, as the set of folders does); a binary
        // search spares building that set.
        let (lower, upper) = (String(key) + "/", String(key) + "0")
        if case .listed(_, let others) = paths, let inDocuments = documents.keyCount(from: lower, below: upper) {
            return inDocuments > 0 || others.contains { $0 >= lower && $0 < upper }
        }
        guard let range = Self.range(under: String(key), in: sortedAllPaths) else { return directories.contains(String(key)) }
        return !range.isEmpty
    }

    /// Where the paths under `folder` (given without its trailing `/`) lie in `sorted` (ascending):
    /// between "folder/" and "folder0" ('0' follows '/'; strings compare canonically, as `hasPrefix`
    /// does), found by two binary searches. The range holds every path with the prefix `folder/` (and
    /// may hold a path whose `/` a combining mark follows, which `hasPrefix` refuses: callers test each
    /// path as before, over far fewer paths). Nil for a non-ASCII folder (callers walk every path then).
    public static func range(under folder: String, in sorted: [String]) -> Range<Int>? {
        guard !folder.isEmpty, folder.utf8AllBytes(satisfy: { $0 < 0x80 }) else { return nil }
        let low = lowerBound(folder + "/", count: sorted.count) { sorted[$0] }
        return low..<max(low, lowerBound(folder + "0", count: sorted.count) { sorted[$0] })
    }

    /// The place of `path` in `sorted` (ascending), by binary search.
    public static func index(of path: String, in sorted: [String]) -> Int? {
        let at = lowerBound(path, count: sorted.count) { sorted[$0] }
        return at < sorted.count && sorted[at] == path ? at : nil
    }

    /// The first of `count` ascending keys (`key(i)` for i in 0..<count) that is not below `bound`.
    public static func lowerBound(_ bound: String, count: Int, key: (Int) -> String) -> Int {
        var first = 0, last = count
        while first < last {
            let middle = (first + last) / 2
            if key(middle) < bound { first = middle + 1 } else { last = middle }
        }
        return first
    }

    /// Read and parse, on all cores, the deferred documents among `paths` that are not loaded yet (see
    /// `FileSet.deferred`): for models about to walk many documents in order. Paths without a document
    /// are ignored.
    public func prefetch(_ paths: some Sequence<String>) {
        let pending = paths.compactMap { documents[$0] }.filter { !$0.isLoaded }
        guard pending.count > 1 else { return }
        _ = Parallel.map(pending) { $0.values.count }
    }

    /// The JSON documents that are not deleted, in path order, each with whether it may declare `$` keys
    /// (`$ref`, `$id`) that reference models must follow. Fixtures and examples (`isInstanceData`) never
    /// do: they hold instance data, where a `$ref` key is data. Any other document does when it was parsed
    /// up front, and a deferred one when its bytes pass `LintDocument.mayHaveDollarKeys` (it is then
    /// parsed, on all cores). Plain data files stay unparsed. Computed once per run.
    public var jsonDocuments: [(document: LintDocument, mayHaveDollarKeys: Bool)] {
        memoized("core.jsonDocuments", transparent: true) { index in
            let json = index.sortedDocuments(kind: .json) { path in !index.deleted.contains(path) }
            let flags = Parallel.map(json) { document in
                !Self.isInstanceData(document.path) && (document.isLoaded || document.mayHaveDollarKeys)
            }
            index.prefetch(zip(json, flags).compactMap { $1 ? $0.path : nil })
            return Array(zip(json, flags)).map { (document: $0.0, mayHaveDollarKeys: $0.1) }
        }
    }

    /// Whether a path holds instance data rather than a schema: a file under a `fixtures/` folder or a
    /// skill's `resources/examples/`, unless it is named like a schema (`*.schema.json`, `_schemas/`).
    public static func isInstanceData(_ path: String) -> Bool {
        let lower = path.lowercasedIfNeeded()
        guard lower.utf8Contains("/fixtures/") || lower.hasPrefix("fixtures/") || lower.utf8Contains("/resources/examples/") else {
            return false
        }
        return !(lower.hasSuffix(".schema.json") || lower.hasPrefix("_schemas/") || lower.utf8Contains("/_schemas/"))
    }

    /// Documents in path order, for deterministic iteration.
    public var sortedDocuments: [LintDocument] {
        memoized("core.sortedDocuments", transparent: true) { index in
            if let order = index.documentOrder { return order }
            if index.documents.isLazy { return index.documents.sorted { _ in true } }
            return index.sortedPaths.compactMap { index.documents[$0] }
        }
    }

    /// The documents whose path passes `include`, in path order. Deferred documents that do not pass are
    /// not made: a model that wants a few kinds of file out of a large snapshot asks this rather than
    /// filtering `sortedDocuments`.
    ///
    /// With `needles`, documents that certainly lack all of them (`LintDocument.certainlyLacks(anyOf:)`,
    /// known from stored sketches) are left out as well, deferred ones without being made: a model
    /// searching a large snapshot for a few strings asks this rather than testing each document.
    public func sortedDocuments(kind: DocumentKind? = nil, where include: (String) -> Bool = { _ in true },
                                unlessLacking needles: NeedleSet? = nil) -> [LintDocument] {
        if documents.isLazy { return documents.sorted(kind: kind, where: include, unlessLacking: needles) }
        let chosen = sortedDocuments.filter { (kind == nil || $0.kind == kind) && include($0.path) }
        guard let needles else { return chosen }
        return chosen.filter { !$0.certainlyLacks(anyOf: needles) }
    }

    /// The documents of `kind` whose path passes `include`, in path order, without the deferred ones
    /// whose blob's value in `digests` `keep` rejects (they are not made); `unknown` lists the deferred
    /// ones without a value, for the caller to learn theirs. Nil when no deferred document can be looked
    /// up this way (none is deferred, or all were made at once): the caller then walks the documents.
    public func sortedDocuments(kind: DocumentKind, where include: @escaping @Sendable (String) -> Bool, digests: BlobDigestTable,
                                keep: @escaping @Sendable (UInt64) -> Bool) -> (documents: [LintDocument], unknown: [LintDocument])? {
        guard documents.isLazy else { return nil }
        return documents.sorted(kind: kind, where: include, digests: digests, keep: keep)
    }

    /// Where tables kept between runs for this snapshot's models live (`BlobDigestTable`): set when the
    /// run keeps facts about deferred blobs (a cache is in use and part of the snapshot is deferred).
    public var storedModelsDirectory: String? { modelsDirectory.withLock { $0 } }

    /// Set by the run that built the index (see `storedModelsDirectory`).
    func setStoredModelsDirectory(_ directory: String?) {
        modelsDirectory.withLock { $0 = directory }
    }

    /// The JSON documents that are not deleted and not instance data (fixtures, examples), in path order:
    /// what the schema reference models search (computed once per run).
    public var sortedSchemaCandidates: [LintDocument] {
        memoized("core.sortedSchemaCandidates", transparent: true) { index in
            index.sortedDocuments(kind: .json) { path in !index.deleted.contains(path) && !Self.isInstanceData(path) }
        }
    }

    /// Paths of `documents`, sorted (computed once per run: rules walk them in order).
    public var sortedPaths: [String] {
        memoized("core.sortedPaths", transparent: true) { index in
            if let order = index.documentOrder { return order.map(\.path) }
            if let sorted = index.documents.sortedKeys { return sorted }
            // A listing already in order (every document once, strictly ascending) is used as it is.
            if let order = index.pathOrder, order.count == index.documents.count,
               zip(order, order.dropFirst()).allSatisfy({ $0 < $1 }), order.allSatisfy({ index.documents[$0] != nil }) {
                return order
            }
            return index.documents.keys.sorted()
        }
    }

    /// The linted paths that have a document, with it, in path order (made once per run: rules that walk
    /// the linted documents then look none up by path).
    public var sortedLintedDocuments: [(path: String, document: LintDocument)] {
        memoized("core.sortedLintedDocuments", transparent: true) { index in
            index.sortedLinted.compactMap { path in index.documents[path].map { (path, $0) } }
        }
    }

    /// `linted`, sorted (computed once per run).
    public var sortedLinted: [String] {
        memoized("core.sortedLinted", transparent: true) { index in
            // A full check lints every document: their paths are in order already when the documents were
            // listed in order (one membership test each instead of a sort).
            if index.documentOrder != nil, index.linted.count == index.documents.count {
                let paths = index.sortedPaths
                if paths.allSatisfy(index.linted.contains) { return paths }
            }
            return index.linted.sorted()
        }
    }

    /// `allPaths`, sorted (computed once per run).
    public var sortedAllPaths: [String] {
        memoized("core.sortedAllPaths", transparent: true) { index in
            // Every document is among the paths: with the documents in order already (a listing), only the
            // few other paths need sorting, then one merge.
            guard index.pathOrder != nil || index.documentOrder != nil || index.documents.isLazy else { return index.allPaths.sorted() }
            // `allPaths` holds every document's path (the initializer adds any missing): as many paths as
            // documents means no other path, found without a lookup per path (85,000 in a hook); the source
            // may have listed the others.
            let others = index.pathCount == index.documents.count
                ? [] : (index.pathsWithoutDocuments ?? index.allPaths.filter { index.documents[$0] == nil }).sorted()
            // The few other paths are placed into the long ascending list by binary search.
            return Linter.merged(others, index.sortedPaths, listedAscending: true)
        }
    }

    /// Whether the run compares with a base revision (`--since`, `--range`, `--staged`).
    public var hasBase: Bool { baseRevision != nil }

    /// The document at `path` as it was at the base revision (a base path: for a renamed file pass the
    /// old path, see `basePath(of:)`): the base content for changed files, the current document for
    /// unchanged ones, nil when the path did not exist at the base or the run has no base.
    public func baseDocument(_ path: String) -> LintDocument? {
        guard hasBase else { return nil }
        if let document = baseDocuments[path] { return document }
        if baseAbsent.contains(path) || deleted.contains(path) { return nil }
        return documents[path]
    }

    /// Where the file now at `path` lived at the base (its old path when renamed).
    public func basePath(of path: String) -> String { baseRenames[path] ?? path }

    /// Every path `changedSinceBase` admits, sorted: found from the change itself (a few paths in a
    /// hook), not by asking about each path of the snapshot.
    public var changedSinceBasePaths: [String] {
        guard hasBase else { return [] }
        return baseAbsent.union(baseDocuments.keys).union(deleted).sorted()
    }

    /// Whether the file at `path` differs from its base version (or is new); false without a base.
    public func changedSinceBase(_ path: String) -> Bool {
        guard hasBase else { return false }
        if let fewChangedSinceBase { return fewChangedSinceBase.contains(path) }
        return baseAbsent.contains(path) || baseDocuments[path] != nil || deleted.contains(path)
    }
}
