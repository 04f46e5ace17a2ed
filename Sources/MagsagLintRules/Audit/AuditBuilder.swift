import MagsagCatalog
import MagsagLintCore
import MagsagSource

/// The score formula's weights, in one place (documented in `docs/audit.md`).
package enum AuditScoring {
    /// Points a lint finding takes off its file's score, by severity.
    package static func penalty(_ severity: Severity) -> Int {
        switch severity {
        case .error: 20
        case .warning: 10
        case .info: 2
        }
    }
    /// An ExecPlan with no timestamped Progress entry in `planStaleDays` days (and not complete).
    package static let stalePlan = 20
    /// An ExecPlan naming no owner (`authors`, `owner` or `owners`).
    package static let planWithoutOwner = 5
    /// A document under `docs/` no other document links to.
    package static let orphanDoc = 10
    /// An agent without any fixture.
    package static let agentWithoutFixtures = 20
    /// A skill no agent depends on.
    package static let unusedSkill = 10
    /// Days without a Progress entry after which an open plan is stale.
    package static let planStaleDays = 30
    /// How many entries the most-linked list keeps.
    package static let mostLinkedCount = 10
}

/// Builds an `AuditReport` from one lint run: the parsed snapshot and its active diagnostics.
package struct AuditBuilder {
    package var repository: RepositoryIndex
    package var diagnostics: [Diagnostic]
    package var settings: LintSettings
    package var commit: String?
    /// Previous history lines, oldest first.
    package var history: [AuditHistoryEntry]

    package init(repository: RepositoryIndex, diagnostics: [Diagnostic], settings: LintSettings,
                 commit: String? = nil, history: [AuditHistoryEntry] = []) {
        self.repository = repository
        self.diagnostics = diagnostics
        self.settings = settings
        self.commit = commit
        self.history = history
    }

    /// Collected while building: audit observations and the files each area scores.
    struct Ledger {
        var findings: [AuditFinding] = []
        var items: [AuditArea: Set<String>] = [:]
    }

    /// Today's day number.
    var todayNumber: Int { DocsToday.current(settings).dayNumber }

    /// The report.
    package func build() -> AuditReport {
        var ledger = Ledger()
        let links = LinkSummary(repository)
        let plans = buildPlans(links: links, ledger: &ledger)
        var docs = buildDocs(links: links, ledger: &ledger)
        let catalogModel = CatalogModel.of(repository, settings: settings)
        var catalog = buildCatalog(catalogModel, ledger: &ledger)

        for diagnostic in diagnostics {
            ledger.findings.append(AuditFinding(
                rule: diagnostic.ruleID, severity: diagnostic.severity.rawValue, path: diagnostic.primary.path,
                line: diagnostic.primary.range.start.line, message: diagnostic.message,
                penalty: AuditScoring.penalty(diagnostic.severity)))
        }
        var penalties: [String: Int] = [:]
        var findings: [AuditArea: [AuditFinding]] = [:]
        for finding in ledger.findings {
            penalties[finding.path, default: 0] += finding.penalty
            let area = area(of: finding.path, layout: catalogModel.layout)
            findings[area, default: []].append(finding)
            ledger.items[area, default: []].insert(finding.path)
        }
        for area in findings.keys { findings[area]?.sort() }
        func score(_ path: String) -> Int { max(0, 100 - (penalties[path] ?? 0)) }
        func areaScore(_ area: AuditArea) -> Int {
            let paths = ledger.items[area] ?? []
            guard !paths.isEmpty else { return 100 }
            let total = paths.reduce(0) { $0 + score($1) }
            return (total * 2 + paths.count) / (paths.count * 2)
        }
        let scoredPlans = plans.map { plan in var copy = plan; copy.score = score(plan.path); return copy }
        docs.documents = docs.documents.map { doc in var copy = doc; copy.score = score(doc.path); return copy }
        catalog.agents = catalog.agents.map { agent in var copy = agent; copy.score = score(agent.path); return copy }
        catalog.skills = catalog.skills.map { skill in var copy = skill; copy.score = score(skill.path); return copy }
        catalog.contracts = catalog.contracts.map { contract in var copy = contract; copy.score = score(contract.path); return copy }
        let (p, d, c) = (areaScore(.plans), areaScore(.docs), areaScore(.catalog))
        let scores = AuditScores(plans: p, docs: d, catalog: c, overall: (p + d + c + 1) / 3)
        let today = LintSettings.civilDate(daysSinceEpoch: todayNumber)
        return AuditReport(
            today: today, commit: commit, scores: scores, plans: scoredPlans, docs: docs, catalog: catalog,
            findings: findings, graph: AgentGraph(catalogModel, repository: repository),
            history: history + [AuditHistoryEntry(date: today, commit: commit, scores: scores)])
    }

    /// The area a file's findings count towards.
    func area(of path: String, layout: CatalogLayout) -> AuditArea {
        if ExecPlanLayout.isPlan(path) { return .plans }
        if path.hasPrefix(layout.catalog + "/") || layout.mcpServerFolders.contains(where: { path.hasPrefix($0 + "/") }) {
            return .catalog
        }
        if path.hasPrefix("docs/") || path.lowercased().hasSuffix(".md") { return .docs }
        return .other
    }

    /// Days from `date` (`YYYY-MM-DD`) to today.
    func days(since date: String?) -> Int? {
        guard let date, let parsed = CalendarDate.parse(date) else { return nil }
        return todayNumber - parsed.dayNumber
    }
}

/// Every link of the snapshot's checked Markdown documents, classified once: inbound links per
/// target file, and broken links and anchors.
struct LinkSummary {
    /// Target file → the distinct documents linking to it (self-links excluded).
    var inbound: [String: Set<String>] = [:]
    /// Broken links: (kind, target, source path, line).
    var broken: [(kind: String, target: String, source: String, line: Int)] = []

    init(_ repository: RepositoryIndex) {
        let index = LinkIndex.of(repository)
        for link in LinkOccurrence.all(in: repository) {
            let source = link.document.path
            let line = link.range.start.line
            switch link.target {
            case .outsideRepository:
                broken.append(("outside-repository", link.destination, source, line))
            case .sameDocument(let fragment):
                if index.fragmentExists(fragment, in: source, repository: repository) == false {
                    broken.append(("missing-anchor", "\(source)#\(fragment)", source, line))
                }
            case .path(let path, let fragment, _):
                switch index.existence(of: path, in: repository) {
                case .missing:
                    broken.append(("missing-file", path, source, line))
                case .file:
                    if path != source { inbound[path, default: []].insert(source) }
                    if let fragment, index.fragmentExists(fragment, in: path, repository: repository) == false {
                        broken.append(("missing-anchor", "\(path)#\(fragment)", source, line))
                    }
                case .directory:
                    for name in ["README.md", "index.md"] {
                        let readme = path.isEmpty ? name : path + "/" + name
                        if repository.fileExists(readme), readme != source { inbound[readme, default: []].insert(source) }
                    }
                case .otherCase:
                    continue
                }
            case .external, .ignored:
                continue
            }
        }
    }

    /// Broken links whose source is `path`.
    func brokenCount(in path: String) -> Int {
        broken.filter { $0.source == path }.count
    }
}
