import Foundation
import MagsagGit
import MagsagSource

/// Where a run's files come from.
public enum FileSourceMode: Sendable, Hashable {
    /// Tracked files plus untracked files that are not ignored, read from disk.
    case workTree
    /// The staged blobs of the index: exactly what the next commit will contain.
    case staged
    /// Every file of a commit.
    case revision(String)
    /// Files changed between merge-base(REV, HEAD) and HEAD, with HEAD's content.
    case since(String)
    /// Files changed in `A..B` (or `A...B`), with B's content.
    case range(String)
}

/// Builds a `FileSet` from a repository (through libgit2) or a plain folder.
public struct FileSource: Sendable {
    public var root: String
    public var mode: FileSourceMode
    public var scope: LintScope
    public var maxFileSize: Int
    /// When non-empty, only these repository-relative paths (or folders) are linted.
    public var paths: [String]
    /// For `.staged`: an index file to read instead of the repository's (git's `GIT_INDEX_FILE`,
    /// relative paths taken from the work tree root).
    public var indexFile: String?
    /// For `.staged`: the staged changes, when the caller read them already (see `stagedChanges(in:)`).
    public var knownStagedChanges: [ChangedPath]?

    /// For `.staged`, `.since` and `.range` with at most `deferLimit` changed files to lint: list the other
    /// files without reading them (`FileSet.deferred`), so rules read only what they need. On by default.
    public var deferContext = true
    /// The most linted files for which the rest of the snapshot is deferred.
    public static let deferLimit = 2000

    public init(root: String, mode: FileSourceMode = .workTree, scope: LintScope = .magsagDefault,
                maxFileSize: Int = 2 << 20, paths: [String] = []) {
        self.root = root
        self.mode = mode
        self.scope = scope
        self.maxFileSize = maxFileSize
        self.paths = paths
    }

    /// Read the files.
    public func load() throws(LintError) -> FileSet {
        try load(reusing: nil)
    }

    /// Read the files through `opened` (the repository a run cache already opened for the same root, whose
    /// index libgit2 then parses once) or a repository discovered at `root`.
    public func load(reusing opened: Repository?) throws(LintError) -> FileSet {
        var repository = opened
        if opened == nil {
            do throws(GitError) {
                repository = try Repository.discover(startingAt: root)
            } catch {
                throw LintError(code: "git", message: "cannot open the repository at \(root)", cause: error.description)
            }
        }
        guard let repository else {
            if mode != .workTree {
                throw LintError(code: "usage", message: "\(root) is not inside a git repository; --staged, --rev, --since and --range need one")
            }
            return try DirectoryWalker(root: root, scope: scope, maxFileSize: maxFileSize, paths: paths).load()
        }
        do {
            var set = try load(from: repository)
            set.cacheDirectory = repository.commonDir + "/magsag-lint"
            return set
        } catch {
            throw LintError(code: "git", message: "cannot read the files to lint", cause: error.description)
        }
    }

