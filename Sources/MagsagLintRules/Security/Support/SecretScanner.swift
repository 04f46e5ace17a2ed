/// Finds known credential formats in a file in one pass.
///
/// A 64 Ki-entry table keyed by the first two (lowercased) bytes of every detector keyword is probed
/// at each offset; only where a keyword really occurs is its detector's matcher run, so most of a
/// file costs one table load per byte and no matcher ever runs on it. A 256-bit set per bucket of the
/// third bytes its keywords allow drops most hits of common digrams before any keyword is compared.
struct SecretScanner: Sendable {
    /// One found credential.
    struct Finding: Sendable, Hashable {
        var detector: Int
        var range: Range<Int>
    }

    private struct Entry: Sendable {
        let keyword: [UInt8]
        let detectors: [Int]
    }

    let detectors: [SecretDetector]
    private let table: [Int32]
    private let buckets: [[Entry]]
    /// Per bucket, 256 bits: the (lowercased) third bytes its keywords allow (all for two-byte keywords).
    private let thirdBytes: [UInt64]

    /// The scanner over every built-in detector.
    static let shared = SecretScanner(SecretDetectors.all)

    init(_ detectors: [SecretDetector]) {
        self.detectors = detectors
        var byKeyword: [[UInt8]: [Int]] = [:]
        var order: [[UInt8]] = []
        for (index, detector) in detectors.enumerated() {
            for keyword in detector.keywords {
                let bytes = Array(keyword.utf8)
                guard bytes.count >= 2 else { continue }
                if byKeyword[bytes] == nil { order.append(bytes) }
                if byKeyword[bytes]?.contains(index) != true { byKeyword[bytes, default: []].append(index) }
            }
        }
        var table = [Int32](repeating: -1, count: 65_536)
        var buckets: [[Entry]] = []
        for keyword in order {
            let key = Int(keyword[0]) << 8 | Int(keyword[1])
            if table[key] < 0 {
                table[key] = Int32(buckets.count)
                buckets.append([])
            }
            buckets[Int(table[key])].append(Entry(keyword: keyword, detectors: byKeyword[keyword] ?? []))
        }
        var thirdBytes = [UInt64](repeating: 0, count: buckets.count * 4)
        for (slot, bucket) in buckets.enumerated() {
            for entry in bucket {
                if entry.keyword.count == 2 {
                    for word in 0..<4 { thirdBytes[slot * 4 + word] = .max }
                } else {
                    for third in Set([entry.keyword[2], Self.lower[Int(entry.keyword[2])]]) {
                        thirdBytes[slot * 4 + Int(third >> 6)] |= 1 << UInt64(third & 63)
                    }
                }
            }
        }
        self.table = table
        self.buckets = buckets
        self.thirdBytes = thirdBytes
    }

    private static let lower: [UInt8] = (0..<256).map { b in
        (0x41...0x5A).contains(b) ? UInt8(b + 0x20) : UInt8(b)
    }

    /// Every credential in `bytes`, non-overlapping, in file order; where two detectors claim
    /// overlapping text, the one listed first wins.
    func scan(_ bytes: [UInt8]) -> [Finding] {
        guard bytes.count >= 2 else { return [] }
        var candidates: [Finding] = []
        var seen: Set<Finding> = []
        let last = bytes.count - 1
        bytes.withUnsafeBufferPointer { text in
            table.withUnsafeBufferPointer { table in
                thirdBytes.withUnsafeBufferPointer { thirdBytes in
                    Self.lower.withUnsafeBufferPointer { lower in
                        var previous = Int(lower[Int(text[0])])
                        var i = 0
                        while i < last {
                            let next = Int(lower[Int(text[i + 1])])
                            let slot = Int(table[previous << 8 | next])
                            previous = next
                            i += 1
                            guard slot >= 0 else { continue }
                            // Third-byte filter: most digram hits ("to", "pa", "se") are not keywords.
                            if i + 1 < bytes.count {
                                let third = Int(lower[Int(text[i + 1])])
                                if thirdBytes[slot << 2 | third >> 6] & (1 << UInt64(third & 63)) == 0 { continue }
                            }
                            check(slot: slot, at: i - 1, in: bytes, candidates: &candidates, seen: &seen)
                        }
                    }
                }
            }
        }
        return Self.resolveOverlaps(candidates)
    }

    /// Runs the detectors of the keywords in bucket `slot` that really occur at `offset`.
    @inline(never)
    private func check(slot: Int, at offset: Int, in bytes: [UInt8], candidates: inout [Finding], seen: inout Set<Finding>) {
        let lower = Self.lower
        for entry in buckets[slot] where Self.matchesLowercased(entry.keyword, at: offset, in: bytes, lower: lower) {
            for index in entry.detectors {
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
