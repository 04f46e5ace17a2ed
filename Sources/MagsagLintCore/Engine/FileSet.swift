public import MagsagSource
public import MagsagGit

/// The index's folders (`IndexFolders`) for a file set whose deferred files are the index's entries in
/// order, but for the entries at `gaps` (ascending): linted, out of scope, symbolic links. Deferred file
/// `d` is then entry `d + (gaps below it)`.
public struct DeferredFolders: Sendable {
    public let folders: IndexFolders
    public let gaps: [Int]

    public init(folders: IndexFolders, gaps: [Int]) {
        self.folders = folders
        self.gaps = gaps
    }

    /// How many gaps lie below entry `entry`.
    func gapsBelow(_ entry: Int) -> Int {
        var low = 0, high = gaps.count
        while low < high {
            let middle = (low + high) / 2
            if gaps[middle] < entry { low = middle + 1 } else { high = middle }
        }
        return low
    }
}

/// The files one run lints, plus what cross-file rules need to know about the rest of the snapshot.
///
/// Produced by a `FileSource`; rules never know where the bytes came from.
public struct FileSet: Sendable {
    /// Files to lint.
    public var linted: [SourceFile] { willSet { makePathSet() } didSet { listsEveryFile = false; pathsWithoutFiles = nil } }
    /// Other files of the same snapshot, parsed for cross-file rules but not reported on.
    public var context: [SourceFile] { willSet { makePathSet() } didSet { listsEveryFile = false; pathsWithoutFiles = nil } }
    /// Other files of the snapshot listed without their content: read and parsed only if a rule asks
    /// (a run linting a few files of a large snapshot, such as a pre-commit hook). Same role as `context`.
    public var deferred: [DeferredFile] = [] {
        willSet { makePathSet() }
        didSet { listsEveryFile = false; pathsWithoutFiles = nil; deferredInPathOrder = false; deferredFolders = nil }
    }
    /// Every path of the snapshot, including files without bytes here (binary, oversized, not parsed).
    /// A source that lists them as disjoint lists (`listPaths`) leaves the set to be made on first use.
    public var allPaths: Set<String> {
        get { listedPaths?.set ?? storedPaths }
        set {
            storedPaths = newValue
            listedPaths = nil
            listsEveryFile = false
            pathsWithoutFiles = nil
        }
    }
    private var storedPaths: Set<String>
    /// Every path as disjoint lists, while the set is not made (see `listPaths`).
    private(set) var listedPaths: ListedPaths?
    /// How many paths there are (without making the set).
    public var pathCount: Int { listedPaths?.count ?? storedPaths.count }
    /// Whether `allPaths` is known to hold the path of every linted, context and deferred file: true as
    /// made (the initializer adds the linted and context paths), false once any of them is changed,
    /// until a source that lists them all says so again. The index then need not look each one up.
    public var listsEveryFile = true
    /// The paths of `allPaths` that have no linted, context or deferred file (files out of scope,
    /// symbolic links, oversized files), when the source knows them: the index then merges them into
    /// its sorted listing without looking every path up. Forgotten when any of those lists changes.
    public var pathsWithoutFiles: [String]?
    /// Whether the source knows `deferred` to be in strictly ascending path order (a listing it checked):
    /// the index then need not check it again. Forgotten when `deferred` changes.
    public var deferredInPathOrder = false
    /// The index's record of its folders, when `deferred` is the index's entries in the index's byte
    /// order but for a few (`DeferredFolders`): the cache keys then sum an unchanged folder's deferred
    /// files from a summary kept under its tree id. Forgotten when `deferred` changes.
    public var deferredFolders: DeferredFolders?
    /// Paths deleted by the change (not linted; cross-file rules treat them as gone).
    public var deleted: Set<String>
    /// Files skipped for their size: path and size in bytes.
    public var oversized: [(path: String, size: Int)]
    /// Remarks about how the set was built ("not a git repository: walked the directory").
    public var notes: [String]
    /// Repository root on disk, when there is one (for messages only; rules must not read the disk).
    public var root: String?
    /// The revision changes are measured against (`--since`, `--range`, `--staged`: HEAD); nil when the
    /// run has no base (work tree, single revision). Rules comparing with the base stay silent then.
    public var baseRevision: String?
    /// Base-revision content of changed parseable files (JSON, YAML, Markdown) that existed at the base,
    /// keyed by their base path (a rename's old path). Unchanged files are the same on both sides.
    public var baseFiles: [String: SourceFile] = [:]
    /// Changed paths that did not exist at the base (added files, rename and copy targets).
    public var baseAbsent: Set<String> = []
    /// Renamed paths: path now → path at the base.
    public var baseRenames: [String: String] = [:]
    /// Where this repository keeps magsag-lint's result cache (`<git common dir>/magsag-lint`); nil
    /// outside a git repository.
    public var cacheDirectory: String?
    /// The committer date (UTC, `YYYY-MM-DD`) of the commit whose snapshot is linted (`--rev`, `--since`,
    /// `--range`); nil for the work tree and the index, whose moment is now. Dates in documents are judged
    /// against it unless `today` is set explicitly.
    public var snapshotDate: String?
    /// Reads a linted or context file's bytes again by path, for a source that can (the work tree): a
    /// run may then let parsed JSON files' bytes go and read the few that a finding needs again
    /// (`Linter.releasesParsedBytes`). Nil for sources that cannot (blobs, memory).
    public var reread: (@Sendable (String) -> [UInt8]?)?

