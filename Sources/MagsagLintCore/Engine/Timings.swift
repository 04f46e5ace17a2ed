import Foundation

/// Opt-in phase timings for profiling (`MAGSAG_LINT_TIMINGS=1`), printed to standard error.
///
/// Off by default and free when off: one environment lookup per process. Used to find where a run
/// spends its time without a profiler; speed itself is measured in `bench/`, never in tests.
public enum Timings {
    /// Whether timings were requested through the environment.
    public static let enabled: Bool = ProcessInfo.processInfo.environment["MAGSAG_LINT_TIMINGS"] != nil

    private static let entries = Locked<[(String, Duration)]>([])

    /// Run `body`, and when timings are enabled record how long it took under `label`.
    @inline(__always)
    public static func measure<T>(_ label: @autoclosure () -> String, _ body: () throws -> T) rethrows -> T {
        guard enabled else { return try body() }
        let clock = ContinuousClock()
        let start = clock.now
        defer { record(label(), clock.now - start) }
        return try body()
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
