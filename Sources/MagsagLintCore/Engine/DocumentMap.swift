import MagsagSource

/// Every document of a snapshot by path: the documents made up front (parsed or unparsed), and the
/// deferred ones, which are made the first time they are looked up.
///
/// A hook on a large snapshot defers tens of thousands of files and its rules open a few of them: making
/// a `LintDocument` for each, and hashing each path into a dictionary, was work per file of the
/// repository in every run. The deferred files are kept in ascending path order instead, found by
/// binary search, and each document is made once, by whichever thread asks first.
public struct DocumentMap: Sendable, Sequence {
    /// The documents made up front (keyed with `PathKey`'s faster hash; equality stays `String`'s).
    private let made: [PathKey: LintDocument]
    /// The deferred files, none of them among `made`.
    private let table: DeferredDocuments?

    /// A map of documents made already.
    public init(_ documents: [String: LintDocument] = [:]) {
        self.init(byKey: Self.keyed(documents))
    }

    init(byKey documents: [PathKey: LintDocument]) {
        made = documents
        table = nil
    }

    /// `made`, and `deferred` made on first use. Nil when the deferred files are not in strictly
    /// ascending order or share a path with `made` (the caller then makes every document up front).
    init?(made: [String: LintDocument], deferred table: DeferredDocuments) {
        self.init(byKey: Self.keyed(made), deferred: table)
    }

    init?(byKey made: [PathKey: LintDocument], deferred table: DeferredDocuments) {
        guard table.isAscending, !made.keys.contains(where: { table.position(of: $0.string) != nil }) else { return nil }
        self.made = made
        self.table = table.files.isEmpty ? nil : table
    }

    private static func keyed(_ documents: [String: LintDocument]) -> [PathKey: LintDocument] {
        var keyed: [PathKey: LintDocument] = [:]
        keyed.reserveCapacity(documents.count)
        for (path, document) in documents { keyed[PathKey(path)] = document }
        return keyed
    }

    /// The document at `path`.
    public subscript(path: String) -> LintDocument? {
        if let document = made[PathKey(path)] { return document }
        guard let table, let position = table.position(of: path) else { return nil }
        return table.document(at: position)
    }

    /// How many documents there are (deferred ones included, made or not).
    public var count: Int { made.count + (table?.files.count ?? 0) }
    public var isEmpty: Bool { count == 0 }

    /// Every path, in no particular order.
    public var keys: [String] { made.keys.map(\.string) + (table?.files.map(\.path) ?? []) }

    /// Whether some documents are deferred (or were made deferred).
    var hasDeferred: Bool { table != nil || made.values.contains { !$0.isLoaded } }

    /// Whether some documents are made on first lookup (then `sortedKeys` is known and `sorted(where:)`
    /// chooses by path before making any).
    var isLazy: Bool { table != nil }

    /// Every path in ascending order, when the order is known without sorting every path: the made
    /// documents' paths (few, in a hook) sorted and merged into the deferred files' order.
    var sortedKeys: [String]? {
        guard let table else { return nil }
        return Linter.merged(made.keys.map(\.string).sorted(), table.files.map(\.path), listedAscending: true)
    }

    /// The paths from `lower` (included) to `upper` (excluded), ascending, found by binary search in the
    /// deferred files' order: nil when the documents were all made up front (no such order is known).
    func sortedKeys(from lower: String, below upper: String) -> [String]? {
        guard let table, let range = deferredRange(from: lower, below: upper) else { return nil }
        let madeHere = made.keys.map(\.string).filter { $0 >= lower && $0 < upper }.sorted()
        return Linter.merged(madeHere, table.files[range].map(\.path), listedAscending: true)
    }

    /// How many paths lie from `lower` (included) to `upper` (excluded); nil as for `sortedKeys(from:below:)`.
    func keyCount(from lower: String, below upper: String) -> Int? {
        guard let range = deferredRange(from: lower, below: upper) else { return nil }
        return range.count + made.keys.count { $0.string >= lower && $0.string < upper }
    }

    /// Where the deferred files from `lower` (included) to `upper` (excluded) lie, by binary search.
    private func deferredRange(from lower: String, below upper: String) -> Range<Int>? {
        guard let table else { return nil }
        let files = table.files
        let low = RepositoryIndex.lowerBound(lower, count: files.count) { files[$0].path }
        return low..<Swift.max(low, RepositoryIndex.lowerBound(upper, count: files.count) { files[$0].path })
    }

    /// The folders at the top of the documents' paths, found in the deferred files' order with the
    /// skips of `RepositoryIndex.topLevelFolders`; nil as for `sortedKeys(from:below:)`.
    func topLevelFolders() -> Set<String>? {
        guard let table else { return nil }
        let files = table.files
        var folders = RepositoryIndex.topLevelFolders(count: files.count) { files[$0].path }
        for path in made.keys { if let folder = RepositoryIndex.topLevelFolder(of: path.string) { folders.insert(folder) } }
        return folders
    }

