import Foundation
import MagsagGit
import MagsagLintCore
import MagsagLintRules
import MagsagSource
import MagsagTestSupport
import Testing

/// Repository-rule results reused by the areas they read (`ScopedResults`) never change what a run
/// reports: over a sequence of staged changes of every kind (READMEs, descriptors, contracts, fixtures,
/// skills, docs, new and deleted files, reverts to earlier states), a staged run that keeps its cache
/// from step to step reports exactly what a run without a cache reports. The sequence is drawn from a
/// seeded generator, so a failure names a replayable step.
@Suite struct ScopedResultsOracleTests {
    /// One staged run with the result cache and facts under `cacheDirectory` (opened afresh, as a new
    /// process would), or without a cache; its findings and the scoped hits and misses.
    static func stagedRun(_ root: URL, cacheDirectory: String?) throws -> (findings: [String], hits: Int, misses: Int) {
        let data = try Data(contentsOf: root.appendingPathComponent(".magsag-lint.yaml"))
        let (configuration, _) = ConfigurationLoader(rules: BuiltInRules.descriptions)
            .load(SourceFile(path: ".magsag-lint.yaml", bytes: Array(data)))
        let source = FileSource(root: root.path, mode: .staged, scope: configuration.scope, maxFileSize: configuration.maxFileSize)
        var linter = Linter(rules: BuiltInRules.all, configuration: configuration)
        let cache = cacheDirectory.map { ResultCache(directory: $0, namespace: "scoped-oracle") }
        linter.cache = cache
        if let cacheDirectory { linter.facts = BlobFacts(directory: cacheDirectory) }
        let result = linter.lint(try source.load())
        let findings = (result.diagnostics + result.suppressed).map(PartialRunOracleTests.line)
        let statistics = cache?.scopedStatistics ?? (hits: 0, misses: 0)
        return (findings, statistics.hits, statistics.misses)
    }

