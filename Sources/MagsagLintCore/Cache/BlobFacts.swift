import Foundation
import MagsagGit
import MagsagSource

/// Facts derived from a file's bytes, by kind and blob id, kept between runs under the git directory
/// (`.git/magsag-lint/facts-v1.bin`). A run over a few changed files of a large snapshot (a hook) asks
/// questions of many unchanged files: which may name what changed (their `ContentSketch`), which schema
/// ids they declare. A blob id names the content, so a stored fact never goes stale: the answer comes
/// without reading the blob.
///
/// A fact's kind is a name (`"sketch"`, `"schema-declarations-v1"`, `"parse-yaml|..."`): a model that
/// changes what it derives changes the name. The file is a header (magic, format version, the build that
/// wrote it: another build's facts are dropped whole) and records: the kind's tag, the id (at most 32
/// bytes), the payload (at most 1 MiB), and a check of all three. New facts are appended at the end of a
/// run. Loading walks the record headers and stops where they stop making sense (a torn or concurrent
/// write); a record's check is verified when the record is first used, and a damaged one is dropped.
/// Either way the next save writes the file anew from what is valid. A file of another format, build or
/// tool is ignored and replaced. Bounded in size (by default 64 MiB; for a run, 1 KiB per file of its
/// snapshot if that is more): past the bound, the file is written anew with only the facts the run
/// used. Errors never fail a run; they only cost speed.
public final class BlobFacts: Sendable {
    public static let fileName = "facts-v1.bin"
    static let magic: [UInt8] = Array("MGLFACTS".utf8)
    /// 2: records checked by `check`'s word hash instead of SipHash.
    static let formatVersion: UInt32 = 2
    /// Magic, format version and the running build (`BuildIdentity`): facts derived by another build,
    /// which may derive differently, are dropped as a whole.
    static let header: [UInt8] = {
        var out = magic
        append(&out, formatVersion)
        let build = Array(BuildIdentity.current.utf8)
        append(&out, UInt32(build.count))
        return out + build
    }()
    static let maxIdentity = 32
    static let maxPayload = 1 << 20
    /// Fixed: the check finds damage (a torn write, a cut file), it does not authenticate.
    static let checkKey: (UInt64, UInt64) = (0x6d61_6773_6167_2d6c, 0x696e_742d_6661_6374)

    /// A fact's kind and blob id (at most 32 bytes, in little-endian words).
    struct Key: Hashable, Sendable {
        var tag: UInt32
        var count: UInt8
        var words: (UInt64, UInt64, UInt64, UInt64)

        init?(tag: UInt32, identity: ArraySlice<UInt8>) {
            guard let key = identity.withUnsafeBytes({ Key(tag: tag, identity: $0) }) else { return nil }
            self = key
        }

        init?(tag: UInt32, identity: UnsafeRawBufferPointer) {
            guard !identity.isEmpty, identity.count <= BlobFacts.maxIdentity else { return nil }
            // Byte i goes to word i / 8 at bit 8 * (i % 8): the little-endian words of the id padded with
            // zeros, copied at once (a lookup per deferred file makes one; a byte loop cost 800 instructions).
            var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
            withUnsafeMutableBytes(of: &words) { target in
                target.copyMemory(from: UnsafeRawBufferPointer(rebasing: identity.prefix(target.count)))
            }
            words = (UInt64(littleEndian: words.0), UInt64(littleEndian: words.1), UInt64(littleEndian: words.2), UInt64(littleEndian: words.3))
            self.tag = tag
            self.count = UInt8(identity.count)
            self.words = words
        }

        static func == (a: Key, b: Key) -> Bool {
            a.tag == b.tag && a.count == b.count && a.words.0 == b.words.0 && a.words.1 == b.words.1
                && a.words.2 == b.words.2 && a.words.3 == b.words.3
        }

        /// Blob ids are uniformly spread: their first word and the tag make a good hash.
        func hash(into hasher: inout Hasher) {
            hasher.combine(words.0 ^ UInt64(tag))
        }

