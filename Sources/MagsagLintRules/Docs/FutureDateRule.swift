import MagsagLintCore
import MagsagSource

/// Reports front-matter dates after today.
public struct FutureDateRule: FileRule {
    public init() {}

    public static let description = RuleDescription(
        id: "future-date",
        name: "Future date",
        category: .docs,
        defaultSeverity: .error,
        summary: "A front-matter date (`last_updated`, `last_synced`, `sources[].accessed`) is after today",
        rationale: """
            A date in the future is a typo (wrong year or month) and defeats staleness checks for as long as it \
            stays in the future. One day of slack absorbs time zones ahead of UTC. Today is `--today` or the \
            configuration's `today` when given, else `MAGSAG_LINT_TODAY` (YYYY-MM-DD) when set, else the commit date \
            of the snapshot being checked (`--rev`, `--since`, `--range`, the pre-push hook), else the current UTC \
            date (the work tree, and the staged snapshot of the pre-commit hook).
            """,
        fix: "Correct the date; it records when something already happened.",
        triggeringExamples: [
            Example("docs/a.md", "---\nlast_updated: ↓2999-01-01\nlast_synced: '2000-01-01'\n---\n# A\n"),
            Example("docs/a.md", "---\nsources:\n  - id: R1\n    accessed: ↓2999-12-31\n---\n# A\n"),
        ],
        nonTriggeringExamples: [
            Example("docs/a.md", "---\nlast_updated: 2000-01-01\nlast_synced: 2000-13-01\n---\n# A\n"),
        ])

    public func check(_ document: LintDocument, into sink: inout DiagnosticSink) {
        guard let object = FrontMatterFields.object(of: document, roots: sink.settings.roots) else { return }
        let today = DocsToday.current(sink.settings)
        var dated: [(String, SourceValue, JSONPointer)] = []
        for key in FrontMatterFields.dateFields {
            if let value = object[key] { dated.append((key, value, JSONPointer(tokens: [key]))) }
        }
        for (index, source) in (object["sources"]?.arrayValue ?? []).enumerated() {
            if let value = source["accessed"] {
                dated.append(("accessed", value, JSONPointer(tokens: ["sources", String(index), "accessed"])))
            }
        }
        for (key, value, pointer) in dated {
            guard let text = value.stringValue, let date = CalendarDate.parse(text),
                  date.dayNumber > today.dayNumber + 1 else { continue }
            sink.report(
                "`\(key)` \(text) is in the future", path: document.path, range: value.range, pointer: pointer,
                notes: ["today is \(today)"], help: "correct the date")
        }
    }
}