    @Test func scopedResultsReportWhatFreshRunsReport() throws {
        guard let repository = try DeferredSnapshotTests.committedRepository() else { return }
        let (root, writer, files) = repository
        defer { try? FileManager.default.removeItem(at: root) }
        let cacheDirectory = root.appendingPathComponent(".git/magsag-lint-scoped").path
        let readmes = files.filter { $0.hasPrefix("catalog/agents/") && $0.hasSuffix("/README.md") }
        let agents = files.filter { $0.hasPrefix("catalog/agents/") && $0.hasSuffix("/agent.yaml") && !$0.utf8Contains("_template") }
        let contracts = files.filter { $0.hasPrefix("catalog/contracts/") && $0.hasSuffix(".schema.json") }
        let fixtures = files.filter { $0.hasPrefix("catalog/agents/sub/") && $0.utf8Contains("/fixtures/") }
        let skills = files.filter { $0.hasPrefix("catalog/skills/") && $0.hasSuffix("/skill.yaml") }
        let docs = files.filter { $0.hasPrefix("docs/") && $0.hasSuffix(".md") }
        try #require(readmes.count > 3 && agents.count > 3 && contracts.count > 3 && fixtures.count > 3 && !skills.isEmpty && docs.count > 3)
        var originals: [String: String] = [:]
        func text(_ path: String) throws -> String {
            if let known = originals[path] { return known }
            let read = try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
            originals[path] = read
            return read
        }

        // Each edit: a label and the staged change it makes (path → text, nil deletes).
        // Two times in three a path already staged is edited again (the set of changed paths, part of
        // every scoped key, stays the same, so earlier results can answer); else any path of its kind.
        typealias Edit = (label: String, make: (inout SeededGenerator) throws -> [String: String?])
        var stagedPaths: Set<String> = []
        func pick(_ list: [String], _ random: inout SeededGenerator) -> String {
            let again = list.filter { stagedPaths.contains($0) && originals[$0] != nil }
            if !again.isEmpty, random.next() % 3 != 0 { return again[Int(random.next() % UInt64(again.count))] }
            return list[Int(random.next() % UInt64(list.count))]
        }
        let edits: [Edit] = [
            ("README line", { r in let p = pick(readmes, &r); return [p: try text(p) + "\nA line \(r.next() % 1000).\n"] }),
            ("README broken anchor", { r in
                let p = pick(readmes, &r)
                return [p: try text(p) + "\nSee [the plan](../../../../docs/development/PLANS.md#gone-\(r.next() % 9)).\n"]
            }),
            ("descriptor comment", { r in let p = pick(agents, &r); return [p: try text(p) + "\n# touched \(r.next() % 1000)\n"] }),
            ("descriptor version", { r in
                let p = pick(agents, &r)
                return [p: try text(p).replacingOccurrences(of: "version: ", with: "version: \(r.next() % 3 + 7)")]
            }),
            ("contract tightened", { r in
                let p = pick(contracts, &r)
                return [p: try text(p).replacingOccurrences(of: "\"required\": [", with: "\"required\": [\n    \"added_\(r.next() % 5)\",")]
            }),
            ("contract comment", { r in
                let p = pick(contracts, &r)
                return [p: try text(p).replacingOccurrences(of: "{\n", with: "{\n  \"$comment\": \"edit \(r.next() % 100)\",\n")]
            }),
            ("fixture status", { r in
                let p = pick(fixtures, &r)
                return [p: try text(p).replacingOccurrences(of: "\"status\": \"success\"", with: "\"status\": \"failure\"")]
            }),
            ("skill comment", { r in let p = pick(skills, &r); return [p: try text(p) + "\n# touched \(r.next() % 1000)\n"] }),
            ("doc link", { r in let p = pick(docs, &r); return [p: try text(p) + "\n[x](missing-\(r.next() % 4).md)\n"] }),
            ("new doc", { r in ["docs/new-\(r.next() % 3).md": "---\ntitle: New\n---\n# New\n"] }),
            ("contract deleted", { r in
                let p = contracts[Int(r.next() % UInt64(contracts.count))]
                _ = try text(p)
                return [p: nil]
            }),
        ]

        var random = SeededGenerator(seed: 0x5c0_9ed)
        var staged: [String: String?] = [:]
        var totalHits = 0, totalMisses = 0, readmeOnlyHits = 0
        _ = try Self.stagedRun(root, cacheDirectory: cacheDirectory)
        for step in 0..<40 {
            var labels: [String] = []
            var changes: [String: String?] = [:]
            if step % 6 == 5, !staged.isEmpty {
                // Back to the committed state of one staged path: an earlier entry may answer again.
                let path = staged.keys.sorted()[Int(random.next() % UInt64(staged.count))]
                changes[path] = try text(path)
                labels.append("revert \(path)")
            } else {
                let count = step % 3 == 0 ? 1 : Int(random.next() % 3) + 1
                for _ in 0..<count {
                    let edit = step % 4 == 0 ? edits[0] : edits[Int(random.next() % UInt64(edits.count))]
                    for (path, change) in try edit.make(&random) { changes[path] = change }
                    labels.append(edit.label)
                }
            }
            for (path, change) in changes {
                if let change { try writer.write(path, change) } else { try writer.delete(path) }
                staged[path] = change
                stagedPaths.insert(path)
            }
            try writer.stage(Array(changes.keys))
            let cached = try Self.stagedRun(root, cacheDirectory: cacheDirectory)
            let fresh = try Self.stagedRun(root, cacheDirectory: nil)
            let missing = Set(fresh.findings).subtracting(cached.findings).sorted()
            let extra = Set(cached.findings).subtracting(fresh.findings).sorted()
            #expect(cached.findings == fresh.findings,
                    "step \(step) (\(labels.joined(separator: ", "))): missing \(missing), extra \(extra)")
            totalHits += cached.hits
            totalMisses += cached.misses
            if labels == ["README line"] { readmeOnlyHits += cached.hits }
        }
        // The sequence exercised both sides: results reused and results recomputed.
        #expect(totalHits > 0 && totalMisses > 0, "hits \(totalHits), misses \(totalMisses)")
        #expect(readmeOnlyHits > 0, "a README-only change reused no repository-rule result")
    }

    /// A rule that reads nothing but catalog YAML is reused when only Markdown changed, and recomputed
    /// when YAML under the catalog changed; its results follow the change.
    @Test func aReadmeEditReusesTheDescriptorRules() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("magsag-scoped-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let writer = try RepositoryWriter.create(at: root.path)
        try writer.write(".magsag-lint.yaml", "today: 2026-01-01\n")
        try writer.write("catalog/agents/main/a-mag/agent.yaml", "slug: a-mag\nrole: main\nversion: 1.0.0\n")
        try writer.write("catalog/agents/main/b-mag/agent.yaml", "slug: b-mag\nrole: main\nversion: 1.0.0\n")
        try writer.write("catalog/agents/main/a-mag/README.md", "# A\n")
        try writer.stage(".magsag-lint.yaml", "catalog/agents/main/a-mag/agent.yaml", "catalog/agents/main/b-mag/agent.yaml", "catalog/agents/main/a-mag/README.md")
        _ = try writer.commit("first")
        let cacheDirectory = root.appendingPathComponent(".git/magsag-lint-scoped").path
        let duplicate = "duplicate-catalog-id"

        try writer.write("catalog/agents/main/a-mag/README.md", "# A\n\nMore.\n")
        try writer.stage("catalog/agents/main/a-mag/README.md")
        let first = try Self.stagedRun(root, cacheDirectory: cacheDirectory)
        #expect(first.hits == 0)
        try writer.write("catalog/agents/main/a-mag/README.md", "# A\n\nMore, edited.\n")
        try writer.stage("catalog/agents/main/a-mag/README.md")
        let second = try Self.stagedRun(root, cacheDirectory: cacheDirectory)
        #expect(second.hits > 0, "nothing reused after a README edit")
        #expect(second.findings == (try Self.stagedRun(root, cacheDirectory: nil)).findings)

        // A descriptor now claims the other's slug: the catalog rules run again and report it.
        try writer.write("catalog/agents/main/b-mag/agent.yaml", "slug: a-mag\nrole: main\nversion: 1.0.0\n")
        try writer.stage("catalog/agents/main/b-mag/agent.yaml")
        let third = try Self.stagedRun(root, cacheDirectory: cacheDirectory)
        #expect(third.findings == (try Self.stagedRun(root, cacheDirectory: nil)).findings)
        #expect(third.findings.contains { $0.hasPrefix(duplicate) }, "\(third.findings)")
    }
}