    private func load(from repository: Repository) throws(GitError) -> FileSet {
        let prefix = relativePrefix(repository)
        if mode == .staged, let indexFile, !indexFile.isEmpty {
            let absolute = indexFile.hasPrefix("/") ? indexFile : ((repository.workdir ?? root) as NSString).appendingPathComponent(indexFile)
            try repository.useIndex(atPath: absolute)
        }
        switch mode {
        case .workTree:
            let files = try Timings.measurePhase("source: work tree") { () throws(GitError) in try repository.workTreeFiles(maxFileSize: maxFileSize) }
            var set = Timings.measure("source: set") { makeSet(files, changed: nil, prefix: prefix, repository: repository) }
            set.reread = repository.workTreeRereader()
            return set
        case .staged:
            let changes: [ChangedPath]
            if let knownStagedChanges { changes = knownStagedChanges } else { changes = try stagedChanges(in: repository) }
            var set: FileSet
            if defers(changes, prefix: prefix) {
                let blobs = try Timings.measure("source: index blobs") { () throws(GitError) in try repository.indexBlobs(maxFileSize: maxFileSize) }
                set = try Timings.measure("source: deferred set") { () throws(GitError) in
                    try makeDeferredSet(blobs, changed: changes, prefix: prefix, repository: repository, reader: try repository.blobReader())
                }
            } else {
                set = makeSet(try repository.indexFiles(maxFileSize: maxFileSize), changed: changes, prefix: prefix, repository: repository)
            }
            if !repository.isEmpty {
                try Timings.measure("source: base") { () throws(GitError) in
                    try attachBase(to: &set, changes: changes, base: "HEAD", repository: repository)
                }
            }
            return set
        case .revision(let rev):
            var set = makeSet(try repository.commitFiles(rev, maxFileSize: maxFileSize), changed: nil, prefix: prefix, repository: repository)
            set.snapshotDate = Self.date(of: rev, in: repository)
            return set
        case .since(let rev):
            let listing = try repository.rangeFiles("\(rev)...HEAD", maxFileSize: maxFileSize)
            var set = try treeSet(listing.head, changes: listing.changes, prefix: prefix, repository: repository)
            try attachBase(to: &set, changes: listing.changes, base: listing.base, repository: repository)
            set.snapshotDate = Self.date(of: "HEAD", in: repository)
            return set
        case .range(let range):
            let listing = try repository.rangeFiles(range, maxFileSize: maxFileSize)
            var set = try treeSet(listing.head, changes: listing.changes, prefix: prefix, repository: repository)
            try attachBase(to: &set, changes: listing.changes, base: listing.base, repository: repository)
            set.snapshotDate = Self.date(of: listing.head, in: repository)
            return set
        }
    }

    /// The staged changes (what `.staged` compares with HEAD), read through `repository` as `load` reads
    /// them: a caller with other work to do meanwhile (a run cache key digested on another core) reads
    /// them first and hands them over in `knownStagedChanges`.
    public func stagedChanges(in repository: Repository) throws(GitError) -> [ChangedPath] {
        if let indexFile, !indexFile.isEmpty {
            let absolute = indexFile.hasPrefix("/") ? indexFile : ((repository.workdir ?? root) as NSString).appendingPathComponent(indexFile)
            try repository.useIndex(atPath: absolute)
        }
        // The staged files are listed on other cores while the index is diffed with HEAD (the diff runs
        // on this one); a change too large to defer the context leaves the listing unused.
        if deferContext { repository.startIndexBlobs(maxFileSize: maxFileSize) }
        let started = ContinuousClock.now
        let changes = try repository.stagedChanges()
        if Timings.enabled { Timings.record("source: staged changes", ContinuousClock.now - started) }
        return changes
    }

    /// Record the base revision and read, at `base`, the changed parseable files that existed there
    /// (JSON, YAML, Markdown in scope), so rules can compare a change with what it replaced.
    private func attachBase(to set: inout FileSet, changes: [ChangedPath], base: String, repository: Repository) throws(GitError) {
        set.baseRevision = base
        var wanted: [String] = []
        for change in changes {
            switch change.status {
            case .added, .copied:
                set.baseAbsent.insert(change.path)
            case .renamed(let from):
                set.baseAbsent.insert(change.path)
                set.baseRenames[change.path] = from
                wanted.append(from)
            default:
                wanted.append(change.path)
            }
        }
        wanted = wanted.filter { scope.contains($0) && DocumentKind.of(path: $0) != .other }
        guard !wanted.isEmpty else { return }
        for file in try repository.files(wanted, at: base, maxFileSize: maxFileSize).files
        where file.mode != .submodule && file.mode != .symlink {
            set.baseFiles[file.path] = SourceFile(path: file.path, bytes: file.bytes)
        }
    }

    /// The UTC calendar date of a commit's committer time.
    private static func date(of rev: String, in repository: Repository) -> String? {
        guard let seconds = repository.commitDate(rev) else { return nil }
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        return LintSettings.civilDate(daysSinceEpoch: Int(days))
    }

