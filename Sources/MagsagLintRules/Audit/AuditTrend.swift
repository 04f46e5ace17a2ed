/// One commit of `audit --history N`: the report's headline numbers for that commit's snapshot, with
/// staleness measured at the commit's own date.
package struct AuditTrendPoint: Sendable, Codable, Equatable {
    /// Full commit id.
    package var commit: String
    /// The first line of the commit message.
    package var subject: String
    /// The committer date, `YYYY-MM-DD` in UTC (the date staleness is measured against).
    package var date: String
    /// Every finding behind the scores (lint and audit findings, all areas).
    package var findings: Int
    /// Lint findings by severity (`error`, `warning`, `info`) and audit findings (`audit`).
    package var bySeverity: [String: Int]
    /// Findings by area (`plans`, `docs`, `catalog`, `other`).
    package var byArea: [AuditArea: Int]
    /// Documents stale by `last_synced`.
    package var staleDocs: Int
    /// Open ExecPlans without a recent Progress entry.
    package var stalePlans: Int
    /// Unchecked to-do checkboxes over all ExecPlans.
    package var openTodos: Int
    /// Links to missing files or anchors, and links leaving the repository.
    package var brokenLinks: Int
    package var scores: AuditScores

    /// The headline numbers of `report`, audited at `commit`.
    package init(_ report: AuditReport, commit: String, subject: String, date: String) {
        self.commit = commit
        self.subject = subject
        self.date = date
        let all = report.findings.values.flatMap { $0 }
        findings = all.count
        var bySeverity: [String: Int] = [:]
        for finding in all { bySeverity[finding.severity, default: 0] += 1 }
        self.bySeverity = bySeverity
        byArea = report.findings.mapValues(\.count)
        staleDocs = report.docs.documents.filter(\.stale).count
        stalePlans = report.plans.filter(\.stale).count
        openTodos = report.plans.reduce(0) { $0 + $1.todos.open }
        brokenLinks = report.docs.brokenLinks.reduce(0) { $0 + $1.sources.count }
        scores = report.scores
    }

    /// Lint findings of `severity` (`error`, `warning`, `info`, or `audit` for audit observations).
    package func count(_ severity: String) -> Int { bySeverity[severity] ?? 0 }
}

