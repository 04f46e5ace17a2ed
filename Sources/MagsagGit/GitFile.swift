/// How a file is recorded by git.
public enum FileMode: Sendable, Equatable, Hashable {
    /// A regular, non-executable file (`100644`).
    case regular
    /// An executable file (`100755`).
    case executable
    /// A symbolic link (`120000`); the file's bytes are the link target, never the target's content.
    case symlink
    /// A submodule (gitlink, `160000`); never entered, it has no bytes.
    case submodule

    /// Maps a git file mode number to a ``FileMode``; `nil` for trees and unknown modes.
    init?(gitMode: UInt32) {
        switch gitMode & 0o170000 {
        case 0o100000: self = (gitMode & 0o111) != 0 ? .executable : .regular
        case 0o120000: self = .symlink
        case 0o160000: self = .submodule
        default: return nil
        }
    }
}

/// One file read from the work tree, the index or a commit.
public struct GitFile: Sendable, Equatable {
    /// Repository-relative path with `/` separators, exactly as git records it (no quoting).
    public let path: String
    /// The content: file bytes as-is (binary preserved), or the link target for a symlink.
    public let bytes: [UInt8]
    /// How git records the file.
    public let mode: FileMode
    /// Hex object id of the blob for index and commit files; `nil` for work-tree files.
    public let oid: String?

    /// Creates a file value.
    public init(path: String, bytes: [UInt8], mode: FileMode, oid: String?) {
        self.path = path
        self.bytes = bytes
        self.mode = mode
        self.oid = oid
    }
}

/// A file that was listed but not read because it is larger than the allowed size.
public struct OversizedFile: Sendable, Equatable {
    /// Repository-relative path.
    public let path: String
    /// Size in bytes.
    public let size: Int

    /// Creates a value.
    public init(path: String, size: Int) {
        self.path = path
        self.size = size
    }
}

/// Everything a listing found: readable files and the paths that could not be read as files.
///
/// The same shape is used for the work tree, the index and commits; fields that cannot occur for a
/// source stay empty (for example `deleted` is only filled for the work tree).
public struct FileListing: Sendable, Equatable {
    /// Files with their content, sorted by path.
    public var files: [GitFile]
    /// Tracked paths missing from the work tree (work tree only).
    public var deleted: [String]
    /// Files above the size limit, listed without content.
    public var oversized: [OversizedFile]
    /// Submodules (and, in the work tree, untracked nested repositories), listed and never entered.
    public var submodules: [String]
    /// Paths with unresolved merge conflicts in the index (index only): they have no single staged blob.
    public var conflicts: [String]

    /// Creates a listing.
    public init(
        files: [GitFile] = [], deleted: [String] = [], oversized: [OversizedFile] = [],
        submodules: [String] = [], conflicts: [String] = []
    ) {
        self.files = files
        self.deleted = deleted
        self.oversized = oversized
        self.submodules = submodules
        self.conflicts = conflicts
    }

    /// Sorts every list by path so results are deterministic.
    mutating func sort() {
        files.sort { $0.path < $1.path }
        deleted.sort()
        oversized.sort { $0.path < $1.path }
        submodules.sort()
        conflicts.sort()
    }
}

/// The work-tree listing (same shape as every other listing).
public typealias WorkTreeListing = FileListing

/// How a path changed between two snapshots.
public enum ChangeStatus: Sendable, Equatable, Hashable {
    /// New in the newer snapshot.
    case added
    /// Content or mode changed.
    case modified
    /// Removed in the newer snapshot.
    case deleted
    /// Moved from another path (content similar enough).
    case renamed(from: String)
    /// Copied from another path that still exists.
    case copied(from: String)
    /// Changed kind, e.g. regular file to symlink.
    case typeChanged
    /// Unmerged in the index (staged changes only).
    case conflicted
}

/// A path and how it changed.
public struct ChangedPath: Sendable, Equatable, Hashable {
    /// Repository-relative path in the newer snapshot (for deletions: the removed path).
    public let path: String
    /// How it changed.
    public let status: ChangeStatus

    /// Creates a value.
    public init(path: String, status: ChangeStatus) {
        self.path = path
        self.status = status
    }

    /// Whether the path exists in the newer snapshot (everything but deletions).
    public var existsAfter: Bool { status != .deleted }
}

/// The result of listing a revision range `A..B`: what changed, and the content at `B`.
public struct RangeListing: Sendable, Equatable {
    /// Resolved commit ids of the range ends (`base` is the merge base for `A...B`).
    public let base: String, head: String
    /// Changed paths from `base` to `head`, sorted by path.
    public let changes: [ChangedPath]
    /// Content at `head` of the changed paths that still exist there.
    public let files: FileListing

    /// Creates a value.
    public init(base: String, head: String, changes: [ChangedPath], files: FileListing) {
        self.base = base
        self.head = head
        self.changes = changes
        self.files = files
    }
}