    /// The requested root relative to the work tree ("" when it is the top).
    func relativePrefix(_ repository: Repository) -> String {
        guard let workdir = repository.workdir else { return "" }
        let top = URL(fileURLWithPath: workdir).standardizedFileURL.resolvingSymlinksInPath().path
        let here = URL(fileURLWithPath: root).standardizedFileURL.resolvingSymlinksInPath().path
        guard here.hasPrefix(top), here.count > top.count else { return "" }
        var rest = String(here.dropFirst(top.count))
        while rest.hasPrefix("/") { rest.removeFirst() }
        return rest.isEmpty ? "" : rest + "/"
    }

    /// `scopeIsASCII`: `scope.isASCII`, when the caller asked it once for many paths.
    private func selected(_ path: String, prefix: String, scopeIsASCII: Bool? = nil) -> Bool {
        guard path.hasPrefix(prefix) else { return false }
        let inScope = if let scopeIsASCII { scope.contains(path, onBytes: scopeIsASCII && path.isASCIIText) } else { scope.contains(path) }
        guard inScope else { return false }
        if paths.isEmpty { return true }
        return paths.contains { requested in
            let clean = requested.hasSuffix("/") ? String(requested.dropLast()) : requested
            return path == clean || path.hasPrefix(clean + "/")
        }
    }

    /// Whether a change set is small enough to defer the rest of the snapshot.
    private func defers(_ changes: [ChangedPath], prefix: String) -> Bool {
        deferContext && changes.lazy.filter({ $0.existsAfter && self.selected($0.path, prefix: prefix) }).count <= Self.deferLimit
    }

    /// The snapshot of commit `head` with `changes` linted: deferred when the change is small.
    private func treeSet(_ head: String, changes: [ChangedPath], prefix: String, repository: Repository) throws(GitError) -> FileSet {
        guard defers(changes, prefix: prefix) else {
            return makeSet(try repository.commitFiles(head, maxFileSize: maxFileSize), changed: changes, prefix: prefix, repository: repository)
        }
        let reader = try repository.blobReader()
        return try makeDeferredSet(try repository.commitBlobs(head, maxFileSize: maxFileSize, reader: reader), changed: changes,
                                   prefix: prefix, repository: repository, reader: reader)
    }

