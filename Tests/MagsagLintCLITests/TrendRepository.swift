import Foundation
import MagsagGit

/// A MAGSAG-layout repository with 50 commits, one a day from 2026-01-01 12:00 UTC, whose audit
/// trend is known (built through libgit2 with ``RepositoryWriter``: fixed author and times, so the
/// commit ids are the same on every run).
///
/// Every commit appends an Update Log entry to the ExecPlan and refreshes `last_synced` of every
/// document but `docs/guide.md`. The configuration sets `stale-after-days: 20`. Along the history:
/// - commit 10 adds a link to a missing file in `docs/guide.md`, commit 25 removes it;
/// - commit 15 opens a to-do in the plan's Follow-up, commit 35 checks it;
/// - `docs/guide.md` is synced at commit 1 and again at commit 30, so it is stale (more than 20
///   days) at commits 22–29 only.
struct TrendRepository {
    static let commits = 50
    static let brokenLink = 10...24
    static let openTodo = 15...34
    static let staleGuide = 22...29
    /// 2026-01-01 12:00:00 UTC.
    static let start: Int64 = 1_767_268_800

    let folder: URL
    var root: String { folder.path }
    /// Commit ids, oldest first.
    private(set) var ids: [String] = []

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("magsag-trend-\(UUID().uuidString)")
        let writer = try RepositoryWriter.create(at: folder.path)
        try writer.write(".magsag-lint.yaml", "version: 1\nstale-after-days: 20\n")
        try writer.write("README.md", "# Trend fixture\n\nSee the [documentation](docs/README.md).\n")
        var guideSynced = Self.date(1)
        for number in 1...Self.commits {
            let date = Self.date(number)
            if number == 30 { guideSynced = date }
            try writer.write("docs/README.md", Self.index(date))
            try writer.write("docs/governance/taxonomy.md", Self.taxonomy(date))
            try writer.write("docs/guide.md", Self.guide(guideSynced, broken: Self.brokenLink.contains(number)))
            let todo = number < Self.openTodo.lowerBound ? nil : Self.openTodo.contains(number) ? " " : "x"
            try writer.write("docs/development/plans/trend-plan.md", Self.plan(date, commits: number, todo: todo))
            try writer.stage([".magsag-lint.yaml", "README.md", "docs/README.md", "docs/governance/taxonomy.md",
                              "docs/guide.md", "docs/development/plans/trend-plan.md"])
            ids.append(try writer.commit("Commit \(number)", time: Self.start + Int64(number - 1) * 86_400))
        }
    }

    func remove() { try? FileManager.default.removeItem(at: folder) }

    /// The date of commit `number` (1-based), `YYYY-MM-DD`.
    static func date(_ number: Int) -> String {
        let day = number - 1
        return day < 31 ? String(format: "2026-01-%02d", day + 1) : String(format: "2026-02-%02d", day - 30)
    }

    static func frontMatter(title: String, slug: String, date: String, tag: String, summary: String,
                            description: String, extra: String = "") -> String {
        """
        ---
        title: "\(title)"
        slug: \(slug)
        status: living
        \(extra)last_updated: \(date)
        last_synced: \(date)
        tags:
        - \(tag)
        summary: \(summary)
        description: \(description)
        ---

        """
    }

    static func index(_ date: String) -> String {
        frontMatter(title: "Documentation", slug: "documentation", date: date, tag: "documentation",
                    summary: "The index of this repository's documents.",
                    description: "Links every document of the trend fixture.")
            + "\n# Documentation\n\n- [Guide](guide.md)\n- [Tag taxonomy](governance/taxonomy.md)\n"
            + "- [Trend plan](development/plans/trend-plan.md)\n"
    }

    static func taxonomy(_ date: String) -> String {
        frontMatter(title: "Tag taxonomy", slug: "taxonomy", date: date, tag: "governance",
                    summary: "The controlled vocabulary of front-matter tags.",
                    description: "Every tag a document of the trend fixture may carry.")
            + "\n# Tag taxonomy\n\n## Controlled Vocabulary\n\n| Tag | Description |\n|-----|-------------|\n"
            + "| `development` | Developer workflows. |\n| `documentation` | Meta-documentation. |\n"
            + "| `governance` | Governance. |\n| `plans` | ExecPlans. |\n"
    }

    static func guide(_ synced: String, broken: Bool) -> String {
        frontMatter(title: "Guide", slug: "guide", date: synced, tag: "development",
                    summary: "How to work in the trend fixture.",
                    description: "A guide whose sync date and links change along the history.")
            + "\n# Guide\n\nRead the [documentation index](README.md) first.\n"
            + (broken ? "\nThe [old setup notes](setup.md) are gone.\n" : "")
    }

    static func plan(_ date: String, commits: Int, todo: String?) -> String {
        var text = frontMatter(title: "ExecPlan: Trend fixture", slug: "trend-plan", date: date, tag: "plans",
                               summary: "A plan whose to-dos open and close along the history.",
                               description: "The ExecPlan of the trend fixture, updated on every commit.",
                               extra: "owner: tester\n")
        text += "\n# ExecPlan: Trend fixture\n\n## Purpose\n\nGive the history audit a known trend.\n\n"
            + "## Context\n\nA generated repository.\n\n## Plan of Work\n\nCommit fifty times.\n\n"
            + "## Validation\n\nThe trend matches the script.\n\n## Status\n\nIn progress.\n\n"
            + "## Follow-up\n\n- [x] Create the repository.\n"
        if let todo { text += "- [\(todo)] Extend the trend.\n" }
        text += "\n## Update Log\n\n"
        for number in 1...commits { text += "- [\(Self.date(number)) 12:00 UTC] Commit \(number).\n" }
        return text
    }
}
