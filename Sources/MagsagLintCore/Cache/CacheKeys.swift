import MagsagSource

/// The cache keys of one run: one per linted file (its file-rule results) and one per repository rule
/// (its results on this exact snapshot).
struct CacheKeys: Sendable {
    /// Per linted file, in `FileSet.linted` order.
    var files: [Digest128]
    /// Per repository rule, in the order given.
    var rules: [Digest128]

    init(cache: ResultCache, fileSet: FileSet, repositoryRuleIDs: [String]) {
        let all = fileSet.linted + fileSet.context
        let digests = Parallel.map(all) { cache.digest(of: $0.bytes) }
        var files: [Digest128] = []
        files.reserveCapacity(fileSet.linted.count)
        for (i, file) in fileSet.linted.enumerated() {
            var hasher = cache.keyHasher("file")
            hasher.combine(fileSet.snapshotDate ?? "")
            hasher.combine(file.path)
            hasher.combine(digests[i])
            if file.isExecutable { hasher.combine("x") }  // the mode matters to executable-non-script
            files.append(hasher.finalize())
        }
        self.files = files

        // The snapshot: every parsed file with its content and whether it is linted, every other path,
        // deletions, oversized files and the base revision's content.
        var snapshot = cache.keyHasher("snapshot")
        snapshot.combine(fileSet.snapshotDate ?? "")
        let lintedCount = fileSet.linted.count
        for i in all.indices.sorted(by: { all[$0].path < all[$1].path }) {
            snapshot.combine(all[i].path)
            snapshot.combine(digests[i])
            snapshot.combine(UInt8(i < lintedCount ? 1 : 0))
            if all[i].isExecutable { snapshot.combine("x") }
        }
        // Deferred files by their blob id (not read for the key).
        snapshot.combine("deferred")
        for file in fileSet.deferred.sorted(by: { $0.path < $1.path }) {
            snapshot.combine(file.path)
            snapshot.combine(file.identity)
            if file.isExecutable { snapshot.combine("x") }
        }
        snapshot.combine("paths")
        for path in fileSet.allPaths.sorted() { snapshot.combine(path) }
        snapshot.combine("deleted")
        for path in fileSet.deleted.sorted() { snapshot.combine(path) }
        snapshot.combine("oversized")
        for (path, size) in fileSet.oversized.sorted(by: { $0.path < $1.path }) {
            snapshot.combine(path)
            snapshot.combine(size)
        }
        snapshot.combine("base")
        snapshot.combine(UInt8(fileSet.baseRevision == nil ? 0 : 1))
        for path in fileSet.baseFiles.keys.sorted() {
            snapshot.combine(path)
            snapshot.combine(cache.digest(of: fileSet.baseFiles[path]?.bytes ?? []))
        }
        snapshot.combine("absent")
        for path in fileSet.baseAbsent.sorted() { snapshot.combine(path) }
        snapshot.combine("renames")
        for (path, old) in fileSet.baseRenames.sorted(by: { $0.key < $1.key }) {
            snapshot.combine(path)
            snapshot.combine(old)
        }
        let whole = snapshot.finalize()
        rules = repositoryRuleIDs.map { id in
            var hasher = cache.keyHasher("repository")
            hasher.combine(id)
            hasher.combine(whole)
            return hasher.finalize()
        }
    }
}