    /// `makeSet` for a snapshot listed without content (the index or a commit's tree): the linted files
    /// are read now, the others are deferred (read from the object database when a rule first needs them).
    func makeDeferredSet(_ listing: StagedListing, changed: [ChangedPath], prefix: String,
                         repository: Repository, reader: BlobReader) throws(GitError) -> FileSet {
        let changedPaths = Set(changed.filter(\.existsAfter).map(\.path))
        let deleted = Set(changed.filter { !$0.existsAfter }.map(\.path))
        var linted: [SourceFile] = []
        var deferred: [DeferredFile] = []
        // A listing in strict order, with ASCII oversized paths, holds no two paths Swift takes as equal:
        // its paths are then given as lists, and the set of every path is made only if asked for.
        // Otherwise every staged path is hashed into the set on another core while this one sorts the
        // blobs below.
        let listsPaths = listing.blobsStrictlyAscending && listing.oversized.allSatisfy { $0.path.isASCIIText }
        let listedPaths: Background<Set<String>>? = listsPaths ? nil : Background { [blobs = listing.blobs] () -> Set<String> in
            var paths: Set<String> = []
            paths.reserveCapacity(blobs.count)
            for blob in blobs { paths.insert(blob.path) }
            return paths
        }
        // Which staged blobs are in scope and which changed, decided on all cores (a hook lists every
        // staged path of a large snapshot; the loop after the runs only joins them and reads the few
        // linted files).
        let scope = self.scope
        let blobs = ListedBlobs(listing)
        // A hook changes a few paths: compared one by one, they answer sooner than a hashed lookup.
        let fewChanged: [(path: String, ascii: Bool)]? = changedPaths.count <= 8 ? changedPaths.map { ($0, $0.isASCIIText) } : nil
        // Staged files git vouches for are read from the work tree rather than inflated from their blobs
        // (listings from commits carry no stat data, so their files always come from the blobs).
        let standIn = repository.workTreeStandIn(for: listing)
        let scopeIsASCII = scope.isASCII
        let matcher = LintScope.ByteMatcher(scope)
        @Sendable func inScope(_ path: String, ascii: Bool) -> Bool {
            if ascii, let matcher, let answer = path.utf8.withContiguousStorageIfAvailable(matcher.contains) { return answer }
            return scope.contains(path, onBytes: ascii && scopeIsASCII)
        }
        // The index reader checked every path: no path is tested again.
        let allASCII = listing.pathsAreASCII
        let stagedSource = StagedBlobSource(blobs: blobs, standIn: standIn, reader: reader)
        // The blobs sorted out in runs on all cores, in order: deferred files made there, the linted
        // ones (changed and selected) read below, the others (out of scope, symbolic links) kept as paths.
        // Deferred files are made in place in the set's storage (`ParallelFill`): joining run arrays
        // copied each of them again.
        let (made, parts) = ParallelFill.make(count: blobs.count, runLength: 2_048) { range, into
            -> (made: Int, extra: (linted: [Int], others: [String], gaps: [Int])) in
            var part: (linted: [Int], others: [String], gaps: [Int]) = ([], [], [])
            var made = 0
            for position in range {
                // The blob's fields are read in place (a copy of the blob is two retains and releases, and
                // a closure capturing it copied all of it).
                let (path, mode, oid, size) = blobs.fields(position)
                let ascii = allASCII || path.isASCIIText
                guard mode != .symlink, inScope(path, ascii: ascii) else {
                    part.others.append(path)
                    part.gaps.append(position)
                    continue
                }
                // Two ASCII paths of different lengths differ (an ASCII text is its own canonical form).
                let isChanged = fewChanged.map { list in
                    list.contains { changed in
                        !(ascii && changed.ascii && changed.path.utf8.count != path.utf8.count) && changed.path == path
                    }
                } ?? changedPaths.contains(path)
                if isChanged, selected(path, prefix: prefix) {
                    part.linted.append(position)
                    part.gaps.append(position)
                } else {
                    (into + made).initialize(to: DeferredFile(
                        path: path, object: oid, isExecutable: mode == .executable, size: size,
                        kind: DocumentKind.of(path: path), source: stagedSource, item: position))
                    made += 1
                }
            }
            return (made, part)
        }
        deferred = made
        var withoutFiles: [String] = []
        var gaps: [Int] = []
        for part in parts {
            withoutFiles += part.others
            gaps += part.gaps
            for position in part.linted {
                let blob = blobs.blob(position)
                guard let bytes = reader.read(blob.oid) else {
                    throw GitError(message: "cannot read the blob", operation: "read '\(blob.path)'")
                }
                linted.append(SourceFile(path: blob.path, bytes: bytes, isExecutable: blob.mode == .executable))
            }
        }
        let oversized = listing.oversized
            .filter { selected($0.path, prefix: prefix) && changedPaths.contains($0.path) }
            .map { (path: $0.path, size: $0.size) }
        var notes: [String] = []
        if !listing.submodules.isEmpty { notes.append("submodules listed, not entered: \(listing.submodules.joined(separator: ", "))") }
        // Every staged blob in scope is linted or deferred: the others are out of scope or symbolic
        // links, and the oversized files.
        let others = withoutFiles + listing.oversized.map(\.path).filter { !deleted.contains($0) }
        var set = FileSet(linted: linted, deleted: deleted, oversized: oversized, notes: notes, root: repository.workdir)
        set.deferred = deferred
        if let listedPaths {
            var allPaths = listedPaths.value
            allPaths.formUnion(listing.oversized.map(\.path))
            if !deleted.isEmpty { allPaths.subtract(deleted) }
            set.allPaths = allPaths
            // Every deferred file is a staged blob, and every staged blob's path is in `allPaths`.
            set.listsEveryFile = true
            set.pathsWithoutFiles = others
        } else {
            set.listPaths(others: others)
        }
        // The deferred files are some of the listing, in its order, which `indexBlobs` checked.
        set.deferredInPathOrder = listing.blobsStrictlyAscending
        if listing.blobsStrictlyAscending, let folders = listing.folders {
            set.deferredFolders = DeferredFolders(folders: folders, gaps: gaps)
        }
        return set
    }

