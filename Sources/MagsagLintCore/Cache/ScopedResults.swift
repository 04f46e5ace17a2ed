import MagsagSource

/// Repository-rule results kept with the areas of the snapshot the rule read (see `ReadLog`), so that a
/// run whose snapshot changed elsewhere reuses them: a commit that edits a README does not re-run the
/// rules that read only the catalog's YAML and JSON.
///
/// An entry is keyed by the rule and the snapshot's shape (every path, which are linted, deleted,
/// oversized, the base revision's paths, the date; see `CacheKeys.shape`), and holds each area the rule
/// was charged with its content digest at the time, then the diagnostics. It answers a later run with
/// the same key when every one of those areas has the same digest now. A rule's computation depends on
/// the shape, which the key fixes, and on the content it reads, which it reads only through documents
/// that note their area: given the same inputs it computes the same results.
struct ScopedResults: Sendable {
    let cache: ResultCache
    /// Per rule, in the run's rule order.
    let keys: [Digest128]
    /// The content digest of each area of this snapshot.
    let areas: [UInt64: Digest128]
    /// The digest of an area with no file.
    let absent: Digest128

    init(cache: ResultCache, keys: CacheKeys, linted: [String], ruleIDs: [String]) {
        self.cache = cache
        areas = keys.areas
        absent = CacheKeys.absentArea(cache)
        // The linted set as the rules see it (with the unchanged files a removal may have broken).
        var shape = cache.keyHasher("scoped shape")
        shape.combine(keys.shape)
        shape.combine(linted.count)
        for path in linted { shape.combine(path) }
        let whole = shape.finalize()
        self.keys = ruleIDs.map { id in
            var hasher = cache.keyHasher("scoped rule")
            hasher.combine(id)
            hasher.combine(whole)
            return hasher.finalize()
        }
    }

    /// The stored results of rule `i`, when every area it read is unchanged.
    func lookup(_ i: Int) -> [Diagnostic]? {
        guard let payload = cache.payload(keys[i]) else {
            cache.recordScoped(hit: false)
            return nil
        }
        // The areas with their digests, then the diagnostics: an entry out of date (an area changed) is a
        // miss, like one that does not decode.
        var reader = BinaryReader(payload)
        guard isCurrent(&reader), let found = DiagnosticCoding.decode(payload[reader.at...]) else {
            cache.recordScoped(hit: false)
            return nil
        }
        cache.recordScoped(hit: true)
        return found
    }

    /// Whether every area the entry lists has the digest it lists (reads past the list).
    private func isCurrent(_ reader: inout BinaryReader) -> Bool {
        guard let count = reader.count() else { return false }
        for _ in 0..<count {
            guard let area = reader.word(), let high = reader.word(), let low = reader.word(),
                  (areas[area] ?? absent) == Digest128(high: high, low: low) else { return false }
        }
        return true
    }

    /// Store the results of the rules that ran (those with a log), each with the areas it is charged.
    func store(_ results: [[Diagnostic]], logs: [ReadLog?]) {
        for (i, charged) in ReadLog.groupCharges(logs).enumerated() {
            guard let charged else { continue }
            var writer = BinaryWriter()
            writer.int(charged.count)
            for area in charged.sorted() {
                let digest = areas[area] ?? absent
                writer.word(area)
                writer.word(digest.high)
                writer.word(digest.low)
            }
            cache.store(keys[i], payload: writer.bytes + DiagnosticCoding.encode(results[i]))
        }
    }

    /// Under `MAGSAG_LINT_TIMINGS`: what each rule that ran was charged, by area.
    func describe(_ logs: [ReadLog?], ruleIDs: [String], index: RepositoryIndex) {
        var names: [UInt64: String] = [:]
        func name(_ path: String, _ kind: DocumentKind, base: Bool) {
            let area = ReadLog.area(of: path, kind: kind, base: base)
            guard names[area] == nil else { return }
            let parts = path.split(separator: "/", omittingEmptySubsequences: false).dropLast().prefix(2)
            names[area] = (base ? "base " : "") + kind.rawValue + " " + (parts.isEmpty ? "." : parts.joined(separator: "/"))
        }
        // Named from the paths: listing the documents would make every deferred one.
        for path in index.sortedPaths { name(path, DocumentKind.of(path: path), base: false) }
        for (path, document) in index.baseDocuments { name(path, document.kind, base: true) }
        let charges = ReadLog.groupCharges(logs)
        for (i, charged) in charges.enumerated() {
            guard let charged else { continue }
            let own = logs[i]?.areas ?? []
            let list = charged.map { area in (names[area] ?? String(area, radix: 16)) + (own.contains(area) ? "" : " (group)") }.sorted()
            Timings.note("reads: \(ruleIDs[i]): \(list.joined(separator: ", "))")
        }
    }
}
