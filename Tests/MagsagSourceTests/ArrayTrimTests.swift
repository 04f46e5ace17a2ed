import MagsagTestSupport
import MagsagSource
import Testing

/// The helpers that keep run-long lists at their exact size must keep every element, in order.
@Suite struct ArrayTrimTests {
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
}
