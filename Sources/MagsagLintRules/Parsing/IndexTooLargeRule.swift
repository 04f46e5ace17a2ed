import MagsagLintCore
import MagsagSource

/// Reports a run whose parsed snapshot outgrew `limits.index-memory`, so cross-file rules were skipped.
public struct IndexTooLargeRule: RepositoryRule {
    public init() {}

    public static let description = RuleDescription(
        id: "index-too-large",
        name: "Cross-file index too large",
        category: .parsing,
        defaultSeverity: .warning,
        summary: "The parsed snapshot outgrew the memory bound of the cross-file index, so cross-file rules were skipped",
        rationale: """
            Cross-file rules need every parsed document of the snapshot in memory at once. A hostile or \
            runaway repository (millions of tiny values, huge generated files) could exhaust the memory of a \
            hook or a CI runner, so the index has a bound, `limits.index-memory`. Beyond it every file is \
            still checked on its own, one batch at a time, and this finding says that the checks across \
            files (references, links, contracts, the runner) did not run, rather than passing silently.
            """,
        fix: """
            Raise `limits.index-memory` (MiB) in `.magsag-lint.yaml` when the machine has the memory, or lint \
            less at once: `exclude` generated folders, or narrow the run to paths.
            """,
        triggeringExamples: [],
        nonTriggeringExamples: [
            Example("catalog/policies/p.yaml", "key: value\n"),
        ])

    /// Reads the bound and the estimate only, which exist without parsed documents.
    public static var readsDocuments: Bool { false }

    /// The bound comes from the configuration, which examples cannot set: the triggering case is
    /// covered by a dedicated engine test.
    public func check(_ repository: RepositoryIndex, into sink: inout DiagnosticSink) {
        guard let overflow = repository.overflow else { return }
        let mib = { (bytes: Int) in (bytes + (1 << 20) - 1) >> 20 }
        sink.report(
            "the cross-file index needs about \(mib(overflow.estimatedBytes)) MiB, over `limits.index-memory` "
                + "(\(mib(overflow.boundBytes)) MiB); files were checked one by one and cross-file rules were skipped",
            path: overflow.path, range: .fileStart,
            notes: ["the estimate passed the bound at \(overflow.crossedAt)"],
            help: "raise `limits.index-memory` (MiB) or exclude generated folders")
    }
}
