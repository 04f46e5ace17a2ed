import Foundation

/// What identifies the running build of magsag-lint beyond its version number: the executable's size
/// and modification time. Facts and results derived by one build are not trusted by another (a
/// development build changes behaviour without changing the version), at the cost of one `stat`.
public enum BuildIdentity {
    public static let current: String = {
        var info = stat()
        // Linux names the running executable in /proc, whatever path or link started it. Foundation's
        // `Bundle.main` finds the same file but builds a bundle on the way (10 M instructions, 2 ms of a
        // hook's start-up); it remains the way elsewhere, or when /proc is not mounted.
        #if os(Linux)
        if stat("/proc/self/exe", &info) == 0 { return describe(info) }
        #endif
        guard let path = Bundle.main.executablePath ?? CommandLine.arguments.first, stat(path, &info) == 0 else {
            return "unknown"
        }
        return describe(info)
    }()

    private static func describe(_ info: stat) -> String {
        #if canImport(Darwin)
        let modified = info.st_mtimespec
        #else
        let modified = info.st_mtim
        #endif
        return "\(info.st_size)-\(modified.tv_sec).\(modified.tv_nsec)"
    }
}
