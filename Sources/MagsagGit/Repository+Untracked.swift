internal import CLibGit2
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension Repository {
    /// Untracked, not ignored paths of the work tree, as `git status --untracked-files=all` lists them;
    /// a path ending in `/` is an untracked nested repository (not entered).
    ///
    /// A walk of the folders with `readdir` against the index's paths: unlike libgit2's status it does not
    /// `lstat` (and sometimes hash) every tracked file to find modifications nobody asked for, which on
    /// an 85,000-file work tree is most of the cost. Ignore rules (`.gitignore` files, `info/exclude`,
    /// `core.excludesFile`) are asked of libgit2 for untracked entries only; an ignored folder with no
    /// tracked file is not entered; symbolic links are listed, never followed; `.git` is skipped.
    func untrackedPaths(operation: String) throws(GitError) -> [String] {
        guard let root = workdir else { throw GitError.bareRepository(operation) }
        return scanUntracked(try workTreeIndex(operation: operation), root: root).paths
    }

    /// The index as the work tree sees it, read once: what `workTreeFiles`, `workTreeManifest` and the
    /// untracked walk need.
    struct WorkTreeIndex: Sendable {
        /// Entries the work tree holds, in index order: once per path (the stages of a conflict, which
        /// the index keeps next to each other, collapse), sparse-checkout (skip-worktree) entries left out.
        var entries: [IndexStat] = []
        /// Every path the index lists (any stage, skip-worktree included): never reported as untracked;
        /// with its place in `entries` (-1 when it has none: skip-worktree). Every folder holding a
        /// tracked path is a key too. Its `paths` are the bytes every entry's path is a range of.
        var tracked: TrackedPaths
        /// The snapshot read, for its object ids (`IndexStat.snapshotPosition`) and its content.
        var source: IndexSnapshotHandle
        /// The snapshot read (the same object for the same index content within a run).
        var snapshot: ObjectIdentifier
        /// Per snapshot entry, what identifies it besides its path and id bytes: where its path ends,
        /// its mode, and its stage with its extended flags. With `tracked.paths` and `ids` it is the
        /// index's content without the stat data (which a `git status` refresh rewrites).
        var layout: [UInt32]

        /// The path of `entry`.
        func path(_ entry: IndexStat) -> String {
            withPath(entry) { String(decoding: $0, as: UTF8.self) }
        }

        /// The path bytes of `entry`, valid while `body` runs.
        func withPath<T>(_ entry: IndexStat, _ body: (UnsafeRawBufferPointer) -> T) -> T {
            tracked.paths.withUnsafeBytes { body(UnsafeRawBufferPointer(rebasing: $0[Int(entry.pathStart)..<Int(entry.pathEnd)])) }
        }

        /// The 20-byte object id of `entry`, valid while `body` runs.
        func withID<T>(_ entry: IndexStat, _ body: (UnsafeRawBufferPointer) -> T) -> T {
            source.value.withID(Int(entry.snapshotPosition)) { body(UnsafeRawBufferPointer($0)) }
        }

        /// The object id of `entry`.
        func oid(_ entry: IndexStat) -> [UInt8] {
            withID(entry) { Array($0) }
        }
    }

    /// What the untracked walk found.
    struct UntrackedScan: Sendable {
        /// Untracked, not ignored paths, sorted (a trailing `/` marks an untracked nested repository).
        var paths: [String] = []
        /// Every folder the walk entered (`""` included): real directories, reached without going
        /// through a symbolic link, so a path whose folder is listed here has only directories above it.
        var directories: Set<String> = [""]
        /// How many folders were listed from `FolderListings` instead of being read.
        var reusedListings = 0
    }

    func workTreeIndex(operation: String) throws(GitError) -> WorkTreeIndex {
        let snapshot = try indexSnapshot(operation: operation)
        let count = snapshot.count
        var tracked = TrackedPaths(paths: snapshot.paths, keys: count + count / 2)
        var entries: [IndexStat] = []
        entries.reserveCapacity(count)
        snapshot.paths.withUnsafeBytes { bytes in
            /// The last slash of `bytes[start..<end]`, if any.
            func lastSlash(_ start: Int, _ end: Int) -> Int? {
                var at = end - 1
                while at >= start {
                    if bytes[at] == UInt8(ascii: "/") { return at }
                    at -= 1
                }
                return nil
            }
            func folderHash(_ start: Int, _ end: Int) -> UInt64 {
                TrackedPaths.folderHash(UnsafeRawBufferPointer(rebasing: bytes[start..<end]))
            }
            var hash = folderHash(0, 0)
            var previous: (start: Int, end: Int)?
            var previousFolder = (start: 0, length: -1)
            for position in 0..<count {
                let entry = snapshot.entries[position]
                let start = Int(entry.pathStart), end = Int(entry.pathEnd)
                let slash = lastSlash(start, end)
                let folderLength = slash.map { $0 - start } ?? 0
                // Consecutive entries mostly share their folder (the index is sorted): its hash is reused,
                // and its ancestors are keys already.
                let sameFolder = folderLength == previousFolder.length
                    && (folderLength == 0 || memcmp(bytes.baseAddress! + start, bytes.baseAddress! + previousFolder.start, folderLength) == 0)
                previousFolder = (start, folderLength)
                if !sameFolder {
                    hash = folderHash(start, slash ?? start)
                    var folderEnd = slash
                    while let end = folderEnd {
                        let parent = lastSlash(start, end)
                        let isNew = tracked.insert(start: start, length: end - start, nameStart: parent.map { $0 + 1 } ?? start,
                                                   folderHash: folderHash(start, parent ?? start), position: nil, isFolder: true)
                        if !isNew { break }
                        folderEnd = parent
                    }
                }
                let repeated = previous.map { $0.end - $0.start == end - start && memcmp(bytes.baseAddress! + $0.start, bytes.baseAddress! + start, end - start) == 0 } ?? false
                previous = (start, end)
                let nameStart = slash.map { $0 + 1 } ?? start
                guard entry.extendedFlags & IndexSnapshot.skipWorktree == 0, !repeated else {
                    tracked.insert(start: start, length: end - start, nameStart: nameStart, folderHash: hash, position: -1, isFolder: false)
                    continue
                }
                tracked.insert(start: start, length: end - start, nameStart: nameStart, folderHash: hash,
                               position: Int32(entries.count), isFolder: false)
                entries.append(IndexStat(
                    pathStart: entry.pathStart, pathEnd: entry.pathEnd, snapshotPosition: Int32(position),
                    mode: entry.mode, seconds: Int64(entry.mtimeSeconds), nanoseconds: Int64(entry.mtimeNanoseconds),
                    size: entry.size, inode: entry.inode))
            }
        }
        var layout: [UInt32] = []
        layout.reserveCapacity(3 * count)
        for entry in snapshot.entries {
            layout.append(UInt32(bitPattern: entry.pathEnd))
            layout.append(entry.mode)
            layout.append(UInt32(entry.stage) | UInt32(entry.extendedFlags) << 8)
        }
        return WorkTreeIndex(entries: entries, tracked: tracked, source: IndexSnapshotHandle(snapshot), snapshot: ObjectIdentifier(snapshot),
                             layout: layout)
    }

    /// One entry of a folder the walk reads, classified on the worker that read it.
    private enum WalkEntry: Sendable {
        /// A real directory holding tracked paths: entered without asking the ignore rules.
        case trackedFolder(String)
        /// An untracked directory, file or symbolic link: settled by the ignore rules.
        case untracked(String, EntryType)
    }

    /// Where the walk records the `lstat` data of the tracked files it meets, by their place in the
    /// index's entries: read relative to the open folder, one name to look up instead of a whole path.
    /// Each slot is written once, by the worker listing that file's folder, and read after the walk.
    final class TrackedStats: @unchecked Sendable {
        let slots: UnsafeMutableBufferPointer<stat>
        let found: UnsafeMutableBufferPointer<Bool>

        init(count: Int) {
            slots = .allocate(capacity: max(count, 1))
            found = .allocate(capacity: max(count, 1))
            found.initialize(repeating: false)
        }

        deinit {
            slots.deallocate()
            found.deallocate()
        }

        /// The recorded data of entry `i`, nil when the walk did not meet the file.
        subscript(i: Int) -> stat? { found[i] ? slots[i] : nil }
    }

    /// The untracked walk: one level of folders at a time, each level's folders read on all cores
    /// (`readdir` and the lookups against the index's paths); only untracked entries then go through
    /// libgit2's ignore rules, on this thread. With `stats`, the tracked files met are `lstat`ed too,
    /// relative to their folder.
    func scanUntracked(_ index: WorkTreeIndex, root: String, stats: TrackedStats? = nil, listings: FolderListings? = nil) -> UntrackedScan {
        var scan = UntrackedScan()
        var level: [(folder: String, hasTracked: Bool)] = [("", true)]
        var outcomes: [FolderListings.Outcome] = []
        let tracked = index.tracked, entries = index.entries
        // Folders are opened relative to the work tree's root: the path lookup then starts there, not at `/`.
        let rootDirectory = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        defer { if rootDirectory >= 0 { close(rootDirectory) } }
        guard rootDirectory >= 0 else { return scan }
        while !level.isEmpty {
            let current = level
            // A folder is a listing and a lookup (and with `stats` an `lstat`) per entry, often thousands:
            // two folders are worth two workers (the top levels hold a few large folders).
            let results = ParallelRead.map(current.count, itemsPerWorker: 1) { i -> (entries: [WalkEntry], outcome: FolderListings.Outcome) in
                let (folder, hasTracked) = current[i]
                let prefix = folder.isEmpty ? "" : folder + "/"
                var out: [WalkEntry] = []
                let folderBytes = Array(folder.utf8)
                /// One entry of the folder: its index lookup, the `lstat` of a tracked file (relative to the
                /// open folder `directory`), and what the walk makes of it, appended to `into`.
                @Sendable func take(_ name: UnsafeRawBufferPointer, _ cName: UnsafePointer<CChar>, _ kind: EntryType, _ directory: Int32,
                                    _ folderRaw: UnsafeRawBufferPointer, _ folderHash: UInt64, into: inout [WalkEntry]) {
                    if folder.isEmpty, name.elementsEqual(".git".utf8) { return }
                    var path: String { prefix + String(decoding: name, as: UTF8.self) }
                    let found = tracked.lookup(folder: folderRaw, folderHash: folderHash, name: name)
                    if let position = found?.position {
                        if let stats, position >= 0, fstatat(directory, cName, &stats.slots[position], AT_SYMLINK_NOFOLLOW) == 0 {
                            stats.found[position] = true
                        }
                        // A folder where the index has a file (not a submodule) holds untracked files, as
                        // `git status` lists them; anything else the index names is tracked.
                        guard kind == .directory, position >= 0, entries[position].mode & 0o170000 != 0o160000 else { return }
                    }
                    if kind == .directory, hasTracked, found?.isFolder == true {
                        into.append(.trackedFolder(path))
                    } else if kind != .other, kind != .unknown {
                        into.append(.untracked(path, kind))
                    }
                }
                // A large folder (20,000 contracts) is one item of the level, an `lstat` per tracked file:
                // past the first `Self.largeFolder` entries, its names are kept and taken on all cores once
                // the listing is done, through the folder opened again.
                var kept: [(name: [CChar], kind: EntryType)] = []
                var taken = 0
                let outcome = folderBytes.withUnsafeBytes { folderRaw in
                    let folderHash = TrackedPaths.folderHash(folderRaw)
                    let outcome = Self.forEachEntry(in: rootDirectory, at: folder.isEmpty ? "." : folder, folder: folderRaw, hash: folderHash, listings: listings) { name, cName, kind, directory in
                        guard taken >= Self.largeFolder else {
                            taken += 1
                            take(name, cName, kind, directory, folderRaw, folderHash, into: &out)
                            return
                        }
                        kept.append((Array(UnsafeBufferPointer(start: cName, count: name.count + 1)), kind))
                    }
                    guard !kept.isEmpty else { return outcome }
                    let directory = openat(rootDirectory, folder.isEmpty ? "." : folder, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
                    defer { if directory >= 0 { close(directory) } }
                    let chunk = 1_024
                    let names = kept
                    let parts = ParallelRead.helpedMap((names.count + chunk - 1) / chunk) { part -> [WalkEntry] in
                        var into: [WalkEntry] = []
                        folderBytes.withUnsafeBytes { folderRaw in
                            for (cName, kind) in names[(part * chunk)..<min((part + 1) * chunk, names.count)] {
                                cName.withUnsafeBufferPointer { buffer in
                                    let name = UnsafeRawBufferPointer(start: buffer.baseAddress, count: buffer.count - 1)
                                    // Not reopened: no `lstat` (the manifest then asks the file itself).
                                    take(name, buffer.baseAddress!, kind, directory, folderRaw, folderHash, into: &into)
                                }
                            }
                        }
                        return into
                    }
                    for part in parts { out += part }
                    return outcome
                }
                return (out, outcome)
            }
            level = []
            outcomes += results.lazy.map(\.outcome)
            for listing in results.lazy.map(\.entries) {
                for entry in listing {
                    switch entry {
                    case .trackedFolder(let path):
                        level.append((path, true))
                        scan.directories.insert(path)
                    case .untracked(let path, .directory):
                        if Self.exists(root + "/" + path + "/.git") {
                            if !isIgnored(path + "/") { scan.paths.append(path + "/") }
                        } else if !isIgnored(path + "/") {
                            level.append((path, false))
                            scan.directories.insert(path)
                        }
                    case .untracked(let path, _):
                        if !isIgnored(path) { scan.paths.append(path) }
                    }
                }
            }
        }
        scan.paths.sort()
        scan.reusedListings = outcomes.count { if case .reused = $0 { true } else { false } }
        listings?.save(outcomes)
        return scan
    }

    enum EntryType: Sendable { case file, symlink, directory, other, unknown }

    /// How many entries of one folder the untracked walk takes on the folder's own worker; the rest are
    /// spread over the cores.
    static let largeFolder = 2_048

    /// Shows the name (its bytes, and the same as a C string) and type of each of a folder's entries
    /// (`.` and `..` left out) to `body`, with the open folder's descriptor (for `fstatat`); nothing when
    /// the folder cannot be read. The buffers are valid during the call only. With `listings`, a folder
    /// whose stored listing is current is not read: its stored names are shown; a folder read is
    /// returned as a record to store when it is settled.
    static func forEachEntry(
        in root: Int32, at path: String, folder: UnsafeRawBufferPointer, hash: UInt64, listings: FolderListings?,
        _ body: (UnsafeRawBufferPointer, UnsafePointer<CChar>, EntryType, Int32) -> Void
    ) -> FolderListings.Outcome {
        var directory: Int32 = -1
        var identity: FolderListings.Identity?
        if let listings {
            // A path descriptor is enough to `stat` the folder and the files in it; the folder is opened
            // for reading only when its stored listing is not current.
            let located = openat(root, path, Self.pathOnly | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            guard located >= 0 else { return .notStored }
            var info = stat()
            if fstat(located, &info) == 0 {
                let current = FolderListings.Identity(info)
                if let record = listings.withListing(folder: folder, hash: hash, identity: current, { body($0.name, $0.cName, $0.type, located) }) {
                    close(located)
                    return .reused(record)
                }
                if listings.isSettled(current) { identity = current }
            }
            directory = openat(located, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            close(located)
        } else {
            directory = openat(root, path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        }
        guard directory >= 0 else { return .notStored }
        guard let handle = fdopendir(directory) else {
            close(directory)
            return .notStored
        }
        defer { closedir(handle) }
        var names: [(name: [UInt8], type: EntryType)] = []
        while let entry = readdir(handle) {
            var type: EntryType
            switch Int32(entry.pointee.d_type) {
            case Int32(DT_REG): type = .file
            case Int32(DT_LNK): type = .symlink
            case Int32(DT_DIR): type = .directory
            case Int32(DT_UNKNOWN): type = .unknown
            default: type = .other
            }
            withUnsafePointer(to: &entry.pointee.d_name) { pointer in
                pointer.withMemoryRebound(to: CChar.self, capacity: 256) { cName in
                    let name = UnsafeRawBufferPointer(start: cName, count: strlen(cName))
                    if !name.isEmpty, name.count <= 2, name.allSatisfy({ $0 == UInt8(ascii: ".") }) { return }
                    if type == .unknown {
                        // A file system whose `readdir` does not say: asked of the entry itself.
                        var info = stat()
                        type = fstatat(directory, cName, &info, AT_SYMLINK_NOFOLLOW) == 0 ? entryType(mode: UInt32(info.st_mode)) : .other
                    }
                    if identity != nil { names.append((Array(name), type)) }
                    body(name, cName, type, directory)
                }
            }
        }
        guard let identity else { return .notStored }
        return FolderListings.record(folder: Array(folder), identity: identity, entries: names).map { .read($0) } ?? .notStored
    }

    /// `O_PATH` (Linux; Glibc's module leaves it out): a descriptor that locates a folder without opening
    /// it for reading. Elsewhere a folder is opened for reading.
    #if os(Linux)
    static let pathOnly: Int32 = 0o10000000
    #else
    static let pathOnly: Int32 = O_RDONLY
    #endif

    /// The entry type a `stat` mode describes.
    static func entryType(mode: UInt32) -> EntryType {
        switch mode & 0o170000 {
        case 0o100000: .file
        case 0o120000: .symlink
        case 0o040000: .directory
        default: .other
        }
    }

    static func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }
}
