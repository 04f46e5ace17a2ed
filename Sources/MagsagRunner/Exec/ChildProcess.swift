#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One implementation process: started with `posix_spawn` (argv, never a shell) in its own process group,
/// stdin a socket (written with `MSG_NOSIGNAL`, so a dead child cannot raise SIGPIPE in the runner),
/// stdout and stderr pipes read without blocking through `poll`. Every descriptor is close-on-exec, so
/// children started in parallel inherit none of each other's. `close()` kills the process group and reaps
/// the child: no zombie, no straggler.
final class ChildProcess {
    /// What reading produced.
    enum Event: Equatable {
        case line([UInt8])
        /// stdout closed: the child exited (or closed it).
        case endOfOutput
        case timedOut
        /// A line longer than the line bound, or more output than the output bound.
        case oversized(String)
    }

    struct SpawnError: Error {
        var message: String
    }

    let pid: pid_t
    private var input: Int32
    private var output: Int32
    private var errors: Int32
    private var pending: [UInt8] = []
    private var buffer: [UInt8] = []
    private var lines: [[UInt8]] = []
    private var outputTotal = 0
    private(set) var stderrTail: [UInt8] = []
    private var reaped = false
    private var exitStatus: Int32 = 0
    let maxLine: Int
    let maxOutput: Int

