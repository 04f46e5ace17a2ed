import MagsagLintCore
import MagsagSource

/// Reports files skipped because they exceed the size limit.
public struct FileTooLargeRule: RepositoryRule {
    public init() {}

    public static let description = RuleDescription(
        id: "file-too-large",
        name: "File too large",
        category: .parsing,
        defaultSeverity: .info,
        summary: "A file was not linted because it is larger than the configured size limit",
        rationale: """
            Hooks must stay fast and bounded; a multi-megabyte generated file is skipped rather than parsed. \
            The finding says so, so that nothing is skipped silently.
            """,
        fix: "Raise `max-file-size` in the configuration if the file should be linted, or exclude it.",
        triggeringExamples: [],
        nonTriggeringExamples: [
            Example("catalog/policies/p.yaml", "key: value\n"),
        ])

    /// Sizes come from the file source, not from parsed documents: it runs even over the index bound.
    public static var readsDocuments: Bool { false }

    /// The size limit comes from the file source, which strings cannot express, so the triggering case
    /// is covered by a dedicated engine test.
    public func check(_ repository: RepositoryIndex, into sink: inout DiagnosticSink) {
        for (path, size) in repository.oversized.sorted(by: { $0.key < $1.key }) {
            sink.report(
                "file is \(size) bytes, over the size limit; it was not linted", path: path, range: .fileStart,
                help: "raise `max-file-size` or exclude the file")
        }
    }
}
