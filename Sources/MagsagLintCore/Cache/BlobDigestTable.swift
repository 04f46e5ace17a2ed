import Foundation
import MagsagGit

/// One 64-bit value derived from each blob of a snapshot, kept between runs under the git directory
/// (`.git/magsag-lint/digests-<name>-v1.bin`): a model that must ask one question of every file of a
/// large snapshot (which slug each Markdown document declares) reads the answers from one compact table
/// instead of looking up a fact per blob (see `BlobFacts`, whose generic records cost about a thousand
/// instructions a lookup and twelve times the bytes).
///
/// The value describes the blob's bytes only (given the model's `key`): a blob id names the content, so
/// a stored value never goes stale. A model that derives differently changes its key.
///
/// The file is a header (magic, format version, the build that wrote it, the model's key), an
/// open-addressed table of slots (a blob id and its value; an all-zero id is a free slot; the slot is
/// chosen by the id's first bytes, which are uniformly spread), and a check of all of it (`RecordCheck`),
/// verified when the file is read: a damaged, cut, foreign or other build's file reads as empty and is
/// replaced at the next save. Errors never fail a run; they only cost speed.
///
/// Lookups run on several threads at once without a lock (the stored table is read only); learning,
/// marking what was found and saving take the table's lock. `save` writes the values of the blobs
/// looked up this run and those learned, so ids that left the snapshot are dropped.
public final class BlobDigestTable: Sendable {
    static let magic: [UInt8] = Array("MGLDIGTB".utf8)
    static let formatVersion: UInt32 = 1
    /// Fixed: the check finds damage, it does not authenticate.
    static let checkKey: (UInt64, UInt64) = (0x6469_6765_7374_2d74, 0x6162_6c65_2d63_6865)
    /// Blob ids are 20 bytes (SHA-1) or 32 (SHA-256); other lengths are not kept.
    static let idLengths: Set<Int> = [20, 32]
    /// Slots at most this full.
    static let maxLoad = 0.75

    private struct Stored {
        var file: MappedFile?
        /// Where the slots start in the file, how many there are (a power of two) and their id length.
        var slotsStart = 0
        var slotCount = 0
        var idLength = 0
        /// Which slots were looked up this run (their values are kept at the next save).
        var seen: [Bool] = []
        var seenCount = 0
        /// Values learned this run, by id.
        var learned: [[UInt8]: UInt64] = [:]
    }

    /// Where the file lives and its name.
    public let path: String
    /// What the values mean: another key's file is ignored.
    public let key: String
    private let state: Locked<Stored>

    /// The table named `name` under `directory`, for values derived under `key`: read now (empty when
    /// missing or not valid).
    public init(directory: String, name: String, key: String) {
        path = (directory as NSString).appendingPathComponent("digests-\(name)-v1.bin")
        self.key = key
        state = Locked(Self.read(path, key: key))
    }

    /// Whether a valid stored table was read.
    public var hasStored: Bool { state.withLock { $0.file != nil } }

    /// The header for `key`: magic, format, the running build, the key.
    static func header(key: String) -> [UInt8] {
        var out = magic
        append(&out, formatVersion)
        let build = Array(BuildIdentity.current.utf8), keyBytes = Array(key.utf8)
        append(&out, UInt32(build.count))
        out += build
        append(&out, UInt32(keyBytes.count))
        out += keyBytes
        return out
    }

