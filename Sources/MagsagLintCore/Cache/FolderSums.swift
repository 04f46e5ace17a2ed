import Foundation
import MagsagGit

/// What the cache keys add up for the files of one unchanged folder, kept between runs under the
/// folder's path and tree id (`.git/magsag-lint/folder-sums-v1.bin`), so a hook on a large snapshot sums an
/// unchanged folder with one lookup instead of hashing each of its files again (see `FolderWalk`).
///
/// A record is the folder's key (a keyed digest of the cache's namespace, the folder's path and its tree
/// id, so a record made under another key, namespace or content never matches), then per document kind
/// the sum and count of the files' item digests, the sum of their path digests, and a check of all of it
/// (`RecordCheck`) verified when the record is first used. Records are sorted by key and found through a
/// table of bucket bounds in the mapped file (see `init`). A file of another format, or a damaged record,
/// is ignored; errors only cost speed. A save writes the file anew with the new records, those used this
/// run and then the others, within `maxRecords`.
///
/// Not locked: one run's cache keys use it on one thread, and its save comes after them (`ResultCache.save`).
final class FolderSums: @unchecked Sendable {
    static let fileName = "folder-sums-v1.bin"
    static let magic: [UInt8] = Array("MGLFOLD1".utf8)
    /// Key 16, four kinds of (sum 16, count 4), the paths' sum 16, the check 8.
    static let recordSize = 16 + 4 * 20 + 16 + 8
    static let maxRecords = 65_536

    /// One folder's sums: per document kind (`kindSlot`) and of the paths (held inline: a hook looks up
    /// thousands of folders).
    struct Summary: Equatable {
        var json = CacheKeys.DigestSum(), yaml = CacheKeys.DigestSum(), markdown = CacheKeys.DigestSum()
        var other = CacheKeys.DigestSum()
        var paths = CacheKeys.DigestSum()

        subscript(slot: Int) -> CacheKeys.DigestSum {
            get {
                switch slot {
                case 0: json
                case 1: yaml
                case 2: markdown
                default: other
                }
            }
            set {
                switch slot {
                case 0: json = newValue
                case 1: yaml = newValue
                case 2: markdown = newValue
                default: other = newValue
                }
            }
        }

        mutating func add(_ other: Summary) {
            for slot in 0..<4 { self[slot].add(other[slot]) }
            paths.add(other.paths)
        }
    }

    /// The slot of a document kind in a summary.
    static func kindSlot(_ kind: DocumentKind) -> Int {
        switch kind {
        case .json: 0
        case .yaml: 1
        case .markdown: 2
        case .other: 3
        }
    }

    static let kinds: [DocumentKind] = [.json, .yaml, .markdown, .other]

    private let directory: String
    private let path: String
    private let file: MappedFile?
    /// Where the records start in `file`, how many there are, and the bits of a key's first word that
    /// choose its bucket.
    private var recordsStart = 0
    private var recordCount = 0
    private var bucketBits = 0
    /// Records found damaged this run (by position), never used again; records used this run.
    private var damaged: Set<Int> = []
    private var used: Set<Int> = []
    private var learned: [Digest128: Summary] = [:]

