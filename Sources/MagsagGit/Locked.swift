#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A value guarded by a lock, shared between threads.
///
/// Used instead of the standard library's `Mutex`: on Linux that type is built on futex atomics inside
/// the precompiled `Synchronization` module, which ThreadSanitizer cannot see, so every correctly locked
/// access it guards is reported as a race in sanitizer runs. This one is a POSIX mutex, which
/// ThreadSanitizer understands; uncontended, both cost about the same. The mutex is held directly (not
/// through `NSLock`, an object of its own whose initialiser cost 300 instructions): a large snapshot
/// makes hundreds of thousands of these, four per deferred document.
///
/// It lives here, in the lowest module that needs one, and is inlinable so that every module's uses
/// are specialized; `MagsagLintCore` names it for the modules above.
public final class Locked<Value>: @unchecked Sendable {
    @usableFromInline let mutex: UnsafeMutablePointer<pthread_mutex_t>
    // Every access is under the mutex, so the runtime's dynamic exclusivity check (about 80 instructions
    // per `withLock`, on paths that take hundreds of thousands of locks) proves nothing and is skipped.
    @exclusivity(unchecked) @usableFromInline var value: Value

    public init(_ value: Value) {
        self.value = value
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deinitialize(count: 1)
        mutex.deallocate()
    }

    /// Run `body` with exclusive access to the value.
    @inlinable
    public func withLock<R>(_ body: (inout Value) throws -> R) rethrows -> R {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(&value)
    }
}
