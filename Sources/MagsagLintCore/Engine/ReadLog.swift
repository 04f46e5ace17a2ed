#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// What one computation read of a snapshot's content, by area: the record that lets a repository
/// rule's results be reused in a later run whose snapshot differs only in areas the rule did not read.
///
/// A document's area (its `ReadLog.area`) is its kind and the first two folders of its path, at the
/// base revision or now: `catalog/agents/…/agent.yaml` is "YAML under catalog/agents", its README is
/// "Markdown under catalog/agents". Every content accessor of `LintDocument` notes its document's area
/// into the log of the running thread, when it has one (`current`). Paths, kinds and the shape of the
/// snapshot are not areas: results are reused only on the same paths (see `Linter`).
///
/// Logs follow the work: `Parallel.map` gives each worker a log of its own and folds it into the
/// caller's when the worker ends, and `RepositoryIndex.memoized` logs a model's build and charges it
/// to every rule that asks for the model. A model that keeps what it learns after its build (lazy
/// tables) also joins its askers into one group, and every rule of a group is charged what the group
/// read (see `ReadLog.groupCharges`): a rule that found an entry another rule's reading put there did
/// not read it itself, but depends on it.
///
/// The areas one log saw are kept under a lock (workers fold into their caller's log); the last area
/// noted is remembered by the owning thread alone, so a loop over one area's documents takes the lock
/// once.
public final class ReadLog: @unchecked Sendable {
    private let state = Locked(State())
    /// The last area noted by the owning thread (0: none yet). Touched by that thread only.
    @usableFromInline var last: UInt64 = 0

    struct State {
        var areas: Set<UInt64> = []
        var groups: Set<String> = []
    }

    public init() {}

    /// The areas read so far.
    public var areas: Set<UInt64> { state.withLock { $0.areas } }
    /// The shared models with state of their own asked for so far (by memo key).
    public var groups: Set<String> { state.withLock { $0.groups } }

    /// Record a read of content in `area`.
    @inlinable
    public func note(_ area: UInt64) {
        if area == last { return }
        insert(area)
    }

    @usableFromInline func insert(_ area: UInt64) {
        last = area
        state.withLock { _ = $0.areas.insert(area) }
    }

    /// Record reads of every area of `areas`, and the models with state of their own (`groups`) asked for.
    public func charge(_ areas: Set<UInt64>, groups: Set<String>) {
        guard !areas.isEmpty || !groups.isEmpty else { return }
        state.withLock { state in
            state.areas.formUnion(areas)
            state.groups.formUnion(groups)
        }
    }

    /// Fold in what a worker's log saw.
    public func absorb(_ other: ReadLog) {
        let (areas, groups) = other.state.withLock { ($0.areas, $0.groups) }
        guard !areas.isEmpty || !groups.isEmpty else { return }
        state.withLock { state in
            state.areas.formUnion(areas)
            state.groups.formUnion(groups)
        }
    }

    // MARK: The running thread's log

