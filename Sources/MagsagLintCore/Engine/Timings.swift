import Foundation

/// Opt-in phase timings for profiling (`MAGSAG_LINT_TIMINGS=1`), printed to standard error.
///
/// Off by default and free when off: one environment lookup per process. Used to find where a run
/// spends its time without a profiler; speed itself is measured in `bench/`, never in tests.
public enum Timings {
    /// Whether timings were requested through the environment.
    public static let enabled: Bool = ProcessInfo.processInfo.environment["MAGSAG_LINT_TIMINGS"] != nil

    /// Whether each deferred document read and parsed is listed too (`MAGSAG_LINT_TIMINGS=loads`): to
    /// see which files a partial run reads beyond the changed ones.
    static let listsLoads: Bool = ProcessInfo.processInfo.environment["MAGSAG_LINT_TIMINGS"] == "loads"

    private static let entries = Locked<[(String, Duration)]>([])

    /// Note a deferred document parsed (listed with `MAGSAG_LINT_TIMINGS=loads`).
    public static func loaded(_ path: String) {
        guard listsLoads else { return }
        FileHandle.standardError.write(Data("timing load: \(path)\n".utf8))
    }

    /// Run `body`, and when timings are enabled record how long it took under `label`.
    @inline(__always)
    public static func measure<T>(_ label: @autoclosure () -> String, _ body: () throws -> T) rethrows -> T {
        guard enabled else { return try body() }
        let clock = ContinuousClock()
        let start = clock.now
        defer { record(label(), clock.now - start) }
        return try body()
    }

    /// Like `measure`, and also note the process CPU time spent meanwhile (all threads), to see how
    /// well a phase uses the cores.
    public static func measurePhase<T>(_ label: String, _ body: () throws -> T) rethrows -> T {
        guard enabled else { return try body() }
        let cpuStart = processCPUSeconds()
        let clock = ContinuousClock()
        let start = clock.now
        defer {
            let wall = clock.now - start
            record(label, wall)
            let seconds = Double(wall.components.seconds) + Double(wall.components.attoseconds) / 1e18
            let cpu = processCPUSeconds() - cpuStart
            note(String(format: "%@: %.2f s CPU over %.2f s wall (%.2f cores)", label, cpu, seconds, seconds > 0 ? cpu / seconds : 0))
        }
        return try body()
    }

    /// User plus system CPU time of the process so far.
    static func processCPUSeconds() -> Double {
        var usage = rusage()
        #if os(Linux)
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        #else
        getrusage(RUSAGE_SELF, &usage)
        #endif
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }

    /// Record one duration.
    public static func record(_ label: String, _ duration: Duration) {
        entries.withLock { $0.append((label, duration)) }
    }

    /// Print a measured quantity (not a duration) to standard error when timings are enabled.
    public static func note(_ text: @autoclosure () -> String) {
        guard enabled else { return }
        FileHandle.standardError.write(Data("timing note: \(text())\n".utf8))
    }

    /// Print the recorded durations, longest first, to standard error, and forget them.
    public static func flush(limit: Int = 40) {
        guard enabled else { return }
        let all = entries.withLock { list -> [(String, Duration)] in
            defer { list.removeAll() }
            return list
        }
        var text = ""
        for (label, duration) in all.sorted(by: { $0.1 > $1.1 }).prefix(limit) {
            let ms = Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
            text += String(format: "timing %9.1f ms  %@\n", ms, label)
        }
        FileHandle.standardError.write(Data(text.utf8))
    }
}
