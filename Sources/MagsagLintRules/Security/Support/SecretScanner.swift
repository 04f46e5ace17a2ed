/// Finds known credential formats in a file in one pass.
///
/// A 64 Ki-entry table keyed by the first two bytes of every detector keyword (every case variant) is
/// probed at each offset with one 16-bit load; only where a keyword really occurs is its detector's matcher run, so most of a
/// file costs one table load per byte and no matcher ever runs on it. A 256-bit set per bucket of the
/// third bytes its keywords allow drops most hits of common digrams before any keyword is compared.
struct SecretScanner: Sendable {
    /// One found credential.
    struct Finding: Sendable, Hashable {
        var detector: Int
        var range: Range<Int>
    }

    /// What one pass over a file finds.
    struct Scan: Sendable {
        /// The credentials, as `scan` returns them.
        var findings: [Finding]
        /// The offsets, ascending and distinct, at which one of the hit keywords occurs (any case).
        var hits: [Int]
    }

    private struct Entry: Sendable {
        let keyword: [UInt8]
        let detectors: [Int]
    }

    let detectors: [SecretDetector]
    private let table: [Int16]
    /// The same keys as `table`, one bit each (8 KiB, stays in the L1 cache): the per-byte test.
    private let pairBits: [UInt64]
    private let buckets: [[Entry]]
    /// Per bucket, 256 bits: the (lowercased) third bytes its keywords allow (all for two-byte keywords).
    private let thirdBytes: [UInt64]

    /// The scanner over every built-in detector, also finding the generic secret rule's keywords, so
    /// one pass over a file serves both secret rules.
    static let shared = SecretScanner(SecretDetectors.all, hitKeywords: GenericSecretScanner.keywords)

    /// The pseudo-detector index under which the hit keywords are filed (one past the detectors).
    private var hitIndex: Int { detectors.count }

    /// A scanner running `detectors` and noting where any of `hitKeywords` occurs.
    init(_ detectors: [SecretDetector], hitKeywords: [String] = []) {
        self.detectors = detectors
        var byKeyword: [[UInt8]: [Int]] = [:]
        var order: [[UInt8]] = []
        let keywordLists = detectors.map(\.keywords) + [hitKeywords]
        for (index, keywords) in keywordLists.enumerated() {
            for keyword in keywords {
                let bytes = Array(keyword.utf8)
                guard bytes.count >= 2 else { continue }
                if byKeyword[bytes] == nil { order.append(bytes) }
                if byKeyword[bytes]?.contains(index) != true { byKeyword[bytes, default: []].append(index) }
            }
        }
        // Buckets by the lowercased first two bytes; the table maps every case variant of the raw pair,
        // keyed `second << 8 | first` (a little-endian 16-bit load), to its bucket.
        var slots: [Int: Int] = [:]
        var buckets: [[Entry]] = []
        for keyword in order {
            let key = Int(keyword[0]) << 8 | Int(keyword[1])
            let slot = slots[key] ?? buckets.count
            if slot == buckets.count {
                slots[key] = slot
                buckets.append([])
            }
            buckets[slot].append(Entry(keyword: keyword, detectors: byKeyword[keyword] ?? []))
        }
        var table = [Int16](repeating: -1, count: 65_536)
        for (key, slot) in slots {
            for first in Self.caseVariants(UInt8(key >> 8)) {
                for second in Self.caseVariants(UInt8(key & 0xFF)) {
                    table[Int(second) << 8 | Int(first)] = Int16(slot)
                }
            }
        }
        var pairBits = [UInt64](repeating: 0, count: 1024)
        for (key, slot) in table.enumerated() where slot >= 0 { pairBits[key >> 6] |= 1 << UInt64(key & 63) }
        var thirdBytes = [UInt64](repeating: 0, count: buckets.count * 4)
        for (slot, bucket) in buckets.enumerated() {
            for entry in bucket {
                if entry.keyword.count == 2 {
                    for word in 0..<4 { thirdBytes[slot * 4 + word] = .max }
                } else {
                    for third in Self.caseVariants(entry.keyword[2]) {
                        thirdBytes[slot * 4 + Int(third >> 6)] |= 1 << UInt64(third & 63)
                    }
                }
            }
        }
        self.table = table
        self.pairBits = pairBits
        self.buckets = buckets
        self.thirdBytes = thirdBytes
    }