    /// The documents of `kind` (any kind when nil) whose path passes `include`, in path order: deferred
    /// files that do not pass are not made.
    /// With `needles`, documents that certainly lack all of them (`LintDocument.certainlyLacks(anyOf:)`)
    /// are left out too, and deferred ones are left out without being made.
    func sorted(kind: DocumentKind? = nil, where include: (String) -> Bool, unlessLacking needles: NeedleSet? = nil) -> [LintDocument] {
        var chosen = made.values.filter { (kind == nil || $0.kind == kind) && include($0.path) }.sorted { $0.path < $1.path }
        if let needles { chosen.removeAll { $0.certainlyLacks(anyOf: needles) } }
        guard let table else { return chosen }
        let files = table.files
        var positions = files.indices.filter { (kind == nil || files[$0].kind == kind) && include(files[$0].path) }
        if let needles { positions = table.positions(positions, unlessLacking: needles) }
        return Linter.merged(chosen, table.documents(at: positions), by: \.path, listedAscending: true)
    }

    /// The documents of `kind` whose path passes `include`, in path order, split by a table of values
    /// kept per blob (`BlobDigestTable`): a deferred document whose blob has a stored value is listed only
    /// when `keep` accepts the value, without being made; one without is listed in `unknown` too, for the
    /// caller to work its value out and learn it. Documents made already are always listed. Nil when
    /// there are no deferred documents to look up.
    func sorted(kind: DocumentKind, where include: @escaping @Sendable (String) -> Bool, digests: BlobDigestTable,
                keep: @escaping @Sendable (UInt64) -> Bool) -> (documents: [LintDocument], unknown: [LintDocument])? {
        guard let table else { return nil }
        let chosen = made.values.filter { $0.kind == kind && include($0.path) }.sorted { $0.path < $1.path }
        let (kept, unknown) = table.positions(kind: kind, where: include, digests: digests, keep: keep)
        let listed = Linter.merged(chosen, table.documents(at: kept), by: \.path, listedAscending: true)
        return (listed, table.documents(at: unknown))
    }

    /// Every document, in no particular order (deferred ones are made).
    public var values: [LintDocument] { map(\.value) }

    /// How many deferred documents were made so far (for tests and timings).
    var deferredMade: Int { table?.madeCount ?? 0 }

    /// Every document, in no particular order (deferred ones are made).
    public func makeIterator() -> some IteratorProtocol<(key: String, value: LintDocument)> {
        var all = made.map { (key: $0.key.string, value: $0.value) }
        if let table {
            let documents = table.documents(at: Array(table.files.indices))
            all += documents.map { (key: $0.path, value: $0) }
        }
        return all.makeIterator()
    }
}

/// Deferred files and, once asked for, their documents (see `DocumentMap`).
final class DeferredDocuments: Sendable {
    /// The files, in the order given (ascending by path when `isAscending`).
    let files: [DeferredFile]
    /// Each file's area (`ReadLog.area(of:kind:)`), when worked out already.
    private let areas: [UInt64]?
    private let limits: ResourceLimits
    private let facts: BlobFacts?
    /// The documents made so far, spread over a few locks by position: threads making documents
    /// together (a model walking many of them on all cores) seldom wait for one another.
    private let stripes: [Locked<[LintDocument?]>]
    private static let stripeBits = 4

    /// Whether the paths are strictly ascending (required for lookups by path).
    let isAscending: Bool

    /// `inPathOrder`: the caller knows the files to be in strictly ascending path order (else checked).
    init(_ files: [DeferredFile], areas: [UInt64]?, limits: ResourceLimits, facts: BlobFacts?, inPathOrder: Bool = false) {
        self.files = files
        self.areas = areas.flatMap { $0.count == files.count ? $0 : nil }
        self.limits = limits
        self.facts = facts
        let stripeCount = 1 << Self.stripeBits
        stripes = (0..<stripeCount).map { stripe in
            Locked([LintDocument?](repeating: nil, count: (files.count + stripeCount - 1 - stripe) >> Self.stripeBits))
        }
        var ascending = true
        var at = inPathOrder ? files.count : 1
        while ascending, at < files.count {
            ascending = files[at - 1].path < files[at].path
            at += 1
        }
        isAscending = ascending
    }

    /// The position of `path` among the files (binary search; they must be ascending).
    func position(of path: String) -> Int? {
        let at = RepositoryIndex.lowerBound(path, count: files.count) { files[$0].path }
        return at < files.count && files[at].path == path ? at : nil
    }

