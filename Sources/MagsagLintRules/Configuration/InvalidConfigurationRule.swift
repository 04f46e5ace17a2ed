import MagsagLintCore
import MagsagSource

/// Reports problems in `.magsag-lint.yaml`: unknown keys, unknown rule ids, bad values.
public struct InvalidConfigurationRule: FileRule {
    public init() {}

    public static let description = RuleDescription(
        id: "invalid-configuration",
        name: "Invalid configuration",
        category: .parsing,
        defaultSeverity: .error,
        summary: "The magsag-lint configuration file has an unknown key, an unknown rule id or a bad value",
        rationale: """
            A typo in a configuration key or rule id is silently ignored by most linters, so the setting the \
            team believes in is not the one that runs. magsag-lint validates its configuration as strictly as \
            the files it lints.
            """,
        fix: "Correct the key or value at the reported position; `magsag-lint config --dump` shows the effective configuration.",
        triggeringExamples: [
            Example(".magsag-lint.yaml", "version: 1\n↓fail_level: warning\n"),
            Example(".magsag-lint.yaml", "version: 1\ndisable:\n  - ↓duplicate-keys\n"),
            Example(".magsag-lint.yaml", "version: 1\nseverity:\n  invalid-json: ↓fatal\n"),
        ],
        nonTriggeringExamples: [
            Example(".magsag-lint.yaml", "version: 1\nfail-level: warning\ndisable: [docs]\nseverity:\n  duplicate-key: warning\nexclude: ['docs/archive/**']\n"),
        ])

    public func check(_ document: LintDocument, into sink: inout DiagnosticSink) {
        guard document.path == ConfigurationLoader.fileName else { return }
        let (_, issues) = ConfigurationLoader(rules: BuiltInRules.descriptions).load(document.file)
        for issue in issues where !document.issues.contains(where: { $0.range == issue.range }) {
            sink.report(issue.message, path: document.path, range: issue.range, help: issue.help, severity: issue.severity)
        }
    }
}
