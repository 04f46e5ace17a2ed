internal import CLibGit2
import Dispatch

/// Process-wide libgit2 initialisation.
public enum GitLibrary {
    private static let initialized: Bool = {
        git_libgit2_init()
        // Reads trust the object database as git does: a hook reads tens of thousands of blobs, and
        // hashing each again cost 7% of its CPU time. `git fsck` is the tool for verifying objects.
        _ = magsag_git_disable_strict_hash_verification()
        // A staged diff looks up the few changed paths below folders it has just parsed (a folder of
        // 20,000 contracts is a 1.2 MB tree): kept, they are not parsed again for each path. The total
        // stays below libgit2's default (256 MiB), so a walk over many commits holds less, not more.
        _ = magsag_git_cache_trees(16 << 20, 64 << 20)
        return true
    }()

    /// Initialise libgit2 once; safe to call from any thread.
    public static func ensureInitialized() {
        _ = initialized
    }

    /// Starts initialising libgit2 on another core, so that its start-up (about 15 ms here: Debian's
    /// build parses the system's CA bundle for TLS this tool never uses) overlaps argument parsing and
    /// configuration loading. The first caller of `ensureInitialized` waits for it to finish.
    public static func startInitializing() {
        DispatchQueue.global(qos: .userInitiated).async { ensureInitialized() }
    }

    /// libgit2's version string.
    public static var version: String {
        ensureInitialized()
        var major: Int32 = 0, minor: Int32 = 0, rev: Int32 = 0
        git_libgit2_version(&major, &minor, &rev)
        return "\(major).\(minor).\(rev)"
    }
}
