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
/// ThreadSanitizer understands; uncontended, both cost about the same. The value and the mutex share
/// one allocation (a `ManagedBuffer` whose header is the value and whose one element is the mutex, at
/// a stable address): a large snapshot makes hundreds of thousands of these, two per deferred
/// document, and a separately allocated mutex cost an allocation each.
///
/// A copy shares the value and the lock (the storage is a reference). It lives here, in the lowest
/// module that needs one, and is inlinable so that every module's uses are specialized;
/// `MagsagLintCore` names it for the modules above.
public struct Locked<Value>: @unchecked Sendable {
    @usableFromInline
    final class Storage: ManagedBuffer<Value, pthread_mutex_t> {
        deinit {
            withUnsafeMutablePointerToElements { mutex in
                pthread_mutex_destroy(mutex)
                mutex.deinitialize(count: 1)
            }
        }
    }

    @usableFromInline let storage: Storage

    /// Inlinable so that callers name a concrete storage type: unspecialized, each lock looked its type
    /// up in the runtime's generic metadata table (about 480 instructions).
    @inlinable
    public init(_ value: Value) {
        storage = unsafeDowncast(Storage.create(minimumCapacity: 1) { _ in value }, to: Storage.self)
        storage.withUnsafeMutablePointerToElements { mutex in
            mutex.initialize(to: pthread_mutex_t())
            #if canImport(Glibc)
            // Adaptive: a thread that finds the lock held spins briefly before it sleeps. The sections
            // these guard are short (a dictionary lookup), and with the normal kind two cores taking the
            // same memo or node table put each other to sleep thousands of times a check (a futex wait
            // and a wake, microseconds each, for a section of a few hundred nanoseconds).
            var attributes = pthread_mutexattr_t()
            pthread_mutexattr_init(&attributes)
            pthread_mutexattr_settype(&attributes, Int32(PTHREAD_MUTEX_ADAPTIVE_NP))
            _ = pthread_mutex_init(mutex, &attributes)
            pthread_mutexattr_destroy(&attributes)
            #else
            _ = pthread_mutex_init(mutex, nil)
            #endif
        }
    }

    /// Run `body` with exclusive access to the value.
    @inlinable
    public func withLock<R>(_ body: (inout Value) throws -> R) rethrows -> R {
        try storage.withUnsafeMutablePointers { value, mutex in
            pthread_mutex_lock(mutex)
            defer { pthread_mutex_unlock(mutex) }
            return try body(&value.pointee)
        }
    }
}