    @usableFromInline static let key: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        return key
    }()

    /// The log of the running thread, if it keeps one.
    @inlinable
    public static var current: ReadLog? {
        guard let raw = pthread_getspecific(key) else { return nil }
        return Unmanaged<ReadLog>.fromOpaque(raw).takeUnretainedValue()
    }

    /// Note a read of content in `area` into the running thread's log, if any.
    @inlinable
    public static func note(_ area: UInt64) {
        guard let raw = pthread_getspecific(key) else { return }
        Unmanaged<ReadLog>.fromOpaque(raw).takeUnretainedValue().note(area)
    }

    /// Run `body` with `log` as the running thread's log (nil: none), then restore the previous one.
    @inlinable
    public static func with<R>(_ log: ReadLog?, _ body: () throws -> R) rethrows -> R {
        let previous = pthread_getspecific(key)
        pthread_setspecific(key, log.map { UnsafeRawPointer(Unmanaged.passUnretained($0).toOpaque()) })
        defer { pthread_setspecific(key, previous) }
        return try withExtendedLifetime(log) { try body() }
    }

    // MARK: Areas

    /// The area of a document at `path` of `kind`, now or (`base`) at the base revision: a 64-bit hash of
    /// the side, the kind and the path up to its second folder (its folder when it has fewer). Never 0.
    /// Two areas that share a hash are one area to the cache: results are then reused less often, never
    /// wrongly.
    public static func area(of path: String, kind: DocumentKind, base: Bool = false) -> UInt64 {
        let prime: UInt64 = 0x0000_0100_0000_01b3
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        hash = (hash ^ (base ? 1 : 0)) &* prime
        let kindByte: UInt64 = switch kind {
        case .json: 1
        case .yaml: 2
        case .markdown: 3
        case .other: 4
        }
        hash = (hash ^ kindByte) &* prime
        // The bytes before the second `/` (before the last one when there are fewer), hashed in one pass:
        // bytes are mixed into a pending hash that becomes the folder's hash at each `/`.
        var path = path
        path.withUTF8 { bytes in
            var pending = hash, slashes = 0
            for byte in bytes {
                if byte == UInt8(ascii: "/") {
                    hash = pending
                    slashes += 1
                    if slashes == 2 { return }
                }
                pending = (pending ^ UInt64(byte)) &* prime
            }
        }
        // A final avalanche (splitmix64's), so nearby areas spread over the set's buckets.
        var z = hash &+ 0x9e37_79b9_7f4a_7c15
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        z ^= z >> 31
        return z == 0 ? 1 : z
    }

    /// `area(of:kind:base:)` for paths met in order: the last path's area is kept with the bytes it was
    /// hashed over (the path up to its second folder), and a path with the same bytes there, kind and
    /// side gets it without hashing (a loop over a folder's thousands of files hashed each path).
    struct AreaMemo {
        private var prefix: [UInt8] = []
        private var kind: DocumentKind?
        private var base = false
        private var area: UInt64 = 0

        init() {}

        /// The area of `path`, as `ReadLog.area(of:kind:base:)` gives it.
        mutating func area(of path: String, kind: DocumentKind, base: Bool = false) -> UInt64 {
            // nil: no contiguous bytes (nothing is kept); .some(nil): hashed bytes not seen last time.
            let looked: UInt64?? = path.utf8.withContiguousStorageIfAvailable { bytes -> UInt64? in
                guard let start = bytes.baseAddress else { return nil }
                // Where the hashed bytes end: the second slash, or the last one when there are fewer.
                var end = 0
                if let first = memchr(start, Int32(UInt8(ascii: "/")), bytes.count) {
                    end = start.distance(to: first.assumingMemoryBound(to: UInt8.self))
                    if let second = memchr(start + end + 1, Int32(UInt8(ascii: "/")), bytes.count - end - 1) {
                        end = start.distance(to: second.assumingMemoryBound(to: UInt8.self))
                    }
                }
                if self.kind == kind, self.base == base, prefix.count == end,
                   prefix.withUnsafeBufferPointer({ end == 0 || memcmp($0.baseAddress!, start, end) == 0 }) {
                    return area
                }
                prefix.removeAll(keepingCapacity: true)
                prefix.append(contentsOf: UnsafeBufferPointer(start: start, count: end))
                return nil
            }
            if let reused = looked ?? nil { return reused }
            let made = ReadLog.area(of: path, kind: kind, base: base)
            self.kind = looked == nil ? nil : kind
            self.base = base
            area = made
            return made
        }
    }

    /// What each of several logs is charged: its own areas, and, for logs joined through models that keep
    /// state (a shared group key), the areas of every log of its group.
    public static func groupCharges(_ logs: [ReadLog?]) -> [Set<UInt64>?] {
        let snapshots = logs.map { log in log.map { log in log.state.withLock { ($0.areas, $0.groups) } } }
        // Union-find over the logs, joined by group keys.
        var parent = Array(logs.indices)
        func find(_ i: Int) -> Int {
            var i = i
            while parent[i] != i {
                parent[i] = parent[parent[i]]
                i = parent[i]
            }
            return i
        }
        var firstOfGroup: [String: Int] = [:]
        for (i, snapshot) in snapshots.enumerated() {
            guard let snapshot else { continue }
            for group in snapshot.1 {
                if let first = firstOfGroup[group] {
                    let a = find(first), b = find(i)
                    if a != b { parent[b] = a }
                } else {
                    firstOfGroup[group] = i
                }
            }
        }
        var byRoot: [Int: Set<UInt64>] = [:]
        for (i, snapshot) in snapshots.enumerated() {
            guard let snapshot else { continue }
            byRoot[find(i), default: []].formUnion(snapshot.0)
        }
        return snapshots.indices.map { i in snapshots[i] == nil ? nil : byRoot[find(i)] ?? [] }
    }
}
