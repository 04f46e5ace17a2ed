import Foundation
import MagsagGit

/// Lint results by content, kept between runs under the repository's git directory
/// (`.git/magsag-lint/results-v1.bin`), so an unchanged file or snapshot costs a lookup.
///
/// Keys are 128-bit keyed digests of everything a result depends on: the namespace (tool version,
/// rule set, effective configuration, `today`), the rule kind and, for per-file results, the path
/// and a digest of the file's bytes; for repository-rule results, the rule id and a digest of the
/// whole snapshot (every path with its content digest, deletions, the base revision's files). So a
/// change to any file re-runs the cross-file rules — never a stale cross-file result.
///
/// The file is a header (magic, format version, the random hashing key, and a keyed check of those)
/// followed by segments, each a generation counter, entries and a keyed check chained to the header's.
/// A run that stored new results appends one segment with just those (one `O_APPEND` write of a few
/// kilobytes, where rewriting the whole file took about 7 ms at the end of every hook on a large
/// repository); a later entry under the same key replaces an earlier one. The file is written anew,
/// compacted, when it was not read intact, when appending would pass its bound, or when replaced entries
/// make up more than half of it. A header that is damaged, of another version or of another tool makes
/// the whole file ignored and replaced; a damaged segment ends what is read (the segments before it are
/// used, the file is written anew at the next save). The cache never fails a run (write errors are
/// ignored too) and is bounded in size (least recently used entries go first).
///
/// Opening the file maps it and reads only where each entry lies (`Stored`): a hook looks up a few
/// hundred keys in a file that keeps every result of every build until its bound, and building a
/// dictionary of all of them cost it 31 to 41 million instructions on a 2 MB file (about 900 an entry),
/// growing with the file.
/// A segment's check is taken when one of its entries is first used, so segments are written at most
/// `segmentBytes` long: a lookup checks the few kilobytes around it, not the whole file.
public final class ResultCache: Sendable {
    /// Bumped whenever the file layout, the entry format or the key derivation changes.
    public static let formatVersion: UInt32 = 2
    static let magic: [UInt8] = Array("MGLRC\u{0}\u{0}\u{0}".utf8)
    public static let fileName = "results-v1.bin"
    /// The file of whole-run outcomes (see `RunCache`): kept apart so that answering a run seen before
    /// reads a small file, not every per-file and per-rule result.
    public static let runsFileName = "runs-v1.bin"

    /// Where the cache lives.
    public let directory: String
    /// The cache file's name inside `directory`.
    public let fileName: String
    /// Largest size of the cache file; older entries are dropped to stay below it.
    public let maxBytes: Int
    /// The random hashing key of this cache directory.
    let key: (UInt64, UInt64)
    /// The digest of the namespace string.
    let namespace: Digest128
    let generation: UInt32

    private struct Entry {
        var generation: UInt32
        var payload: ArraySlice<UInt8>
    }

    /// Entries are written in segments of about this many bytes (an entry longer than that gets a
    /// segment of its own): the unit a lookup checks.
    static let segmentBytes = 16 << 10

    private struct State {
        /// Where the entries of the file read lie, and which of its segments were checked.
        var stored = Stored()
        /// Entries stored this run.
        var entries: [Digest128: Entry] = [:]
        /// Whether a segment of the file read failed its check (the file is then written anew).
        var damaged = false
        var dirty = false
        /// Keys stored this run (what an appended segment holds).
        var fresh: Set<Digest128> = []
        var hits = 0
        var misses = 0
        var scopedHits = 0
        var scopedMisses = 0
    }

    private let state: Locked<State>
    /// The file as this cache read it: its size, device and inode, and whether every byte of it was a
    /// well-formed segment (only then, and when no check failed, may a save append).
    private let loadedFile: (size: Int, device: UInt64, inode: UInt64, complete: Bool)?
    /// The file read, mapped (entries' payloads are copied out of it when used).
    private let file: MappedFile
    /// The folder summaries kept beside the results (opened on first use).
    private let folderStore = Locked<FolderSums?>(nil)

