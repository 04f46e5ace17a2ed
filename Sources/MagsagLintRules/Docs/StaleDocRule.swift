import MagsagLintCore
import MagsagSource

/// Reports documents whose `last_synced` date is older than the staleness window.
public struct StaleDocRule: FileRule {
    public init() {}

    public static let description = RuleDescription(
        id: "stale-doc",
        name: "Stale document",
        category: .docs,
        defaultSeverity: .warning,
        summary: "A document's `last_synced` date is more than 90 days before today",
        rationale: """
            `last_synced` records when someone last checked the document against the code. After a quarter \
            without a sync, paths, commands and behaviour it describes have likely drifted. Deprecated documents \
            are not expected to be kept in sync and are skipped. Today is `MAGSAG_LINT_TODAY` (YYYY-MM-DD) when \
            set, else the current UTC date.
            """,
        fix: "Re-read the document against the current repository, fix what drifted, and update `last_synced`.",
        triggeringExamples: [
            Example("docs/a.md", "---\nstatus: living\nlast_synced: ↓2000-01-01\n---\n# A\n"),
        ],
        nonTriggeringExamples: [
            Example("docs/a.md", "---\nstatus: living\nlast_synced: '2999-01-01'\n---\n# A\n"),
            Example("docs/a.md", "---\nstatus: deprecated\nlast_synced: 2000-01-01\n---\n# A\n"),
        ])

    public func check(_ document: LintDocument, into sink: inout DiagnosticSink) {
        guard let object = FrontMatterFields.object(of: document, roots: sink.settings.roots),
              object["status"]?.stringValue != "deprecated",
              let value = object["last_synced"], let text = value.stringValue,
              let date = CalendarDate.parse(text) else { return }
        let today = DocsToday.current(sink.settings)
        let age = today.dayNumber - date.dayNumber
        guard age > sink.settings.staleAfterDays else { return }
        sink.report(
            "document was last synced \(age) days ago (\(text)), more than \(sink.settings.staleAfterDays)",
            path: document.path, range: value.range, pointer: JSONPointer(tokens: ["last_synced"]),
            notes: ["today is \(today)"],
            help: "check the document against the repository and set `last_synced` to today's date")
    }
}