        /// The id's bytes.
        var identity: [UInt8] {
            withUnsafeBytes(of: (words.0.littleEndian, words.1.littleEndian, words.2.littleEndian, words.3.littleEndian)) {
                Array($0.prefix(Int(count)))
            }
        }
    }

    /// Where a stored fact's record and payload lie in the file, and whether this run used it. A record's
    /// check is verified when it is first used (loading only walks the record headers).
    private struct Entry {
        var start: Int
        var range: Range<Int>
        var used = false
        var verified = false
    }

    /// Stored facts by key: open addressing over a key's first word and tag (blob ids are spread
    /// uniformly), with the records in the order added. A hook asks it about 100,000 times and fills it
    /// with as many records, where a dictionary's hashing cost more than the rest of a lookup.
    ///
    /// Each record is kept as its place in the file, a 32-bit fingerprint of its key and its flags (9
    /// bytes): its key and payload are read from the file when needed. Keys and entries kept whole took
    /// 72 bytes a record, 6 MB of fresh pages for the 85,000 records of a large snapshot in every hook.
    private struct Table {
        /// The file the records lie in (nil for an empty table).
        private let file: MappedFile?
        private var starts: [UInt32] = []
        private var fingerprints: [UInt32] = []
        private var flags: [UInt8] = []
        /// Positions in `starts` + 1; 0 for a free slot, -1 for a removed record's.
        private var slots: [Int32] = []
        private var shift = 64
        private var removed = 0
        private static let usedFlag: UInt8 = 1, verifiedFlag: UInt8 = 2, removedFlag: UInt8 = 4

        init(file: MappedFile? = nil, minimumCapacity: Int = 0) {
            self.file = file
            starts.reserveCapacity(minimumCapacity)
            fingerprints.reserveCapacity(minimumCapacity)
            flags.reserveCapacity(minimumCapacity)
            resize(to: minimumCapacity)
        }

        var isEmpty: Bool { starts.count == removed }

        private static func hash(_ key: Key) -> UInt64 { (key.words.0 ^ UInt64(key.tag) ^ UInt64(key.count) << 32) &* 0x9E37_79B9_7F4A_7C15 }

        /// The bits of the hash the slot does not use (its low half).
        private static func fingerprint(_ hash: UInt64) -> UInt32 { UInt32(truncatingIfNeeded: hash) }

