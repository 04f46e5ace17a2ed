internal import CLibGit2

/// Process-wide libgit2 initialisation.
public enum GitLibrary {
    private static let initialized: Bool = {
        git_libgit2_init()
        return true
    }()

    /// Initialise libgit2 once; safe to call from any thread.
    public static func ensureInitialized() {
        _ = initialized
    }

    /// libgit2's version string.
    public static var version: String {
        ensureInitialized()
        var major: Int32 = 0, minor: Int32 = 0, rev: Int32 = 0
        git_libgit2_version(&major, &minor, &rev)
        return "\(major).\(minor).\(rev)"
    }
}
