#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Minimal POSIX file access used for work-tree reads (and fixture writes). Nothing here follows a
/// symbolic link: the final component is opened with `O_NOFOLLOW` and callers check parents.
enum FileSystem {
    /// What `lstat` reports about a path.
    enum Kind: Equatable {
        case regular(size: Int, executable: Bool)
        case symlink
        case directory
        case other
    }

    /// `lstat` of `path`, `nil` when it does not exist (or cannot be inspected).
    static func kind(_ path: String) -> Kind? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        switch UInt32(info.st_mode) & 0o170000 {
        case 0o100000: return .regular(size: Int(info.st_size), executable: (UInt32(info.st_mode) & 0o111) != 0)
        case 0o120000: return .symlink
        case 0o040000: return .directory
        default: return .other
        }
    }

    /// Reads a regular file without following a final symlink; `nil` on any failure.
    static func read(_ path: String, sizeHint: Int = 0) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        // One read into a buffer of the expected size (+1 to see end of file); no zero-filling.
        let capacity = max(sizeHint, 0) + 1
        guard var result = readUpTo(capacity, from: fd) else { return nil }
        guard result.count == capacity else { return result }
        // The file grew since it was measured: read the rest in chunks.
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { posixRead(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return nil
            }
            if count == 0 { return result }
            result.append(contentsOf: chunk[0..<count])
        }
    }

    /// Reads the regular file at `path` (a final symlink is not followed) when `accept` approves its
    /// `fstat` data, in exactly `size` bytes: open, `fstat`, read, close, with no second look for the
    /// end of the file. `nil` when it cannot be opened, is not accepted, or holds fewer bytes.
    static func read(_ path: String, size: Int, accept: (stat) -> Bool) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, accept(info) else { return nil }
        guard size > 0 else { return [] }
        guard let result = readUpTo(size, from: fd), result.count == size else { return nil }
        return result
    }

    /// Up to `capacity` bytes from `fd` into a buffer of that size (no zero-filling), fewer at the end of
    /// the file; `nil` on a read error.
    private static func readUpTo(_ capacity: Int, from fd: Int32) -> [UInt8]? {
        var failed = false
        let result = [UInt8](unsafeUninitializedCapacity: capacity) { buffer, initialized in
            var filled = 0
            while filled < capacity, let base = buffer.baseAddress {
                let count = posixRead(fd, base + filled, capacity - filled)
                if count < 0 {
                    if errno == EINTR { continue }
                    failed = true
                    break
                }
                if count == 0 { break }
                filled += count
            }
            initialized = filled
        }
        return failed ? nil : result
    }

    /// The target text of a symbolic link, as raw bytes; `nil` on failure.
    static func linkTarget(_ path: String) -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = buffer.withUnsafeMutableBytes { raw -> Int in
            guard let base = raw.baseAddress else { return -1 }
            return readlink(path, base.assumingMemoryBound(to: CChar.self), raw.count)
        }
        guard count >= 0 else { return nil }
        return Array(buffer[0..<count])
    }

    /// Creates `path` and its missing parents as directories.
    @discardableResult
    static func makeDirectories(_ path: String) -> Bool {
        if kind(path) == .directory { return true }
        if let slash = path.lastIndex(of: "/"), slash != path.startIndex {
            makeDirectories(String(path[..<slash]))
        }
        return mkdir(path, 0o755) == 0 || kind(path) == .directory
    }

    /// Writes `bytes` to `path` (replacing it), with mode 0755 or 0644.
    static func write(_ bytes: [UInt8], to path: String, executable: Bool) -> Bool {
        unlink(path)
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, executable ? 0o755 : 0o644)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { raw in
                posixWrite(fd, raw.baseAddress.map { $0 + offset }, raw.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                return false
            }
            offset += written
        }
        return fchmod(fd, executable ? 0o755 : 0o644) == 0
    }

    /// Creates a symbolic link at `path` pointing to `target` (replacing whatever was there).
    static func symlink(at path: String, target: String) -> Bool {
        unlink(path)
        return posixSymlink(target, path)
    }

    /// Removes a file or symlink; `true` when it is gone.
    @discardableResult
    static func remove(_ path: String) -> Bool {
        unlink(path) == 0 || kind(path) == nil
    }

    /// The value of an environment variable.
    static func environment(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }

    /// Text of the current `errno`.
    static var lastErrorText: String { String(cString: strerror(errno)) }
}

