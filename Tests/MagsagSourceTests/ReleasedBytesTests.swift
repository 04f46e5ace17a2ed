@testable import MagsagSource
import MagsagTestSupport
import Synchronization
import Testing

/// A parsed JSON file may let its bytes go (`releaseBytes(rereading:)`) and read them again on first use:
/// what it answers afterwards must be what it answered before, and content that changed in between must
/// never stand in for what was checked.
@Suite struct ReleasedBytesTests {
    /// A reader serving `bytes` and counting its calls.
    private final class Reader: Sendable {
        let bytes: Mutex<[String: [UInt8]]>
        let calls = Mutex(0)

        init(_ bytes: [String: [UInt8]]) { self.bytes = Mutex(bytes) }

        var reread: @Sendable (String) -> [UInt8]? {
            { path in
                self.calls.withLock { $0 += 1 }
                return self.bytes.withLock { $0[path] }
            }
        }
    }

    private static let text = "{\n  \"name\": \"caf\u{E9}\",\n  \"list\": [1, 2, 3],\r\n  \"x\": \"\u{1F600}y\"\n}\n"

    @Test func releasedBytesReadAgainGiveTheSamePositionsAndText() {
        let bytes = Array(Self.text.utf8)
        let kept = SourceFile(path: "a/b.json", bytes: bytes)
        let released = SourceFile(path: "a/b.json", bytes: bytes)
        let reader = Reader(["a/b.json": bytes])
        #expect(released.releaseBytes(rereading: reader.reread))
        #expect(released.bytesReleased)
        #expect(reader.calls.withLock { $0 } == 0)
        for offset in 0...bytes.count + 2 {
            #expect(released.position(ofOffset: offset) == kept.position(ofOffset: offset))
        }
        #expect(released.bytes == bytes)
        #expect(released.text == kept.text)
        for line in 1...kept.lineIndex.lineCount { #expect(released.lineIndex.lineText(line) == kept.lineIndex.lineText(line)) }
        // Read once, then kept.
        #expect(reader.calls.withLock { $0 } == 1)
        // A second release is refused: the bytes are back (and the line index holds them).
        #expect(!released.releaseBytes(rereading: reader.reread))
    }

    @Test func changedOrMissingContentReadsAsNoBytesAndIsCounted() {
        let bytes = Array(Self.text.utf8)
        var edited = bytes
        edited[12] = UInt8(ascii: "C")  // same length, one byte differs
        let cases: [(String, [UInt8]?)] = [("edited.json", edited), ("longer.json", bytes + [0x20]), ("gone.json", nil)]
        for (path, now) in cases {
            let file = SourceFile(path: path, bytes: bytes)
            let reader = Reader(now.map { [path: $0] } ?? [:])
            let before = SourceFile.changedSinceRead
            #expect(file.releaseBytes(rereading: reader.reread))
            #expect(file.bytes.isEmpty, "\(path)")
            #expect(SourceFile.changedSinceRead >= before + 1)
            // Positions clamp to the start of the (now empty) file instead of pointing into other text.
            #expect(file.position(ofOffset: 40) == SourcePosition(offset: 0, line: 1, column: 1))
            #expect(file.lineIndex.lineText(2) == nil)
        }
    }

    /// Files whose line index is built with them hold the bytes there too: releasing them would save
    /// nothing, so they are not released; nor are JSON files whose index was built already, nor empty ones.
    @Test func onlyUnindexedJSONFilesAreReleased() {
        let reader = Reader([:])
        #expect(!SourceFile(path: "a.yaml", bytes: Array("a: 1\n".utf8)).releaseBytes(rereading: reader.reread))
        #expect(!SourceFile(path: "a.md", bytes: Array("# A\n".utf8)).releaseBytes(rereading: reader.reread))
        #expect(!SourceFile(path: "e.json", bytes: []).releaseBytes(rereading: reader.reread))
        let indexed = SourceFile(path: "i.json", bytes: Array("{}\n".utf8))
        _ = indexed.position(ofOffset: 1)
        #expect(!indexed.releaseBytes(rereading: reader.reread))
        #expect(indexed.bytes == Array("{}\n".utf8))
        #expect(SourceFile(path: "UP.JSON", bytes: Array("{}".utf8)).releaseBytes(rereading: reader.reread))
        #expect(reader.calls.withLock { $0 } == 0)
    }

    /// Many threads asking for released bytes at once read them once and all see them whole.
    @Test func concurrentFirstUsesReadOnce() async {
        let bytes = Array(String(repeating: "{\"k\": [1, 2, 3]},\n", count: 500).utf8)
        let file = SourceFile(path: "big.json", bytes: bytes)
        let reader = Reader(["big.json": bytes])
        #expect(file.releaseBytes(rereading: reader.reread))
        let seen = await withTaskGroup(of: Bool.self) { group in
            for i in 0..<16 {
                group.addTask { i.isMultiple(of: 2) ? file.bytes == bytes : file.position(ofOffset: bytes.count).line == 501 }
            }
            return await group.reduce(true) { $0 && $1 }
        }
        #expect(seen)
        #expect(reader.calls.withLock { $0 } == 1)
    }

    /// The digest tells apart inputs that differ in any one byte, at every length around its 32-byte steps.
    @Test func digestSeesEveryByte() {
        var random = SeededGenerator(seed: 7)
        for count in [0, 1, 7, 8, 31, 32, 33, 63, 64, 65, 100, 1_000] {
            let bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &random) }
            let digest = SourceFile.digest(bytes)
            #expect(SourceFile.digest(bytes) == digest)
            for at in 0..<count {
                var changed = bytes
                changed[at] ^= 1 << UInt8(at % 8)
                #expect(SourceFile.digest(changed) != digest, "length \(count), byte \(at)")
            }
            #expect(SourceFile.digest(bytes + [0]) != digest)
        }
    }
}
