import Foundation
@testable import MagsagGit
import Testing

/// A mapped file reads as the file's bytes, refuses what is not a regular file, and keeps the bytes it
/// was made with when the file is replaced by a rename (as git replaces its index and the linter its
/// stored facts).
@Suite struct MappedFileTests {
    private func temporaryDirectory() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("mapped-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func readsTheFileAndRefusesWhatIsNotARegularFile() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let bytes = (0..<70_000).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ $0 >> 8) }
        let path = directory + "/data.bin"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let file = try #require(MappedFile.map(path))
        #expect(file.count == bytes.count)
        #expect(file.withUnsafeBytes { Array($0) } == bytes)
        #expect(file[5..<4_100] == Array(bytes[5..<4_100]))
        #expect(file[0..<0] == [])
        // Empty: no mapping, no bytes.
        try Data().write(to: URL(fileURLWithPath: directory + "/empty"))
        let empty = try #require(MappedFile.map(directory + "/empty"))
        #expect(empty.count == 0 && empty.withUnsafeBytes { $0.count } == 0)
        // Missing, a folder, a symbolic link (not followed).
        #expect(MappedFile.map(directory + "/missing") == nil)
        #expect(MappedFile.map(directory) == nil)
        try FileManager.default.createSymbolicLink(atPath: directory + "/link", withDestinationPath: path)
        #expect(MappedFile.map(directory + "/link") == nil)
        // Held in memory: the same view.
        let held = MappedFile(bytes: [1, 2, 3])
        #expect(held.count == 3 && held[1..<3] == [2, 3] && held.withUnsafeBytes { Array($0) } == [1, 2, 3])
    }

    @Test func aFileReplacedByARenameKeepsTheBytesItWasMappedWith() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/index"
        let old = Array(repeating: UInt8(0xAB), count: 9_000)
        try Data(old).write(to: URL(fileURLWithPath: path))
        let file = try #require(MappedFile.map(path))
        try Data(Array(repeating: UInt8(0x01), count: 100)).write(to: URL(fileURLWithPath: directory + "/index.lock"))
        #expect(rename(directory + "/index.lock", path) == 0)
        #expect(file.withUnsafeBytes { Array($0) } == old)
        #expect(try #require(MappedFile.map(path)).count == 100)
    }
}
