/// Rewriting a work-tree file in place for `--fix`: the new bytes replace the file atomically and
/// the file keeps its permission bits (an executable stays executable, a private file private).
public enum WorkTreeFile {
    public enum Outcome: Equatable {
        case written
        /// The path is a symlink, a directory or missing: nothing was written.
        case notARegularFile
        /// The write failed; the text says why. The original file is unchanged.
        case failed(String)
    }

    public static func rewrite(_ path: String, with bytes: [UInt8]) -> Outcome {
        guard let mode = HookFile.regularFileMode(path) else { return .notARegularFile }
        return HookFile.replace(path, with: bytes, mode: mode) ? .written : .failed(HookFile.lastError)
    }
}
