import Foundation
import Testing

/// Compares `text` with `Snapshots/<name>.txt` beside this test file.
///
/// When the file is missing, or the environment variable `RECORD_SNAPSHOTS` is `1`, the file is
/// (re)written and a single issue "snapshot recorded; re-run" is recorded, so a recording run never
/// passes silently. On a mismatch the first differing line is reported.
func assertSnapshot(
    _ text: String, named name: String, filePath: String = #filePath,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    let url = URL(fileURLWithPath: filePath)
        .deletingLastPathComponent()
        .appendingPathComponent("Snapshots")
        .appendingPathComponent(name + ".txt")
    let record = ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1"
    let stored = (try? Data(contentsOf: url)).map { String(decoding: $0, as: UTF8.self) }
    guard let stored, !record else {
        do {
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
            Issue.record("snapshot \(name) recorded at \(url.path); re-run", sourceLocation: sourceLocation)
        } catch {
            Issue.record("cannot write snapshot \(url.path): \(error)", sourceLocation: sourceLocation)
        }
        return
    }
    guard Array(stored.utf8) != Array(text.utf8) else { return }
    let expected = stored.split(separator: "\n", omittingEmptySubsequences: false)
    let actual = text.split(separator: "\n", omittingEmptySubsequences: false)
    let index = Array(zip(expected, actual)).firstIndex { $0 != $1 } ?? min(expected.count, actual.count)
    let want = index < expected.count ? String(expected[index]) : "<end of snapshot>"
    let got = index < actual.count ? String(actual[index]) : "<end of output>"
    Issue.record(
        """
        snapshot \(name) differs at line \(index + 1) (set RECORD_SNAPSHOTS=1 to re-record)
        expected: \(want)
        actual:   \(got)
        """,
        sourceLocation: sourceLocation)
}