    /// A lowercase byte and, for a letter, its uppercase form.
    private static func caseVariants(_ byte: UInt8) -> [UInt8] {
        (0x61...0x7A).contains(byte) ? [byte, byte - 0x20] : [byte]
    }

    private static let lower: [UInt8] = (0..<256).map { b in
        (0x41...0x5A).contains(b) ? UInt8(b + 0x20) : UInt8(b)
    }

    /// Every credential in `bytes`, non-overlapping, in file order; where two detectors claim
    /// overlapping text, the one listed first wins.
    func scan(_ bytes: [UInt8]) -> [Finding] {
        scanAll(bytes).findings
    }

    /// The credentials in `bytes` (see `scan`) and where the hit keywords occur, in one pass.
    func scanAll(_ bytes: [UInt8]) -> Scan {
        guard bytes.count >= 2 else { return Scan(findings: [], hits: []) }
        var candidates: [Finding] = []
        var seen: Set<Finding> = []
        var hits: [Int] = []
        let last = bytes.count - 1
        bytes.withUnsafeBufferPointer { text in
            guard let base = text.baseAddress else { return }
            let raw = UnsafeRawPointer(base)
            table.withUnsafeBufferPointer { table in
              pairBits.withUnsafeBufferPointer { pairBits in
                thirdBytes.withUnsafeBufferPointer { thirdBytes in
                    var i = 0
                    while i < last {
                        let pair = Int(UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt16.self)))
                        i += 1
                        guard pairBits[pair >> 6] & (1 << UInt64(pair & 63)) != 0 else { continue }
                        let slot = Int(table[pair])
                        // Third-byte filter: most digram hits ("to", "pa", "se") are not keywords.
                        if i + 1 < text.count {
                            let third = Int(text[i + 1])
                            if thirdBytes[slot << 2 | third >> 6] & (1 << UInt64(third & 63)) == 0 { continue }
                        }
                        check(slot: slot, at: i - 1, in: bytes, candidates: &candidates, seen: &seen, hits: &hits)
                    }
                }
              }
            }
        }
        return Scan(findings: Self.resolveOverlaps(candidates), hits: hits)
    }

    /// Runs the detectors of the keywords in bucket `slot` that really occur at `offset`, and notes the
    /// offset when a hit keyword occurs there.
    @inline(never)
    private func check(slot: Int, at offset: Int, in bytes: [UInt8], candidates: inout [Finding], seen: inout Set<Finding>,
                       hits: inout [Int]) {
        let lower = Self.lower
        for entry in buckets[slot] where Self.matchesLowercased(entry.keyword, at: offset, in: bytes, lower: lower) {
            for index in entry.detectors {
                if index == hitIndex {
                    if hits.last != offset { hits.append(offset) }
                    continue
                }
                guard let match = detectors[index].matcher(bytes, offset), match.start < match.end else { continue }
                let finding = Finding(detector: index, range: match.start..<match.end)
                if seen.insert(finding).inserted { candidates.append(finding) }
            }
        }
    }

    @inline(__always)
    private static func matchesLowercased(_ keyword: [UInt8], at offset: Int, in bytes: [UInt8], lower: [UInt8]) -> Bool {
        guard offset + keyword.count <= bytes.count else { return false }
        var k = 2
        while k < keyword.count {
            if lower[Int(bytes[offset + k])] != keyword[k] { return false }
            k += 1
        }
        return true
    }

    /// Keeps, among overlapping findings, the one from the earliest detector (then the longest).
    private static func resolveOverlaps(_ findings: [Finding]) -> [Finding] {
        let byPriority = findings.sorted {
            ($0.detector, -$0.range.count, $0.range.lowerBound) < ($1.detector, -$1.range.count, $1.range.lowerBound)
        }
        var kept: [Finding] = []
        var occupied: [Range<Int>] = []  // sorted by lower bound, pairwise disjoint
        for finding in byPriority {
            var lo = 0
            var hi = occupied.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if occupied[mid].lowerBound < finding.range.lowerBound { lo = mid + 1 } else { hi = mid }
            }
            if lo > 0, occupied[lo - 1].overlaps(finding.range) { continue }
            if lo < occupied.count, occupied[lo].overlaps(finding.range) { continue }
            occupied.insert(finding.range, at: lo)
            kept.append(finding)
        }
        return kept.sorted { ($0.range.lowerBound, $0.detector) < ($1.range.lowerBound, $1.detector) }
    }
}