    /// The store in `directory` (mapped now; a missing or foreign file is an empty store). The file is
    /// the magic, the bucket bits and the record count (32 bits each), the first record of each bucket
    /// (one more entry than buckets, 32 bits each), then the records sorted by key: a lookup reads one
    /// bucket's bounds and the one or two records in it (a binary search over the file cost a cache
    /// miss per probe, 10,000 lookups in a hook).
    init(directory: String) {
        self.directory = directory
        path = directory + "/" + Self.fileName
        guard let mapped = MappedFile.map(path), mapped.count >= Self.magic.count + 8,
              mapped.bytes.prefix(Self.magic.count).elementsEqual(Self.magic) else {
            file = nil
            return
        }
        let bytes = mapped.bytes
        let bits = Int(UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: Self.magic.count, as: UInt32.self)))
        let count = Int(UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: Self.magic.count + 4, as: UInt32.self)))
        let start = Self.magic.count + 8 + ((1 << min(bits, 24)) + 1) * 4
        guard bits <= 24, start + count * Self.recordSize == bytes.count else {
            file = nil
            return
        }
        file = mapped
        recordsStart = start
        recordCount = count
        bucketBits = bits
    }

    /// The stored summary of `key`, when kept and intact (or learned this run).
    func summary(_ key: Digest128) -> Summary? {
        if !learned.isEmpty, let known = learned[key] { return known }
        guard let file, recordCount > 0 else { return nil }
        let bytes = file.bytes
        let bucket = bucketBits == 0 ? 0 : Int(key.high >> UInt64(64 - bucketBits))
        func bound(_ bucket: Int) -> Int {
            Int(UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: Self.magic.count + 8 + bucket * 4, as: UInt32.self)))
        }
        let first = bound(bucket), end = min(bound(bucket + 1), recordCount)
        guard first <= end else { return nil }
        for position in first..<end {
            let at = offset(position)
            guard Self.key(bytes, at: at) == key else { continue }
            guard damaged.isEmpty || !damaged.contains(position), let summary = Self.decode(bytes, at: at) else {
                damaged.insert(position)
                return nil
            }
            used.insert(position)
            return summary
        }
        return nil
    }

    /// Remember a summary made this run (kept by `save`).
    func learn(_ key: Digest128, _ summary: Summary) {
        learned[key] = summary
    }

    /// Whether this run learned summaries not yet saved.
    var hasLearned: Bool { !learned.isEmpty }

    /// Write the file anew when summaries were learned: the learned ones, those used this run, then the
    /// other intact ones, within `maxRecords`. Errors are ignored.
    func save() {
        guard !learned.isEmpty else { return }
        var records: [(key: Digest128, bytes: [UInt8])] = []
        for (key, summary) in learned { records.append((key, Self.encode(key, summary))) }
        if let file {
            let bytes = file.bytes
            let order = used.sorted() + (0..<recordCount).filter { !used.contains($0) }
            for position in order where records.count < Self.maxRecords && !damaged.contains(position) {
                let at = offset(position)
                let key = Self.key(bytes, at: at)
                guard learned[key] == nil, Self.decode(bytes, at: at) != nil else { continue }
                records.append((key, Array(UnsafeRawBufferPointer(rebasing: bytes[at..<(at + Self.recordSize)]))))
            }
        }
        learned = [:]
        records.sort { $0.key < $1.key }
        // About one record per bucket.
        var bits = 0
        while bits < 24, 1 << bits < records.count { bits += 1 }
        var out = Self.magic
        out.reserveCapacity(Self.magic.count + 8 + ((1 << bits) + 1) * 4 + records.count * Self.recordSize)
        func put32(_ value: Int) { withUnsafeBytes(of: UInt32(value).littleEndian) { out += $0 } }
        put32(bits)
        put32(records.count)
        var next = 0
        for bucket in 0...(1 << bits) {
            while next < records.count, bits > 0, Int(records[next].key.high >> UInt64(64 - bits)) < bucket { next += 1 }
            put32(bucket == 1 << bits ? records.count : (bits == 0 ? 0 : next))
        }
        for record in records { out += record.bytes }
        CacheFileWriter.replace(path, with: out)
    }

    private func offset(_ position: Int) -> Int { recordsStart + position * Self.recordSize }

    private static func key(_ bytes: UnsafeRawBufferPointer, at offset: Int) -> Digest128 {
        Digest128(high: UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)),
                  low: UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self)))
    }

    /// The summary of the record at `offset`; nil when its check fails.
    private static func decode(_ bytes: UnsafeRawBufferPointer, at offset: Int) -> Summary? {
        let body = UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + recordSize - 8)])
        let stored = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset + recordSize - 8, as: UInt64.self))
        guard check(body) == stored else { return nil }
        func word(_ at: Int) -> UInt64 { UInt64(littleEndian: body.loadUnaligned(fromByteOffset: at, as: UInt64.self)) }
        var summary = Summary()
        for slot in 0..<4 {
            let at = 16 + slot * 20
            let count = UInt32(littleEndian: body.loadUnaligned(fromByteOffset: at + 16, as: UInt32.self))
            summary[slot] = CacheKeys.DigestSum(high: word(at), low: word(at + 8), count: Int(count))
        }
        let paths = 16 + 4 * 20
        summary.paths = CacheKeys.DigestSum(high: word(paths), low: word(paths + 8),
                                            count: summary.json.count + summary.yaml.count + summary.markdown.count + summary.other.count)
        return summary
    }

    /// The record of `summary` under `key`.
    static func encode(_ key: Digest128, _ summary: Summary) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(recordSize)
        func put(_ value: UInt64) { withUnsafeBytes(of: value.littleEndian) { out += $0 } }
        put(key.high)
        put(key.low)
        for slot in 0..<4 {
            let sum = summary[slot]
            put(sum.high)
            put(sum.low)
            withUnsafeBytes(of: UInt32(truncatingIfNeeded: sum.count).littleEndian) { out += $0 }
        }
        put(summary.paths.high)
        put(summary.paths.low)
        let check = out.withUnsafeBytes { Self.check($0) }
        put(check)
        return out
    }

    private static func check(_ body: UnsafeRawBufferPointer) -> UInt64 {
        RecordCheck.check(body, key: (0x666f_6c64_6572_7375, 0x6d61_6773_6167_666f))
    }
}
