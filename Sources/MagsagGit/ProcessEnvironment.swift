#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Environment variables read one at a time.
///
/// Foundation's `ProcessInfo.environment` copies the whole environment into a dictionary at every use
/// (about 2.6 million instructions on this machine's environment); a hook reads a few variables at start.
public enum ProcessEnvironment {
    /// The value of the variable `name`, or nil when it is not set.
    public static func value(_ name: String) -> String? {
        guard let raw = getenv(name) else { return nil }
        return String(cString: raw)
    }
}
