/// A failure of the tool itself (not a finding): bad usage, unreadable configuration, a git failure.
///
/// Rendered once, at the top, and mapped to exit code 2.
public struct LintError: Error, Sendable, CustomStringConvertible {
    /// A short machine-readable code (`git`, `usage`, `io`, `config`, `schema`).
    public var code: String
    /// What went wrong and what to do.
    public var message: String
    /// The underlying error's text, if any.
    public var cause: String?

    public init(code: String, message: String, cause: String? = nil) {
        self.code = code
        self.message = message
        self.cause = cause
    }

    public var description: String {
        guard let cause else { return message }
        return "\(message)\n  caused by: \(cause)"
    }
}
