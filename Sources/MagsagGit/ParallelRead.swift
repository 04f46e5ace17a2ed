import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// An order-preserving parallel map for file-system work (no deep recursion, so Dispatch's worker
/// stacks suffice): each index is computed by exactly one worker and written to its own slot.
enum ParallelRead {
    /// `itemsPerWorker`: how many items make a worker's share worth starting it (64 small file reads;
    /// 1 when each item is a run of many).
    static func map<R: Sendable>(_ count: Int, itemsPerWorker: Int = 64, _ transform: @Sendable (Int) -> R) -> [R] {
        guard count > 0 else { return [] }
        let workers = max(1, min(count / max(itemsPerWorker, 1), sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        if workers == 1 { return (0..<count).map(transform) }
        // Written in place into the result's storage: optional slots compacted afterwards held every
        // result twice and grew the compacted copy by doubling.
        return [R](unsafeUninitializedCapacity: count) { buffer, initialized in
            guard let base = buffer.baseAddress else { return }
            let box = SlotBox(base)
            // Contiguous chunks keep each worker's reads in index order (the order git lists the files).
            let chunk = (count + workers * 8 - 1) / (workers * 8)
            DispatchQueue.concurrentPerform(iterations: (count + chunk - 1) / chunk) { part in
                let start = part * chunk
                for i in start..<min(start + chunk, count) { (box.base + i).initialize(to: transform(i)) }
            }
            initialized = count
        }
    }

    /// `map` for work inside an item of another parallel map: a nested `concurrentPerform` gets the
    /// outer one's share of the cores (one of two), so here this thread takes items from a shared
    /// counter alongside helpers started on the global queue, and waits only for items already taken.
    /// A helper that starts after every item was taken returns at once.
    static func helpedMap<R: Sendable>(_ count: Int, _ transform: @escaping @Sendable (Int) -> R) -> [R] {
        guard count > 1 else { return (0..<count).map(transform) }
        let results = Locked<[R?]>(Array(repeating: nil, count: count))
        let progress = Locked<(next: Int, done: Int)>((0, 0))
        let finished = DispatchSemaphore(value: 0)
        let work: @Sendable () -> Void = {
            while true {
                let item = progress.withLock { state -> Int? in
                    guard state.next < count else { return nil }
                    defer { state.next += 1 }
                    return state.next
                }
                guard let item else { return }
                let value = transform(item)
                results.withLock { $0[item] = value }
                if progress.withLock({ state -> Bool in
                    state.done += 1
                    return state.done == count
                }) { finished.signal() }
            }
        }
        let helpers = min(count, max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN)))) - 1
        for _ in 0..<helpers { DispatchQueue.global().async(execute: work) }
        work()
        finished.wait()
        return results.withLock { $0.map { $0! } }
    }

    /// Each slot is written by one worker only and read after every worker finished.
    private final class SlotBox<R>: @unchecked Sendable {
        let base: UnsafeMutablePointer<R>
        init(_ base: UnsafeMutablePointer<R>) { self.base = base }
    }
}

/// An array made on all cores, run by run, in order, without copying what the runs made: each run
/// initializes its elements in place in the result's storage, and the runs are then moved together
/// (a byte move, where joining run arrays copied every element: 85,000 listed files of a hook, with the
/// reference-count traffic of each copy and of freeing the runs).
public enum ParallelFill {
    /// The elements `body` makes for the items `0..<count`, in runs of `runLength`, and what else each
    /// run found, in run order. `body(range, into)` initializes between 0 and `range.count` elements at
    /// `into`, contiguously from it, and returns how many with its run's extra result.
    public static func make<T: Sendable, Extra: Sendable>(
        count: Int, runLength: Int, _ body: @Sendable (Range<Int>, UnsafeMutablePointer<T>) -> (made: Int, extra: Extra)
    ) -> (elements: [T], extras: [Extra]) {
        guard count > 0 else { return ([], []) }
        let length = max(runLength, 1)
        let runs = (count + length - 1) / length
        var extras: [Extra] = []
        let elements = [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            HugePages.advise(buffer.baseAddress, byteCount: count * MemoryLayout<T>.stride)
            let target = PointerBox(buffer.baseAddress!)
            // Each run is many items: two runs are worth two workers.
            let results = ParallelRead.map(runs, itemsPerWorker: 1) { run -> Made<Extra> in
                let range = (run * length)..<min((run + 1) * length, count)
                let (made, extra) = body(range, target.pointer + range.lowerBound)
                precondition(made >= 0 && made <= range.count, "a run made more elements than it has items")
                return Made(count: made, extra: extra)
            }
            // Runs were written at their items' offsets: moved down over the gaps, in order.
            let base = target.pointer
            var end = 0
            for (run, result) in results.enumerated() {
                let start = run * length
                if start != end, result.count > 0 { (base + end).moveInitialize(from: base + start, count: result.count) }
                end += result.count
            }
            initialized = end
            extras = results.map(\.extra)
        }
        return (elements, extras)
    }

    private struct Made<Extra: Sendable>: Sendable {
        var count: Int
        var extra: Extra
    }

    /// The result's storage, shared by the runs: each writes only its own items' slots.
    private struct PointerBox<T>: @unchecked Sendable {
        let pointer: UnsafeMutablePointer<T>
        init(_ pointer: UnsafeMutablePointer<T>) { self.pointer = pointer }
    }
}

/// A value computed on another thread, waited for when read.
public final class Background<T: Sendable>: @unchecked Sendable {
    private var result: T?
    private let group = DispatchGroup()

    public init(_ work: @escaping @Sendable () -> T) {
        group.enter()
        DispatchQueue.global().async {
            self.result = work()
            self.group.leave()
        }
    }

    /// The value, once the work finished (the group's wait orders the write before this read).
    public var value: T {
        group.wait()
        return result!
    }
}
