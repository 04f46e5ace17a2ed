import MagsagSource

/// The cache keys of one run: one per linted file (its file-rule results) and one per repository rule
/// (its results on this exact snapshot).
struct CacheKeys: Sendable {
    /// Per linted file, in `FileSet.linted` order.
    var files: [Digest128]
    /// Per repository rule, in the order given.
    var rules: [Digest128]

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

        // The snapshot: every parsed file with its content and whether it is linted, every other path,
        // deletions, oversized files and the base revision's content.
        var snapshot = cache.keyHasher("snapshot")
        snapshot.combine(fileSet.snapshotDate ?? "")
        let lintedCount = fileSet.linted.count
        for i in all.indices.sorted(by: { all[$0].path < all[$1].path }) {
            snapshot.combine(all[i].path)
            snapshot.combine(digests[i])
            snapshot.combine(UInt8(i < lintedCount ? 1 : 0))
            if all[i].isExecutable { snapshot.combine("x") }
        }
        // Deferred files by their blob id (not read for the key), and every path: as sets, without sorting
        // 85,000 strings.
        snapshot.combine("deferred")
        snapshot.combine(Self.setDigest(cache, fileSet.deferred) { hasher, file in
            hasher.combine(file.path)
            hasher.combine(file.identity)
            if file.isExecutable { hasher.combine("x") }
        })
        snapshot.combine("paths")
        snapshot.combine(Self.setDigest(cache, fileSet.allPaths) { $0.combine($1) })
        snapshot.combine("deleted")
        for path in fileSet.deleted.sorted() { snapshot.combine(path) }
        snapshot.combine("oversized")
        for (path, size) in fileSet.oversized.sorted(by: { $0.path < $1.path }) {
            snapshot.combine(path)
            snapshot.combine(size)
        }
        snapshot.combine("base")
        snapshot.combine(UInt8(fileSet.baseRevision == nil ? 0 : 1))
        for path in fileSet.baseFiles.keys.sorted() {
            snapshot.combine(path)
            snapshot.combine(cache.digest(of: fileSet.baseFiles[path]?.bytes ?? []))
        }
        snapshot.combine("absent")
        for path in fileSet.baseAbsent.sorted() { snapshot.combine(path) }
        snapshot.combine("renames")
        for (path, old) in fileSet.baseRenames.sorted(by: { $0.key < $1.key }) {
            snapshot.combine(path)
            snapshot.combine(old)
        }
        let whole = snapshot.finalize()
        rules = repositoryRuleIDs.map { id in
            var hasher = cache.keyHasher("repository")
            hasher.combine(id)
            hasher.combine(whole)
            return hasher.finalize()
        }
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
        let sums = Parallel.map(Array(stride(from: 0, to: all.count, by: run))) { start -> (high: UInt64, low: UInt64) in
            var high: UInt64 = 0, low: UInt64 = 0
            for item in all[start..<min(start + run, all.count)] {
                var hasher = seed
                feed(&hasher, item)
                let digest = hasher.finalize()
                let (sum, carry) = low.addingReportingOverflow(digest.low)
                low = sum
                high = high &+ digest.high &+ (carry ? 1 : 0)
            }
            return (high, low)
        }
        var high: UInt64 = 0, low: UInt64 = 0
        for part in sums {
            let (sum, carry) = low.addingReportingOverflow(part.low)
            low = sum
            high = high &+ part.high &+ (carry ? 1 : 0)
        }
        var hasher = cache.keyHasher("set")
        hasher.combine(Digest128(high: high, low: low))
        hasher.combine(all.count)
        return hasher.finalize()
    }

    /// `setDigest` item by item with a freshly seeded hasher each (the definition the runs follow).
    static func setDigestSequentially<S: Sequence>(_ cache: ResultCache, _ items: S, _ feed: (inout SipHasher128, S.Element) -> Void) -> Digest128 {
        var high: UInt64 = 0, low: UInt64 = 0, count: UInt64 = 0
        for item in items {
            var hasher = cache.keyHasher("set item")
            feed(&hasher, item)
            let digest = hasher.finalize()
            let (sum, carry) = low.addingReportingOverflow(digest.low)
            low = sum
            high = high &+ digest.high &+ (carry ? 1 : 0)
            count &+= 1
        }
        var hasher = cache.keyHasher("set")
        hasher.combine(Digest128(high: high, low: low))
        hasher.combine(Int(truncatingIfNeeded: count))
        return hasher.finalize()
    }
}
