import MagsagSource

/// Parsed documents kept between lint runs over snapshots of one repository (`audit --history N`):
/// a file whose path and bytes are unchanged since the last run is not parsed again. Documents are
/// immutable, so sharing them between runs is safe; the findings are still computed per run.
public final class DocumentCache: Sendable {
    private let entries = Locked<[String: LintDocument]>([:])
    private let counts = Locked<(hits: Int, misses: Int)>((0, 0))

    /// An empty cache.
    public init() {}

    /// The parsed document of `file`: the cached one when the same path had the same bytes.
    public func document(for file: SourceFile) -> LintDocument {
        if let known = entries.withLock({ $0[file.path] }), known.file.bytes == file.bytes {
            counts.withLock { $0.hits += 1 }
            return known
        }
        let parsed = LintDocument(file: file)
        entries.withLock { $0[file.path] = parsed }
        counts.withLock { $0.misses += 1 }
        return parsed
    }

    /// Documents served from the cache and parsed, so far.
    public var statistics: (hits: Int, misses: Int) { counts.withLock { $0 } }
}
