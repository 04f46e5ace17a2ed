public import MagsagSource

/// The files one run lints, plus what cross-file rules need to know about the rest of the snapshot.
///
/// Produced by a `FileSource`; rules never know where the bytes came from.
public struct FileSet: Sendable {
    /// Files to lint.
    public var linted: [SourceFile]
    /// Other files of the same snapshot, parsed for cross-file rules but not reported on.
    public var context: [SourceFile]
    /// Every path of the snapshot, including files without bytes here (binary, oversized, not parsed).
    public var allPaths: Set<String>
    /// Paths deleted by the change (not linted; cross-file rules treat them as gone).
    public var deleted: Set<String>
    /// Files skipped for their size: path and size in bytes.
    public var oversized: [(path: String, size: Int)]
    /// Remarks about how the set was built ("not a git repository: walked the directory").
    public var notes: [String]
    /// Repository root on disk, when there is one (for messages only; rules must not read the disk).
    public var root: String?

    public init(
        linted: [SourceFile], context: [SourceFile] = [], allPaths: Set<String> = [], deleted: Set<String> = [],
        oversized: [(path: String, size: Int)] = [], notes: [String] = [], root: String? = nil
    ) {
        self.linted = linted
        self.context = context
        self.allPaths = allPaths.union(linted.map(\.path)).union(context.map(\.path))
        self.deleted = deleted
        self.oversized = oversized
        self.notes = notes
        self.root = root
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
}
