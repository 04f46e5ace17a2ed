import Foundation
@testable import MagsagGit
import MagsagTestSupport
import Testing

/// The run key's view of the index's entries.
@Suite struct IndexEntriesDigestTests {
    /// What `withBuffers` shows, each buffer's length first (as the run key digests it).
    static func shown(_ entries: IndexEntries) -> [UInt8] {
        var out: [UInt8] = []
        entries.withBuffers { buffer in
            withUnsafeBytes(of: UInt64(buffer.count).littleEndian) { out += $0 }
            out += buffer
        }
        return out
    }

    /// A symbolic link and a file with the same bytes have the same blob id: the per-entry bytes tell
    /// them apart when no tree is recorded.
    @Test func aLinkIsNotTheFileWithItsText() throws {
        let temp = try TemporaryRepository()
        try temp.add("a.yaml", "target\n")
        var shown: [[UInt8]] = []
        for mode: UInt32 in [0o100644, 0o120000, 0o100755] {
            try temp.writer.stageEntry("a.yaml", bytes: Array("target\n".utf8), mode: mode)
            let snapshot = try temp.open().indexSnapshot(operation: "test")
            let entries = IndexEntries(snapshot: snapshot)
            shown.append(Self.shown(entries))
        }
        #expect(Set(shown).count == 3)
    }
}
