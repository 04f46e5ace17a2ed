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
        /// Every path the index lists (any stage, skip-worktree included): never reported as untracked.
        /// The value is the path's place in `entries`, or -1 when it has none (skip-worktree).
        var tracked: [String: Int] = [:]
        /// Every folder holding a tracked path, `""` included.
        var trackedFolders: Set<Substring> = [""]
    }

    /// What the untracked walk found.
    struct UntrackedScan: Sendable {
        /// Untracked, not ignored paths, sorted (a trailing `/` marks an untracked nested repository).
        var paths: [String] = []
        /// Every folder the walk entered (`""` included): real directories, reached without going
        /// through a symbolic link, so a path whose folder is listed here has only directories above it.
        var directories: Set<String> = [""]
    }

    func workTreeIndex(operation: String) throws(GitError) -> WorkTreeIndex {
        let snapshot = try indexSnapshot(operation: operation)
        var scan = WorkTreeIndex()
        let count = snapshot.count
        scan.entries.reserveCapacity(count)
        scan.tracked.reserveCapacity(count)
        var previous: String?
        for position in 0..<count {
            let entry = snapshot.entries[position]
            let path = snapshot.path(position)
            // Consecutive entries mostly share their folder (the index is sorted): its ancestors are in
            // the set already.
            if position == 0 || !snapshot.sameFolder(position - 1, position) {
                var folder = Substring(path)
                while let slash = folder.utf8.lastIndex(of: UInt8(ascii: "/")) {
                    folder = folder[..<slash]
                    if !scan.trackedFolders.insert(folder).inserted { break }
                }
            }
            defer { previous = path }
            guard entry.extendedFlags & IndexSnapshot.skipWorktree == 0, path != previous else {
                if scan.tracked[path] == nil { scan.tracked[path] = -1 }
                continue
            }
            scan.tracked[path] = scan.entries.count
            scan.entries.append(IndexStat(
                path: path, oid: snapshot.id(position), mode: entry.mode, seconds: Int64(entry.mtimeSeconds),
                nanoseconds: Int64(entry.mtimeNanoseconds), size: entry.size, inode: entry.inode))
        }
        return scan
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
    func scanUntracked(_ index: WorkTreeIndex, root: String, stats: TrackedStats? = nil) -> UntrackedScan {
        var scan = UntrackedScan()
        var level: [(folder: String, hasTracked: Bool)] = [("", true)]
        let tracked = index.tracked, trackedFolders = index.trackedFolders, entries = index.entries
        while !level.isEmpty {
            let current = level
            let listings = ParallelRead.map(current.count) { i -> [WalkEntry] in
                let (folder, hasTracked) = current[i]
                let prefix = folder.isEmpty ? "" : folder + "/"
                var out: [WalkEntry] = []
                Self.forEachEntry(of: root + "/" + folder) { name, type, directory in
                    if folder.isEmpty, name == ".git" { return }
                    let path = prefix + name
                    let kind = type == .unknown ? Self.entryType(root + "/" + path) : type
                    if let position = tracked[path] {
                        if let stats, position >= 0, fstatat(directory, name, &stats.slots[position], AT_SYMLINK_NOFOLLOW) == 0 {
                            stats.found[position] = true
                        }
                        // A folder where the index has a file (not a submodule) holds untracked files, as
                        // `git status` lists them; anything else the index names is tracked.
                        guard kind == .directory, position >= 0, entries[position].mode & 0o170000 != 0o160000 else { return }
                    }
                    if kind == .directory, hasTracked, trackedFolders.contains(Substring(path)) {
                        out.append(.trackedFolder(path))
                    } else if kind != .other, kind != .unknown {
                        out.append(.untracked(path, kind))
                    }
                }
                return out
            }
            level = []
            for listing in listings {
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
        return scan
    }

    enum EntryType: Sendable { case file, symlink, directory, other, unknown }

    /// Shows the name and type of each of a folder's entries (`.` and `..` left out) to `body`, with
    /// the open folder's descriptor (for `fstatat`); nothing when the folder cannot be read.
    static func forEachEntry(of folder: String, _ body: (String, EntryType, Int32) -> Void) {
        guard let handle = opendir(folder) else { return }
        defer { closedir(handle) }
        let directory = dirfd(handle)
        while let entry = readdir(handle) {
            let name = withUnsafePointer(to: entry.pointee.d_name) { pointer in
                pointer.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name == "." || name == ".." { continue }
            let type: EntryType
            switch Int32(entry.pointee.d_type) {
            case Int32(DT_REG): type = .file
            case Int32(DT_LNK): type = .symlink
            case Int32(DT_DIR): type = .directory
            case Int32(DT_UNKNOWN): type = .unknown
            default: type = .other
            }
            body(name, type, directory)
        }
    }

    /// The type of one path from `lstat` (for file systems whose `readdir` does not say).
    static func entryType(_ path: String) -> EntryType {
        switch FileSystem.kind(path) {
        case .regular?: .file
        case .symlink?: .symlink
        case .directory?: .directory
        case .other?, nil: .other
        }
    }

    static func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }
}