/// The trend table shared by the renderers, and the series the HTML chart draws.
package enum AuditTrend {
    /// The table of commits, oldest first.
    package static func table(_ points: [AuditTrendPoint]) -> AuditTable {
        AuditTable(
            headers: ["#", "Commit", "Date", "Subject", "Findings", "Errors", "Warnings", "Info", "Audit",
                      "Stale docs", "Stale plans", "Open to-dos", "Broken links", "Plans", "Docs", "Catalog", "Overall"],
            rows: points.enumerated().map { index, point in
                let s = point.scores
                let subject = point.subject.count > 48 ? String(point.subject.prefix(47)) + "…" : point.subject
                return [String(index + 1), String(point.commit.prefix(12)), point.date, subject,
                        String(point.findings), String(point.count("error")), String(point.count("warning")),
                        String(point.count("info")), String(point.count("audit")), String(point.staleDocs),
                        String(point.stalePlans), String(point.openTodos), String(point.brokenLinks),
                        String(s.plans), String(s.docs), String(s.catalog), String(s.overall)]
            },
            numeric: Set([0] + Array(4...16)), nowrap: true)
    }

    /// One line of first → last changes, for the paragraph above the table.
    package static func summary(_ points: [AuditTrendPoint]) -> String {
        guard let first = points.first, let last = points.last else { return "No commits." }
        func change(_ name: String, _ value: (AuditTrendPoint) -> Int, peakIsLow: Bool = false) -> String {
            let values = points.map(value)
            var text = "\(name) \(value(first)) → \(value(last))"
            let extreme = peakIsLow ? values.min() : values.max()
            if let extreme, let index = values.firstIndex(of: extreme), extreme != value(first), extreme != value(last) {
                text += " (\(peakIsLow ? "lowest" : "highest") \(extreme) at #\(index + 1))"
            }
            return text
        }
        return "\(points.count) commits of HEAD's first-parent history, \(first.date) to \(last.date), each audited "
            + "at its commit date: " + [
                change("findings", \.findings), change("stale docs", \.staleDocs),
                change("open to-dos", \.openTodos), change("overall score", \.scores.overall, peakIsLow: true),
            ].joined(separator: ", ") + "."
    }

    /// Three inline SVG line charts over the commits: findings (0 to their maximum), stale docs and open
    /// to-dos (0 to their maximum), and the four scores (0 to 100).
    static func svg(_ points: [AuditTrendPoint]) -> String {
        let findings: [(String, [Int])] = [("findings", points.map(\.findings))]
        let chores: [(String, [Int])] = [("stale-docs", points.map(\.staleDocs)), ("open-todos", points.map(\.openTodos))]
        let scores: [(String, [Int])] = [
            ("overall", points.map(\.scores.overall)), ("plans", points.map(\.scores.plans)),
            ("docs", points.map(\.scores.docs)), ("catalog", points.map(\.scores.catalog)),
        ]
        func top(_ series: [(String, [Int])]) -> Int { max(1, series.flatMap(\.1).max() ?? 1) }
        return chart(label: "Findings per commit", series: findings, top: top(findings), points: points)
            + chart(label: "Stale docs and open to-dos per commit", series: chores, top: top(chores), points: points)
            + chart(label: "Scores per commit", series: scores, top: 100, points: points)
    }

    private static func chart(label: String, series: [(String, [Int])], top: Int, points: [AuditTrendPoint]) -> String {
        let width = 560
        let height = 140
        let left = 40
        var svg = "<svg class=\"trend\" role=\"img\" aria-label=\"\(HTML.escape(label))\" viewBox=\"0 0 \(width + 130) \(height + 36)\" "
            + "width=\"\(width + 130)\" height=\"\(height + 36)\">\n"
        func y(_ value: Int) -> Int { 10 + (top - min(top, max(0, value))) * height / top }
        for mark in Set([0, top / 2, top]).sorted() {
            svg += "<line class=\"grid\" x1=\"\(left - 5)\" x2=\"\(width)\" y1=\"\(y(mark))\" y2=\"\(y(mark))\"/>"
                + "<text class=\"axis\" x=\"0\" y=\"\(y(mark) + 4)\">\(mark)</text>\n"
        }
        let count = points.count
        func x(_ index: Int) -> Int { count > 1 ? left + index * (width - left - 10) / (count - 1) : left }
        if let first = points.first, let last = points.last {
            svg += "<text class=\"axis\" x=\"\(left)\" y=\"\(height + 30)\">\(HTML.escape(first.date)) \(first.commit.prefix(7))</text>"
                + "<text class=\"axis\" x=\"\(width - 10)\" y=\"\(height + 30)\" text-anchor=\"end\">"
                + "\(HTML.escape(last.date)) \(last.commit.prefix(7))</text>\n"
        }
        for (position, (name, values)) in series.enumerated() {
            let coordinates = values.enumerated().map { "\(x($0.offset)),\(y($0.element))" }
            svg += "<polyline class=\"line \(name)\" points=\"\(coordinates.joined(separator: " "))\"/>\n"
            for (index, value) in values.enumerated() {
                svg += "<circle class=\"dot \(name)\" cx=\"\(x(index))\" cy=\"\(y(value))\" r=\"2.5\"><title>"
                    + "\(HTML.escape(points[index].commit.prefix(12) + " " + points[index].subject)): \(name) \(value)</title></circle>\n"
            }
            svg += "<text class=\"label \(name)\" x=\"\(width + 8)\" y=\"\(22 + position * 18)\">"
                + "\(name.replacing("-", with: " ")) \(values.last ?? 0)</text>\n"
        }
        return "<div class=\"scroll\">" + svg + "</svg></div>\n"
    }
}
