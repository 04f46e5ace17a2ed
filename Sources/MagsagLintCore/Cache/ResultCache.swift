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

    private struct State {
        var entries: [Digest128: Entry] = [:]
        var dirty = false
        /// Keys stored this run (what an appended segment holds).
        var fresh: Set<Digest128> = []
        var hits = 0
        var misses = 0
        var scopedHits = 0
        var scopedMisses = 0
    }

    private let state: Locked<State>
    /// The file as this cache read it: its size, device and inode, and whether every byte of it was an
    /// intact segment (only then may a save append), and the bytes its live entries take.
    private let loadedFile: (size: Int, device: UInt64, inode: UInt64, intact: Bool, liveBytes: Int)?
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
        var loadedFile: (size: Int, device: UInt64, inode: UInt64, intact: Bool, liveBytes: Int)?
        if let (bytes, device, inode) = Self.readFile((directory as NSString).appendingPathComponent(fileName)),
           let loaded = Self.parse(bytes) {
            key = loaded.key
            generation = loaded.generation &+ 1
            state.entries = loaded.entries
            let live = loaded.entries.values.reduce(0) { $0 + 24 + $1.payload.count }
            loadedFile = (bytes.count, device, inode, loaded.intact, live)
        }
        self.loadedFile = loadedFile
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

    /// The raw payload under `key` (for entries that are not a plain diagnostic list).
    func payload(_ key: Digest128) -> ArraySlice<UInt8>? {
        state.withLock { state -> ArraySlice<UInt8>? in
            guard var entry = state.entries[key] else { return nil }
            if entry.generation != generation {
                entry.generation = generation
                state.entries[key] = entry
            }
            return entry.payload
        }
    }

    /// Record a raw payload under `key`.
    func store(_ key: Digest128, payload: [UInt8]) {
        state.withLock { state in
            state.entries[key] = Entry(generation: generation, payload: payload[...])
            state.fresh.insert(key)
            state.dirty = true
        }
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
            if let loaded = loadedFile, loaded.intact, !state.fresh.isEmpty,
               let now = Self.identity(final), now.device == loaded.device, now.inode == loaded.inode, now.size >= loaded.size {
                let segment = self.segment(state.fresh.map { ($0, state.entries[$0]!) })
                // Replaced and dropped entries may make up at most half of the file.
                let live = loaded.liveBytes + segment.count
                if now.size + segment.count <= maxBytes, now.size + segment.count <= 2 * live + 65_536 {
                    return (true, segment)
                }
            }
            return (false, serialize(state.entries))
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

    /// The file's bytes, device and inode (one open, so the three belong together).
    private static func readFile(_ path: String) -> (bytes: [UInt8], device: UInt64, inode: UInt64)? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_size >= 0 else { return nil }
        let size = Int(info.st_size)
        var bytes = [UInt8](repeating: 0, count: size)
        var done = 0
        while done < size {
            let n = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress! + done, size - done) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { break }
            done += n
        }
        guard done == size else { return nil }
        return (bytes, UInt64(info.st_dev), UInt64(info.st_ino))
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

    /// One segment of `entries`: the generation, the count, the entries, and the check of all of them
    /// chained to the header's check.
    private func segment(_ entries: [(key: Digest128, value: Entry)]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(8 + entries.reduce(0) { $0 + 24 + $1.value.payload.count } + 16)
        append(&out, generation)
        append(&out, UInt32(entries.count))
        for (digest, entry) in entries {
            // The entry's 24-byte head in one append (four appends of a few bytes each cost more than
            // the payload's copy on a file of tens of thousands of entries).
            let head = (digest.high.littleEndian, digest.low.littleEndian,
                        entry.generation.littleEndian, UInt32(entry.payload.count).littleEndian)
            withUnsafeBytes(of: head) { out.append(contentsOf: $0) }
            entry.payload.withUnsafeBytes { out.append(contentsOf: $0) }
        }
        let check = Self.segmentCheck(out[...], key: key)
        append(&out, check.high)
        append(&out, check.low)
        return out
    }

    /// A segment's check: its bytes under the cache's key, after the header's check.
    private static func segmentCheck(_ body: ArraySlice<UInt8>, key: (UInt64, UInt64)) -> Digest128 {
        var hasher = SipHasher128(key: key)
        header(key: key).suffix(16).withUnsafeBytes { hasher.combine($0) }
        body.withUnsafeBytes { hasher.combine($0) }
        return hasher.finalize()
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
        return Self.header(key: key) + segment(kept)
    }

    private func append<T: FixedWidthInteger>(_ out: inout [UInt8], _ value: T) {
        withUnsafeBytes(of: value.littleEndian) { out.append(contentsOf: $0) }
    }

    /// Parse a cache file: nil when its header is wrong; else its key, its newest generation, the entries
    /// of its intact segments (later ones replacing earlier), and whether every byte was read intact.
    private static func parse(_ bytes: [UInt8])
        -> (key: (UInt64, UInt64), generation: UInt32, entries: [Digest128: Entry], intact: Bool)? {
        // A results file of a large repository holds millions of entries: fields are loaded as words
        // from the buffer, and the checks are taken over it in place.
        guard bytes.count >= headerSize, bytes[0..<magic.count].elementsEqual(magic) else { return nil }
        return bytes.withUnsafeBytes { raw -> (key: (UInt64, UInt64), generation: UInt32, entries: [Digest128: Entry], intact: Bool)? in
            func u32(_ at: Int) -> UInt32 { UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: at, as: UInt32.self)) }
            func u64(_ at: Int) -> UInt64 { UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: at, as: UInt64.self)) }
            guard u32(magic.count) == formatVersion else { return nil }
            let key = (u64(magic.count + 4), u64(magic.count + 12))
            let header = Self.header(key: key)
            guard raw.prefix(headerSize).elementsEqual(header) else { return nil }
            var entries: [Digest128: Entry] = [:]
            var generation: UInt32 = 0
            var at = headerSize
            while at < raw.count {
                // A segment: generation, count, entries, check.
                guard raw.count - at >= 8 + 16 else { break }
                let segmentGeneration = u32(at), count = Int(u32(at + 4))
                var cursor = at + 8
                // At most one entry per 24 bytes: a count beyond that is damage, not a reservation.
                guard count <= (raw.count - cursor) / 24 else { break }
                var found: [(Digest128, Entry)] = []
                found.reserveCapacity(count)
                var complete = true
                for _ in 0..<count {
                    guard raw.count - cursor >= 24 + 16 else { complete = false; break }
                    let high = u64(cursor), low = u64(cursor + 8), entryGeneration = u32(cursor + 16), length = Int(u32(cursor + 20))
                    cursor += 24
                    guard length <= raw.count - cursor - 16 else { complete = false; break }
                    found.append((Digest128(high: high, low: low), Entry(generation: entryGeneration, payload: bytes[cursor..<cursor + length])))
                    cursor += length
                }
                guard complete, raw.count - cursor >= 16 else { break }
                let expected = segmentCheck(bytes[at..<cursor], key: key)
                guard u64(cursor) == expected.high, u64(cursor + 8) == expected.low else { break }
                for (digest, entry) in found { entries[digest] = entry }
                generation = max(generation, segmentGeneration)
                at = cursor + 16
            }
            return (key, generation, entries, at == raw.count)
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
