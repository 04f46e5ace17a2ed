/// The maintainers' audit of one snapshot: ExecPlans, docs and catalog health, a score per area with the
/// findings behind it, the agent graph and the score trend. Every list is sorted, so the same snapshot,
/// date and history always give the same report.
package struct AuditReport: Sendable, Codable, Equatable {
    /// Version of the JSON shape.
    package var formatVersion = 1
    /// The date staleness is measured against (`YYYY-MM-DD`).
    package var today: String
    /// The commit audited, when known.
    package var commit: String?
    /// Whether Graphviz laid out the graph (never: the built-in layered layout is the only path).
    package var graphviz = false
    package var scores: AuditScores
    package var plans: [PlanAudit]
    package var docs: DocsAudit
    package var catalog: CatalogAudit
    /// The findings behind each score, by area (`plans`, `docs`, `catalog`, `other`).
    package var findings: [AuditArea: [AuditFinding]]
    package var graph: AgentGraph
    /// Previous runs' scores (oldest first), then this run's.
    package var history: [AuditHistoryEntry]
    /// `audit --history N`: the last commits of HEAD's first-parent history, oldest first (absent otherwise).
    package var trend: [AuditTrendPoint]? = nil
}

/// A report area.
package enum AuditArea: String, Sendable, Codable, CaseIterable, Comparable, CodingKeyRepresentable {
    case plans, docs, catalog, other

    package static func < (a: AuditArea, b: AuditArea) -> Bool {
        allCases.firstIndex(of: a) ?? 0 < allCases.firstIndex(of: b) ?? 0
    }

    /// The heading used by renderers.
    package var title: String {
        switch self {
        case .plans: "ExecPlans"
        case .docs: "Docs"
        case .catalog: "Catalog"
        case .other: "Other files"
        }
    }
}

/// Scores from 0 to 100 per area and overall (the mean of the three scored areas).
package struct AuditScores: Sendable, Codable, Equatable {
    package var plans: Int
    package var docs: Int
    package var catalog: Int
    package var overall: Int

    package func score(_ area: AuditArea) -> Int? {
        switch area {
        case .plans: plans
        case .docs: docs
        case .catalog: catalog
        case .other: nil
        }
    }
}

/// One finding behind a score: a lint diagnostic, or an audit observation (`audit/...` rule ids).
package struct AuditFinding: Sendable, Codable, Equatable, Comparable {
    package var rule: String
    package var severity: String
    package var path: String
    package var line: Int
    package var message: String
    /// Points this finding takes off its item's score.
    package var penalty: Int

    package static func < (a: AuditFinding, b: AuditFinding) -> Bool {
        (a.path, a.line, a.rule, a.message) < (b.path, b.line, b.rule, b.message)
    }
}

/// Checked and unchecked checkbox items of a section (plain list items count as `other`).
package struct ChecklistState: Sendable, Codable, Equatable {
    package var done = 0
    package var open = 0
    package var other = 0

    package var total: Int { done + open + other }
}

/// One ExecPlan.
package struct PlanAudit: Sendable, Codable, Equatable {
    package var path: String
    package var title: String
    /// Front-matter `status`.
    package var status: String?
    /// Whether the plan says it is finished (Status section or `deprecated`).
    package var complete: Bool
    /// `authors`/`owner`/`owners` from the front-matter.
    package var owners: [String]
    package var lastUpdated: String?
    package var daysSinceUpdate: Int?
    /// Date of the newest timestamped Progress entry.
    package var lastProgress: String?
    package var daysSinceProgress: Int?
    /// No Progress entry within the plan staleness window (and not complete).
    package var stale: Bool
    package var todos: ChecklistState
    package var steps: ChecklistState
    package var validation: ChecklistState
    package var decisions: Int
    package var missingSections: [String]
    package var brokenLinks: Int
    package var score: Int
}

/// Docs health.
package struct DocsAudit: Sendable, Codable, Equatable {
    package var documents: [DocAudit]
    /// Tag → number of documents using it.
    package var tagUsage: [String: Int]
    /// The controlled vocabulary, nil without a taxonomy table.
    package var vocabulary: [String]?
    package var unusedTags: [String]
    package var unknownTags: [String]
    package var orphans: [String]
    package var mostLinked: [LinkCount]
    package var brokenLinks: [BrokenLinkGroup]
}

/// One document's front-matter and link facts.
package struct DocAudit: Sendable, Codable, Equatable {
    package var path: String
    package var title: String?
    package var status: String?
    package var hasFrontMatter: Bool
    package var missingFields: [String]
    /// Invalid front-matter values.
    package var fieldProblems: Int
    package var lastSynced: String?
    package var daysSinceSync: Int?
    package var stale: Bool
    package var inboundLinks: Int
    package var score: Int
}

/// How many documents link to `path`.
package struct LinkCount: Sendable, Codable, Equatable {
    package var path: String
    package var count: Int
}

/// Broken links (missing files) and anchors pointing at one target.
package struct BrokenLinkGroup: Sendable, Codable, Equatable {
    /// The resolved target (`path` or `path#fragment`).
    package var target: String
    /// `missing-file`, `missing-anchor` or `outside-repository`.
    package var kind: String
    /// `path:line` of every link.
    package var sources: [String]
}
