import MagsagGit

/// The snapshots of a first-parent history, read through libgit2 without a checkout: each commit's
/// tree becomes an in-memory `FileSet` (the same selection as `FileSource` with `.revision`), and
/// subtrees and blobs unchanged between commits are read once (``SnapshotCache``).
///
/// Not `Sendable`: one walk at a time.
public final class HistorySource {
    private let repository: Repository
    private let source: FileSource
    private let cache = SnapshotCache()

    /// Opens the repository containing `root`; `scope` and `maxFileSize` select files as `check` does.
    public init(root: String, scope: LintScope, maxFileSize: Int) throws(LintError) {
        let found: Repository?
        do {
            found = try Repository.discover(startingAt: root)
        } catch {
            throw LintError(code: "git", message: "cannot open the repository at \(root)", cause: error.description)
        }
        guard let found else {
            throw LintError(code: "usage", message: "\(root) is not inside a git repository; --history N needs one")
        }
        guard !found.isEmpty else {
            throw LintError(code: "usage", message: "the repository at \(root) has no commit yet; --history N needs one")
        }
        repository = found
        source = FileSource(root: root, mode: .revision("HEAD"), scope: scope, maxFileSize: maxFileSize)
    }

    /// Up to `limit` commits of HEAD's first-parent history, oldest first.
    public func commits(limit: Int) throws(LintError) -> [CommitSummary] {
        do {
            return try repository.firstParentHistory(from: "HEAD", limit: limit).reversed()
        } catch {
            throw LintError(code: "git", message: "cannot walk the history of HEAD", cause: error.description)
        }
    }

    /// The files of `commit` (a full id), as a `FileSet` of that commit's tree.
    public func fileSet(at commit: String) throws(LintError) -> FileSet {
        do {
            let listing = try repository.commitFiles(commit, maxFileSize: source.maxFileSize, cache: cache)
            return source.makeSet(listing, changed: nil, prefix: source.relativePrefix(repository), repository: repository)
        } catch {
            throw LintError(code: "git", message: "cannot read the files of commit \(commit.prefix(12))",
                            cause: error.description)
        }
    }

    /// Trees and blobs served from the cache, and read from the object database, so far.
    public var cacheCounts: (hits: Int, misses: Int) { (cache.hits, cache.misses) }
}
