import MagsagCatalog
import MagsagLintCore
import MagsagSource

/// Docs: front-matter health, staleness, tags against the taxonomy, orphans, most-linked, broken links.
extension AuditBuilder {
    func buildDocs(links: LinkSummary, ledger: inout Ledger) -> DocsAudit {
        var documents: [DocAudit] = []
        var usage: [String: Int] = [:]
        for document in repository.sortedDocuments(kind: .markdown, where: { !FrontMatterScope.isTemplate($0) }) {
            let object = FrontMatterFields.object(of: document)
            var seen: Set<String> = []
            for tag in object?["tags"]?.arrayValue ?? [] {
                if let text = tag.stringValue, seen.insert(text).inserted { usage[text, default: 0] += 1 }
            }
            let path = document.path
            guard repository.linted.contains(path), FrontMatterScope.requiresFrontMatter(path), !ExecPlanLayout.isPlan(path),
                  !path.hasPrefix(CatalogLayout.default.catalog + "/") else { continue }
            ledger.items[.docs, default: []].insert(path)
            let status = object?["status"]?.stringValue
            let lastSynced = object?["last_synced"]?.stringValue
            let age = days(since: lastSynced)
            let inbound = links.inbound[path]?.count ?? 0
            let isOrphan = inbound == 0 && path.hasPrefix("docs/")
            if isOrphan {
                ledger.findings.append(AuditFinding(
                    rule: "audit/orphan-doc", severity: "audit", path: path, line: 1,
                    message: "no other document links to this document", penalty: AuditScoring.orphanDoc))
            }
            documents.append(DocAudit(
                path: path, title: object?["title"]?.stringValue, status: status, hasFrontMatter: object != nil,
                missingFields: object.map(FrontMatterFields.missing(in:)) ?? FrontMatterFields.required,
                fieldProblems: object.map { FrontMatterFields.problems(in: $0).count } ?? 0,
                lastSynced: lastSynced, daysSinceSync: age,
                stale: status != "deprecated" && (age.map { $0 > settings.staleAfterDays } ?? false),
                inboundLinks: inbound, score: 100))
        }
        let vocabulary = DocsIndex.of(repository).vocabulary
        let used = Set(usage.keys)
        let known = Set(vocabulary ?? [])
        var groups: [String: BrokenLinkGroup] = [:]
        for link in links.broken {
            let key = link.kind + "\u{0}" + link.target
            groups[key, default: BrokenLinkGroup(target: link.target, kind: link.kind, sources: [])]
                .sources.append("\(link.source):\(link.line)")
        }
        let mostLinked = links.inbound.map { LinkCount(path: $0.key, count: $0.value.count) }
            .sorted { ($1.count, $0.path) < ($0.count, $1.path) }
            .prefix(AuditScoring.mostLinkedCount)
        return DocsAudit(
            documents: documents, tagUsage: usage, vocabulary: vocabulary,
            unusedTags: vocabulary == nil ? [] : known.subtracting(used).sorted(),
            unknownTags: vocabulary == nil ? [] : used.subtracting(known).sorted(),
            orphans: documents.filter { $0.inboundLinks == 0 && $0.path.hasPrefix("docs/") }.map(\.path),
            mostLinked: Array(mostLinked),
            brokenLinks: groups.values.map { var group = $0; group.sources.sort(); return group }
                .sorted { ($0.target, $0.kind) < ($1.target, $1.kind) })
    }
}
