/// Finds known credential formats in a file in one pass.
///
/// A 64 Ki-entry table keyed by the first two (lowercased) bytes of every detector keyword is probed
/// at each offset; only where a keyword really occurs is its detector's matcher run, so most of a
/// file costs one table load per byte and no matcher ever runs on it.
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
        self.table = table
        self.buckets = buckets
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
        let lower = Self.lower
        var previous = Int(lower[Int(bytes[0])])
        for i in 0..<(bytes.count - 1) {
            let next = Int(lower[Int(bytes[i + 1])])
            let slot = table[previous << 8 | next]
            previous = next
            guard slot >= 0 else { continue }
            for entry in buckets[Int(slot)] where Self.matchesLowercased(entry.keyword, at: i, in: bytes, lower: lower) {
                for index in entry.detectors {
                    guard let match = detectors[index].matcher(bytes, i), match.start < match.end else { continue }
                    let finding = Finding(detector: index, range: match.start..<match.end)
                    if seen.insert(finding).inserted { candidates.append(finding) }
                }
            }
        }
        return Self.resolveOverlaps(candidates)
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
