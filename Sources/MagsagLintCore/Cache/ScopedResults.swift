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
        // Where the diagnostics start, when every area the rule read has its stored digest now.
        let start = payload.withUnsafeBytes { raw -> Int? in
            func u64(_ at: Int) -> UInt64 { UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: at, as: UInt64.self)) }
            guard raw.count >= 4 else { return nil }
            let count = Int(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 0, as: UInt32.self)))
            guard count <= (raw.count - 4) / 24 else { return nil }
            for entry in 0..<count {
                let at = 4 + entry * 24
                let digest = areas[u64(at)] ?? absent
                guard digest.high == u64(at + 8), digest.low == u64(at + 16) else { return nil }
            }
            return 4 + count * 24
        }
        // An entry out of date (an area changed) is a miss, like one that does not decode.
        guard let start, let found = DiagnosticCoding.decode(payload[(payload.startIndex + start)...]) else {
            cache.recordScoped(hit: false)
            return nil
        }
        cache.recordScoped(hit: true)
        return found
    }

    /// Store the results of the rules that ran (those with a log), each with the areas it is charged.
    func store(_ results: [[Diagnostic]], logs: [ReadLog?]) {
        let charges = ReadLog.groupCharges(logs)
        for (i, charged) in charges.enumerated() {
            guard let charged else { continue }
            var payload: [UInt8] = []
            payload.reserveCapacity(4 + charged.count * 24)
            append(&payload, UInt32(charged.count))
            for area in charged.sorted() {
                let digest = areas[area] ?? absent
                append(&payload, area)
                append(&payload, digest.high)
                append(&payload, digest.low)
            }
            payload += DiagnosticCoding.encode(results[i])
            cache.store(keys[i], payload: payload)
        }
    }

    private func append<T: FixedWidthInteger>(_ out: inout [UInt8], _ value: T) {
        withUnsafeBytes(of: value.littleEndian) { out.append(contentsOf: $0) }
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
        for (path, document) in index.documents { name(path, document.kind, base: false) }
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
