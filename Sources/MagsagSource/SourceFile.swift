#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The bytes of one file, with its repository-relative path and a line index.
///
/// Parsed once and shared by every rule. Immutable but for a JSON file's line index, which is built
/// on first use under a lock (see `lineIndex`), so `Sendable`.
public final class SourceFile: @unchecked Sendable {
    /// Repository-relative path with `/` separators (never absolute, never starting with `./`).
    public let path: String
    /// The raw bytes as read from the source (work tree, index blob, commit blob or memory).
    ///
    /// A file whose bytes were released after parsing (`releaseBytes(rereading:)`) reads them again from
    /// its source on first use, under a lock, and keeps them from then on.
    @inlinable public var bytes: [UInt8] {
        if !bytesReleased { return heldBytes }
        return rereadBytes()
    }
    /// The bytes, until they are released (then empty).
    @usableFromInline @exclusivity(unchecked) private(set) var heldBytes: [UInt8]
    /// Whether `heldBytes` were released. Written only by `releaseBytes`, which no other thread may run
    /// beside (see there), so reading it needs no lock.
    @usableFromInline @exclusivity(unchecked) private(set) var bytesReleased = false
    /// How to read released bytes again and what they must be; read and written only under the file's
    /// stripe lock of `rereadStripes`.
    private var released: Released?

    /// What a file whose bytes were released keeps: how to read them again and what they were. A class,
    /// so that every file pays one reference for it (most files are never released).
    private final class Released {
        let reread: @Sendable (String) -> [UInt8]?
        let count: Int
        let digest: UInt64
        /// The bytes read again, once they were asked for.
        var bytes: [UInt8]?

        init(reread: @escaping @Sendable (String) -> [UInt8]?, count: Int, digest: UInt64) {
            self.reread = reread
            self.count = count
            self.digest = digest
        }
    }
    /// Whether `bytes` are valid UTF-8 (a leading BOM allowed).
    public let isValidUTF8: Bool
    /// The content decoded as UTF-8 (a leading BOM removed from the text, not from `bytes`), or nil
    /// when the bytes are not valid UTF-8. Decoded at each use: the parsers and rules read `bytes`, and
    /// a second copy of every file held for the few that want a `String` would cost as much as the bytes.
    public var text: String? {
        isValidUTF8 ? String(decoding: Self.bodyWithoutBOM(bytes), as: UTF8.self) : nil
    }
    /// Offset/line/column mapping over `bytes`.
    ///
    /// Built with the file for every kind but JSON: the YAML and Markdown readers map every position
    /// through it. The JSON scanner counts lines itself, so a JSON file's index is built on first use
    /// (a finding's context, a rule that scans lines): most JSON files never need one, and at 10,000
    /// agents their indexes were about 27 MB of a cold check's heap.
    public var lineIndex: LineIndex {
        if indexedAtOnce { return builtLineIndex }
        if let built = Self.stripes.withLock(for: self, { lateLineIndex }) { return built }
        // Read outside the lock: released bytes are read again under a lock of their own.
        let bytes = self.bytes
        return Self.stripes.withLock(for: self) {
            if let lateLineIndex { return lateLineIndex }
            let built = LineIndex(bytes)
            lateLineIndex = built
            return built
        }
    }
    /// The index built with the file when `indexedAtOnce` (an empty one otherwise). Not optional, so
    /// that position lookups read it in place: unwrapping an optional copied it, three reference
    /// counts each way per position of a YAML or Markdown parse.
    private let builtLineIndex: LineIndex
    private let indexedAtOnce: Bool
    /// Bytes the line index holds now (0 for a JSON file whose index was never asked for); read without
    /// building it, for memory estimates.
    public var lineIndexByteCount: Int {
        if indexedAtOnce { return builtLineIndex.byteCount }
        return Self.stripes.withLock(for: self) { lateLineIndex?.byteCount ?? 0 }
    }
    /// A JSON file's index once built; read and written only under the file's stripe lock.
    private var lateLineIndex: LineIndex?
    private static let stripes = LockStripes()
    /// The file's first offset in `SourceSpace` once a parser asked for one (`UInt32.max` when the space
    /// was full); read and written only under the file's stripe lock.
    private var registeredBase: UInt32?

