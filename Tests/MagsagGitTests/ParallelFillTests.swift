@testable import MagsagGit
import Testing

/// Runs made in place and moved together give what a sequential filter and map give, in order, with
/// each run's extra result, whatever the runs keep (all, none, some) and however the count divides.
@Suite struct ParallelFillTests {
    final class Box: Sendable {
        let value: Int
        init(_ value: Int) { self.value = value }
    }

    @Test(arguments: [0, 1, 7, 512, 513, 4_099, 20_000])
    func runsAreJoinedInOrder(count: Int) {
        for runLength in [1, 3, 64, 512, 100_000] {
            // Reference-counted elements: a wrong move would double-free or leak, and tests run with the
            // sanitizers too.
            let (elements, extras) = ParallelFill.make(count: count, runLength: runLength) { range, into -> (made: Int, extra: [Int]) in
                var made = 0
                var skipped: [Int] = []
                for item in range {
                    // Whole runs kept, whole runs dropped, and runs kept in part.
                    let keep = (item / runLength) % 3 == 0 || ((item / runLength) % 3 == 1 && item % 2 == 0)
                    if keep {
                        (into + made).initialize(to: Box(item))
                        made += 1
                    } else {
                        skipped.append(item)
                    }
                }
                return (made, skipped)
            }
            let expected = (0..<count).filter { ($0 / runLength) % 3 == 0 || (($0 / runLength) % 3 == 1 && $0 % 2 == 0) }
            #expect(elements.map(\.value) == expected, "count \(count), runs of \(runLength)")
            #expect(extras.count == (count + runLength - 1) / runLength)
            let kept = Set(expected)
            #expect(extras.flatMap { $0 } == (0..<count).filter { !kept.contains($0) })
        }
    }

    /// The map for work inside another parallel map's item: results in order, each item computed once,
    /// also when it is called from every item of an outer parallel map.
    @Test(arguments: [0, 1, 2, 17, 1_000])
    func helpedMapKeepsOrderAndTakesEachItemOnce(count: Int) {
        let calls = Locked(0)
        let direct = ParallelRead.helpedMap(count) { item -> Box in
            calls.withLock { $0 += 1 }
            return Box(item * 3)
        }
        #expect(direct.map(\.value) == (0..<count).map { $0 * 3 })
        #expect(calls.withLock { $0 } == count)
        let nested = ParallelRead.map(64, itemsPerWorker: 1) { outer in
            ParallelRead.helpedMap(count) { item in outer * 10_000 + item }
        }
        #expect(nested == (0..<64).map { outer in (0..<count).map { outer * 10_000 + $0 } })
    }
}