        /// The key of the record at `position`, read from the file.
        func key(at position: Int) -> Key {
            let start = Int(starts[position])
            return file!.withUnsafeBytes { raw in
                let tag = UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: start, as: UInt32.self))
                let count = Int(raw[start + 4])
                return Key(tag: tag, identity: UnsafeRawBufferPointer(rebasing: raw[(start + 9)..<(start + 9 + count)]))!
            }
        }

        /// The record at `position`: where it lies, with its flags.
        func entry(at position: Int) -> Entry {
            let start = Int(starts[position])
            let range = file!.withUnsafeBytes { raw -> Range<Int> in
                let count = Int(raw[start + 4])
                let length = Int(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: start + 5, as: UInt32.self)))
                return (start + 9 + count)..<(start + 9 + count + length)
            }
            return Entry(start: start, range: range, used: flags[position] & Self.usedFlag != 0,
                         verified: flags[position] & Self.verifiedFlag != 0)
        }

        /// Whether the record at `position` is stored under `key` (its tag, length and id bytes).
        private func matches(_ position: Int, _ key: Key) -> Bool {
            let start = Int(starts[position])
            return file!.withUnsafeBytes { raw in
                guard UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: start, as: UInt32.self)) == key.tag,
                      raw[start + 4] == key.count else { return false }
                var words = (key.words.0.littleEndian, key.words.1.littleEndian, key.words.2.littleEndian, key.words.3.littleEndian)
                return withUnsafeBytes(of: &words) { wanted in memcmp(raw.baseAddress! + start + 9, wanted.baseAddress!, Int(key.count)) == 0 }
            }
        }

        private mutating func resize(to capacity: Int) {
            var size = 16
            while size * 3 < capacity * 4 + 4 { size <<= 1 }
            slots = [Int32](repeating: 0, count: size)
            shift = 64 - size.trailingZeroBitCount
            for position in starts.indices where flags[position] & Self.removedFlag == 0 {
                var slot = Int(truncatingIfNeeded: Self.hash(key(at: position)) >> UInt64(shift))
                while slots[slot] != 0 { slot = (slot + 1) & (size - 1) }
                slots[slot] = Int32(position + 1)
            }
        }

        /// The position of `key`'s record, or nil.
        func index(forKey key: Key) -> Int? {
            guard !slots.isEmpty else { return nil }
            let mask = slots.count - 1
            let hash = Self.hash(key), fingerprint = Self.fingerprint(hash)
            var slot = Int(truncatingIfNeeded: hash >> UInt64(shift))
            while true {
                let found = slots[slot]
                if found == 0 { return nil }
                if found > 0, fingerprints[Int(found) - 1] == fingerprint, matches(Int(found) - 1, key) { return Int(found) - 1 }
                slot = (slot + 1) & mask
            }
        }

        /// Add the record at `start` of the file under `key`, or put it in place of the one there.
        /// One probe sequence finds the key's record or, where it ends, the first slot to take (a
        /// removed record's, or the free one): loading a facts file sets each of its 25,000 to 85,000
        /// records, and a lookup, then a second probe to insert, cost a fifth of the load.
        mutating func set(_ key: Key, start: Int) {
            if (starts.count + 1) * 4 > slots.count * 3 { resize(to: (starts.count - removed + 1) * 2) }
            let mask = slots.count - 1
            let hash = Self.hash(key), fingerprint = Self.fingerprint(hash)
            var slot = Int(truncatingIfNeeded: hash >> UInt64(shift))
            var vacant = -1
            while true {
                let found = slots[slot]
                if found == 0 { break }
                if found < 0 {
                    if vacant < 0 { vacant = slot }
                } else if fingerprints[Int(found) - 1] == fingerprint, matches(Int(found) - 1, key) {
                    starts[Int(found) - 1] = UInt32(start)
                    flags[Int(found) - 1] = 0
                    return
                }
                slot = (slot + 1) & mask
            }
            starts.append(UInt32(start))
            fingerprints.append(fingerprint)
            flags.append(0)
            slots[vacant >= 0 ? vacant : slot] = Int32(starts.count)
        }

        /// Whether the record at `position` is kept (not removed). A record keeps its position for the
        /// table's life: one put in its place under the same key has another start.
        func isKept(_ position: Int) -> Bool { flags[position] & Self.removedFlag == 0 }

        /// Mark the record at `position` used this run.
        mutating func markUsed(_ position: Int) { flags[position] |= Self.usedFlag }

        /// Mark the record at `position` checked.
        mutating func markVerified(_ position: Int) { flags[position] |= Self.verifiedFlag }

        /// Forget the record at `position`.
        mutating func remove(at position: Int) {
            let key = key(at: position)
            guard let slotted = index(forKey: key), slotted == position else { return }
            let mask = slots.count - 1
            var slot = Int(truncatingIfNeeded: Self.hash(key) >> UInt64(shift))
            while slots[slot] != Int32(position + 1) { slot = (slot + 1) & mask }
            slots[slot] = -1
            flags[position] |= Self.removedFlag
            removed += 1
        }

        /// The records kept (not removed) that pass `isIncluded`.
        func filter(_ isIncluded: (Entry) -> Bool) -> [(key: Key, value: Entry)] {
            starts.indices.compactMap { position in
                guard flags[position] & Self.removedFlag == 0 else { return nil }
                let entry = entry(at: position)
                return isIncluded(entry) ? (key(at: position), entry) : nil
            }
        }
    }

    private struct State {
        var loaded = false
        /// The file's bytes as read (mapped).
        var buffer = MappedFile(bytes: [])
        /// Stored facts by key.
        var stored = Table()
        /// Whether the file can be appended to (it exists and every byte of it was valid).
        var appendable = false
        /// Records of the facts learned this run, whole (checks included), in the order learned.
        var pending: [UInt8] = []
        /// Payload ranges in `pending` by key.
        var learned: [Key: Range<Int>] = [:]
    }

    /// Where the file lives.
    public let directory: String
    /// Largest size of the file.
    public let maxBytes: Int
    private let state = Locked(State())

    /// How many files the run's snapshot holds: a run that learns facts reserves room for all of theirs at
    /// the first fact learned, so learning the whole snapshot appends into one buffer instead of copying
    /// it at every doubling.
    private let expectedFiles: Int
    /// What one file's facts take in the file, about (a sketch and a parse average 320 bytes).
    static let bytesPerFile = 320

    public init(directory: String, maxBytes: Int = 64 << 20, expectedFiles: Int = 0) {
        self.directory = directory
        self.maxBytes = maxBytes
        self.expectedFiles = max(expectedFiles, 0)
    }

    /// The store for a run over `fileSet`: nil when caching is off or the set has no cache directory (not
    /// a git repository), or when nothing is deferred (facts serve only deferred blobs).
    /// The bound grows with the snapshot (1 KiB per file, at least 64 MiB, at most 1 GiB), so the facts a
    /// hook needs always fit: a bound below them would drop facts every run and read them again.
    public static func forRun(_ fileSet: FileSet, enabled: Bool) -> BlobFacts? {
        guard enabled, !fileSet.deferred.isEmpty, let directory = fileSet.cacheDirectory else { return nil }
        let files = fileSet.deferred.count + fileSet.linted.count + fileSet.context.count
        return BlobFacts(directory: directory, maxBytes: min(max(64 << 20, files << 10), 1 << 30), expectedFiles: files)
    }

    private var path: String { Self.filePath(in: directory) }

    private static func filePath(in directory: String) -> String {
        (directory as NSString).appendingPathComponent(fileName)
    }

    /// What reading the file gives: its bytes, the records found in them, and whether every byte was valid.
    private struct Contents {
        var buffer: MappedFile
        var stored: Table
        var appendable: Bool
    }

    /// A read of the file begun before its run's store exists.
    private final class ReadAhead: Sendable {
        let finished = DispatchSemaphore(value: 0)
        let contents = Locked<Contents?>(nil)
    }

    /// Reads begun by `readAhead(directory:)` and not taken yet, by file path.
    private static let readsAhead = Locked<[String: ReadAhead]>([:])

    /// Begin reading the facts file under `directory` on another core, for a run that has yet to list
    /// its files (a hook lists the index, one core's work for tens of milliseconds on a large snapshot):
    /// the run's store then takes what was read instead of reading at its first question. A read no
    /// store takes is dropped with `discardReadAhead(directory:)`.
    public static func readAhead(directory: String) {
        let path = filePath(in: directory)
        let ahead = ReadAhead()
        let started = readsAhead.withLock { table -> Bool in
            guard table[path] == nil else { return false }
            table[path] = ahead
            return true
        }
        guard started else { return }
        DispatchQueue.global(qos: .userInitiated).async {
            let contents = Timings.measure("facts: read ahead") { readContents(path) }
            ahead.contents.withLock { $0 = contents }
            ahead.finished.signal()
        }
    }

    /// Whether a read begun by `readAhead(directory:)` waits for a store to take it.
    static func hasReadAhead(directory: String) -> Bool {
        readsAhead.withLock { $0[filePath(in: directory)] != nil }
    }

    /// Drop a read begun by `readAhead(directory:)` that no store will take (a run that defers nothing).
    public static func discardReadAhead(directory: String) {
        _ = readsAhead.withLock { $0.removeValue(forKey: filePath(in: directory)) }
    }

    /// The tag of a kind name (FNV-1a, so it is the same in every process).
    static func tag(_ kind: String) -> UInt32 {
        var hash: UInt32 = 0x811C_9DC5
        for byte in kind.utf8 { hash = (hash ^ UInt32(byte)) &* 0x0100_0193 }
        return hash
    }

    /// The stored (or learned) fact of kind `kind` about the blob `identity`, or nil.
    public func fact(_ kind: String, of identity: [UInt8]) -> ArraySlice<UInt8>? {
        fact(tag: Self.tag(kind), of: identity)
    }

    /// `fact(_:of:)` for a kind whose tag was worked out once (a lookup per deferred file).
    func fact(tag: UInt32, of identity: [UInt8]) -> ArraySlice<UInt8>? {
        guard let key = Key(tag: tag, identity: identity[...]) else { return nil }
        // A stored record is checked at its first use outside the lock (both cores look facts up at
        // once: checked under it, every check kept the other core waiting). Two first uses may both
        // check; both find the same.
        let looked = state.withLock { state -> (stored: (entry: Entry, buffer: MappedFile)?, learned: ArraySlice<UInt8>?)? in
            load(&state)
            if let at = state.stored.index(forKey: key) {
                let entry = state.stored.entry(at: at)
                state.stored.markUsed(at)
                return ((entry, state.buffer), nil)
            }
            return state.learned[key].map { (nil, state.pending[$0]) }
        }
        guard let looked else { return nil }
        guard let (entry, buffer) = looked.stored else { return looked.learned }
        // Copied out of the mapped file outside the lock.
        let payload = buffer[entry.range][...]
        guard !entry.verified else { return payload }
        let unchecked = (entry: entry, buffer: buffer)
        let intact = Self.isIntact(unchecked.entry, in: unchecked.buffer)
        state.withLock { state in
            guard let at = state.stored.index(forKey: key), state.stored.entry(at: at).start == unchecked.entry.start else { return }
            if intact {
                state.stored.markVerified(at)
            } else {
                // Damaged: forget it, and write the file anew at the next save.
                state.stored.remove(at: at)
                state.appendable = false
            }
        }
        return intact ? payload : nil
    }

    /// `fact(tag:of:)` for many blobs at once, in the order given: one lookup under the lock for all of
    /// them, the first-use checks outside it, then one more lock to record what the checks found (a model
    /// filtering tens of thousands of deferred files by their sketches took the lock twice per file).
    func facts(tag: UInt32, of identities: [[UInt8]]) -> [ArraySlice<UInt8>?] {
        var result = [ArraySlice<UInt8>?](repeating: nil, count: identities.count)
        withFacts(tag: tag, of: identities) { at, payload in result[at] = payload.map { Array($0)[...] } }
        return result
    }

    /// The facts of `facts(tag:of:)` shown to `body` in place, each once with its blob's position in
    /// `identities` (nil for a blob with none): stored payloads are read in the mapped file, not copied
    /// (a hook tests 25,000 sketches). The buffers are valid during each call only.
    func withFacts(tag: UInt32, of identities: [[UInt8]], _ body: (Int, UnsafeRawBufferPointer?) -> Void) {
        withFacts(keys: identities.map { Key(tag: tag, identity: $0[...]) }, body)
    }

    /// `withFacts(tag:of:_:)` for keys made by the caller (`Key(tag:identity:)` over ids read in place).
    func withFacts(keys: [Key?], _ body: (Int, UnsafeRawBufferPointer?) -> Void) {
        var unchecked: [(at: Int, position: Int, entry: Entry)] = []
        var storedAt: [(at: Int, range: Range<Int>)] = []
        var learned: [(at: Int, payload: ArraySlice<UInt8>)] = []
        unchecked.reserveCapacity(keys.count)
        storedAt.reserveCapacity(keys.count)
        let buffer = state.withLock { state -> MappedFile in
            load(&state)
            for (at, key) in keys.enumerated() {
                guard let key else { continue }
                if let position = state.stored.index(forKey: key) {
                    let entry = state.stored.entry(at: position)
                    state.stored.markUsed(position)
                    storedAt.append((at, entry.range))
                    if !entry.verified { unchecked.append((at, position, entry)) }
                } else if let range = state.learned[key] {
                    learned.append((at, state.pending[range]))
                }
            }
            return state.buffer
        }
        // Records used for the first time are checked outside the lock; a damaged one is dropped (and
        // the file written anew at the next save).
        var damaged = Set<Int>()
        if !unchecked.isEmpty {
            let intact = unchecked.map { Self.isIntact($0.entry, in: buffer) }
            state.withLock { state in
                // A record keeps its position: the one found above, unless it was removed or put in
                // place of (another start) meanwhile.
                for ((_, position, entry), isIntact) in zip(unchecked, intact) {
                    guard state.stored.isKept(position), state.stored.entry(at: position).start == entry.start else { continue }
                    if isIntact {
                        state.stored.markVerified(position)
                    } else {
                        state.stored.remove(at: position)
                        state.appendable = false
                    }
                }
            }
            for ((at, _, _), isIntact) in zip(unchecked, intact) where !isIntact { damaged.insert(at) }
        }
        var shown = [Bool](repeating: false, count: keys.count)
        let raw = buffer.bytes
        withExtendedLifetime(buffer) {
            for (at, range) in storedAt where !damaged.contains(at) {
                shown[at] = true
                body(at, UnsafeRawBufferPointer(rebasing: raw[range]))
            }
        }
        for (at, payload) in learned {
            shown[at] = true
            payload.withUnsafeBytes { body(at, $0) }
        }
        for at in keys.indices where !shown[at] { body(at, nil) }
    }

    /// Remember a fact derived this run (written by `save`). Ids and payloads over the limits are not kept.
    public func learn(_ kind: String, of identity: [UInt8], _ payload: [UInt8]) {
        guard payload.count <= Self.maxPayload, let key = Key(tag: Self.tag(kind), identity: identity[...]) else { return }
        // The record (and its check) is made before taking the lock.
        var record: [UInt8] = []
        record.reserveCapacity(identity.count + payload.count + 17)
        let payloadStart = Self.appendRecord(key, payload[...], to: &record)
        state.withLock { state in
            guard state.learned[key] == nil else { return }
            if state.pending.capacity == 0, expectedFiles > 0 {
                // Address space only: pages are touched as records are appended.
                state.pending.reserveCapacity(min(expectedFiles * Self.bytesPerFile, maxBytes))
                state.learned.reserveCapacity(expectedFiles)
            }
            let base = state.pending.count
            state.pending += record
            state.learned[key] = base + payloadStart..<base + payloadStart + payload.count
        }
    }

    /// Facts learned this run and not yet saved.
    public var pendingCount: Int { state.withLock { $0.learned.count } }

    /// Write what was learned: appended to a valid file within the bound, else a new file (atomically)
    /// holding the facts used this run, then the new ones. Errors are ignored.
    public func save() {
        let work = state.withLock { state -> (append: Bool, bytes: [UInt8])? in
            if !state.learned.isEmpty { load(&state) }
            guard state.loaded, !state.learned.isEmpty || (!state.appendable && !state.stored.isEmpty) else { return nil }
            let records = state.pending
            state.learned = [:]
            state.pending = []
            if state.appendable, state.buffer.count + records.count <= maxBytes {
                return (true, records)
            }
            var out = Self.header
            // Within the bound (a damaged file written anew) every valid fact stays; past it, those used.
            let keepAll = state.buffer.count + records.count <= maxBytes
            let kept = state.stored.filter { keepAll || $0.used }.sorted { $0.value.range.lowerBound < $1.value.range.lowerBound }
            let budget = maxBytes - records.count
            for (key, entry) in kept where entry.verified || Self.isIntact(entry, in: state.buffer) {
                let range = entry.range
                guard out.count + range.count + key.identity.count + 32 <= budget else { break }
                Self.appendRecord(key, state.buffer[range][...], to: &out)
            }
            if out.count + records.count <= maxBytes { out += records }
            return (false, out)
        }
        guard let work else { return }
        let manager = FileManager.default
        do {
            try manager.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            return
        }
        if work.append {
            // One write with O_APPEND: whole records land after whatever another run appended.
            CacheFileWriter.append(work.bytes, to: path)
        } else {
            CacheFileWriter.replace(path, with: work.bytes)
        }
    }

    /// Read the file once, keeping the valid records.
    private func load(_ state: inout State) {
        guard !state.loaded else { return }
        state.loaded = true
        Timings.measure("facts: load") { readFile(&state) }
    }

    private func readFile(_ state: inout State) {
        let contents: Contents?
        if let ahead = Self.readsAhead.withLock({ $0.removeValue(forKey: path) }) {
            ahead.finished.wait()
            contents = ahead.contents.withLock { $0 }
        } else {
            contents = Self.readContents(path)
        }
        guard let contents else { return }
        state.buffer = contents.buffer
        state.stored = contents.stored
        state.appendable = contents.appendable
    }

    /// Read the file at `path` and walk its record headers; nil when it is missing or of another format,
    /// version or build.
    private static func readContents(_ path: String) -> Contents? {
        guard let file = MappedFile.map(path) else { return nil }
        return file.withUnsafeBytes { bytes in readContents(file, bytes) }
    }

    private static func readContents(_ file: MappedFile, _ bytes: UnsafeRawBufferPointer) -> Contents? {
        let header = Self.header
        guard bytes.count >= header.count, bytes[0..<header.count].elementsEqual(header) else { return nil }
        // Records average about 300 bytes (a parse and a sketch per file): one allocation of about the
        // right size instead of a dozen rehashes, without reserving much more than is used.
        var stored = Table(file: file, minimumCapacity: bytes.count / 256)
        var at = header.count
        var valid = true
        // Record: tag (4), id length (1), payload length (4), id, payload, check (8).
        while at < bytes.count {
            guard let tag = Self.number(UInt32.self, bytes, at: at), at + 9 <= bytes.count,
                  let length = Self.number(UInt32.self, bytes, at: at + 5) else {
                valid = false
                break
            }
            let idCount = Int(bytes[at + 4]), payloadCount = Int(length)
            let end = at + 9 + idCount + payloadCount
            // Records are kept by their place as 32 bits: a file past 4 GiB (far beyond any bound) is
            // read up to there.
            guard payloadCount <= Self.maxPayload, end + 8 <= bytes.count, at <= Int(UInt32.max),
                  let key = Key(tag: tag, identity: UnsafeRawBufferPointer(rebasing: bytes[at + 9..<at + 9 + idCount])) else {
                valid = false
                break
            }
            stored.set(key, start: at)
            at = end + 8
        }
        return Contents(buffer: file, stored: stored, appendable: valid)
    }

    /// Append one record; returns where its payload starts in `out`.
    @discardableResult
    private static func appendRecord(_ key: Key, _ payload: ArraySlice<UInt8>, to out: inout [UInt8]) -> Int {
        let start = out.count
        append(&out, key.tag)
        out.append(key.count)
        append(&out, UInt32(payload.count))
        out += key.identity
        let payloadStart = out.count
        out += payload
        append(&out, check(out[start...]))
        return payloadStart
    }

    /// Whether a stored record's check matches its body.
    private static func isIntact(_ entry: Entry, in buffer: MappedFile) -> Bool {
        buffer.withUnsafeBytes { bytes in
            number(UInt64.self, bytes, at: entry.range.upperBound)
                == check(UnsafeRawBufferPointer(rebasing: bytes[entry.start..<entry.range.upperBound]))
        }
    }

    /// The check of a record's body (`RecordCheck` under this store's key), verified at every first
    /// use of a fact.
    static func check(_ body: ArraySlice<UInt8>) -> UInt64 {
        body.withUnsafeBytes { check($0) }
    }

    static func check(_ raw: UnsafeRawBufferPointer) -> UInt64 {
        RecordCheck.check(raw, key: checkKey)
    }

    private static func append<T: FixedWidthInteger>(_ out: inout [UInt8], _ value: T) {
        withUnsafeBytes(of: value.littleEndian) { out.append(contentsOf: $0) }
    }

    private static func number<T: FixedWidthInteger>(_: T.Type, _ bytes: UnsafeRawBufferPointer, at: Int) -> T? {
        let size = MemoryLayout<T>.size
        guard at >= 0, at + size <= bytes.count else { return nil }
        // One unaligned load (a byte loop with its bounds checks cost about 120 instructions a number, and
        // loading a facts file reads two per record).
        return T(littleEndian: bytes.loadUnaligned(fromByteOffset: at, as: T.self))
    }
}
