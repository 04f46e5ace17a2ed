import MagsagSource

/// The cache keys of one run: one per linted file (its file-rule results) and one per repository rule
/// (its results on this exact snapshot); and what results scoped by area are checked against: a digest
/// of the snapshot's shape (its paths and the change, no content) and one of each area's content (see
/// `ReadLog`).
struct CacheKeys: Sendable {
    /// Per linted file, in `FileSet.linted` order.
    var files: [Digest128]
    /// Per repository rule, in the order given.
    var rules: [Digest128]
    /// Everything about the snapshot except file content: every path, deletions, oversized files, the
    /// base revision's paths, the date. Results scoped by area also name the linted set (see `Linter`).
    var shape: Digest128
    /// The content digest of each area (its files' paths, content digests or blob ids, modes).
    var areas: [UInt64: Digest128]
    /// The area of each deferred file, in `FileSet.deferred` order (handed to its document).
    var deferredAreas: [UInt64]

    init(cache: ResultCache, fileSet: FileSet, repositoryRuleIDs: [String]) {
        let all = fileSet.linted + fileSet.context
        let digests = Parallel.map(all) { cache.digest(of: $0.bytes) }
        var files: [Digest128] = []
        files.reserveCapacity(fileSet.linted.count)
        for (i, file) in fileSet.linted.enumerated() {
            var hasher = cache.keyHasher("file")
            hasher.combine(fileSet.snapshotDate ?? "")
            hasher.combine(file.path)
            hasher.combine(digests[i])
            if file.isExecutable { hasher.combine("x") }  // the mode matters to executable-non-script
            files.append(hasher.finalize())
        }
        self.files = files

        // Content by area: the parsed files by their bytes' digest, deferred ones by their blob id, the
        // base revision's files (areas of their own) by their bytes.
        let lintedCount = fileSet.linted.count
        let (loaded, _, loadedPaths) = Self.areaSums(cache, LoadedItems(files: all, digests: digests))
        let (deferred, deferredAreas, deferredPaths) = Self.deferredSums(cache, fileSet)
        let baseFiles = fileSet.baseFiles.sorted { $0.key < $1.key }
        let (base, _, _) = Self.areaSums(cache, BaseItems(files: baseFiles, cache: cache))
        var sums = loaded
        for (area, sum) in deferred { sums[area, default: .zero].add(sum) }
        for (area, sum) in base { sums[area, default: .zero].add(sum) }
        areas = sums.mapValues { $0.digest(cache, "area") }
        self.deferredAreas = deferredAreas

        // The shape: every path, which are linted and which deferred, deletions, oversized files, the
        // base revision's paths.
        var shape = cache.keyHasher("shape")
        shape.combine(fileSet.snapshotDate ?? "")
        shape.combine("paths")
        shape.combine(Self.pathSetDigest(cache, fileSet, filePaths: loadedPaths, deferredPaths: deferredPaths))
        shape.combine("linted")
        for file in fileSet.linted.sorted(by: { $0.path < $1.path }) { shape.combine(file.path) }
        shape.combine(fileSet.context.count)
        shape.combine(fileSet.deferred.count)
        shape.combine("deleted")
        for path in fileSet.deleted.sorted() { shape.combine(path) }
        shape.combine("oversized")
        for (path, size) in fileSet.oversized.sorted(by: { $0.path < $1.path }) {
            shape.combine(path)
            shape.combine(size)
        }
        shape.combine("base")
        shape.combine(UInt8(fileSet.baseRevision == nil ? 0 : 1))
        for (path, _) in baseFiles { shape.combine(path) }
        shape.combine("absent")
        for path in fileSet.baseAbsent.sorted() { shape.combine(path) }
        shape.combine("renames")
        for (path, old) in fileSet.baseRenames.sorted(by: { $0.key < $1.key }) {
            shape.combine(path)
            shape.combine(old)
        }
        self.shape = shape.finalize()

        // The whole snapshot: its shape and every area's content (areas in ascending order).
        var snapshot = cache.keyHasher("snapshot")
        snapshot.combine(self.shape)
        snapshot.combine(lintedCount)
        for area in areas.keys.sorted() {
            snapshot.combine(Int(truncatingIfNeeded: area))
            snapshot.combine(areas[area]!)
        }
        let whole = snapshot.finalize()
        rules = repositoryRuleIDs.map { id in
            var hasher = cache.keyHasher("repository")
            hasher.combine(id)
            hasher.combine(whole)
            return hasher.finalize()
        }
    }