    /// The document of the file at `position`, made on first use.
    func document(at position: Int) -> LintDocument {
        let stripe = stripes[position & ((1 << Self.stripeBits) - 1)], slot = position >> Self.stripeBits
        if let made = stripe.withLock({ $0[slot] }) { return made }
        // Made outside the lock; when another thread got there first, its document is the one kept.
        let made = LintDocument(deferred: files[position], limits: limits, facts: facts, area: areas?[position])
        return stripe.withLock { slots in
            if let first = slots[slot] { return first }
            slots[slot] = made
            return made
        }
    }

    /// The document at `position` if it was made already.
    private func madeDocument(at position: Int) -> LintDocument? {
        stripes[position & ((1 << Self.stripeBits) - 1)].withLock { $0[position >> Self.stripeBits] }
    }

    /// `positions` without the files that certainly lack every one of `needles`, in the same order: what
    /// `LintDocument.certainlyLacks(anyOf:)` answers, worked out from the stored sketches of files whose
    /// documents were not made, without making them (facts looked up in batches, on all cores). Each
    /// file's area is noted as read, as asking its document would.
    func positions(_ positions: [Int], unlessLacking needles: NeedleSet) -> [Int] {
        let chunk = 1_024
        let starts = Array(stride(from: 0, to: positions.count, by: chunk))
        let files = files, areas = areas, facts = facts
        let kept = Parallel.map(starts) { start -> [Int] in
            let part = positions[start..<min(start + chunk, positions.count)]
            var keep = [Bool](repeating: true, count: part.count)
            var asked: [Int] = [], keys: [BlobFacts.Key?] = []
            asked.reserveCapacity(part.count)
            keys.reserveCapacity(part.count)
            var noted: UInt64 = 0
            var memo = ReadLog.AreaMemo()
            // Files read in place through the buffer (through the array, each was copied whole, its
            // references counted, to read two fields).
            files.withUnsafeBufferPointer { files in
                for (offset, position) in part.enumerated() {
                    if let made = self.madeDocument(at: position) {
                        keep[offset] = !made.certainlyLacks(anyOf: needles)
                        continue
                    }
                    let area = areas?[position] ?? memo.area(of: files[position].path, kind: files[position].kind)
                    if area != noted {
                        ReadLog.note(area)
                        noted = area
                    }
                    if facts != nil {
                        asked.append(offset)
                        keys.append(files[position].withIdentity { BlobFacts.Key(tag: LintDocument.sketchTag, identity: $0) })
                    }
                }
            }
            if let facts, !asked.isEmpty {
                // Sketches tested where they are stored, not copied out.
                facts.withFacts(keys: keys) { at, stored in
                    if let stored, ContentSketch.mayContain(anyOf: needles, stored: stored) == false { keep[asked[at]] = false }
                }
            }
            return zip(part, keep).compactMap { $1 ? $0 : nil }
        }
        return kept.flatMap { $0 }
    }

    /// The positions of the files of `kind` whose path passes `include`, in order, split by the values a
    /// `BlobDigestTable` keeps for their blobs: `kept` holds those whose value `keep` accepts and those
    /// without a value, `unknown` the latter. Each file's area is noted as read, as asking its document
    /// would. On all cores, in runs of files.
    func positions(kind: DocumentKind, where include: @escaping @Sendable (String) -> Bool, digests: BlobDigestTable,
                   keep: @escaping @Sendable (UInt64) -> Bool) -> (kept: [Int], unknown: [Int]) {
        let chunk = 4_096
        let starts = Array(stride(from: 0, to: files.count, by: chunk))
        let files = files, areas = areas
        let parts = Parallel.map(starts) { start -> (kept: [Int], unknown: [Int]) in
            var kept: [Int] = [], unknown: [Int] = []
            var noted: UInt64 = 0
            var memo = ReadLog.AreaMemo()
            digests.withLookup { lookup in
                files.withUnsafeBufferPointer { files in
                    for position in start..<min(start + chunk, files.count) {
                        guard files[position].kind == kind else { continue }
                        let path = files[position].path
                        guard include(path) else { continue }
                        let area = areas?[position] ?? memo.area(of: path, kind: kind)
                        if area != noted {
                            ReadLog.note(area)
                            noted = area
                        }
                        switch files[position].withIdentity(lookup) {
                        case nil:
                            kept.append(position)
                            unknown.append(position)
                        case let value?:
                            if keep(value) { kept.append(position) }
                        }
                    }
                }
            }
            return (kept, unknown)
        }
        return (parts.flatMap(\.kept), parts.flatMap(\.unknown))
    }

    /// How many documents were made so far.
    var madeCount: Int { stripes.reduce(0) { $0 + $1.withLock { $0.count { $0 != nil } } } }

    /// The documents at `positions`, in that order (made on all cores when there are many).
    func documents(at positions: [Int]) -> [LintDocument] {
        positions.count < 4_096 ? positions.map(document(at:)) : Parallel.map(positions) { self.document(at: $0) }
    }
}