    public init(
        linted: [SourceFile], context: [SourceFile] = [], allPaths: Set<String> = [], deleted: Set<String> = [],
        oversized: [(path: String, size: Int)] = [], notes: [String] = [], root: String? = nil
    ) {
        self.linted = linted
        self.context = context
        self.storedPaths = allPaths.union(linted.map(\.path)).union(context.map(\.path))
        self.deleted = deleted
        self.oversized = oversized
        self.notes = notes
        self.root = root
    }

    /// Every path given as lists no two of which share a path, none of them repeating one: the linted
    /// and context files' paths, the deferred files' and `others`, the paths without files. The set of
    /// every path is made only if asked for (a hook over a large snapshot rarely needs it: the index
    /// answers whether a file exists from its documents and `others`).
    mutating func listPaths(others: [String]) {
        // The deferred files' paths are read only if the set is made (85,000 in a hook on a large snapshot).
        listedPaths = ListedPaths([linted.map(\.path), context.map(\.path), others], deferred: deferred)
        listsEveryFile = true
        pathsWithoutFiles = others
    }

    /// The set of every path made from the lists, before they change.
    private mutating func makePathSet() {
        guard let listed = listedPaths else { return }
        storedPaths = listed.set
        listedPaths = nil
    }

    /// An in-memory set, for tests and examples.
    public static func inMemory(_ files: [String: String], linted: [String]? = nil) -> FileSet {
        let all = files.keys.sorted().map { SourceFile(path: $0, text: files[$0] ?? "") }
        guard let linted else { return FileSet(linted: all) }
        let selected = Set(linted)
        return FileSet(
            linted: all.filter { selected.contains($0.path) },
            context: all.filter { !selected.contains($0.path) })
    }

    /// An in-memory set with a base revision: `base` holds the base content of the files that differ
    /// (an empty `base` still means "there is a base"). Files in `files` and not in `base` are linted when
    /// `linted` is nil only if they differ from the base, i.e. are listed in `base` or absent from it as
    /// new files named in `added`.
    public static func inMemory(_ files: [String: String], base: [String: String], added: Set<String> = [],
                                linted: [String]? = nil) -> FileSet {
        let changed = files.keys.filter { base[$0] != nil ? base[$0] != files[$0] : added.contains($0) }
        var set = inMemory(files, linted: linted ?? changed.sorted())
        set.baseRevision = "base"
        set.baseFiles = Dictionary(uniqueKeysWithValues: base.map { ($0.key, SourceFile(path: $0.key, text: $0.value)) })
        set.baseAbsent = added
        set.deleted = Set(base.keys.filter { files[$0] == nil })
        return set
    }
}

/// A file of the snapshot whose content is read only when needed (see `FileSet.deferred`).
public struct DeferredFile: Sendable {
    // The fields are laid out small ones after the id, the size in 32 bits and a shared source's item
    // in 32 bits: a hook makes 85,000 of these (88 → 72 bytes each).

    /// Repository-relative path (fixed: `kind` is made from it).
    public let path: String
    /// What identifies the content without reading it: a git blob id, kept inline (see `ObjectID`).
    private let id: Identity
    /// Whether git records the file as executable.
    public var isExecutable: Bool
    /// The kind its path gives (`DocumentKind.of(path:)`), worked out once: models filter many deferred
    /// files by kind.
    public let kind: DocumentKind
    private var storedSize: UInt32
    /// How the content is read.
    private let reader: Reader

