import MagsagLintCore
import MagsagTestSupport
import Testing

/// `Parallel.map` writes each result into its place in the returned array from several threads: every
/// index exactly once, in order, references counted right (a class result would crash or leak if a
/// slot were written twice or left unwritten).
@Suite struct ParallelMapTests {
    final class Box: Sendable {
        let value: Int
        init(_ value: Int) { self.value = value }
    }

    @Test func resultsAreInOrderForEverySize() {
        var generator = SeededGenerator(seed: 0x9A4A)
        var sizes = [0, 1, 2, 3, 31, 32, 33, 64, 1_000]
        for _ in 0..<20 { sizes.append(Int.random(in: 0...5_000, using: &generator)) }
        for size in sizes {
            for threads in [1, 3] {
                let items = Array(0..<size)
                let boxes = Parallel.map(items, threadsPerCore: threads) { Box($0 * 3) }
                #expect(boxes.count == size)
                #expect(boxes.map(\.value) == items.map { $0 * 3 })
                let texts = Parallel.map(items) { String(repeating: "x", count: $0 % 40) + String($0) }
                #expect(texts == items.map { String(repeating: "x", count: $0 % 40) + String($0) })
            }
        }
    }
}
