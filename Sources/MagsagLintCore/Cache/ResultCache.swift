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
/// The file is one blob: a header (magic, format version, the random hashing key, a generation
/// counter), the entries, and a keyed checksum of all of it. A file that is truncated, damaged, of
/// another version or of another tool is ignored and replaced; the cache never fails a run (write
/// errors are ignored too) and is bounded in size (least recently used entries go first).
public final class ResultCache: Sendable {
    /// Bumped whenever the entry format or the key derivation changes.
    public static let formatVersion: UInt32 = 1
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
        var hits = 0
        var misses = 0
        var scopedHits = 0
        var scopedMisses = 0
    }

    private let state: Locked<State>
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
        if let data = FileManager.default.contents(atPath: (directory as NSString).appendingPathComponent(fileName)),
           let loaded = Self.parse(Array(data)) {
            key = loaded.key
            generation = loaded.generation &+ 1
            state.entries = loaded.entries
        }
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
        let payload = DiagnosticCoding.encode(diagnostics)
        state.withLock { state in
            state.entries[key] = Entry(generation: generation, payload: payload[...])
            state.dirty = true
        }
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

    /// Write the cache back when something new was stored (atomically: a temporary file renamed over
    /// the old one). Errors are ignored: a cache that cannot be written only costs speed.
    public func save() {
        folderStore.withLock { $0 }?.save()
        let bytes: [UInt8]? = state.withLock { state in
            guard state.dirty else { return nil }
            state.dirty = false
            return serialize(state.entries)
        }
        guard let bytes else { return }
        let manager = FileManager.default
        do {
            try manager.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let final = (directory as NSString).appendingPathComponent(fileName)
            let temporary = final + ".tmp.\(ProcessInfo.processInfo.processIdentifier)"
            guard manager.createFile(atPath: temporary, contents: Data(bytes)) else { return }
            if rename(temporary, final) != 0 { try? manager.removeItem(atPath: temporary) }
        } catch {
            return
        }
    }

    private func serialize(_ entries: [Digest128: Entry]) -> [UInt8] {
        // Newest first when not everything fits, so the oldest are dropped; when everything fits the
        // order does not matter (sorting a file near its bound, 2.3 million entries, took about a second).
        var total = Self.magic.count + 28 + 16
        for entry in entries.values { total += 24 + entry.payload.count }
        let ordered: [(key: Digest128, value: Entry)] = total <= maxBytes
            ? Array(entries)
            : entries.sorted { ($0.value.generation, $0.key) > ($1.value.generation, $1.key) }
        var out = Self.magic
        out.reserveCapacity(min(total, maxBytes))
        append(&out, Self.formatVersion)
        append(&out, key.0)
        append(&out, key.1)
        append(&out, generation)
        let countAt = out.count
        append(&out, UInt32(0))
        var count: UInt32 = 0
        for (digest, entry) in ordered {
            let size = 16 + 4 + 4 + entry.payload.count
            if out.count + size + 16 > maxBytes { break }
            // The entry's 24-byte head in one append (four appends of a few bytes each cost more than
            // the payload's copy on a file of tens of thousands of entries, written after every run).
            let head = (digest.high.littleEndian, digest.low.littleEndian,
                        entry.generation.littleEndian, UInt32(entry.payload.count).littleEndian)
            withUnsafeBytes(of: head) { out.append(contentsOf: $0) }
            entry.payload.withUnsafeBytes { out.append(contentsOf: $0) }
            count += 1
        }
        withUnsafeBytes(of: count.littleEndian) { out.replaceSubrange(countAt..<countAt + 4, with: $0) }
        let checksum = SipHasher128.digest(out, key: key)
        append(&out, checksum.high)
        append(&out, checksum.low)
        return out
    }

    private func append<T: FixedWidthInteger>(_ out: inout [UInt8], _ value: T) {
        withUnsafeBytes(of: value.littleEndian) { out.append(contentsOf: $0) }
    }

    /// Parse a cache file; nil when anything about it is wrong.
    private static func parse(_ bytes: [UInt8]) -> (key: (UInt64, UInt64), generation: UInt32, entries: [Digest128: Entry])? {
        // A results file of a large repository holds millions of entries: fields are loaded as words
        // from the buffer, and the checksum is taken over it in place.
        guard bytes.count >= magic.count + 4 + 16 + 4 + 4 + 16, Array(bytes[0..<magic.count]) == magic else { return nil }
        return bytes.withUnsafeBytes { raw -> (key: (UInt64, UInt64), generation: UInt32, entries: [Digest128: Entry])? in
            func u32(_ at: Int) -> UInt32 { UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: at, as: UInt32.self)) }
            func u64(_ at: Int) -> UInt64 { UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: at, as: UInt64.self)) }
            var at = magic.count
            guard u32(at) == formatVersion else { return nil }
            let k0 = u64(at + 4), k1 = u64(at + 12), generation = u32(at + 20), count = Int(u32(at + 24))
            at += 28
            let body = raw.count - 16
            var hasher = SipHasher128(key: (k0, k1))
            hasher.combine(UnsafeRawBufferPointer(rebasing: raw[0..<body]))
            let expected = hasher.finalize()
            guard u64(body) == expected.high, u64(body + 8) == expected.low else { return nil }
            // At most one entry per 24 bytes: a count beyond that is a damaged file, not a reservation.
            guard count <= (body - at) / 24 else { return nil }
            var entries: [Digest128: Entry] = [:]
            entries.reserveCapacity(count)
            for _ in 0..<count {
                guard at + 24 <= body else { return nil }
                let high = u64(at), low = u64(at + 8), entryGeneration = u32(at + 16), length = Int(u32(at + 20))
                at += 24
                guard length <= body - at else { return nil }
                entries[Digest128(high: high, low: low)] = Entry(generation: entryGeneration, payload: bytes[at..<at + length])
                at += length
            }
            guard at == body else { return nil }
            return ((k0, k1), generation, entries)
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