// File-scope wrappers: inside `FileSystem` the names `read`, `write` and `symlink` are its own members.
private func posixRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    read(fd, buffer, count)
}

private func posixWrite(_ fd: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int {
    write(fd, buffer, count)
}

private func posixSymlink(_ target: String, _ path: String) -> Bool {
    symlink(target, path) == 0
}

/// A whole file's bytes, read-only: mapped from the page cache when it can be, else read into memory.
///
/// A hook reads two large files every run (the index, 11 MB at 85,000 entries, and the stored facts,
/// tens of MB). Read into the heap, each page is first zeroed by the kernel, then copied into: about a
/// fifth of such a run's CPU went to those page faults. Mapped, the pages are the page cache's own.
/// Both files are replaced by renaming a new file over them, never rewritten in place, so a mapping
/// keeps the bytes it was made with.
public final class MappedFile: @unchecked Sendable {
    /// How many bytes the file had when it was opened (the view's length).
    public let count: Int
    /// The bytes: the mapping, or memory of this object's own (nil when empty). Never moves.
    @usableFromInline let base: UnsafeRawPointer?
    private let isMapped: Bool

    private init(base: UnsafeRawPointer?, count: Int, isMapped: Bool) {
        self.base = base
        self.count = count
        self.isMapped = isMapped
    }

    /// A view of a copy of `bytes` (for files that could not be mapped, and for tests).
    public convenience init(bytes: [UInt8]) {
        guard !bytes.isEmpty else {
            self.init(base: nil, count: 0, isMapped: false)
            return
        }
        let memory = UnsafeMutableRawPointer.allocate(byteCount: bytes.count, alignment: 16)
        bytes.withUnsafeBytes { memory.copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
        self.init(base: UnsafeRawPointer(memory), count: bytes.count, isMapped: false)
    }

    /// A view of `count` bytes at `memory`, which the view now owns (allocated with
    /// `UnsafeMutableRawPointer.allocate`, deallocated with the view).
    static func adopting(_ memory: UnsafeMutableRawPointer, count: Int) -> MappedFile {
        MappedFile(base: UnsafeRawPointer(memory), count: count, isMapped: false)
    }

    /// The regular file at `path` (a final symlink is not followed), or nil when it cannot be opened or
    /// read.
    public static func map(_ path: String) -> MappedFile? {
        mapWithIdentity(path)?.file
    }

    /// `map(_:)`, with the device and inode of the file opened (one open, so the three belong together).
    public static func mapWithIdentity(_ path: String) -> (file: MappedFile, device: UInt64, inode: UInt64)? {
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, UInt32(info.st_mode) & 0o170000 == 0o100000 else { return nil }
        guard let file = map(fd, size: Int(info.st_size)) else { return nil }
        return (file, UInt64(info.st_dev), UInt64(info.st_ino))
    }

    /// The `size` bytes of the open file `fd`, mapped or read.
    private static func map(_ fd: Int32, size: Int) -> MappedFile? {
        guard size > 0 else { return MappedFile(base: nil, count: 0, isMapped: false) }
        if let mapping = mmap(nil, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0), mapping != MAP_FAILED {
            return MappedFile(base: UnsafeRawPointer(mapping), count: size, isMapped: true)
        }
        // Not mappable: read into memory of its own.
        let memory = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 16)
        var done = 0
        while done < size {
            let n = read(fd, memory + done, size - done)
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { break }
            done += n
        }
        guard done > 0 else {
            memory.deallocate()
            return nil
        }
        return MappedFile(base: UnsafeRawPointer(memory), count: done, isMapped: false)
    }

    deinit {
        guard let base else { return }
        if isMapped { munmap(UnsafeMutableRawPointer(mutating: base), count) } else { base.deallocate() }
    }

    /// The bytes, valid while this object lives.
    @inlinable
    public var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }

    /// The bytes, valid while `body` runs.
    @inlinable
    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try withExtendedLifetime(self) { try body(bytes) }
    }

    /// The bytes as a buffer of `UInt8`, valid while `body` runs.
    @inlinable
    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try withExtendedLifetime(self) { try body(bytes.assumingMemoryBound(to: UInt8.self)) }
    }

    /// A copy of the bytes in `range` (which must lie within the file).
    @inlinable
    public subscript(range: Range<Int>) -> [UInt8] {
        precondition(range.lowerBound >= 0 && range.upperBound <= count, "range outside the file")
        return withUnsafeBytes { Array(UnsafeRawBufferPointer(rebasing: $0[range])) }
    }
}

