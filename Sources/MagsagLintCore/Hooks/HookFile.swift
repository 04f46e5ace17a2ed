import Foundation
import MagsagGit
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The few file operations the hook installer needs, on exact paths (a symlinked hook is read
/// through its link, but renamed, replaced or removed as the link itself).
enum HookFile {
    /// What is at a hook path.
    enum State: Equatable {
        case missing
        /// A readable file (or a link to one): its bytes and permission bits.
        case file([UInt8], mode: Int)
        /// Something else: a dangling link, a directory, an unreadable file.
        case other
    }

    static func state(_ path: String) -> State {
        var info = stat()
        guard lstat(path, &info) == 0 else { return .missing }
        var target = stat()
        guard stat(path, &target) == 0, (UInt32(target.st_mode) & UInt32(S_IFMT)) == UInt32(S_IFREG),
            let data = FileManager.default.contents(atPath: path)
        else { return .other }
        return .file([UInt8](data), mode: Int(UInt32(target.st_mode) & 0o7777))
    }

    /// Writes `bytes` to a temporary sibling with mode 0755, then renames it over `path`, so git
    /// never runs a half-written hook.
    static func writeExecutable(_ bytes: [UInt8], to path: String) -> Bool {
        replace(path, with: bytes, mode: 0o755)
    }

    /// Writes `bytes` to a temporary sibling with exactly `mode` (the umask does not apply), then
    /// renames it over `path`: a reader sees the old file or the new one, never half of one.
    static func replace(_ path: String, with bytes: [UInt8], mode: Int) -> Bool {
        // A new name of its own (`mkstemp`: created exclusively, 0600), so no file already there is
        // touched, whatever its name.
        var template = Array((path + ".magsag-lint-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { return false }
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        let temporary = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        var ok = CacheFileWriter.writeAll(fd, bytes)
        if ok { ok = fchmod(fd, mode_t(mode & 0o7777)) == 0 }
        if close(fd) != 0 { ok = false }
        guard ok, posixRename(temporary, path) == 0 else {
            unlink(temporary)
            return false
        }
        return true
    }

    /// The permission bits of the regular file at `path` itself (a symlink is not followed: nil).
    static func regularFileMode(_ path: String) -> Int? {
        var info = stat()
        guard lstat(path, &info) == 0, (UInt32(info.st_mode) & UInt32(S_IFMT)) == UInt32(S_IFREG) else { return nil }
        return Int(UInt32(info.st_mode) & 0o7777)
    }

    static func rename(_ from: String, to: String) -> Bool { posixRename(from, to) == 0 }

    static func remove(_ path: String) -> Bool { unlink(path) == 0 }

    /// Creates `path` and its parents (mode 0755).
    static func makeDirectory(_ path: String) -> Bool {
        do {
            try FileManager.default.createDirectory(
                atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
            return true
        } catch {
            var info = stat()
            return stat(path, &info) == 0 && (UInt32(info.st_mode) & UInt32(S_IFMT)) == UInt32(S_IFDIR)
        }
    }

    /// Text of the current `errno`.
    static var lastError: String { String(cString: strerror(errno)) }
}

// A file-scope wrapper: inside `HookFile` the name `rename` is its own member.
private func posixRename(_ from: String, _ to: String) -> Int32 {
    rename(from, to)
}
