/// The report's content as format-neutral blocks; the terminal, Markdown and HTML renderers each turn
/// the same blocks into their format, so the three always say the same thing.
package enum AuditBlock: Equatable {
    case heading(level: Int, text: String)
    case paragraph(String)
    case list([String])
    case table(AuditTable)
    /// The agent graph (SVG in HTML, Mermaid in Markdown, a summary on the terminal).
    case graph(AgentGraph)
    /// The score history, oldest first, the current run last.
    case trend([AuditHistoryEntry])
    /// `audit --history N`: one point per commit, oldest first.
    case commitTrend([AuditTrendPoint])
}

/// A table; `numeric` columns sort as numbers and align right.
package struct AuditTable: Equatable {
    package var headers: [String]
    package var rows: [[String]]
    package var numeric: Set<Int> = []
    /// Cells stay on one line in HTML (wide tables of short values scroll instead of wrapping).
    package var nowrap = false
}

/// Builds the blocks of a report.
package enum AuditDocument {
    package static func blocks(_ report: AuditReport) -> [AuditBlock] {
        var out: [AuditBlock] = [.heading(level: 1, text: "magsag-lint audit")]
        var facts = "Date \(report.today)"
        if let commit = report.commit { facts += ", commit \(commit.prefix(12))" }
        facts += ". Graph layout: built-in layered layout (Graphviz not used)."
        out.append(.paragraph(facts))
        out.append(.table(AuditTable(
            headers: ["Area", "Score", "Findings"],
            rows: [AuditArea.plans, .docs, .catalog].map { area in
                [area.title, String(report.scores.score(area) ?? 0), String(report.findings[area]?.count ?? 0)]
            } + [["Overall", String(report.scores.overall), String(report.findings.values.reduce(0) { $0 + $1.count })]],
            numeric: [1, 2])))
        if let points = report.trend {
            out.append(.heading(level: 2, text: "History (\(points.count) commits)"))
            out.append(.paragraph(AuditTrend.summary(points)))
            out.append(.commitTrend(points))
        }
        if report.history.count > 1 {
            out.append(.heading(level: 2, text: "Trend"))
            out.append(.trend(report.history))
        }
        out += plans(report)
        out += docs(report.docs)
        out += catalog(report)
        out.append(.heading(level: 2, text: "Agent graph"))
        out.append(.graph(report.graph))
        out += findings(report)
        return out
    }

    static func checklist(_ state: ChecklistState) -> String {
        state.total == 0 ? "-" : state.other > 0 ? "\(state.done)/\(state.done + state.open) (+\(state.other))" : "\(state.done)/\(state.total)"
    }

    static func days(_ date: String?, _ days: Int?) -> String {
        guard let date else { return "-" }
        return days.map { "\(date) (\($0)d)" } ?? date
    }

    static func plans(_ report: AuditReport) -> [AuditBlock] {
        var out: [AuditBlock] = [.heading(level: 2, text: "ExecPlans (\(report.plans.count))")]
        guard !report.plans.isEmpty else { return out + [.paragraph("No ExecPlans.")] }
        out.append(.paragraph("To-dos, steps and validation show done/total checkboxes (+ plain items). A plan is stale without a Progress entry in \(AuditScoring.planStaleDays) days."))
        out.append(.table(AuditTable(
            headers: ["Plan", "Title", "Status", "Owner", "Last progress", "Updated", "To-dos", "Steps", "Validation", "Decisions", "Broken links", "Score"],
            rows: report.plans.map { plan in
                [plan.path, plan.title,
                 (plan.status ?? "-") + (plan.complete ? ", complete" : "") + (plan.stale ? ", STALE" : ""),
                 plan.owners.isEmpty ? "none" : plan.owners.joined(separator: ", "),
                 days(plan.lastProgress, plan.daysSinceProgress), days(plan.lastUpdated, plan.daysSinceUpdate),
                 checklist(plan.todos), checklist(plan.steps), checklist(plan.validation),
                 String(plan.decisions), String(plan.brokenLinks), String(plan.score)]
            }, numeric: [9, 10, 11])))
        let missing = report.plans.filter { !$0.missingSections.isEmpty }
            .map { "\($0.path): missing \($0.missingSections.joined(separator: ", "))" }
        if !missing.isEmpty { out.append(.list(missing)) }
        return out
    }

    static func docs(_ docs: DocsAudit) -> [AuditBlock] {
        var out: [AuditBlock] = [.heading(level: 2, text: "Docs (\(docs.documents.count))")]
        let healthy = docs.documents.filter { $0.hasFrontMatter && $0.missingFields.isEmpty && $0.fieldProblems == 0 }.count
        let stale = docs.documents.filter(\.stale)
        out.append(.list([
            "Front-matter: \(healthy) healthy, \(docs.documents.filter { !$0.hasFrontMatter }.count) without, \(docs.documents.filter { $0.hasFrontMatter && !$0.missingFields.isEmpty }.count) with missing fields, \(docs.documents.filter { $0.fieldProblems > 0 }.count) with invalid values",
            "Stale by last_synced: \(stale.isEmpty ? "none" : stale.map { "\($0.path) (\($0.daysSinceSync ?? 0)d)" }.joined(separator: ", "))",
            "Orphans (linked from nowhere): \(docs.orphans.isEmpty ? "none" : docs.orphans.joined(separator: ", "))",
            docs.vocabulary == nil ? "Tags: no taxonomy table found"
                : "Tags: unused \(docs.unusedTags.isEmpty ? "none" : docs.unusedTags.joined(separator: ", ")); unknown \(docs.unknownTags.isEmpty ? "none" : docs.unknownTags.joined(separator: ", "))",
        ]))
        let problems = docs.documents.filter { $0.score < 100 || !$0.missingFields.isEmpty || $0.stale || $0.inboundLinks == 0 }
        if !problems.isEmpty {
            out.append(.heading(level: 3, text: "Documents needing attention"))
            out.append(.table(AuditTable(
                headers: ["Document", "Status", "Missing fields", "Invalid values", "Last synced", "Inbound links", "Score"],
                rows: problems.map { doc in
                    [doc.path, doc.status ?? "-", doc.hasFrontMatter ? (doc.missingFields.isEmpty ? "-" : doc.missingFields.joined(separator: ", ")) : "no front-matter",
                     String(doc.fieldProblems), days(doc.lastSynced, doc.daysSinceSync), String(doc.inboundLinks), String(doc.score)]
                }, numeric: [3, 5, 6])))
        }
        out.append(.heading(level: 3, text: "Tag usage"))
        let tags = Set(docs.tagUsage.keys).union(docs.vocabulary ?? []).sorted()
        let vocabulary = Set(docs.vocabulary ?? [])
        out.append(.table(AuditTable(
            headers: ["Tag", "Documents", "In taxonomy"],
            rows: tags.map { [$0, String(docs.tagUsage[$0] ?? 0), docs.vocabulary == nil ? "-" : vocabulary.contains($0) ? "yes" : "no"] },
            numeric: [1])))
        if !docs.mostLinked.isEmpty {
            out.append(.heading(level: 3, text: "Most-linked documents"))
            out.append(.table(AuditTable(headers: ["Document", "Linked from"], rows: docs.mostLinked.map { [$0.path, String($0.count)] }, numeric: [1])))
        }
        out.append(.heading(level: 3, text: "Broken links and anchors by target"))
        if docs.brokenLinks.isEmpty {
            out.append(.paragraph("None."))
        } else {
            out.append(.table(AuditTable(
                headers: ["Target", "Kind", "Links", "From"],
                rows: docs.brokenLinks.map { [$0.target, $0.kind, String($0.sources.count), $0.sources.joined(separator: ", ")] },
                numeric: [2])))
        }
        return out
    }
}
