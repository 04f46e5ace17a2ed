internal import CLibGit2

/// A failure reported by libgit2 (or by this module's own checks), with enough context to act on.
///
/// `code` is libgit2's return code (for example `-3` for "not found", `-9` for "unborn branch"),
/// `errorClass` its error class (`GIT_ERROR_*`), `message` libgit2's own text and `operation`
/// what this module was doing when the call failed.
public struct GitError: Error, Sendable, Equatable, CustomStringConvertible {
    /// libgit2 return code (negative), or ``GitError/genericCode`` for this module's own errors.
    public let code: Int32
    /// libgit2 error class (`git_error_t`), `0` when none was reported.
    public let errorClass: Int32
    /// The message libgit2 (or this module) gave.
    public let message: String
    /// What was being done, e.g. `resolve revision 'HEAD~2'`.
    public let operation: String

    /// The generic failure code (`GIT_ERROR`, -1).
    public static let genericCode: Int32 = -1
    /// libgit2's "not found" code (`GIT_ENOTFOUND`, -3).
    public static let notFoundCode: Int32 = -3
    /// libgit2's "unborn branch" code (`GIT_EUNBORNBRANCH`, -9): the repository has no commit yet.
    public static let unbornBranchCode: Int32 = -9

    /// Creates an error value directly (used for this module's own checks and by tests).
    public init(code: Int32 = GitError.genericCode, errorClass: Int32 = 0, message: String, operation: String) {
        self.code = code
        self.errorClass = errorClass
        self.message = message
        self.operation = operation
    }

    /// `git: <operation> failed: <message>`, plus libgit2's code and class when they are known.
    public var description: String {
        var text = "git: \(operation) failed: \(message)"
        if code != GitError.genericCode || errorClass != 0 {
            text += " (libgit2 error \(code), class \(errorClass))"
        }
        return text
    }

    /// Error thrown by work-tree and index modes on a bare repository.
    static func bareRepository(_ operation: String) -> GitError {
        GitError(
            code: GitError.genericCode, errorClass: Int32(GIT_ERROR_REPOSITORY.rawValue),
            message: "bare repository: it has no work tree or index to read; use --rev/--since instead",
            operation: operation)
    }

    /// Error thrown by revision modes on a repository without any commit.
    static func noCommitYet(_ rev: String, operation: String) -> GitError {
        GitError(
            code: GitError.unbornBranchCode, errorClass: Int32(GIT_ERROR_REFERENCE.rawValue),
            message: "the repository has no commit yet, so '\(rev)' cannot be resolved; "
                + "commit first or lint the work tree or staged files instead",
            operation: operation)
    }
}

/// Throws a ``GitError`` when `code` is negative, reading `git_error_last()` immediately
/// (libgit2 keeps it per thread and the next call may overwrite it).
@inline(__always)
func check(_ code: Int32, _ operation: @autoclosure () -> String) throws(GitError) {
    guard code < 0 else { return }
    throw lastError(code, operation())
}

/// Builds a ``GitError`` from `git_error_last()` for the failed call's `code`.
func lastError(_ code: Int32, _ operation: String) -> GitError {
    var message = "unknown libgit2 error"
    var errorClass: Int32 = 0
    if let last = git_error_last() {
        errorClass = last.pointee.klass
        if let text = last.pointee.message {
            message = String(cString: text)
        }
    }
    return GitError(code: code, errorClass: errorClass, message: message, operation: operation)
}