    /// The folder summaries kept beside the results (`FolderSums`), for the cache keys of this run.
    var folderSums: FolderSums? {
        folderStore.withLock { store in
            if store == nil { store = FolderSums(directory: directory) }
            return store
        }
    }

    /// Open (or start) the cache in `directory`; `namespace` names everything results depend on besides
    /// the files themselves (see the type's documentation).
    public init(directory: String, namespace: String, maxBytes: Int = 64 << 20, fileName: String = ResultCache.fileName) {
        self.directory = directory
        self.fileName = fileName
        self.maxBytes = maxBytes
        var state = State()
        var key: (UInt64, UInt64)?
        var generation: UInt32 = 0
        var loadedFile: (size: Int, device: UInt64, inode: UInt64, complete: Bool)?
        // Mapped, not read: the pages come from the page cache as they are used (read into an array, the
        // file's pages were zeroed and copied first).
        var file = MappedFile(bytes: [])
        if let (mapped, device, inode) = MappedFile.mapWithIdentity((directory as NSString).appendingPathComponent(fileName)),
           let loaded = Self.parse(mapped.bytes) {
            key = loaded.key
            generation = loaded.generation &+ 1
            state.stored = Stored(mapped.bytes, segments: loaded.segments)
            loadedFile = (mapped.count, device, inode, loaded.complete)
            file = mapped
        }
        self.loadedFile = loadedFile
        self.file = file
        var random = SystemRandomNumberGenerator()
        self.key = key ?? (random.next(), random.next())
        self.generation = generation
        var hasher = SipHasher128(key: self.key)
        hasher.combine("namespace")
        hasher.combine(namespace)
        self.namespace = hasher.finalize()
        self.state = Locked(state)
    }

    /// The digest of a file's bytes.
    public func digest(of bytes: [UInt8]) -> Digest128 {
        SipHasher128.digest(bytes, key: key)
    }

    /// A hasher seeded with this cache's key and namespace, for building entry keys.
    public func keyHasher(_ kind: String) -> SipHasher128 {
        var hasher = SipHasher128(key: key)
        hasher.combine(namespace)
        hasher.combine(kind)
        return hasher
    }

    /// The cached diagnostics under `key`, or nil (a miss, or an entry that does not decode).
    public func lookup(_ key: Digest128) -> [Diagnostic]? {
        let decoded = payload(key).flatMap(DiagnosticCoding.decode)
        state.withLock { state in
            if decoded == nil { state.misses += 1 } else { state.hits += 1 }
        }
        return decoded
    }

    /// Record the diagnostics under `key`.
    public func store(_ key: Digest128, _ diagnostics: [Diagnostic]) {
        store(key, payload: DiagnosticCoding.encode(diagnostics))
    }

    /// What a lookup found under the lock.
    private enum Found {
        case payload(ArraySlice<UInt8>)
        case missing
        /// The entry lies in segment `index`, not checked yet.
        case unchecked(index: Int, bounds: Segment)
    }

    /// The raw payload under `key` (for entries that are not a plain diagnostic list).
    func payload(_ key: Digest128) -> ArraySlice<UInt8>? {
        // A segment checked outside the lock, then the answer; a damaged one cuts what was read, and the
        // key is looked up once more among what is left.
        for _ in 0..<3 {
            let found = state.withLock { state -> Found in
                if var entry = state.entries[key] {
                    if entry.generation != generation {
                        entry.generation = generation
                        state.entries[key] = entry
                    }
                    return .payload(entry.payload)
                }
                guard let at = state.stored.position(of: key) else { return .missing }
                let slot = state.stored.entries[at]
                let segment = Int(slot.segment)
                switch state.stored.segments[segment].intact {
                case true?:
                    state.stored.entries[at].generation = generation
                    return .payload(payload(of: slot)[...])
                case false?:
                    return .missing
                case nil:
                    return .unchecked(index: segment, bounds: state.stored.segments[segment])
                }
            }
            switch found {
            case .payload(let payload): return payload
            case .missing: return nil
            case .unchecked(let segment, let bounds):
                // Checked outside the lock (both cores look results up at once); two first uses may both
                // check, and find the same. Another thread may cut the segments meanwhile.
                let intact = Self.isIntact(bounds, in: file, key: self.key)
                state.withLock { state in
                    guard segment < state.stored.segments.count, state.stored.segments[segment].start == bounds.start,
                          state.stored.segments[segment].intact == nil else { return }
                    if intact {
                        state.stored.segments[segment].intact = true
                    } else {
                        // A damaged segment ends what is read, as if it had been found on opening.
                        cutAtDamage(&state)
                    }
                }
            }
        }
        return nil
    }

