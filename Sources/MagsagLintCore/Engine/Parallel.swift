public import MagsagGit
import Dispatch
import Foundation

/// Parallel work on all cores, on threads with large stacks.
public enum Parallel {
    /// Order-preserving parallel map on all cores.
    ///
    /// Runs on threads of its own with large stacks (not Dispatch's 512 KiB worker stacks), so the
    /// recursive parsers and the schema evaluator reach their own depth bounds, which report a
    /// diagnostic, long before the stack does — also in debug and sanitizer builds.
    @inlinable
    public static func map<T: Sendable, R: Sendable>(_ items: [T], _ transform: @escaping @Sendable (T) -> R) -> [R] {
        map(items, threadsPerCore: 1, transform)
    }

    /// Order-preserving parallel map on `threadsPerCore` threads per core: for work items that may wait
    /// on each other (rules that block while another builds a model they share), so a core whose thread
    /// waits picks up another item instead of idling.
    ///
    /// Inlinable so that every module's calls are specialized: unspecialized, each item paid generic
    /// metadata lookups for its result (7% of a hook's instructions over 400,000 small items). Workers
    /// claim runs of items (a 32nd of each worker's share, at least one) from a shared counter, so the
    /// lock is taken per run, not per item, and write each result straight into its place in the
    /// returned array: no list per worker (grown by doubling, then copied into the result, each element's
    /// references counted on the way in and out of the lists).
    @inlinable
    public static func map<T: Sendable, R: Sendable>(_ items: [T], threadsPerCore: Int,
                                                      _ transform: @escaping @Sendable (T) -> R) -> [R] {
        if items.isEmpty { return [] }
        let workers = min(items.count, max(1, cores * max(1, threadsPerCore)))
        let run = max(1, items.count / (workers * 32))
        let next = Locked(0)
        // What the workers read is the caller's reading: each worker logs into a log of its own, folded
        // into the caller's when it ends (see `ReadLog`).
        let callerLog = ReadLog.current
        return [R](unsafeUninitializedCapacity: items.count) { buffer, initialized in
            guard let base = buffer.baseAddress else { return }
            let slots = ResultSlots(base)
            let done = DispatchGroup()
            for _ in 0..<workers {
                done.enter()
                WorkerThreads.shared.run {
                    let log = callerLog.map { _ in ReadLog() }
                    ReadLog.with(log) {
                        while true {
                            let start = next.withLock { value -> Int in
                                defer { value += run }
                                return value
                            }
                            guard start < items.count else { break }
                            // Each index is claimed by exactly one worker: each slot is initialized once.
                            for i in start..<min(start + run, items.count) { slots.initialize(i, to: transform(items[i])) }
                        }
                    }
                    if let callerLog, let log { callerLog.absorb(log) }
                    done.leave()
                }
            }
            // The group's wait orders every worker's writes before the array is handed back.
            done.wait()
            initialized = items.count
        }
    }

    /// Stack size of the worker threads.
    public static let stackSize = 64 << 20

    /// The cores this process may use, asked once: Foundation reads the cgroup's quota files at every
    /// `activeProcessorCount` (two files for each parallel map).
    public static let cores = ProcessInfo.processInfo.activeProcessorCount
}

/// The threads parallel maps run their workers on: each job gets a thread to itself, as a thread made
/// for it would be, but a thread whose job ended waits for the next one instead of exiting. A hook
/// made and ended 25 threads with 64 MiB stacks (about 70 µs each, on its critical path); a run now
/// makes as many as it ever uses at once. A job never waits for a thread: when none is idle, one is
/// made, so jobs that wait on one another (rules waiting for a shared model) cannot starve.
public final class WorkerThreads: @unchecked Sendable {
    public static let shared = WorkerThreads()

    /// An idle thread's slot: the job it is handed, and the signal that wakes it.
    private final class Worker: @unchecked Sendable {
        let wake = DispatchSemaphore(value: 0)
        /// Written by `run` before `wake` is signalled, read by the thread after it wakes.
        var job: (@Sendable () -> Void)?
    }

    private let lock = NSLock()
    private var idle: [Worker] = []
    private var madeCount = 0

    /// A set of threads of its own (the parallel maps share `shared`).
    public init() {}

    /// How many threads were made.
    public var made: Int {
        lock.lock()
        defer { lock.unlock() }
        return madeCount
    }

    /// Run `job` on a thread of its own with `Parallel.stackSize` of stack: an idle one, or a new one.
    public func run(_ job: @escaping @Sendable () -> Void) {
        lock.lock()
        if let worker = idle.popLast() {
            lock.unlock()
            worker.job = job
            worker.wake.signal()
            return
        }
        madeCount += 1
        lock.unlock()
        let worker = Worker()
        worker.job = job
        let thread = Thread { [self] in
            while true {
                worker.job?()
                worker.job = nil
                lock.lock()
                idle.append(worker)
                lock.unlock()
                worker.wake.wait()
            }
        }
        thread.stackSize = Parallel.stackSize
        thread.start()
    }
}

/// The result array's storage, shared with the workers that fill it: each index is written by exactly
/// one worker, and the array is returned only after every worker has finished.
@usableFromInline
final class ResultSlots<R>: @unchecked Sendable {
    @usableFromInline let base: UnsafeMutablePointer<R>

    @inlinable
    init(_ base: UnsafeMutablePointer<R>) { self.base = base }

    @inlinable
    func initialize(_ index: Int, to value: consuming R) { (base + index).initialize(to: value) }
}