    /// The file's first offset in `SourceSpace`, given on first use: the parsers make their values'
    /// spans from it. Nil when the space is full (the parsers then keep whole ranges).
    public var spaceBase: UInt32? {
        Self.stripes.withLock(for: self) {
            if let registeredBase { return registeredBase == .max ? nil : registeredBase }
            let base = SourceSpace.shared.register(self)
            registeredBase = base ?? .max
            return base
        }
    }

    /// Whether git records the file as executable (mode `100755`); always false for files that do not
    /// come from git (a plain folder, memory).
    public let isExecutable: Bool

    public convenience init(path: String, bytes: [UInt8], isExecutable: Bool = false) {
        self.init(path: path, bytes: bytes, isExecutable: isExecutable, linesOnFirstUse: Self.indexesLinesOnFirstUse(path))
    }

    /// `linesOnFirstUse`: the line index is built when first asked for (JSON files; bytes parsed
    /// without a file, whose positions are seldom read).
    init(path: String, bytes: [UInt8], isExecutable: Bool = false, linesOnFirstUse: Bool) {
        self.path = path
        self.heldBytes = bytes
        self.isExecutable = isExecutable
        if linesOnFirstUse {
            self.builtLineIndex = LineIndex.unbuilt
            self.indexedAtOnce = false
            self.isValidUTF8 = SourceFile.isValidUTF8(bytes, isASCII: Self.isASCII(bytes))
        } else {
            let lineIndex = LineIndex(bytes)
            self.builtLineIndex = lineIndex
            self.indexedAtOnce = true
            self.isValidUTF8 = SourceFile.isValidUTF8(bytes, isASCII: lineIndex.isASCII)
        }
        self.isBinary = SourceFile.hasNUL(bytes, within: 8000)
    }

    /// Whether the file's line index waits for its first use: JSON files (`.json`, in any case).
    static func indexesLinesOnFirstUse(_ path: String) -> Bool {
        let suffix: [UInt8] = [0x2E, 0x6A, 0x73, 0x6F, 0x6E]  // ".json"
        let utf8 = path.utf8
        guard utf8.count >= suffix.count else { return false }
        return zip(utf8.suffix(suffix.count), suffix).allSatisfy { byte, expected in
            byte == expected || (byte >= 0x41 && byte <= 0x5A && byte | 0x20 == expected)
        }
    }

    /// Whether every byte is ASCII, eight at a time (the line index finds this in its own scan).
    static func isASCII(_ bytes: [UInt8]) -> Bool {
        isASCII(bytes, in: 0..<bytes.count)
    }

