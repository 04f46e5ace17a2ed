#if os(Linux)
import Foundation
import Glibc
import MagsagGit
import Testing

/// `HugePages.advise` marks only the 2 MiB-aligned interior of a buffer, and leaves small buffers alone.
@Suite struct HugePagesTests {
    /// The VmFlags of the mapping holding `address`, with the mapping's bounds.
    static func mapping(holding address: UInt) -> (start: UInt, end: UInt, flags: [Substring])? {
        // Read to the end: /proc files report a size of 0.
        guard let handle = FileHandle(forReadingAtPath: "/proc/self/smaps") else { return nil }
        let smaps = String(decoding: handle.readDataToEndOfFile(), as: UTF8.self)
        var current: (UInt, UInt)?
        for line in smaps.split(separator: "\n") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            if let range = fields.first, range.contains("-"), !range.hasSuffix(":"),
               let dash = range.firstIndex(of: "-"),
               let start = UInt(range[..<dash], radix: 16), let end = UInt(range[range.index(after: dash)...], radix: 16) {
                current = (start, end)
            } else if line.hasPrefix("VmFlags:"), let (start, end) = current, start <= address, address < end {
                return (start, end, fields.dropFirst().map { $0 })
            }
        }
        return nil
    }

    @Test func onlyTheAlignedInteriorIsAdvised() throws {
        let huge = 2 << 20
        let count = 9 << 20
        // Mapped apart, so the test owns the whole area it looks at.
        let raw = try #require(mmap(nil, count, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0))
        try #require(raw != MAP_FAILED)
        defer { munmap(raw, count) }
        // A buffer starting half a huge page past an aligned address.
        let alignedBase = (UInt(bitPattern: raw) + UInt(huge) - 1) & ~UInt(huge - 1)
        let base = try #require(UnsafeMutableRawPointer(bitPattern: alignedBase + UInt(huge / 2)))
        let length = 5 << 20
        #expect(UInt(bitPattern: base) + UInt(length) <= UInt(bitPattern: raw) + UInt(count))
        HugePages.advise(base, byteCount: length)
        let interiorStart = alignedBase + UInt(huge), interiorEnd = (UInt(bitPattern: base) + UInt(length)) & ~UInt(huge - 1)
        #expect(interiorEnd > interiorStart)
        guard let inside = Self.mapping(holding: interiorStart) else { return } // no /proc: nothing to look at
        // Kernels built without transparent huge pages refuse the advice: then nothing is marked.
        if inside.flags.contains("hg") {
            #expect(inside.start == interiorStart && inside.end == interiorEnd)
            #expect(Self.mapping(holding: UInt(bitPattern: base))?.flags.contains("hg") == false)
            #expect(Self.mapping(holding: interiorEnd)?.flags.contains("hg") == false)
        }
        // The memory stays ordinary memory.
        memset(base, 0x5A, length)
        #expect(base.load(fromByteOffset: length - 1, as: UInt8.self) == 0x5A)
        // Buffers below the bound, and no buffer, are left alone.
        HugePages.advise(base, byteCount: HugePages.smallestAdvised - 1)
        HugePages.advise(nil, byteCount: count)
    }
}
#endif
