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
    static func map<R: Sendable>(_ count: Int, _ transform: @Sendable (Int) -> R) -> [R] {
        guard count > 0 else { return [] }
        let workers = max(1, min(count / 64, sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        if workers == 1 { return (0..<count).map(transform) }
        let slots = UnsafeMutableBufferPointer<R?>.allocate(capacity: count)
        slots.initialize(repeating: nil)
        defer {
            slots.deinitialize()
            slots.deallocate()
        }
        let box = SlotBox(slots)
        // Contiguous chunks keep each worker's reads in index order (the order git lists the files).
        let chunk = (count + workers * 8 - 1) / (workers * 8)
        DispatchQueue.concurrentPerform(iterations: (count + chunk - 1) / chunk) { part in
            let start = part * chunk
            for i in start..<min(start + chunk, count) { box.slots[i] = transform(i) }
        }
        return slots.compactMap { $0 }
    }

    /// Each slot is written by one worker only and read after every worker finished.
    private final class SlotBox<R>: @unchecked Sendable {
        let slots: UnsafeMutableBufferPointer<R?>
        init(_ slots: UnsafeMutableBufferPointer<R?>) { self.slots = slots }
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