/// Writing the cache files under `.git/magsag-lint/`: whole records appended with one `O_APPEND` write,
/// or a file replaced by a rename (readers, and mappings, see the old file or the new one whole).
public enum CacheFileWriter {
    /// Every byte of `bytes` written to `fd` (interrupted writes resumed); false on an error.
    public static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return true }
            var done = 0
            while done < raw.count {
                let n = write(fd, base + done, raw.count - done)
                if n < 0, errno == EINTR { continue }
                guard n > 0 else { return false }
                done += n
            }
            return true
        }
    }

    /// `bytes` appended to the file at `path` in one write, when it exists; false on an error.
    @discardableResult
    public static func append(_ bytes: [UInt8], to path: String) -> Bool {
        let fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        return writeAll(fd, bytes)
    }

    /// The file at `path` replaced by `bytes`: written to a temporary file beside it (named after this
    /// process), then renamed over it; its folder is made first when missing (one level). False on an
    /// error (nothing is left behind).
    @discardableResult
    public static func replace(_ path: String, with bytes: [UInt8]) -> Bool {
        if let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")), slash != path.utf8.startIndex {
            mkdir(String(path[..<slash]), 0o755)
        }
        let temporary = path + ".tmp.\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return false }
        let written = writeAll(fd, bytes)
        close(fd)
        guard written, rename(temporary, path) == 0 else {
            unlink(temporary)
            return false
        }
        return true
    }
}

/// Large arrays filled once per run (an 85,000-entry index's paths, ids and entries; the listing and
/// the deferred files made from it) are first touched page by page, and each 4 KiB page is a fault.
/// On Linux the 2 MiB-aligned interior of such a buffer is offered to transparent huge pages before it
/// is written (`madvise(MADV_HUGEPAGE)`): where the system allows them (`madvise` or `always` in
/// `/sys/kernel/mm/transparent_hugepage/enabled`), one fault then maps 2 MiB. Elsewhere the call does
/// nothing. Only the interior is advised, so no memory outside the buffer changes.
public enum HugePages {
    /// Buffers smaller than this are left alone (they hold at most one aligned huge page).
    public static let smallestAdvised = 4 << 20

    public static func advise(_ base: UnsafeMutableRawPointer?, byteCount: Int) {
        #if os(Linux)
        guard let base, byteCount >= smallestAdvised else { return }
        let huge = 2 << 20
        let start = (Int(bitPattern: base) + huge - 1) & ~(huge - 1)
        let end = (Int(bitPattern: base) + byteCount) & ~(huge - 1)
        guard end > start, let aligned = UnsafeMutableRawPointer(bitPattern: start) else { return }
        _ = madvise(aligned, end - start, MADV_HUGEPAGE)
        #endif
    }
}