    /// The deferred files' sums per area, each one's area (empty when the documents work it out
    /// themselves) and the sum of their paths: unchanged folders taken whole from their stored summaries
    /// when the index's cache tree vouches for them (`FolderWalk`), else every file digested.
    static func deferredSums(_ cache: ResultCache, _ fileSet: FileSet)
        -> (sums: [UInt64: DigestSum], areas: [UInt64], paths: DigestSum) {
        if let folders = fileSet.deferredFolders, fileSet.deferredInPathOrder, let store = cache.folderSums,
           let walked = FolderWalk.sums(cache, files: fileSet.deferred, folders: folders, store: store) {
            if Timings.enabled {
                Timings.note("cache keys: \(walked.reused) unchanged folders summed whole, \(walked.chunks) chunks of changed folders reused, \(walked.digested) deferred files digested")
            }
            return (walked.sums, [], walked.paths)
        }
        return areaSums(cache, DeferredItems(files: fileSet.deferred))
    }

    /// The digest an area without files has (an area read but absent from the snapshot).
    static func absentArea(_ cache: ResultCache) -> Digest128 { DigestSum.zero.digest(cache, "area") }

    /// A multiset sum of keyed item digests (128 bits, with carry: the same in any grouping) and the
    /// number of items: what `setDigest` and the areas' digests are made of.
    struct DigestSum: Sendable, Equatable {
        var high: UInt64 = 0
        var low: UInt64 = 0
        var count = 0
        static let zero = DigestSum()

        mutating func add(_ digest: Digest128) {
            add(DigestSum(high: digest.high, low: digest.low, count: 1))
        }

        mutating func add(_ other: DigestSum) {
            let (sum, carry) = low.addingReportingOverflow(other.low)
            low = sum
            high = high &+ other.high &+ (carry ? 1 : 0)
            count += other.count
        }

        /// The digest of the sum and the count, under `kind` ("area", "set").
        func digest(_ cache: ResultCache, _ kind: String) -> Digest128 {
            var hasher = cache.keyHasher(kind)
            hasher.combine(Digest128(high: high, low: low))
            hasher.combine(count)
            return hasher.finalize()
        }
    }

    /// Items whose content digests are summed per area. Each item's path is digested once, as
    /// `setDigest` digests a path (the sum of those is the path set's digest, which the shape needs
    /// too); the item's digest is the same keyed hash continued with `tag`, then what `feed` gives. A
    /// protocol rather than closures, so the loop below is specialised for each kind of item (85,000
    /// deferred files in a hook on a large snapshot).
    protocol AreaItems: Sendable {
        /// What every item's digest starts with (fed once into the seed, which is copied per item).
        static var tag: String { get }
        /// Whether the items are a base revision's files (areas of their own).
        static var base: Bool { get }
        var count: Int { get }
        func path(_ item: Int) -> String
        func kind(_ item: Int) -> DocumentKind
        func feed(_ hasher: inout SipHasher128, _ item: Int)
    }

    /// Parsed files, by their bytes' digest.
    struct LoadedItems: AreaItems {
        static let tag = "bytes", base = false
        let files: [SourceFile]
        let digests: [Digest128]
        var count: Int { files.count }
        func path(_ item: Int) -> String { files[item].path }
        func kind(_ item: Int) -> DocumentKind { DocumentKind.of(path: files[item].path) }
        func feed(_ hasher: inout SipHasher128, _ item: Int) {
            hasher.combine(digests[item])
            if files[item].isExecutable { hasher.combine("x") }
        }
    }

    /// Deferred files, by their blob id.
    struct DeferredItems: AreaItems {
        static let tag = "blob", base = false
        let files: [DeferredFile]
        var count: Int { files.count }
        func path(_ item: Int) -> String { files[item].path }
        func kind(_ item: Int) -> DocumentKind { files[item].kind }
        func feed(_ hasher: inout SipHasher128, _ item: Int) {
            files[item].withIdentity { hasher.combine($0) }
            if files[item].isExecutable { hasher.combine("x") }
        }
    }

    /// The base revision's files, by their bytes.
    struct BaseItems: AreaItems {
        static let tag = "base", base = true
        let files: [(key: String, value: SourceFile)]
        let cache: ResultCache
        var count: Int { files.count }
        func path(_ item: Int) -> String { files[item].key }
        func kind(_ item: Int) -> DocumentKind { DocumentKind.of(path: files[item].key) }
        func feed(_ hasher: inout SipHasher128, _ item: Int) {
            hasher.combine(cache.digest(of: files[item].value.bytes))
        }
    }

