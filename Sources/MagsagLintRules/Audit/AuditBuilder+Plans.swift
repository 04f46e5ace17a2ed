import MagsagLintCore
import MagsagSource

/// ExecPlans: status, owners, staleness, checklists, decisions, missing sections.
extension AuditBuilder {
    func buildPlans(links: LinkSummary, ledger: inout Ledger) -> [PlanAudit] {
        var brokenBySource: [String: Int] = [:]
        for link in links.broken { brokenBySource[link.source, default: 0] += 1 }
        var out: [PlanAudit] = []
        for plan in ExecPlan.linted(in: repository, folder: settings.roots.plans, settings: settings.execPlans) {
            let path = plan.document.path
            ledger.items[.plans, default: []].insert(path)
            let frontMatter = plan.document.markdown?.frontMatter
            let title = frontMatter?["title"]?.stringValue
                ?? plan.document.markdown?.headings.first(where: { $0.level == 1 })?.text
                ?? String(path.asciiSplit("/").last ?? "")
            let owners = Self.owners(frontMatter)
            let lastUpdated = frontMatter?["last_updated"]?.stringValue
            var newest: Int?
            if let section = plan.section("progress", "updatelog") {
                for item in plan.items(of: section) {
                    guard let stamp = EntryTimestamp.parse(item.content) else { continue }
                    newest = max(newest ?? stamp.seconds, stamp.seconds)
                }
            }
            let lastProgress = newest.map { LintSettings.civilDate(daysSinceEpoch: Self.floorDiv($0, 86_400)) }
            let sinceProgress = days(since: lastProgress)
            let complete = plan.isComplete
            let stale = !complete && (sinceProgress.map { $0 > AuditScoring.planStaleDays } ?? true)
            let present = Set(plan.sections.map(\.key))
            let missing = plan.skeleton.filter { !present.contains(ExecPlanLayout.key($0)) }
            let line = plan.anchorRange.start.line
            if stale {
                let why = sinceProgress.map { "no Progress entry for \($0) days (last \(lastProgress ?? "?"))" }
                    ?? "no timestamped Progress entry"
                ledger.findings.append(AuditFinding(
                    rule: "audit/stale-plan", severity: "audit", path: path, line: line,
                    message: "open plan is stale: \(why), more than \(AuditScoring.planStaleDays)",
                    penalty: AuditScoring.stalePlan))
            }
            if owners.isEmpty {
                ledger.findings.append(AuditFinding(
                    rule: "audit/plan-without-owner", severity: "audit", path: path, line: 1,
                    message: "plan names no owner (front-matter `authors`, `owner` or `owners`)",
                    penalty: AuditScoring.planWithoutOwner))
            }
            out.append(PlanAudit(
                path: path, title: title, status: frontMatter?["status"]?.stringValue, complete: complete, owners: owners,
                lastUpdated: lastUpdated, daysSinceUpdate: days(since: lastUpdated), lastProgress: lastProgress,
                daysSinceProgress: sinceProgress, stale: stale,
                todos: checklist(plan, "todo", "followup"), steps: checklist(plan, "concretesteps"),
                validation: checklist(plan, "validationandacceptance", "validation"),
                decisions: plan.section("decisionlog").map { plan.items(of: $0).count } ?? 0,
                missingSections: missing, brokenLinks: brokenBySource[path] ?? 0, score: 100))
        }
        return out
    }

    private func checklist(_ plan: ExecPlan, _ keys: String...) -> ChecklistState {
        var state = ChecklistState()
        guard let section = plan.sections.first(where: { keys.contains($0.key) }) else { return state }
        for item in plan.items(of: section) {
            switch item.checkbox {
            case true?: state.done += 1
            case false?: state.open += 1
            case nil: state.other += 1
            }
        }
        return state
    }

    /// `authors`, `owner` or `owners` as strings (a string or a list of strings).
    static func owners(_ frontMatter: SourceValue?) -> [String] {
        var out: [String] = []
        for key in ["owner", "owners", "authors"] {
            guard let value = frontMatter?[key] else { continue }
            if let text = value.stringValue, !text.trimmingBlanks().isEmpty { out.append(text.trimmingBlanks()) }
            for element in value.arrayValue ?? [] {
                if let text = element.stringValue, !text.trimmingBlanks().isEmpty { out.append(text.trimmingBlanks()) }
                if let name = element["name"]?.stringValue { out.append(name) }
            }
        }
        return out
    }

    static func floorDiv(_ a: Int, _ b: Int) -> Int {
        a >= 0 ? a / b : -((-a + b - 1) / b)
    }
}
