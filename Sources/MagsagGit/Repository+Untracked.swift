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
        var tracked = Set<String>()
        var trackedFolders: Set<Substring> = [""]
        try withIndex(operation: operation) { index throws(GitError) in
            let count = git_index_entrycount(index)
            tracked.reserveCapacity(count)
            for position in 0..<count {
                guard let entry = git_index_get_byindex(index, position) else { continue }
                let path = String(cString: entry.pointee.path)
                tracked.insert(path)
                var folder = Substring(path)
                while let slash = folder.lastIndex(of: "/") {
                    folder = folder[..<slash]
                    if !trackedFolders.insert(folder).inserted { break }
                }
            }
        }
        var found: [String] = []
        var pending: [(folder: String, hasTracked: Bool)] = [("", true)]
        while let (folder, hasTracked) = pending.popLast() {
            let prefix = folder.isEmpty ? "" : folder + "/"
            for (name, type) in Self.entries(of: root + "/" + folder) {
                if folder.isEmpty, name == ".git" { continue }
                let path = prefix + name
                if tracked.contains(path) { continue }
                var kind = type
                if kind == .unknown { kind = Self.entryType(root + "/" + path) }
                switch kind {
                case .directory:
                    if hasTracked, trackedFolders.contains(Substring(path)) {
                        pending.append((path, true))
                    } else if Self.exists(root + "/" + path + "/.git") {
                        if !isIgnored(path + "/") { found.append(path + "/") }
                    } else if !isIgnored(path + "/") {
                        pending.append((path, false))
                    }
                case .file, .symlink:
                    if !isIgnored(path) { found.append(path) }
                case .other, .unknown:
                    continue
                }
            }
        }
        return found.sorted()
    }

    enum EntryType { case file, symlink, directory, other, unknown }

    /// The names and types of a folder's entries (`.` and `..` left out); empty when it cannot be read.
    static func entries(of folder: String) -> [(String, EntryType)] {
        guard let handle = opendir(folder) else { return [] }
        defer { closedir(handle) }
        var result: [(String, EntryType)] = []
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
            result.append((name, type))
        }
        return result
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
