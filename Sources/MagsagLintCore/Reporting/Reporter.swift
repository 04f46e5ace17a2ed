public import MagsagSource

/// What a reporter may know besides the diagnostics.
public struct ReportContext: Sendable {
    /// `magsag-lint` version string, for machine formats.
    public var toolVersion: String
    /// Every rule that ran (SARIF declares them all in `tool.driver.rules`).
    public var rules: [RuleDescription]
    /// Source text for snippets, by repository-relative path.
    public var sources: @Sendable (String) -> SourceFile?
    /// Emit ANSI colours (only on a TTY, never with `NO_COLOR`; decided by the caller).
    public var color: Bool
    /// Number of files linted, for summaries.
    public var filesChecked: Int

    public init(
        toolVersion: String, rules: [RuleDescription], sources: @escaping @Sendable (String) -> SourceFile? = { _ in nil },
        color: Bool = false, filesChecked: Int = 0
    ) {
        self.toolVersion = toolVersion
        self.rules = rules
        self.sources = sources
        self.color = color
        self.filesChecked = filesChecked
    }
}

/// Renders diagnostics (already sorted in `Diagnostic.ordered` order) as text.
public protocol Reporter: Sendable {
    /// The whole output for one run.
    func render(_ diagnostics: [Diagnostic], context: ReportContext) -> String
}

/// The output formats `--format` accepts.
public enum ReportFormat: String, Sendable, CaseIterable {
    case human
    case concise
    case json
    case sarif
    case github
}

/// The built-in reporters by format.
public enum Reporters {
    /// The reporter for `format`, with default options.
    public static func reporter(for format: ReportFormat) -> any Reporter {
        switch format {
        case .human: HumanReporter()
        case .concise: ConciseReporter()
        case .json: JSONReporter()
        case .sarif: SARIFReporter()
        case .github: GitHubReporter()
        }
    }
}
