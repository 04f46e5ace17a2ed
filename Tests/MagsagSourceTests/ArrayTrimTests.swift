import MagsagTestSupport
@testable import MagsagSource
import Testing

/// The helpers that keep run-long lists at their exact size must keep every element, in order.
@Suite(.serialized) struct ArrayTrimTests {
    @Test func trimmedListsKeepTheirElementsAtTheirCount() {
        var generator = SeededGenerator(seed: 0x7121)
        for _ in 0..<300 {
            var list: [String] = []
            for index in 0..<Int.random(in: 0...300, using: &generator) {
                // Long strings live out of line: the copy must retain them, the old buffer release them.
                list.append(String(repeating: "x", count: index % 40) + String(index))
            }
            let trimmed = list.trimmedToCount()
            #expect(trimmed == list)
            // At its count, give or take the allocator's rounding to 16 bytes (one element).
            #expect(trimmed.capacity - trimmed.count <= 1)
        }
    }

    @Test func concatenationKeepsOrderAndAllocatesOnce() {
        var generator = SeededGenerator(seed: 0xC0CA7)
        for _ in 0..<300 {
            let parts = (0..<Int.random(in: 0...20, using: &generator)).map { part in
                (0..<Int.random(in: 0...30, using: &generator)).map { "\(part)-\($0)" }
            }
            let joined = [String].concatenating(parts)
            #expect(joined == parts.flatMap { $0 })
            #expect(joined.capacity < joined.count + 16)
        }
    }

    /// Counts its instances, so a test sees every element released exactly once.
    final class Tracked {
        nonisolated(unsafe) static var alive = 0
        let value: Int
        init(_ value: Int) { self.value = value; Self.alive += 1 }
        deinit { Self.alive -= 1 }
    }

    @Test func exactArraysAreFilledInPlaceAndOwnTheirElements() {
        let before = Tracked.alive
        do {
            for count in [0, 1, 2, 7, 64, 1000] {
                let made = [Tracked](exactly: count) { buffer in
                    for i in 0..<count { (buffer.baseAddress! + i).initialize(to: Tracked(i)) }
                }
                #expect(made.map(\.value) == Array(0..<count))
                // At its count, give or take the allocator's rounding of the block (32 bytes at most here).
                #expect((made.capacity - made.count) * MemoryLayout<Tracked>.stride <= 32)
            }
        }
        #expect(Tracked.alive == before)
        // This toolchain's `Array(_:)` fills the buffer through `_copyContents`: nothing is made on the side.
        var spare: UnsafeMutablePointer<Tracked>?
        let direct = withUnsafeMutablePointer(to: &spare) { spare in
            [Tracked](ArrayFill(count: 3, initialize: { buffer in
                for i in 0..<3 { (buffer.baseAddress! + i).initialize(to: Tracked(i)) }
            }, spare: spare))
        }
        #expect(spare == nil)
        #expect(direct.map(\.value) == [0, 1, 2])
        // Read one by one instead, the elements come from a buffer filled once on first use.
        var calls = 0
        var read: [Int] = []
        withUnsafeMutablePointer(to: &spare) { spare in
            let fill = ArrayFill<Tracked>(count: 4, initialize: { buffer in
                calls += 1
                for i in 0..<4 { (buffer.baseAddress! + i).initialize(to: Tracked(10 + i)) }
            }, spare: spare)
            for element in fill { read.append(element.value) }
        }
        #expect(read == [10, 11, 12, 13] && calls == 1)
        if let filled = spare {
            filled.deinitialize(count: 4)
            filled.deallocate()
        }
        #expect(Tracked.alive == before + 3)
    }

    @Test func scratchStacksMoveTheirElementsOut() {
        let before = Tracked.alive
        do {
            var stack = ScratchStack<Tracked>(capacity: 2)
            for i in 0..<5 { stack.push(Tracked(i)) }
            let inner = stack.popArray(from: 3)
            for i in 5..<7 { stack.push(Tracked(i)) }
            let outer = stack.popArray(from: 0)
            #expect(inner.map(\.value) == [3, 4])
            #expect(outer.map(\.value) == [0, 1, 2, 5, 6])
            #expect(stack.popArray(from: 0).isEmpty)
            #expect(Tracked.alive == before + 7)
        }
        #expect(Tracked.alive == before)
    }
}