    /// Check every segment not checked yet, in order, and keep only those before the first damaged one
    /// (its entries and every later segment's are dropped; the file is written anew at the next save).
    private func cutAtDamage(_ state: inout State) {
        let segments = state.stored.segments
        guard let first = segments.indices.first(where: { at in
            if let intact = segments[at].intact { return !intact }
            return !Self.isIntact(segments[at], in: file, key: key)
        }) else {
            for at in segments.indices { state.stored.segments[at].intact = true }
            return
        }
        state.damaged = true
        var kept = Array(segments[..<first])
        for at in kept.indices { kept[at].intact = true }
        state.stored = Stored(file.bytes, segments: kept)
    }

    /// A copy of the payload of the stored entry `slot`.
    private func payload(of slot: Stored.Slot) -> [UInt8] {
        file.withUnsafeBytes { Array(UnsafeRawBufferPointer(rebasing: $0[Int(slot.start)..<Int(slot.start) + Int(slot.length)])) }
    }

    /// Record a raw payload under `key`.
    func store(_ key: Digest128, payload: [UInt8]) {
        state.withLock { state in
            state.entries[key] = Entry(generation: generation, payload: payload[...])
            state.fresh.insert(key)
            state.dirty = true
        }
    }

    /// How many segments the file read has, and how many of them had their check taken (for tests).
    var segmentsChecked: (segments: Int, checked: Int) {
        state.withLock { state in (state.stored.segments.count, state.stored.segments.count { $0.intact != nil }) }
    }

    /// Hits and misses so far.
    public var statistics: (hits: Int, misses: Int) { state.withLock { ($0.hits, $0.misses) } }

    /// Repository-rule results reused (hits) or not (misses) by the areas they read (see `ScopedResults`).
    public var scopedStatistics: (hits: Int, misses: Int) { state.withLock { ($0.scopedHits, $0.scopedMisses) } }

    func recordScoped(hit: Bool) {
        state.withLock { state in
            if hit { state.scopedHits += 1 } else { state.scopedMisses += 1 }
        }
    }

    /// Write what was stored this run: appended as one segment when the file read is intact and still
    /// in place and the result stays within bounds, else the whole cache written anew (atomically: a
    /// temporary file renamed over the old one). Errors are ignored: a cache that cannot be written only
    /// costs speed.
    public func save() {
        folderStore.withLock { $0 }?.save()
        let final = (directory as NSString).appendingPathComponent(fileName)
        let work: (append: Bool, bytes: [UInt8])? = state.withLock { state in
            guard state.dirty else { return nil }
            state.dirty = false
            defer { state.fresh = [] }
            if let loaded = loadedFile, loaded.complete, !state.damaged, !state.fresh.isEmpty,
               let now = Self.identity(final), now.device == loaded.device, now.inode == loaded.inode, now.size >= loaded.size {
                let segment = self.segments(state.fresh.map { ($0, state.entries[$0]!) })
                // Replaced and dropped entries may make up at most half of the file.
                let live = state.stored.liveBytes + segment.count
                if now.size + segment.count <= maxBytes, now.size + segment.count <= 2 * live + 65_536 {
                    return (true, segment)
                }
            }
            // Written anew: every entry read is checked first (a damaged segment ends them).
            cutAtDamage(&state)
            var all = state.entries
            for slot in state.stored.entries {
                let digest = Digest128(high: slot.high, low: slot.low)
                guard all[digest] == nil else { continue }
                all[digest] = Entry(generation: slot.generation, payload: payload(of: slot)[...])
            }
            return (false, serialize(all))
        }
        guard let work else { return }
        if work.append {
            // One write with O_APPEND: the whole segment lands after whatever another run appended.
            CacheFileWriter.append(work.bytes, to: final)
        } else {
            try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            CacheFileWriter.replace(final, with: work.bytes)
        }
    }

