import Foundation

/// A value guarded by a lock, shared between threads.
///
/// Used instead of the standard library's `Mutex`: on Linux that type is built on futex atomics inside
/// the precompiled `Synchronization` module, which ThreadSanitizer cannot see, so every correctly locked
/// access it guards is reported as a race in sanitizer runs. This one is a POSIX mutex (through `NSLock`),
/// which ThreadSanitizer understands; uncontended, both cost about the same.
public final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    public init(_ value: Value) {
        self.value = value
    }

    /// Run `body` with exclusive access to the value.
    @inline(__always)
    public func withLock<R>(_ body: (inout Value) throws -> R) rethrows -> R {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