    /// Whether every byte of `range` (within `bytes`) is ASCII, eight at a time.
    static func isASCII(_ bytes: [UInt8], in range: Range<Int>) -> Bool {
        bytes.withUnsafeBytes { raw in
            var i = range.lowerBound
            let end = range.upperBound
            var seen: UInt64 = 0
            while i + 32 <= end {
                seen |= raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) | raw.loadUnaligned(fromByteOffset: i + 8, as: UInt64.self)
                    | raw.loadUnaligned(fromByteOffset: i + 16, as: UInt64.self) | raw.loadUnaligned(fromByteOffset: i + 24, as: UInt64.self)
                i += 32
            }
            while i + 8 <= end {
                seen |= raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                i += 8
            }
            while i < end {
                seen |= UInt64(raw[i])
                i += 1
            }
            return seen & 0x8080_8080_8080_8080 == 0
        }
    }

    /// Whether a NUL byte occurs in the first `limit` bytes: `memchr`, which reads a word or a vector
    /// at a time (the byte loop it replaces cost six instructions per byte of every file).
    static func hasNUL(_ bytes: [UInt8], within limit: Int) -> Bool {
        bytes.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return false }
            return memchr(base, 0, min(limit, raw.count)) != nil
        }
    }

    public convenience init(path: String, text: String) {
        self.init(path: path, bytes: Array(text.utf8))
    }

    /// Whether the file looks binary (a NUL byte in its first 8000 bytes, as git decides). Stored: many
    /// rules ask, for every file.
    public let isBinary: Bool

    /// The file name extension, lowercased, without the dot ("" when none).
    public var pathExtension: String {
        // An ASCII extension (nearly all) is read from the end of the path's bytes and lowered in place:
        // rules ask for it per file, and slicing and lowering the name as text cost about 1,200
        // instructions a call.
        if let known = path.utf8.withContiguousStorageIfAvailable(Self.asciiExtension) ?? nil { return known }
        let name = path.lastPathSegment
        guard let dot = name.utf8LastIndex(of: UInt8(ascii: ".")), dot != name.startIndex else { return "" }
        return String(name[name.utf8.index(after: dot)...]).lowercasedIfNeeded()
    }

    /// The lowercased extension of the path spelled by `bytes` when it is ASCII ("" when the name has
    /// none); nil when a non-ASCII byte follows the last `.` or the extension is longer than 15 bytes
    /// (the text method answers then).
    static func asciiExtension(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        var dot = bytes.count
        while dot > 0 {
            let byte = bytes[dot - 1]
            if byte == UInt8(ascii: "/") { return "" }
            if byte == UInt8(ascii: ".") { break }
            dot -= 1
        }
        // No dot in the name, or the name starts with its only one (`.env`): no extension.
        guard dot > 1, bytes[dot - 2] != UInt8(ascii: "/") else { return "" }
        let start = dot
        guard bytes.count - start <= 15 else { return nil }
        var lowered: (UInt64, UInt64) = (0, 0)
        var length = 0
        return withUnsafeMutableBytes(of: &lowered) { buffer -> String? in
            for at in start..<bytes.count {
                let byte = bytes[at]
                guard byte < 0x80 else { return nil }
                buffer[length] = (byte &- 0x41) < 26 ? byte | 0x20 : byte
                length += 1
            }
            return String(decoding: UnsafeRawBufferPointer(rebasing: buffer[..<length]), as: UTF8.self)
        }
    }

    /// Position of a byte offset.
    public func position(ofOffset offset: Int) -> SourcePosition {
        indexedAtOnce ? builtLineIndex.position(ofOffset: offset) : lineIndex.position(ofOffset: offset)
    }

    /// Range covering the byte offsets `[start, end)`.
    public func range(from start: Int, to end: Int) -> SourceRange {
        SourceRange(start: position(ofOffset: start), end: position(ofOffset: end))
    }

    /// Lets the bytes go once parsing is done, to be read again through `reread` (called with the path)
    /// on first use. The file keeps their length and a digest: bytes read again that differ (the file
    /// changed since it was read, or cannot be read) are replaced by no bytes at all, never by content
    /// that was not checked, and counted in `changedSinceRead`.
    ///
    /// Only for files whose line index waits for its first use (JSON) and was not built yet: the index
    /// of any other file holds the bytes too. Returns whether the bytes were released. No other thread
    /// may use the file while this runs (a parallel phase of a run has ended, the next has not begun).
    @discardableResult
    public func releaseBytes(rereading reread: @escaping @Sendable (String) -> [UInt8]?) -> Bool {
        guard !bytesReleased, !indexedAtOnce, !isBinary, !heldBytes.isEmpty,
              Self.stripes.withLock(for: self, { lateLineIndex == nil }) else { return false }
        let digest = Self.digest(heldBytes)
        Self.rereadStripes.withLock(for: self) {
            released = Released(reread: reread, count: heldBytes.count, digest: digest)
        }
        heldBytes = []
        bytesReleased = true
        return true
    }

    /// The released bytes, read again on first use (see `releaseBytes`).
    @usableFromInline
    func rereadBytes() -> [UInt8] {
        Self.rereadStripes.withLock(for: self) {
            guard let state = released else { return [] }
            if let bytes = state.bytes { return bytes }
            var bytes = state.reread(path) ?? []
            if bytes.count != state.count || Self.digest(bytes) != state.digest {
                bytes = []
                Self.changedCount.withLock { $0 += 1 }
            }
            Self.rereadCount.withLock { $0 += 1 }
            state.bytes = bytes
            return bytes
        }
    }

    /// Released files whose bytes were read again, in this process (for timings and tests).
    public static var rereads: Int { rereadCount.withLock { $0 } }
    /// Released files that read back different bytes (changed since they were read) or none.
    public static var changedSinceRead: Int { changedCount.withLock { $0 } }
    private static let rereadCount = CountLock()
    private static let changedCount = CountLock()
    private static let rereadStripes = LockStripes()

    /// A 64-bit digest of `bytes` (four lanes of eight bytes, so the multiplies overlap): tells bytes
    /// read again from the ones released. Not cryptographic; a file edited between the two reads is
    /// what it guards against.
    static func digest(_ bytes: [UInt8]) -> UInt64 {
        bytes.withUnsafeBytes { raw in
            let k0: UInt64 = 0x9E37_79B9_7F4A_7C15, k1: UInt64 = 0xC2B2_AE3D_27D4_EB4F
            var lanes: (UInt64, UInt64, UInt64, UInt64) = (k0, k1, k0 ^ 0x5555, k1 ^ 0xAAAA)
            var at = 0
            let n = raw.count
            while at + 32 <= n {
                lanes.0 = ((lanes.0 ^ raw.loadUnaligned(fromByteOffset: at, as: UInt64.self)) &* k1).rotatedLeft(29)
                lanes.1 = ((lanes.1 ^ raw.loadUnaligned(fromByteOffset: at + 8, as: UInt64.self)) &* k1).rotatedLeft(29)
                lanes.2 = ((lanes.2 ^ raw.loadUnaligned(fromByteOffset: at + 16, as: UInt64.self)) &* k1).rotatedLeft(29)
                lanes.3 = ((lanes.3 ^ raw.loadUnaligned(fromByteOffset: at + 24, as: UInt64.self)) &* k1).rotatedLeft(29)
                at += 32
            }
            var h = lanes.0 ^ lanes.1.rotatedLeft(17) ^ lanes.2.rotatedLeft(31) ^ lanes.3.rotatedLeft(47) ^ UInt64(n)
            while at < n {
                h = (h ^ UInt64(raw[at])) &* k0
                at += 1
            }
            h ^= h >> 33
            h = h &* k1
            h ^= h >> 29
            return h
        }
    }

    private static func bodyWithoutBOM(_ bytes: [UInt8]) -> ArraySlice<UInt8> {
        bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? bytes.dropFirst(3) : bytes[...]
    }

    /// Strict validation: ill-formed sequences are rejected, never repaired. ASCII (most files, as the
    /// line index's scan found) needs no second look.
    static func isValidUTF8(_ bytes: [UInt8], isASCII: Bool) -> Bool {
        isASCII || String(validating: bodyWithoutBOM(bytes), as: UTF8.self) != nil
    }
}

