import Foundation

/// What identifies the running build of magsag-lint beyond its version number: the executable's size
/// and modification time. Facts and results derived by one build are not trusted by another (a
/// development build changes behaviour without changing the version), at the cost of one `stat`.
public enum BuildIdentity {
    public static let current: String = {
        guard let path = Bundle.main.executablePath ?? CommandLine.arguments.first else { return "unknown" }
        var info = stat()
        guard stat(path, &info) == 0 else { return "unknown" }
        #if canImport(Darwin)
        let modified = info.st_mtimespec
        #else
        let modified = info.st_mtim
        #endif
        return "\(info.st_size)-\(modified.tv_sec).\(modified.tv_nsec)"
    }()
}