    /// Start `argv` in `directory` with exactly `environment` (`NAME=value` strings).
    init(argv: [String], directory: String, environment: [String], maxLine: Int, maxOutput: Int) throws(SpawnError) {
        self.maxLine = maxLine
        self.maxOutput = maxOutput
        guard let program = argv.first, !program.isEmpty else { throw SpawnError(message: "the implementation has an empty argv") }
        var stdinPair: [Int32] = [-1, -1], stdoutPipe: [Int32] = [-1, -1], stderrPipe: [Int32] = [-1, -1]
        guard Self.pair(&stdinPair) else {
            throw SpawnError(message: "cannot create the stdin socket (errno \(errno))")
        }
        guard Self.pair(&stdoutPipe) else {
            Self.closeAll(stdinPair)
            throw SpawnError(message: "cannot create the stdout pipe (errno \(errno))")
        }
        guard Self.pair(&stderrPipe) else {
            Self.closeAll(stdinPair + stdoutPipe)
            throw SpawnError(message: "cannot create the stderr pipe (errno \(errno))")
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, stdinPair[1], 0)
        posix_spawn_file_actions_adddup2(&actions, stdoutPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, stderrPipe[1], 2)
        guard let addChdir = Self.addChdir, addChdir(&actions, directory) == 0 else {
            Self.closeAll(stdinPair + stdoutPipe + stderrPipe)
            throw SpawnError(message: "this C library cannot set a child's working directory (posix_spawn_file_actions_addchdir_np)")
        }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGPIPE, SIGINT, SIGTERM, SIGHUP, SIGCHLD] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var child: pid_t = 0
        let status = Self.withCStrings(argv) { argvPointers in
            Self.withCStrings(environment) { environmentPointers in
                program.utf8Contains("/")
                    ? posix_spawn(&child, program, &actions, &attributes, argvPointers, environmentPointers)
                    : posix_spawnp(&child, program, &actions, &attributes, argvPointers, environmentPointers)
            }
        }
        Self.closeAll([stdinPair[1], stdoutPipe[1], stderrPipe[1]])
        guard status == 0 else {
            Self.closeAll([stdinPair[0], stdoutPipe[0], stderrPipe[0]])
            throw SpawnError(message: "cannot start '\(program)': \(String(cString: strerror(status)))")
        }
        pid = child
        input = stdinPair[0]
        output = stdoutPipe[0]
        errors = stderrPipe[0]
        for fd in [input, output, errors] { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) }
    }

    deinit { close() }

    /// Queue `bytes` for the child's stdin (written while waiting for output).
    func send(_ bytes: [UInt8]) { pending += bytes }

    /// Close the child's stdin now (what is still queued is dropped): it reads end of file.
    func closeInput() {
        if input >= 0 { Glibc.close(input) }
        input = -1
        pending = []
    }

    /// The next line of stdout, writing queued input meanwhile; `deadline` in monotonic nanoseconds.
    func next(until deadline: UInt64) -> Event {
        while true {
            if !lines.isEmpty { return .line(lines.removeFirst()) }
            if output < 0 { return .endOfOutput }
            let now = Self.now()
            guard now < deadline else { return .timedOut }
            var fds = [pollfd(fd: output, events: Int16(POLLIN), revents: 0), pollfd(fd: errors, events: Int16(POLLIN), revents: 0),
                       pollfd(fd: pending.isEmpty ? -1 : input, events: Int16(POLLOUT), revents: 0)]
            let wait = Int32(min((deadline - now) / 1_000_000 + 1, 1_000))
            let ready = poll(&fds, nfds_t(fds.count), wait)
            if ready < 0 && errno != EINTR { return .endOfOutput }
            if fds[2].revents != 0 { writePending() }
            if fds[1].revents != 0 { drainErrors() }
            if fds[0].revents != 0, let problem = readOutput() { return .oversized(problem) }
        }
    }

    /// Whether stdout has any byte left (after `endOfOutput` or during the grace period after a result).
    var hasUnreadOutput: Bool {
        let blank: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }
        return lines.contains { !$0.allSatisfy(blank) } || !buffer.allSatisfy(blank)
    }

    /// Wait until the child exits by itself (without reaping it), at most until `deadline`.
    func waitForExit(until deadline: UInt64) -> Bool {
        while true {
            var info = siginfo_t()
            if waitid(P_PID, id_t(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0, info.si_signo == SIGCHLD {
                if output >= 0 { _ = readOutput() }  // what it wrote just before exiting
                return true
            }
            if Self.now() >= deadline { return false }
            if output >= 0 {
                var fds = [pollfd(fd: output, events: Int16(POLLIN), revents: 0)]
                _ = poll(&fds, 1, 10)
                if fds[0].revents != 0 { _ = readOutput() }
            } else {
                usleep(2_000)
            }
        }
    }

    /// Kill the process group and reap the child; returns a description of how it ended
    /// (`exit status N`, `signal N`).
    @discardableResult
    func close() -> (code: Int32?, signal: Int32?) {
        if !reaped {
            kill(-pid, SIGKILL)
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
            exitStatus = status
            reaped = true
            Self.closeAll([input, output, errors])
            input = -1
            output = -1
            errors = -1
        }
        let signal = exitStatus & 0x7f
        return signal == 0 ? ((exitStatus >> 8) & 0xff, nil) : (nil, signal)
    }

    // MARK: - I/O

    private func writePending() {
        guard input >= 0, !pending.isEmpty else { return }
        let written = pending.withUnsafeBytes { Glibc.send(input, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        if written > 0 {
            pending.removeFirst(written)
        } else if written < 0 && errno != EAGAIN && errno != EINTR {
            pending = []  // the child closed its stdin; what it does next decides the outcome
        }
    }

    /// Read what stdout has; nil, or the bound it broke.
    private func readOutput() -> String? {
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while output >= 0 {
            let count = chunk.withUnsafeMutableBytes { read(output, $0.baseAddress, $0.count) }
            if count == 0 {
                Glibc.close(output)
                output = -1
                if !buffer.isEmpty { lines.append(buffer); buffer = [] }
                return nil
            }
            if count < 0 { return nil }
            outputTotal += count
            if outputTotal > maxOutput { return "the child wrote more than \(maxOutput) bytes to stdout" }
            buffer += chunk[0..<count]
            lines += ExecProtocol.takeLines(from: &buffer)
            if buffer.count > maxLine || lines.contains(where: { $0.count > maxLine }) {
                return "the child wrote a line longer than \(maxLine) bytes"
            }
        }
        return nil
    }

    private func drainErrors() {
        var chunk = [UInt8](repeating: 0, count: 16_384)
        while errors >= 0 {
            let count = chunk.withUnsafeMutableBytes { read(errors, $0.baseAddress, $0.count) }
            if count == 0 { Glibc.close(errors); errors = -1; return }
            if count < 0 { return }
            stderrTail += chunk[0..<count]
            if stderrTail.count > 4_096 { stderrTail.removeFirst(stderrTail.count - 2_048) }
        }
    }

    // MARK: - Helpers

    /// Monotonic time in nanoseconds.
    static func now() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
    }

    /// A close-on-exec Unix socket pair: `[0]` stays with the runner, `[1]` becomes the child's descriptor
    /// (stdin, stdout or stderr). Sockets rather than pipes: `pipe2` is not visible to Swift without
    /// `_GNU_SOURCE`, and `send(MSG_NOSIGNAL)` spares the runner SIGPIPE.
    private static func pair(_ fds: inout [Int32]) -> Bool {
        socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &fds) == 0
    }

    /// `posix_spawn_file_actions_addchdir_np` (glibc 2.29+), looked up at run time: Glibc's Swift module
    /// hides the GNU extensions.
    private typealias AddChdir = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32
    private static let addChdir: AddChdir? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addchdir_np") else { return nil }
        return unsafeBitCast(symbol, to: AddChdir.self)
    }()

    private static func closeAll(_ fds: [Int32]) {
        for fd in fds where fd >= 0 { Glibc.close(fd) }
    }

    private static func withCStrings<R>(_ strings: [String], _ body: (UnsafePointer<UnsafeMutablePointer<CChar>?>) -> R) -> R {
        var pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
        pointers.append(nil)
        defer { for pointer in pointers { free(pointer) } }
        return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
    }
}
