import MagsagSource

extension FixApplier {
    /// The most rounds `fixAll` runs: fixes that unlock others (a tag lowercased, then deduplicated)
    /// need a few; more means fixes that undo each other.
    public static let maxRounds = 10

    /// Applies fixes until nothing changes: lint, apply the fixes that do not overlap, lint the result
    /// again, and so on (ruff's loop). Only the linted files of `fileSet` change; the index, the base
    /// and the context are left as they are. Returns the final bytes of every changed file, the number
    /// of fixes applied and whether the result is stable (false when `maxRounds` ran out).
    public static func fixAll(
        _ fileSet: FileSet, includeUnsafe: Bool, lint: (FileSet) -> [Diagnostic]
    ) -> (files: [String: [UInt8]], applied: Int, converged: Bool) {
        var current = fileSet
        var originals: [String: [UInt8]] = [:]
        for file in fileSet.linted { originals[file.path] = file.bytes }
        var changed: [String: [UInt8]] = [:]
        var total = 0
        for _ in 0..<maxRounds {
            var sources: [String: SourceFile] = [:]
            for file in current.linted { sources[file.path] = file }
            let (files, applied) = apply(lint(current), sources: sources, includeUnsafe: includeUnsafe)
            let effective = files.filter { sources[$0.key]?.bytes != $0.value }
            guard !effective.isEmpty else {
                return (changed.filter { originals[$0.key] != $0.value }, total, true)
            }
            total += applied
            for (path, bytes) in effective { changed[path] = bytes }
            current.linted = current.linted.map { file in
                effective[file.path].map { SourceFile(path: file.path, bytes: $0) } ?? file
            }
        }
        return (changed.filter { originals[$0.key] != $0.value }, total, false)
    }
}