    /// The size, device and inode of the file at `path` now.
    private static func identity(_ path: String) -> (size: Int, device: UInt64, inode: UInt64)? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return (Int(info.st_size), UInt64(info.st_dev), UInt64(info.st_ino))
    }

    /// The header: magic, version, key, and the keyed check of those (which every segment's check
    /// continues).
    private static func header(key: (UInt64, UInt64)) -> [UInt8] {
        var out = magic
        withUnsafeBytes(of: formatVersion.littleEndian) { out += $0 }
        withUnsafeBytes(of: key.0.littleEndian) { out += $0 }
        withUnsafeBytes(of: key.1.littleEndian) { out += $0 }
        let check = SipHasher128.digest(out, key: key)
        withUnsafeBytes(of: check.high.littleEndian) { out += $0 }
        withUnsafeBytes(of: check.low.littleEndian) { out += $0 }
        return out
    }

    static let headerSize = 8 + 4 + 16 + 16

    /// `entries` as segments of about `segmentBytes` each: per segment the generation, the count, the
    /// entries, and the check of all of them chained to the header's check.
    private func segments(_ entries: [(key: Digest128, value: Entry)]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(entries.reduce(0) { $0 + 24 + $1.value.payload.count } + (8 + 16) * (1 + entries.count / 64))
        var next = entries.startIndex
        while next < entries.endIndex {
            let start = out.count
            var count = 0, size = 0
            append(&out, generation)
            append(&out, UInt32(0)) // the count, filled in below
            while next < entries.endIndex, count == 0 || size + 24 + entries[next].value.payload.count <= Self.segmentBytes {
                let (digest, entry) = entries[next]
                // The entry's 24-byte head in one append (four appends of a few bytes each cost more than
                // the payload's copy on a file of tens of thousands of entries).
                let head = (digest.high.littleEndian, digest.low.littleEndian,
                            entry.generation.littleEndian, UInt32(entry.payload.count).littleEndian)
                withUnsafeBytes(of: head) { out.append(contentsOf: $0) }
                entry.payload.withUnsafeBytes { out.append(contentsOf: $0) }
                size += 24 + entry.payload.count
                count += 1
                next += 1
            }
            withUnsafeBytes(of: UInt32(count).littleEndian) { count in
                out.withUnsafeMutableBytes { $0.baseAddress!.advanced(by: start + 4).copyMemory(from: count.baseAddress!, byteCount: 4) }
            }
            let check = out.withUnsafeBytes { Self.segmentCheck(UnsafeRawBufferPointer(rebasing: $0[start...]), key: key) }
            append(&out, check.high)
            append(&out, check.low)
        }
        return out
    }

    /// A segment's check: its bytes under the cache's key, after the header's check.
    private static func segmentCheck(_ body: UnsafeRawBufferPointer, key: (UInt64, UInt64)) -> Digest128 {
        var hasher = SipHasher128(key: key)
        header(key: key).suffix(16).withUnsafeBytes { hasher.combine($0) }
        hasher.combine(body)
        return hasher.finalize()
    }

    /// Whether `segment` of `file` matches its check.
    private static func isIntact(_ segment: Segment, in file: MappedFile, key: (UInt64, UInt64)) -> Bool {
        file.withUnsafeBytes { raw in
            let expected = segmentCheck(UnsafeRawBufferPointer(rebasing: raw[segment.start..<segment.end]), key: key)
            return UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: segment.end, as: UInt64.self)) == expected.high
                && UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: segment.end + 8, as: UInt64.self)) == expected.low
        }
    }

    /// The whole cache: the header and one segment, within `maxBytes` (newest entries first when not
    /// everything fits).
    private func serialize(_ entries: [Digest128: Entry]) -> [UInt8] {
        // When everything fits the order does not matter (sorting a file near its bound, 2.3 million
        // entries, took about a second).
        let budget = maxBytes - Self.headerSize - 8 - 16
        var total = 0
        for entry in entries.values { total += 24 + entry.payload.count }
        var kept: [(key: Digest128, value: Entry)]
        if total <= budget {
            kept = Array(entries)
        } else {
            kept = []
            var used = 0
            for entry in entries.sorted(by: { ($0.value.generation, $0.key) > ($1.value.generation, $1.key) }) {
                let size = 24 + entry.value.payload.count
                if used + size > budget { break }
                used += size
                kept.append(entry)
            }
        }
        return Self.header(key: key) + segments(kept)
    }

    private func append<T: FixedWidthInteger>(_ out: inout [UInt8], _ value: T) {
        withUnsafeBytes(of: value.littleEndian) { out.append(contentsOf: $0) }
    }

    /// Parse a cache file: nil when its header is wrong; else its key, its newest generation, where its
    /// well-formed segments lie (their checks not taken yet), and whether every byte was read as one.
    private static func parse(_ raw: UnsafeRawBufferPointer) -> (key: (UInt64, UInt64), generation: UInt32, segments: [Segment], complete: Bool)? {
        guard raw.count >= headerSize, raw[0..<magic.count].elementsEqual(magic) else { return nil }
        func u32(_ at: Int) -> UInt32 { UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: at, as: UInt32.self)) }
        func u64(_ at: Int) -> UInt64 { UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: at, as: UInt64.self)) }
        guard u32(magic.count) == formatVersion else { return nil }
        let key = (u64(magic.count + 4), u64(magic.count + 12))
        let header = Self.header(key: key)
        guard raw.prefix(headerSize).elementsEqual(header) else { return nil }
        var segments: [Segment] = []
        var generation: UInt32 = 0
        var at = headerSize
        while at < raw.count {
            // A segment: generation, count, entries, check.
            guard raw.count - at >= 8 + 16 else { break }
            let segmentGeneration = u32(at), count = Int(u32(at + 4))
            var cursor = at + 8
            // At most one entry per 24 bytes: a count beyond that is damage, not a reservation.
            guard count <= (raw.count - cursor) / 24 else { break }
            var complete = true
            for _ in 0..<count {
                guard raw.count - cursor >= 24 + 16 else { complete = false; break }
                let length = Int(u32(cursor + 20))
                cursor += 24
                guard length <= raw.count - cursor - 16 else { complete = false; break }
                cursor += length
            }
            guard complete, raw.count - cursor >= 16 else { break }
            segments.append(Segment(start: at, end: cursor, intact: nil))
            generation = max(generation, segmentGeneration)
            at = cursor + 16
        }
        return (key, generation, segments, at == raw.count)
    }

    /// One segment of the file read: its bytes from its generation to its check (which follows), and
    /// whether the check matched (nil until an entry of it is first used).
    struct Segment {
        var start: Int
        var end: Int
        var intact: Bool?
    }

    /// Where each key's newest entry lies in the file read: the entries in the order read (one 32-byte
    /// record each, a later one under a key put in place of the earlier), found through open addressing
    /// over the key's low word (keys are keyed digests, spread uniformly). Nothing reference counted.
    struct Stored {
        struct Slot {
            var high: UInt64
            var low: UInt64
            var start: UInt32
            var length: UInt32
            var generation: UInt32
            /// The segment's index.
            var segment: UInt32
        }

        var entries: [Slot] = []
        var segments: [Segment] = []
        /// The bytes the entries take in the file (24 bytes of head each, and the payload).
        var liveBytes = 0
        /// Positions in `entries` plus one; 0 for a free place.
        private var table: [Int32] = []
        private var mask = 0

        init() {}

        /// The entries of `segments` of the file `raw`, a later entry under a key replacing an earlier one.
        init(_ raw: UnsafeRawBufferPointer, segments: [Segment]) {
            self.segments = segments
            func u32(_ at: Int) -> UInt32 { UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: at, as: UInt32.self)) }
            func u64(_ at: Int) -> UInt64 { UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: at, as: UInt64.self)) }
            let count = segments.reduce(0) { $0 + Int(u32($1.start + 4)) }
            guard count > 0 else { return }
            var capacity = 16
            while capacity < count + count / 2 { capacity <<= 1 }
            mask = capacity - 1
            table = [Int32](repeating: 0, count: capacity)
            entries.reserveCapacity(count)
            for (index, segment) in segments.enumerated() {
                var cursor = segment.start + 8
                for _ in 0..<Int(u32(segment.start + 4)) {
                    let high = u64(cursor), low = u64(cursor + 8), length = u32(cursor + 20)
                    let slot = Slot(high: high, low: low, start: UInt32(cursor + 24), length: length,
                                    generation: u32(cursor + 16), segment: UInt32(index))
                    var at = Int(truncatingIfNeeded: low) & mask
                    while true {
                        let found = Int(table[at])
                        if found == 0 {
                            entries.append(slot)
                            table[at] = Int32(entries.count)
                            break
                        }
                        if entries[found - 1].high == high, entries[found - 1].low == low {
                            liveBytes -= 24 + Int(entries[found - 1].length)
                            entries[found - 1] = slot
                            break
                        }
                        at = (at + 1) & mask
                    }
                    liveBytes += 24 + Int(length)
                    cursor += 24 + Int(length)
                }
            }
        }

        /// The position in `entries` of `key`'s entry.
        func position(of key: Digest128) -> Int? {
            guard !table.isEmpty else { return nil }
            var at = Int(truncatingIfNeeded: key.low) & mask
            while true {
                let found = Int(table[at])
                if found == 0 { return nil }
                if entries[found - 1].high == key.high, entries[found - 1].low == key.low { return found - 1 }
                at = (at + 1) & mask
            }
        }
    }
}

