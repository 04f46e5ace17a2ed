/// GitHub Actions workflow commands, which GitHub turns into annotations on the changed files:
///
/// ```text
/// ::error file=a.yaml,line=3,col=1,endLine=3,endColumn=5,title=duplicate-key::duplicate key "name"
/// ```
///
/// Errors become `::error`, warnings `::warning`, infos `::notice`. Notes, help and the fix message
/// are appended to the annotation message on their own lines. Values are escaped as the runner
/// requires (`%`, CR and LF in messages; additionally `:` and `,` in properties).
///
/// GitHub shows at most 10 annotations of each kind per step (and 50 per job), so at most
/// `maxPerSeverity` of each severity (and `maxTotal` in all) are emitted, errors first, then
/// warnings, then notices, each in report order. A plain line then says how many were not
/// annotated, followed by the usual summary line. Plain lines never start with `::`.
public struct GitHubReporter: Reporter {
    /// Most annotations emitted per severity (GitHub's per-step limit is 10).
    public var maxPerSeverity: Int
    /// Most annotations emitted in all (GitHub's per-job limit is 50).
    public var maxTotal: Int

    /// - Parameters:
    ///   - maxPerSeverity: most annotations per severity, default 10.
    ///   - maxTotal: most annotations in all, default 50.
    public init(maxPerSeverity: Int = 10, maxTotal: Int = 50) {
        self.maxPerSeverity = max(0, maxPerSeverity)
        self.maxTotal = max(0, maxTotal)
    }

    /// The annotations (most severe first, within the limits), then the plain summary lines.
    public func render(_ diagnostics: [Diagnostic], context: ReportContext) -> String {
        var out = ""
        var emitted = 0
        var skipped: [Severity: Int] = [:]
        for severity in Severity.allCases.reversed() {
            var emittedOfSeverity = 0
            for diagnostic in diagnostics where diagnostic.severity == severity {
                if emittedOfSeverity < maxPerSeverity, emitted < maxTotal {
                    out += command(for: diagnostic) + "\n"
                    emittedOfSeverity += 1
                    emitted += 1
                } else {
                    skipped[severity, default: 0] += 1
                }
            }
        }
        let notAnnotated = skipped.values.reduce(0, +)
        if notAnnotated > 0 {
            var parts: [String] = []
            if let count = skipped[.error] { parts.append(ReportSupport.plural(count, "error")) }
            if let count = skipped[.warning] { parts.append(ReportSupport.plural(count, "warning")) }
            if let count = skipped[.info] { parts.append(ReportSupport.plural(count, "info")) }
            out += "\(ReportSupport.list(parts)) not annotated: GitHub shows at most \(maxPerSeverity) "
                + "annotations of each severity per step\n"
        }
        out += ReportSupport.summary(diagnostics, filesChecked: context.filesChecked) + "\n"
        return out
    }

    /// The workflow command for one diagnostic, without a terminator.
    public func command(for diagnostic: Diagnostic) -> String {
        let name = switch diagnostic.severity {
        case .error: "error"
        case .warning: "warning"
        case .info: "notice"
        }
        let range = diagnostic.primary.range
        let end = range.end < range.start ? range.start : range.end
        let properties = [
            "file=" + Self.escapeProperty(diagnostic.primary.path),
            "line=\(range.start.line)",
            "col=\(range.start.column)",
            "endLine=\(end.line)",
            "endColumn=\(end.column)",
            "title=" + Self.escapeProperty(diagnostic.ruleID),
        ]
        var message = diagnostic.message
        for note in diagnostic.notes { message += "\nnote: " + note }
        if let help = diagnostic.help { message += "\nhelp: " + help }
        if let fix = diagnostic.fix { message += "\nfix available (\(fix.applicability.rawValue)): " + fix.message }
        return "::\(name) \(properties.joined(separator: ","))::\(Self.escapeData(message))"
    }

    /// Escapes a command's message: `%` → `%25`, CR → `%0D`, LF → `%0A`.
    public static func escapeData(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "%": out += "%25"
            case "\r": out += "%0D"
            case "\n": out += "%0A"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Escapes a command property value: as `escapeData`, plus `:` → `%3A` and `,` → `%2C`.
    public static func escapeProperty(_ text: String) -> String {
        escapeData(text).replacing(":", with: "%3A").replacing(",", with: "%2C")
    }
}