extension UInt64 {
    /// The bits rotated left by `bits` (1 to 63), for the word hashes of the package.
    @inline(__always)
    package func rotatedLeft(_ bits: UInt64) -> UInt64 { (self << bits) | (self >> (64 - bits)) }
}

/// A count under a lock.
final class CountLock: @unchecked Sendable {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t> = .allocate(capacity: 1)
    private var value = 0

    init() {
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deinitialize(count: 1)
        mutex.deallocate()
    }

    func withLock<R>(_ body: (inout Int) -> R) -> R {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return body(&value)
    }
}

/// A fixed set of POSIX mutexes shared by many objects, each object taking the one its address picks:
/// a lock for each file's rarely built state without a lock allocated per file.
final class LockStripes: @unchecked Sendable {
    private let mutexes: UnsafeMutablePointer<pthread_mutex_t>
    private let count = 64

    init() {
        mutexes = .allocate(capacity: count)
        for index in 0..<count {
            (mutexes + index).initialize(to: pthread_mutex_t())
            pthread_mutex_init(mutexes + index, nil)
        }
    }

    deinit {
        for index in 0..<count { pthread_mutex_destroy(mutexes + index) }
        mutexes.deinitialize(count: count)
        mutexes.deallocate()
    }

    /// Run `body` holding the mutex `object`'s address picks.
    func withLock<R>(for object: AnyObject, _ body: () throws -> R) rethrows -> R {
        let address = UInt(bitPattern: ObjectIdentifier(object).hashValue)
        let mutex = mutexes + Int((address >> 4) % UInt(count))
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body()
    }
}