    /// The digest of every path of the snapshot, as `setDigest` makes it. When the file set's lists
    /// (linted, context, deferred, paths without files) are known to make up its paths exactly, it is
    /// the sum of the path digests the area sums made already plus those of the paths without files;
    /// otherwise every path is digested again.
    static func pathSetDigest(_ cache: ResultCache, _ fileSet: FileSet, filePaths: DigestSum, deferredPaths: DigestSum) -> Digest128 {
        guard fileSet.listsEveryFile, let others = fileSet.pathsWithoutFiles,
              fileSet.pathCount == fileSet.linted.count + fileSet.context.count + fileSet.deferred.count + others.count else {
            return setDigest(cache, fileSet.allPaths) { $0.combine($1) }
        }
        let seed = cache.keyHasher("set item")
        var total = filePaths
        total.add(deferredPaths)
        for path in others {
            var hasher = seed
            hasher.combine(path)
            total.add(hasher.finalize())
        }
        return total.digest(cache, "set")
    }

    /// The items' digests summed per area (order does not matter), and each item's area, in runs on all
    /// cores. Items listed in path order mostly share their neighbour's area, so a run adds to one running
    /// sum until it changes.
    static func areaSums<Items: AreaItems>(_ cache: ResultCache, _ items: Items)
        -> (sums: [UInt64: DigestSum], areas: [UInt64], paths: DigestSum) {
        // One hasher per item: the path's set digest is taken when the path is in, then the tag and the
        // item follow and the item's digest is taken (a hasher of its own for each took half again as
        // many rounds). No path holds a NUL, so a path's input never equals an item's.
        let seed = cache.keyHasher("set item")
        // The tag as `combine(String)` feeds it (its bytes and a zero), laid out once.
        let tag = Array(Items.tag.utf8) + [0]
        let run = 4096
        let parts = Parallel.map(Array(stride(from: 0, to: items.count, by: run))) { start
            -> (sums: [UInt64: DigestSum], areas: [UInt64], paths: DigestSum) in
            var sums: [UInt64: DigestSum] = [:]
            var areas: [UInt64] = []
            areas.reserveCapacity(run)
            var paths = DigestSum()
            var current: UInt64 = 0
            var running = DigestSum()
            for item in start..<min(start + run, items.count) {
                let path = items.path(item)
                let itemArea = ReadLog.area(of: path, kind: items.kind(item), base: Items.base)
                areas.append(itemArea)
                if itemArea != current {
                    if running.count > 0 { sums[current, default: .zero].add(running) }
                    current = itemArea
                    running = DigestSum()
                }
                var hasher = seed
                hasher.combine(path)
                paths.add(hasher.finalize())
                tag.withUnsafeBytes { hasher.combine($0) }
                items.feed(&hasher, item)
                running.add(hasher.finalize())
            }
            if running.count > 0 { sums[current, default: .zero].add(running) }
            return (sums, areas, paths)
        }
        var sums: [UInt64: DigestSum] = [:]
        var areas: [UInt64] = []
        areas.reserveCapacity(items.count)
        var paths = DigestSum()
        for part in parts {
            for (area, sum) in part.sums { sums[area, default: .zero].add(sum) }
            areas += part.areas
            paths.add(part.paths)
        }
        return (sums, areas, paths)
    }

    /// A digest of a set of items that does not depend on their order: the 128-bit sum of each item's
    /// keyed digest (distinct items are distinct elements of a set, so the sum is a multiset hash over a
    /// keyed pseudo-random function, which the cache's secret key keeps out of an attacker's reach).
    static func setDigest<S: Sequence>(
        _ cache: ResultCache, _ items: S, _ feed: @escaping @Sendable (inout SipHasher128, S.Element) -> Void
    ) -> Digest128 where S.Element: Sendable {
        // Each item's digest, summed (so order does not matter): in runs on all cores, from one seeded
        // hasher copied per item (seeding a fresh one cost as much as the item itself). A 128-bit sum is
        // the same in any grouping.
        let seed = cache.keyHasher("set item")
        let all = Array(items)
        let run = 4096
        let parts = Parallel.map(Array(stride(from: 0, to: all.count, by: run))) { start -> DigestSum in
            var sum = DigestSum()
            for item in all[start..<min(start + run, all.count)] {
                var hasher = seed
                feed(&hasher, item)
                sum.add(hasher.finalize())
            }
            return sum
        }
        var total = DigestSum()
        for part in parts { total.add(part) }
        return total.digest(cache, "set")
    }

    /// `setDigest` item by item with a freshly seeded hasher each (the definition the runs follow).
    static func setDigestSequentially<S: Sequence>(_ cache: ResultCache, _ items: S, _ feed: (inout SipHasher128, S.Element) -> Void) -> Digest128 {
        var total = DigestSum()
        for item in items {
            var hasher = cache.keyHasher("set item")
            feed(&hasher, item)
            total.add(hasher.finalize())
        }
        return total.digest(cache, "set")
    }
}
