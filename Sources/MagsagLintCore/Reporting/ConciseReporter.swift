/// One line per diagnostic, for editors, `grep` and quick scans:
///
/// ```text
/// catalog/agents/main/a/agent.yaml:3:1: error[duplicate-key]: duplicate key "name"
/// ```
///
/// Line breaks inside a message are replaced by spaces so each diagnostic stays on one line; other
/// control characters in the path or the message (a file may be named `a\nb.yaml`) become U+FFFD.
/// There is no summary line; no diagnostics means empty output.
public struct ConciseReporter: Reporter {
    /// A concise reporter (it has no options).
    public init() {}

    /// `path:line:col: severity[rule-id]: message`, one per line.
    public func render(_ diagnostics: [Diagnostic], context: ReportContext) -> String {
        diagnostics.map { line(for: $0) + "\n" }.joined()
    }

    /// The line for one diagnostic, without a terminator.
    public func line(for diagnostic: Diagnostic) -> String {
        let start = diagnostic.primary.range.start
        // Every line break is a control byte (LF, VT, FF, CR) or non-ASCII (NEL, LS, PS): a message with
        // neither needs no Character walk.
        let plain = diagnostic.message.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x80 }
        let message = plain ? diagnostic.message
            : diagnostic.message.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).joined(separator: " ")
        return "\(ReportSupport.printable(diagnostic.primary.path)):\(start.line):\(start.column): "
            + "\(diagnostic.severity.rawValue)[\(diagnostic.ruleID)]: \(ReportSupport.printable(message))"
    }
}