    func makeSet(_ listing: FileListing, changed: [ChangedPath]?, prefix: String, repository: Repository) -> FileSet {
        var changedPaths: Set<String>?
        var deleted: Set<String> = []
        if let changed {
            changedPaths = Set(changed.filter(\.existsAfter).map(\.path))
            deleted = Set(changed.filter { !$0.existsAfter }.map(\.path))
        }
        deleted.formUnion(listing.deleted)
        var linted: [SourceFile] = []
        var context: [SourceFile] = []
        var allPaths: Set<String> = []
        allPaths.reserveCapacity(listing.files.count + listing.oversized.count)
        let files = listing.files
        var kept: [Int] = []
        // Asked once: the scope's folders are scanned for non-ASCII bytes at each ask.
        let scopeIsASCII = scope.isASCII
        for (i, file) in files.enumerated() {
            allPaths.insert(file.path)
            guard file.mode != .submodule, file.mode != .symlink else { continue }
            guard scope.contains(file.path, onBytes: scopeIsASCII && file.path.isASCIIText) else { continue }
            kept.append(i)
        }
        // Line indexes and UTF-8 checks over every byte read: on all cores.
        let sources = Parallel.map(kept) { i in
            SourceFile(path: files[i].path, bytes: files[i].bytes, isExecutable: files[i].mode == .executable)
        }
        for source in sources {
            if selected(source.path, prefix: prefix, scopeIsASCII: scopeIsASCII), changedPaths?.contains(source.path) ?? true {
                linted.append(source)
            } else {
                context.append(source)
            }
        }
        let oversized = listing.oversized
            .filter { selected($0.path, prefix: prefix) && (changedPaths?.contains($0.path) ?? true) }
            .map { (path: $0.path, size: $0.size) }
        allPaths.formUnion(listing.oversized.map(\.path))
        var notes: [String] = []
        if !listing.submodules.isEmpty { notes.append("submodules listed, not entered: \(listing.submodules.joined(separator: ", "))") }
        return FileSet(linted: linted, context: context, allPaths: allPaths.subtracting(deleted), deleted: deleted,
                       oversized: oversized, notes: notes, root: repository.workdir)
    }
}

/// The staged blobs of one listing, read from the work tree when git vouches for the file there, else
/// from the object database.
private final class StagedBlobSource: DeferredSource {
    let blobs: ListedBlobs
    let standIn: WorkTreeStandIn?
    let reader: BlobReader

    init(blobs: ListedBlobs, standIn: WorkTreeStandIn?, reader: BlobReader) {
        self.blobs = blobs
        self.standIn = standIn
        self.reader = reader
    }

    func load(_ item: Int) -> [UInt8]? {
        let blob = blobs.blob(item)
        return standIn?.read(blob) ?? reader.read(blob.oid)
    }
}

/// A listing's blobs, where the listing keeps them: made values, or the index's entries.
private enum ListedBlobs: Sendable {
    case values([StagedBlob])
    case index(IndexBlobs)

    init(_ listing: StagedListing) {
        if let list = listing.indexBlobs { self = .index(list) } else { self = .values(listing.blobs) }
    }

    var count: Int {
        switch self {
        case .values(let blobs): blobs.count
        case .index(let list): list.count
        }
    }

    /// Blob `blob`'s path, mode, id and size.
    @inline(__always)
    func fields(_ blob: Int) -> (path: String, mode: FileMode, oid: ObjectID, size: Int) {
        switch self {
        case .values(let blobs): (blobs[blob].path, blobs[blob].mode, blobs[blob].oid, blobs[blob].size)
        case .index(let list): list.fields(blob)
        }
    }

    func blob(_ blob: Int) -> StagedBlob {
        switch self {
        case .values(let blobs): blobs[blob]
        case .index(let list): list.blob(blob)
        }
    }
}