    /// Expected size in bytes (as recorded by git's index; sizes past 4 GiB read as 4 GiB).
    public var size: Int {
        get { Int(storedSize) }
        set { storedSize = UInt32(clamping: newValue) }
    }

    private enum Identity: Sendable {
        case object(ObjectID)
        case bytes([UInt8])
    }

    /// What identifies the content without reading it (a git blob id): an array made at each use for a
    /// blob id, so loops over many files use `withIdentity`.
    public var identity: [UInt8] {
        switch id {
        case .object(let object): object.bytes
        case .bytes(let bytes): bytes
        }
    }

    /// The identity's bytes, valid while `body` runs.
    public func withIdentity<T>(_ body: (UnsafeRawBufferPointer) throws -> T) rethrows -> T {
        switch id {
        case .object(let object): try object.withUnsafeBytes(body)
        case .bytes(let bytes): try bytes.withUnsafeBytes(body)
        }
    }

    private enum Reader: Sendable {
        case closure(@Sendable () -> [UInt8]?)
        /// Item `Int32` of a source shared by a whole listing: a large snapshot defers tens of thousands
        /// of files, and a closure per file is an allocation per file.
        case shared(any DeferredSource, Int32)
    }

    public init(path: String, identity: [UInt8], isExecutable: Bool, size: Int, load: @escaping @Sendable () -> [UInt8]?) {
        self.path = path
        self.id = .bytes(identity)
        self.isExecutable = isExecutable
        self.storedSize = UInt32(clamping: size)
        self.kind = DocumentKind.of(path: path)
        self.reader = .closure(load)
    }

    /// A file read as item `item` of `source`; `kind`, when given, is `DocumentKind.of(path:)` worked out
    /// already.
    public init(path: String, identity: [UInt8], isExecutable: Bool, size: Int, kind: DocumentKind? = nil,
                source: any DeferredSource, item: Int) {
        self.path = path
        self.id = .bytes(identity)
        self.isExecutable = isExecutable
        self.storedSize = UInt32(clamping: size)
        self.kind = kind ?? DocumentKind.of(path: path)
        precondition(item >= 0 && item <= Int(Int32.max), "a listing's item beyond 32 bits")
        self.reader = .shared(source, Int32(item))
    }

    /// A blob `object` read as item `item` of `source` (see the initializer above).
    public init(path: String, object: ObjectID, isExecutable: Bool, size: Int, kind: DocumentKind? = nil,
                source: any DeferredSource, item: Int) {
        self.path = path
        self.id = .object(object)
        self.isExecutable = isExecutable
        self.storedSize = UInt32(clamping: size)
        self.kind = kind ?? DocumentKind.of(path: path)
        precondition(item >= 0 && item <= Int(Int32.max), "a listing's item beyond 32 bits")
        self.reader = .shared(source, Int32(item))
    }

    /// Reads the content; nil when it cannot be read. Called at most once per document, from any thread.
    public func load() -> [UInt8]? {
        switch reader {
        case .closure(let load): load()
        case .shared(let source, let item): source.load(Int(item))
        }
    }

    /// The content, read now (an unreadable file reads as empty).
    public func loaded() -> SourceFile {
        SourceFile(path: path, bytes: load() ?? [], isExecutable: isExecutable)
    }
}

/// Reads the deferred files of one listing by their position in it.
public protocol DeferredSource: AnyObject, Sendable {
    /// The content of item `item`; nil when it cannot be read.
    func load(_ item: Int) -> [UInt8]?
}

/// Every path of a snapshot as disjoint lists, and the set of them made on first use.
final class ListedPaths: Sendable {
    let lists: [[String]]
    /// Deferred files, whose paths are listed too: read only when the set is made.
    private let deferred: [DeferredFile]
    /// How many paths (the lists share none).
    let count: Int
    private let made = Locked<Set<String>?>(nil)

    init(_ lists: [[String]], deferred: [DeferredFile] = []) {
        self.lists = lists
        self.deferred = deferred
        count = lists.reduce(0) { $0 + $1.count } + deferred.count
    }

    /// The set of every path.
    var set: Set<String> {
        made.withLock { made in
            if let made { return made }
            var paths = Set<String>(minimumCapacity: count)
            for list in lists { for path in list { paths.insert(path) } }
            for file in deferred { paths.insert(file.path) }
            made = paths
            return paths
        }
    }
}
