import Dispatch
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

    /// Threads whose job ended take the next job; jobs that wait on other jobs still get threads of their
    /// own (none waits for a busy thread), so nested waits cannot starve.
    @Test func workerThreadsAreReusedAndNeverWaitedFor() {
        let threads = WorkerThreads()
        for _ in 0..<20 {
            let done = DispatchGroup()
            for _ in 0..<2 {
                done.enter()
                threads.run { done.leave() }
            }
            done.wait()
        }
        // The first round made two threads (a thread may still be on its way back to idle when the next
        // round starts, which makes one more).
        #expect(threads.made >= 2 && threads.made <= 4, "made \(threads.made) threads for 20 rounds of 2 jobs")
        // Each job waits for a job it starts, four deep: every level gets a thread.
        let finished = DispatchSemaphore(value: 0)
        @Sendable func nest(_ depth: Int) {
            guard depth > 0 else { return }
            let inner = DispatchSemaphore(value: 0)
            threads.run {
                nest(depth - 1)
                inner.signal()
            }
            inner.wait()
        }
        threads.run {
            nest(4)
            finished.signal()
        }
        #expect(finished.wait(timeout: .now() + 30) == .success, "nested jobs waited for each other")
        // Parallel maps inside parallel maps.
        let nested = Parallel.map(Array(0..<8), threadsPerCore: 2) { outer in Parallel.map(Array(0..<50)) { outer * 100 + $0 }.reduce(0, +) }
        #expect(nested == (0..<8).map { outer in (0..<50).reduce(0) { $0 + outer * 100 + $1 } })
    }
}
