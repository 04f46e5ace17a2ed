import MagsagLintCore
import MagsagSource

/// Reports Progress and Decision Log entries without a timestamp, in a second format, or out of order.
public struct ExecplanEntryTimestampRule: RepositoryRule {
    public init() {}

    /// Entries that only say there is nothing yet.
    static let placeholders: Set<String> = ["none", "none yet", "n/a", "tbd", "nothing yet", "...", "…"]

    public static let description = RuleDescription(
        id: "execplan-entry-timestamp",
        name: "ExecPlan entry timestamp",
        category: .execplans,
        defaultSeverity: .error,
        summary: "A Progress or Decision Log entry lacks a UTC timestamp, mixes formats, or breaks the order",
        rationale: """
            The logs of an ExecPlan are how the next session learns what happened when. Each top-level entry \
            starts (after an optional checkbox) with `[YYYY-MM-DD HH:MM UTC]` or `YYYY-MM-DDTHH:MM:SSZ`, one \
            format per plan, and each log runs in one direction (oldest or newest first).
            """,
        fix: "Start the entry with a timestamp in the plan's format and keep the log in order.",
        triggeringExamples: [
            Example("docs/development/plans/p.md", """
                # Plan

                ## Progress

                - [2025-10-20 15:30 UTC] Started.
                - ↓Wrote the parser.
                - ↓2025-10-21T09:00:00Z — Mixed format.

                ## Decision Log

                - [2025-10-20 10:00 UTC] First.
                - [2025-10-21 10:00 UTC] Second.
                - ↓[2025-10-19 10:00 UTC] Out of order.

                """),
        ],
        nonTriggeringExamples: [
            Example("docs/development/plans/p.md", """
                # Plan

                ## Progress

                - [x] 2025-10-22T09:00:00Z — Newest first.
                  - nested detail without a timestamp
                - 2025-10-21T09:00:00Z — Older, wrapped over
                  two lines.

                ## Decision Log

                - None yet.

                ```
                - not an entry
                ```

                """),
        ])

    public func check(_ repository: RepositoryIndex, into sink: inout DiagnosticSink) {
        for plan in ExecPlan.linted(in: repository, folder: sink.settings.roots.plans, settings: sink.settings.execPlans) {
            var planFormat: EntryTimestamp.Format?
            for section in plan.sections where section.key == "progress" || section.key == "decisionlog" {
                var previous: EntryTimestamp?
                var ascending: Bool?
                for item in plan.items(of: section) {
                    let text = item.content
                    if Self.placeholders.contains(text.lowercased().trimming(".")) { continue }
                    guard let stamp = EntryTimestamp.parse(text) else {
                        sink.report(
                            "entry of `\(section.heading.text)` has no timestamp", path: plan.document.path,
                            range: SourceRange(at: item.textStart),
                            help: "start the entry with `\((planFormat ?? .bracketed).example)`")
                        continue
                    }
                    if let format = planFormat, format != stamp.format {
                        sink.report(
                            "timestamp `\(stamp.text)` is not in the plan's format \(format.example)",
                            path: plan.document.path, range: SourceRange(at: item.textStart),
                            help: "write every timestamp of the plan as \(format.example)")
                        continue
                    }
                    planFormat = stamp.format
                    if let last = previous, last.seconds != stamp.seconds {
                        let up = stamp.seconds > last.seconds
                        if let direction = ascending, direction != up {
                            sink.report(
                                "entry `\(stamp.text)` breaks the \(direction ? "oldest" : "newest")-first order of \(section.heading.text)",
                                path: plan.document.path, range: SourceRange(at: item.textStart),
                                help: "move the entry to its place in time order")
                            continue
                        }
                        ascending = up
                    }
                    previous = stamp
                }
            }
        }
    }
}

extension String {
    /// The string without leading and trailing characters of `set`.
    func trimming(_ set: String) -> String {
        var slice = Substring(self)
        while let first = slice.first, set.contains(first) { slice = slice.dropFirst() }
        while let last = slice.last, set.contains(last) { slice = slice.dropLast() }
        return String(slice)
    }
}