    private static func read(_ path: String, key: String) -> Stored {
        var stored = Stored()
        guard let file = MappedFile.map(path) else { return stored }
        let header = header(key: key)
        let valid = file.withUnsafeBytes { raw -> (start: Int, slots: Int, idLength: Int)? in
            // Header, slot count, id length, at least one slot, the check.
            guard raw.count >= header.count + 5 + 8, memcmp(raw.baseAddress!, header, header.count) == 0 else { return nil }
            let slots = Int(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: header.count, as: UInt32.self)))
            let idLength = Int(raw[header.count + 4])
            let start = header.count + 5
            guard slots > 0, slots & (slots - 1) == 0, idLengths.contains(idLength),
                  raw.count == start + slots * (idLength + 8) + 8 else { return nil }
            let body = UnsafeRawBufferPointer(rebasing: raw[0..<(raw.count - 8)])
            let check = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: raw.count - 8, as: UInt64.self))
            guard RecordCheck.check(body, key: checkKey) == check else { return nil }
            return (start, slots, idLength)
        }
        guard let valid else { return stored }
        stored.file = file
        stored.slotsStart = valid.start
        stored.slotCount = valid.slots
        stored.idLength = valid.idLength
        stored.seen = [Bool](repeating: false, count: valid.slots)
        return stored
    }

    private static func isFree(_ raw: UnsafeRawBufferPointer, at offset: Int, idLength: Int) -> Bool {
        var at = offset
        while at < offset + idLength {
            if raw.loadUnaligned(fromByteOffset: at, as: UInt32.self) != 0 { return false }
            at += 4
        }
        return true
    }

    /// The slot an id starts its search at: its first eight bytes, shifted to the table's size.
    private static func home(_ id: UnsafeRawBufferPointer, slots: Int) -> Int {
        let word = UInt64(littleEndian: id.loadUnaligned(fromByteOffset: 0, as: UInt64.self))
        return Int(truncatingIfNeeded: word >> UInt64(64 - slots.trailingZeroBitCount)) & (slots - 1)
    }

    /// The stored or learned value for the blob `id`, or nil when there is none. A stored value found is
    /// kept at the next save.
    public func value(for id: UnsafeRawBufferPointer) -> UInt64? {
        withLookup { $0(id) }
    }

    /// `body` given a lookup as `value(for:)`'s, which must not escape it. Lookups take no lock, so
    /// several threads look up at once (a model asking for every file of a large snapshot, on all
    /// cores); the stored values found are marked as kept when `body` returns.
    public func withLookup<T>(_ body: ((UnsafeRawBufferPointer) -> UInt64?) -> T) -> T {
        let (file, start, slots, idLength, learned) = state.withLock { ($0.file, $0.slotsStart, $0.slotCount, $0.idLength, $0.learned) }
        var found: [Int] = []
        let result = withExtendedLifetime(file) { () -> T in
            let raw = file?.bytes ?? UnsafeRawBufferPointer(start: nil, count: 0)
            return body { id in
                if raw.baseAddress != nil, id.count == idLength,
                   let (slot, value) = Self.find(id, in: raw, start: start, slots: slots, idLength: idLength) {
                    found.append(slot)
                    return value
                }
                return learned.isEmpty ? nil : learned[Array(id)]
            }
        }
        if !found.isEmpty {
            state.withLock { state in
                guard state.file === file else { return }
                for slot in found where !state.seen[slot] {
                    state.seen[slot] = true
                    state.seenCount += 1
                }
            }
        }
        return result
    }

    /// The slot holding `id` in the table at `start` of `raw`, and its value.
    private static func find(_ id: UnsafeRawBufferPointer, in raw: UnsafeRawBufferPointer, start: Int, slots: Int,
                             idLength: Int) -> (slot: Int, value: UInt64)? {
        let width = idLength + 8, mask = slots - 1
        var slot = home(id, slots: slots)
        for _ in 0..<slots {
            let offset = start &+ slot &* width
            if isFree(raw, at: offset, idLength: idLength) { return nil }
            if memcmp(raw.baseAddress! + offset, id.baseAddress!, idLength) == 0 {
                return (slot, UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset + idLength, as: UInt64.self)))
            }
            slot = (slot &+ 1) & mask
        }
        return nil
    }

    /// `value(for:)` for an id given as bytes.
    public func value(for id: [UInt8]) -> UInt64? {
        id.withUnsafeBytes { value(for: $0) }
    }

    /// Remember `value` for the blob `id` (written by `save`). An id of another length, or all zeros, is
    /// not kept.
    public func learn(_ id: [UInt8], _ value: UInt64) {
        guard Self.idLengths.contains(id.count), id.contains(where: { $0 != 0 }) else { return }
        state.withLock { $0.learned[id] = value }
    }

    /// Write the values looked up this run and those learned, when some were learned: the file is
    /// replaced whole, without the values of blobs this run did not look up (they left the snapshot).
    /// Errors are ignored.
    public func save() {
        guard let bytes = state.withLock({ state -> [UInt8]? in
            guard !state.learned.isEmpty else { return nil }
            var entries: [(id: [UInt8], value: UInt64)] = []
            entries.reserveCapacity(state.seenCount + state.learned.count)
            if let file = state.file {
                let width = state.idLength + 8
                file.withUnsafeBytes { raw in
                    for slot in 0..<state.slotCount where state.seen[slot] {
                        let offset = state.slotsStart + slot * width
                        let id = Array(UnsafeRawBufferPointer(rebasing: raw[offset..<(offset + state.idLength)]))
                        guard state.learned[id] == nil else { continue }
                        entries.append((id, UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset + state.idLength, as: UInt64.self))))
                    }
                }
            }
            entries += state.learned.map { ($0.key, $0.value) }
            return Self.encode(entries, key: key)
        }) else { return }
        CacheFileWriter.replace(path, with: bytes)
    }

    /// The file holding `entries` (ids of one length: others are left out).
    static func encode(_ entries: [(id: [UInt8], value: UInt64)], key: String) -> [UInt8] {
        let idLength = entries.first?.id.count ?? 20
        let kept = entries.filter { $0.id.count == idLength }
        var slots = 16
        while Double(kept.count) > Double(slots) * maxLoad { slots <<= 1 }
        let width = idLength + 8
        var table = [UInt8](repeating: 0, count: slots * width)
        table.withUnsafeMutableBytes { raw in
            for (id, value) in kept {
                var slot = id.withUnsafeBytes { home($0, slots: slots) }
                while !isFree(UnsafeRawBufferPointer(raw), at: slot * width, idLength: idLength) { slot = (slot + 1) & (slots - 1) }
                id.withUnsafeBytes { raw.baseAddress!.advanced(by: slot * width).copyMemory(from: $0.baseAddress!, byteCount: idLength) }
                raw.storeBytes(of: value.littleEndian, toByteOffset: slot * width + idLength, as: UInt64.self)
            }
        }
        var out = header(key: key)
        append(&out, UInt32(slots))
        out.append(UInt8(idLength))
        out += table
        let check = out.withUnsafeBytes { RecordCheck.check($0, key: checkKey) }
        append(&out, check)
        return out
    }

    private static func append<T: FixedWidthInteger>(_ out: inout [UInt8], _ value: T) {
        withUnsafeBytes(of: value.littleEndian) { out.append(contentsOf: $0) }
    }
}