extension ResultCache {
    /// Everything results depend on besides the files: the tool version, the rules that run (ids in
    /// order), the effective configuration (its dump and the bytes of its file, which also cover keys
    /// the dump does not print) and the date rules compare against.
    public static func namespace(toolVersion: String, rules: [any Rule.Type], configuration: Configuration,
                                 configurationFile: [UInt8]?) -> String {
        var text = "magsag-lint \(toolVersion) build \(BuildIdentity.current)\n"
        text += rules.map { $0.description.id }.joined(separator: ",") + "\n"
        text += "today \(configuration.settings.today)\n"
        text += ConfigurationDump.yaml(configuration, rules: rules.map { $0.description })
        if let configurationFile {
            text += "\n--- configuration file\n" + String(decoding: configurationFile, as: UTF8.self)
        }
        return text
    }

    /// The cache for a run over `fileSet`, or nil when the set has no cache directory (not a git
    /// repository) or `namespace` is nil (caching disabled).
    public static func forRun(_ fileSet: FileSet, namespace: String?) -> ResultCache? {
        guard let namespace, let directory = fileSet.cacheDirectory else { return nil }
        if let ahead = opensAhead.withLock({ $0.removeValue(forKey: aheadKey(directory, namespace)) }) { return ahead.value }
        return ResultCache(directory: directory, namespace: namespace)
    }

    /// Caches being opened on another core by `openAhead`, not taken yet, by directory and namespace.
    private static let opensAhead = Locked<[String: Background<ResultCache>]>([:])

    private static func aheadKey(_ directory: String, _ namespace: String) -> String { directory + "\u{0}" + namespace }

    /// Begin opening the results file under `directory` on another core, for a run that has yet to list
    /// its files (reading and checking a large repository's results took a hook about 4 ms on one core
    /// before its cache keys): `forRun` then takes it. An open no run takes is dropped with
    /// `discardOpenAhead(directory:namespace:)`.
    public static func openAhead(directory: String, namespace: String) {
        opensAhead.withLock { table in
            let key = aheadKey(directory, namespace)
            guard table[key] == nil else { return }
            table[key] = Background { ResultCache(directory: directory, namespace: namespace) }
        }
    }

    /// Drop an open begun by `openAhead(directory:namespace:)` that no run will take.
    public static func discardOpenAhead(directory: String, namespace: String) {
        _ = opensAhead.withLock { $0.removeValue(forKey: aheadKey(directory, namespace)) }
    }
}
