import MagsagSource

/// Applies the edits of diagnostics' fixes to file contents, in memory.
///
/// Edits of one file are applied from the end backwards; an edit that overlaps one already taken is
/// skipped (a later run picks it up), so the result is well defined whatever the order of findings.
public enum FixApplier {
    /// New contents for every file a fix changes, and the number of fixes applied.
    public static func apply(_ diagnostics: [Diagnostic], sources: [String: SourceFile], includeUnsafe: Bool)
        -> (files: [String: [UInt8]], applied: Int)
    {
        var editsByPath: [String: [Fix.Edit]] = [:]
        var applied = 0
        var taken: [String: [Range<Int>]] = [:]
        for diagnostic in diagnostics {
            guard let fix = diagnostic.fix, fix.applicability == .safe || includeUnsafe else { continue }
            let ranges = fix.edits.map { $0.startOffset..<max($0.startOffset, $0.endOffset) }
            let clashes = zip(fix.edits, ranges).contains { edit, range in
                (taken[edit.path] ?? []).contains { $0.overlaps(range) || ($0.isEmpty && range.isEmpty && $0.lowerBound == range.lowerBound) }
            }
            guard !clashes, fix.edits.allSatisfy({ sources[$0.path] != nil }) else { continue }
            for (edit, range) in zip(fix.edits, ranges) {
                editsByPath[edit.path, default: []].append(edit)
                taken[edit.path, default: []].append(range)
            }
            applied += 1
        }
        var files: [String: [UInt8]] = [:]
        for (path, edits) in editsByPath {
            guard var bytes = sources[path]?.bytes else { continue }
            for edit in edits.sorted(by: { $0.startOffset > $1.startOffset }) {
                let start = max(0, min(edit.startOffset, bytes.count))
                let end = max(start, min(edit.endOffset, bytes.count))
                bytes.replaceSubrange(start..<end, with: Array(edit.replacement.utf8))
            }
            files[path] = bytes
        }
        return (files, applied)
    }

    /// A unified diff of `old` → `new` for one file (one hunk spanning the changed lines).
    public static func unifiedDiff(path: String, old: [UInt8], new: [UInt8]) -> String {
        // Lines split on LF bytes (a Swift `Character` holds CRLF as one, so splitting a `String` on
        // "\n" would not split CRLF files); a CR stays at the end of its line.
        func lines(_ bytes: [UInt8]) -> [String] {
            bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
        }
        let a = lines(old)
        let b = lines(new)
        var prefix = 0
        while prefix < a.count, prefix < b.count, a[prefix] == b[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < a.count - prefix, suffix < b.count - prefix, a[a.count - 1 - suffix] == b[b.count - 1 - suffix] { suffix += 1 }
        guard prefix < a.count - suffix || prefix < b.count - suffix else { return "" }
        let context = 3
        let start = max(0, prefix - context)
        let endA = min(a.count, a.count - suffix + context)
        let endB = min(b.count, b.count - suffix + context)
        var out = "--- a/\(path)\n+++ b/\(path)\n@@ -\(start + 1),\(endA - start) +\(start + 1),\(endB - start) @@\n"
        for line in a[start..<prefix] { out += " \(line)\n" }
        for line in a[prefix..<(a.count - suffix)] { out += "-\(line)\n" }
        for line in b[prefix..<(b.count - suffix)] { out += "+\(line)\n" }
        for line in a[(a.count - suffix)..<endA] { out += " \(line)\n" }
        return out
    }
}
