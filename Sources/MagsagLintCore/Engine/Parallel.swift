import Dispatch
import Foundation

/// Parallel work on all cores, on threads with large stacks.
public enum Parallel {
    /// Order-preserving parallel map on all cores.
    ///
    /// Runs on threads of its own with large stacks (not Dispatch's 512 KiB worker stacks), so the
    /// recursive parsers and the schema evaluator reach their own depth bounds, which report a
    /// diagnostic, long before the stack does — also in debug and sanitizer builds.
    public static func map<T: Sendable, R: Sendable>(_ items: [T], _ transform: @escaping @Sendable (T) -> R) -> [R] {
        map(items, threadsPerCore: 1, transform)
    }

    /// Order-preserving parallel map on `threadsPerCore` threads per core: for work items that may wait
    /// on each other (rules that block while another builds a model they share), so a core whose thread
    /// waits picks up another item instead of idling.
    public static func map<T: Sendable, R: Sendable>(_ items: [T], threadsPerCore: Int,
                                                      _ transform: @escaping @Sendable (T) -> R) -> [R] {
        if items.isEmpty { return [] }
        let workers = min(items.count, max(1, ProcessInfo.processInfo.activeProcessorCount * max(1, threadsPerCore)))
        let results = Locked<[R?]>(Array(repeating: nil, count: items.count))
        let next = Locked(0)
        let done = DispatchGroup()
        for _ in 0..<workers {
            done.enter()
            let thread = Thread {
                while true {
                    let i = next.withLock { value -> Int in
                        defer { value += 1 }
                        return value
                    }
                    guard i < items.count else { break }
                    let value = transform(items[i])
                    results.withLock { $0[i] = value }
                }
                done.leave()
            }
            thread.stackSize = stackSize
            thread.start()
        }
        done.wait()
        return results.withLock { $0.compactMap { $0 } }
    }

    /// Stack size of the worker threads.
    public static let stackSize = 64 << 20
}
