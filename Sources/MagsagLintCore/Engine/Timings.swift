import Foundation
import MagsagGit

/// Opt-in phase timings for profiling (`MAGSAG_LINT_TIMINGS=1`), printed to standard error.
///
/// Off by default and free when off: one environment lookup per process. Used to find where a run
/// spends its time without a profiler; speed itself is measured in `bench/`, never in tests.
public enum Timings {
    /// Whether timings were requested through the environment.
    public static let enabled: Bool = ProcessEnvironment.value("MAGSAG_LINT_TIMINGS") != nil

    /// Whether each deferred document read and parsed is listed too (`MAGSAG_LINT_TIMINGS=loads`): to
    /// see which files a partial run reads beyond the changed ones.
    static let listsLoads: Bool = ProcessEnvironment.value("MAGSAG_LINT_TIMINGS") == "loads"

    private static let entries = Locked<[(label: String, duration: Duration, start: Duration)]>([])

    /// The instant offsets are counted from: the first use of `Timings` (the start of the command).
    private static let origin = ContinuousClock.now

    /// Fix the instant start offsets are counted from (called as a command starts).
    public static func start() {
        guard enabled else { return }
        _ = origin
    }

    /// Note a deferred document parsed (listed with `MAGSAG_LINT_TIMINGS=loads`).
    public static func loaded(_ path: String) {
        guard listsLoads else { return }
        FileHandle.standardError.write(Data("timing load: \(path)\n".utf8))
    }

    /// Run `body`, and when timings are enabled record how long it took under `label`.
    @inline(__always)
    public static func measure<T, Failure: Error>(_ label: @autoclosure () -> String, _ body: () throws(Failure) -> T) throws(Failure) -> T {
        guard enabled else { return try body() }
        let clock = ContinuousClock()
        let start = clock.now
        defer { record(label(), clock.now - start, started: start) }
        return try body()
    }

    /// Like `measure`, and also note the process CPU time spent meanwhile (all threads), to see how
    /// well a phase uses the cores.
    public static func measurePhase<T, Failure: Error>(_ label: String, _ body: () throws(Failure) -> T) throws(Failure) -> T {
        guard enabled else { return try body() }
        let cpuStart = processCPUSeconds()
        let clock = ContinuousClock()
        let start = clock.now
        defer {
            let wall = clock.now - start
            record(label, wall, started: start)
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

    /// Record one duration, and when it began (by default: `duration` ago).
    public static func record(_ label: String, _ duration: Duration, started: ContinuousClock.Instant? = nil) {
        let start = (started ?? ContinuousClock.now - duration) - origin
        entries.withLock { $0.append((label, duration, start)) }
    }

    /// Print a measured quantity (not a duration) to standard error when timings are enabled.
    public static func note(_ text: @autoclosure () -> String) {
        guard enabled else { return }
        FileHandle.standardError.write(Data("timing note: \(text())\n".utf8))
    }

    /// Print the recorded durations, longest first, to standard error, and forget them. Each line
    /// also gives when the step began, counted from the start of the command (`+12.5`), which shows
    /// what ran side by side and what waited.
    public static func flush(limit: Int = 40) {
        guard enabled else { return }
        let all = entries.withLock { list -> [(label: String, duration: Duration, start: Duration)] in
            defer { list.removeAll() }
            return list
        }
        func milliseconds(_ duration: Duration) -> Double {
            Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
        }
        var text = ""
        for entry in all.sorted(by: { $0.duration > $1.duration }).prefix(limit) {
            text += String(format: "timing %9.1f ms  at +%7.1f  %@\n", milliseconds(entry.duration), milliseconds(entry.start), entry.label)
        }
        FileHandle.standardError.write(Data(text.utf8))
    }
}
