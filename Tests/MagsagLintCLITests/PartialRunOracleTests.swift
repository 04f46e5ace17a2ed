import Foundation
import MagsagGit
import MagsagLintCore
import MagsagLintRules
@testable import MagsagRunner
import MagsagSource
import Testing

/// A run over a few changed files (a hook, a CI diff) narrows what the cross-file rules look at. Whatever
/// it narrows, it must report on its changed files exactly what a run linting the whole snapshot (same
/// base) reports on them, and whatever it reports on unchanged files (consequences of the change) must
/// be reported by the whole-snapshot run too.
@Suite struct PartialRunOracleTests {
    /// (rule, path, line, column, message) of one finding.
    static func line(_ diagnostic: Diagnostic) -> String {
        "\(diagnostic.ruleID) \(diagnostic.primary.path):\(diagnostic.primary.range.start.line):"
            + "\(diagnostic.primary.range.start.column) \(diagnostic.message)"
    }

    /// The staged run as the hook runs it, and the same snapshot and base with every file linted. The
    /// staged run goes twice, with facts kept per blob (those of the earlier scenarios on the same
    /// repository: sketches rule files out unread) and without; both must report the same.
    static func runs(_ root: URL, sourceLocation: SourceLocation = #_sourceLocation) throws
        -> (partial: [Diagnostic], whole: [Diagnostic], changed: Set<String>) {
        let data = try Data(contentsOf: root.appendingPathComponent(".magsag-lint.yaml"))
        let (configuration, _) = ConfigurationLoader(rules: BuiltInRules.descriptions)
            .load(SourceFile(path: ".magsag-lint.yaml", bytes: Array(data)))
        let source = FileSource(root: root.path, mode: .staged, scope: configuration.scope, maxFileSize: configuration.maxFileSize)
        let linter = Linter(rules: BuiltInRules.all, configuration: configuration)
        let partialSet = try source.load()
        let partial = linter.lint(partialSet)
        var withFacts = linter
        withFacts.facts = BlobFacts(directory: root.appendingPathComponent(".git/magsag-lint-oracle").path)
        let factual = withFacts.lint(try source.load())
        #expect((factual.diagnostics + factual.suppressed).map(line) == (partial.diagnostics + partial.suppressed).map(line),
                "with stored facts", sourceLocation: sourceLocation)
        var eager = source
        eager.deferContext = false
        var wholeSet = try eager.load()
        let changed = Set(wholeSet.linted.map(\.path))
        wholeSet.linted += wholeSet.context
        wholeSet.context = []
        let whole = linter.lint(wholeSet)
        return (partial.diagnostics + partial.suppressed, whole.diagnostics + whole.suppressed, changed)
    }

    /// Stage `changes` (path → new text, nil deletes), compare, then restore the committed files.
    static func compare(_ root: URL, _ writer: RepositoryWriter, _ changes: [String: String?], minimumFindings: Int = 1,
                        minimumConsequences: Int = 0, sourceLocation: SourceLocation = #_sourceLocation) throws {
        try DeferredSnapshotTests.withStaged(root, writer, changes) {
            try compareStaged(root, minimumFindings: minimumFindings, minimumConsequences: minimumConsequences,
                              sourceLocation: sourceLocation)
        }
    }

    /// The staged run against the whole-snapshot run, on what is staged now.
    private static func compareStaged(_ root: URL, minimumFindings: Int, minimumConsequences: Int,
                                      sourceLocation: SourceLocation) throws {
        var (partial, whole, changed) = try runs(root, sourceLocation: sourceLocation)
        // A dependency cycle is reported once, on one member: the first by path in a whole run, a changed
        // member in a partial run (so a change to any member shows it). Compared as sets of cycles.
        func cycles(_ findings: [Diagnostic]) -> Set<String> {
            Set(findings.filter { $0.ruleID == "dependency-cycle" }.compactMap { finding -> String? in
                guard let text = finding.message.split(separator: ": ", maxSplits: 1).last else { return nil }
                return Set(text.components(separatedBy: " -> ")).sorted().joined(separator: " ")
            })
        }
        let changedNames = Set(changed.map { $0.split(separator: "/").dropLast().last.map(String.init) ?? $0 })
        let wholeCycles = cycles(whole).filter { !Set($0.split(separator: " ").map(String.init)).isDisjoint(with: changedNames) }
        #expect(cycles(partial) == wholeCycles, "dependency cycles differ: partial \(cycles(partial).sorted()), whole \(wholeCycles.sorted())",
                sourceLocation: sourceLocation)
        partial.removeAll { $0.ruleID == "dependency-cycle" }
        whole.removeAll { $0.ruleID == "dependency-cycle" }
        let partialOnChanged = Set(partial.filter { changed.contains($0.primary.path) }.map(line))
        let wholeOnChanged = Set(whole.filter { changed.contains($0.primary.path) }.map(line))
        #expect(wholeOnChanged.count >= minimumFindings, "too few findings to compare: \(wholeOnChanged.sorted())",
                sourceLocation: sourceLocation)
        #expect(partialOnChanged == wholeOnChanged,
                "on the changed files, missing: \(wholeOnChanged.subtracting(partialOnChanged).sorted()), extra: \(partialOnChanged.subtracting(wholeOnChanged).sorted())",
                sourceLocation: sourceLocation)
        let consequences = Set(partial.filter { !changed.contains($0.primary.path) }.map(line))
        #expect(consequences.count >= minimumConsequences, "too few consequences: \(partial.map(line))", sourceLocation: sourceLocation)
        #expect(consequences.isSubset(of: Set(whole.map(line))),
                "consequences the whole run does not report: \(consequences.subtracting(whole.map(line)).sorted())",
                sourceLocation: sourceLocation)
    }

    @Test func partialRunsReportWhatWholeRunsReportOnTheChangedFiles() throws {
        guard let repository = try DeferredSnapshotTests.committedRepository() else { return }
        let (root, writer, files) = repository
        defer { try? FileManager.default.removeItem(at: root) }
        let edited = DeferredSnapshotTests.edited
        let contracts = files.filter { $0.hasPrefix("catalog/contracts/") && $0.hasSuffix(".schema.json") }
        let agents = files.filter { $0.hasPrefix("catalog/agents/") && $0.hasSuffix("/agent.yaml") && !$0.utf8Contains("_template") }
        let readmes = files.filter { $0.hasPrefix("catalog/agents/") && $0.hasSuffix("/README.md") }
        let fixtures = files.filter { $0.hasPrefix("catalog/agents/sub/") && $0.utf8Contains("/fixtures/") }
        let skills = files.filter { $0.hasPrefix("catalog/skills/") && $0.hasSuffix("/skill.yaml") }
        try #require(contracts.count > 4 && agents.count > 6 && readmes.count > 2 && fixtures.count > 2 && !skills.isEmpty)

        // Every descriptor of the repository, one scenario each (the generator's defects sit in some of
        // them): a comment appended, so each is linted with its findings, and their neighbours are not.
        for chunk in stride(from: 0, to: agents.count, by: 8).map({ Array(agents[$0..<min($0 + 8, agents.count)]) }) {
            var changes: [String: String?] = [:]
            for agent in chunk { changes[agent] = try edited(root, agent) { $0 + "\n# touched\n" } }
            try Self.compare(root, writer, changes, minimumFindings: 0)
        }
        // A breaking contract change, a version bump, a broken anchor.
        let contract = contracts.first { path in
            (try? String(contentsOf: root.appendingPathComponent(path), encoding: .utf8))?.contains("\"required\"") == true
        } ?? contracts[0]
        try Self.compare(root, writer, [
            contract: try edited(root, contract) { $0.replacingOccurrences(of: "\"required\": [", with: "\"required\": [\n    \"added_field\",") },
            agents[1]: try edited(root, agents[1]) { $0.replacingOccurrences(of: "version: ", with: "version: 9") },
            readmes[2]: try edited(root, readmes[2]) { $0 + "\nSee [the plan](../../../../docs/development/PLANS.md#no-such-heading).\n" },
        ])
        // A schema other contracts `$ref` (by a path relative to their `$id`) made stricter: the change
        // reaches its referrers' consumers through the reverse closure and the `$id` lookups.
        let texts = try contracts.map { try String(contentsOf: root.appendingPathComponent($0), encoding: .utf8) }
        let objects = zip(contracts, texts).filter { $0.1.contains("\"type\": \"object\"") }.map(\.0)
        let shared = try #require(objects.max { a, b in
            let name = { (path: String) in String(path.split(separator: "/").last ?? "") }
            return texts.filter { $0.contains("\"" + name(a)) }.count < texts.filter { $0.contains("\"" + name(b)) }.count
        })
        try Self.compare(root, writer, [
            shared: try edited(root, shared) { $0.replacingOccurrences(of: "\"type\": \"object\"", with: "\"type\": \"object\", \"minProperties\": 2") },
        ], minimumFindings: 0, minimumConsequences: 1)
        // A fixture and a skill manifest edited; a contract deleted.
        try Self.compare(root, writer, [
            fixtures[0]: try edited(root, fixtures[0]) { $0.replacingOccurrences(of: "\"status\": \"success\"", with: "\"status\": \"failure\"") },
            skills[0]: try edited(root, skills[0]) { $0 + "\n# touched\n" },
            contracts[3]: nil,
        ], minimumFindings: 0)
    }

    /// Skills' files are parsed on first use over a deferred snapshot (each rule narrows to the skills it
    /// can report on, or those whose bytes can spell what it looks for). Every scenario is compared twice:
    /// against the whole-snapshot run, and against the same staged run with nothing deferred.
    @Test func skillChangesReportWhatWholeRunsReport() throws {
        guard let repository = try DeferredSnapshotTests.committedRepository() else { return }
        let (root, writer, files) = repository
        defer { try? FileManager.default.removeItem(at: root) }
        let edited = DeferredSnapshotTests.edited
        let manifests = files.filter { $0.hasPrefix("catalog/skills/") && $0.hasSuffix("/skill.yaml") && !$0.utf8Contains("_template") }
        let cards = files.filter { $0.hasPrefix("catalog/skills/") && $0.hasSuffix("/SKILL.md") && !$0.utf8Contains("_template") }
        let registry = "catalog/registry/skills.yaml"
        try #require(manifests.count >= 6 && cards.count >= 3 && files.contains(registry))
        func compareBoth(_ changes: [String: String?], minimumFindings: Int = 0, sourceLocation: SourceLocation = #_sourceLocation) throws {
            try Self.compare(root, writer, changes, minimumFindings: minimumFindings, sourceLocation: sourceLocation)
            try DeferredSnapshotTests.compare(root, writer, changes, minimumFindings: minimumFindings, sourceLocation: sourceLocation)
        }
        func folderName(_ path: String) -> String { String(path.split(separator: "/").dropLast().last ?? "") }
        /// One file edited by `edit`, compared both ways.
        func compareEdited(_ path: String, minimumFindings: Int = 0, sourceLocation: SourceLocation = #_sourceLocation,
                           _ edit: (String) -> String) throws {
            try compareBoth([path: try edited(root, path, edit)], minimumFindings: minimumFindings, sourceLocation: sourceLocation)
        }

        // Every skill's files touched, a few skills at a time (the generator's defects sit in some).
        let skillFiles = manifests + cards
        for chunk in stride(from: 0, to: skillFiles.count, by: 6).map({ Array(skillFiles[$0..<min($0 + 6, skillFiles.count)]) }) {
            var changes: [String: String?] = [:]
            for path in chunk { changes[path] = try edited(root, path) { $0 + (path.hasSuffix(".md") ? "\nTouched.\n" : "\n# touched\n") } }
            try compareBoth(changes)
        }
        // A later skill declaring an earlier one's id (reported on the later one), with a version that is
        // not semantic; an earlier skill declaring a later one's id (reported on the unchanged later one).
        let (early, late) = (manifests[1], manifests[4])
        try compareEdited(late, minimumFindings: 2) { text in
            text.replacingOccurrences(of: "id: skill.\(folderName(late))", with: "id: skill.\(folderName(early))")
                .replacingOccurrences(of: "version: ", with: "version: x")
        }
        try compareEdited(manifests[0]) { text in
            text.replacingOccurrences(of: "id: skill.\(folderName(manifests[0]))", with: "id: skill.\(folderName(manifests[3]))")
        }
        // A card whose interface is prose and whose server is neither configured nor granted.
        let card = try #require(cards.first { path in
            (try? String(contentsOf: root.appendingPathComponent(path), encoding: .utf8))?.contains("server_ref: ") == true
        })
        try compareEdited(card, minimumFindings: 2) { text in
            text.replacingOccurrences(of: "server_ref: ", with: "server_ref: nowhere-")
                .replacingOccurrences(of: "  input_schema: catalog/", with: "  input_schema: the input of catalog/")
        }
        // The registry disagreeing with a manifest it points at.
        try compareEdited(registry, minimumFindings: 1) { $0.replacingOccurrences(of: "    version: ", with: "    version: 7") }
        // A skill renamed by its id (no folder has the new name) and an agent's reference to it renamed too:
        // staged together, then with the rename committed and only the reference staged.
        let agents = files.filter { $0.hasPrefix("catalog/agents/") && $0.hasSuffix("/agent.yaml") && !$0.utf8Contains("_template") }
        let referencing = try agents.compactMap { agent -> (agent: String, skill: String)? in
            let text = try String(contentsOf: root.appendingPathComponent(agent), encoding: .utf8)
            return manifests.first { text.contains("skill.\(folderName($0))@") }.map { (agent, $0) }
        }
        let (agent, skill) = try #require(referencing.first)
        let old = "skill.\(folderName(skill))", new = "skill.renamed-\(folderName(skill))"
        let renamedSkill = try edited(root, skill) { $0.replacingOccurrences(of: "id: \(old)", with: "id: \(new)") }
        let renamedReference = try edited(root, agent) { $0.replacingOccurrences(of: old + "@", with: new + "@") }
        try #require(renamedSkill.contains(new) && renamedReference.contains(new))
        try compareBoth([skill: renamedSkill, agent: renamedReference])
        try writer.write(skill, renamedSkill)
        try writer.stage(skill)
        _ = try writer.commit("rename a skill by its id")
        try compareBoth([agent: renamedReference])
        // The same reference with a version range the renamed skill does not satisfy.
        try compareBoth([agent: renamedReference.replacingOccurrences(of: new + "@", with: new + "@^99.0.0 #")], minimumFindings: 1)
    }

    /// The runner's narrowed search for the agents a change affects (descriptors found by their bytes)
    /// answers what the search over every node answers.
    @Test func narrowedAffectedAgentsEqualTheFullSearch() throws {
        guard let repository = try DeferredSnapshotTests.committedRepository() else { return }
        let (root, writer, files) = repository
        defer { try? FileManager.default.removeItem(at: root) }
        // One staged change, so the rest of the index is deferred (read only when asked for).
        let readme = try #require(files.first { $0.hasSuffix("/README.md") })
        try writer.write(readme, try DeferredSnapshotTests.edited(root, readme) { $0 + "\nMore.\n" })
        try writer.stage(readme)
        let source = FileSource(root: root.path, mode: .staged, scope: .everything, maxFileSize: 2 << 20)
        let candidates = files.filter {
            ($0.hasPrefix("catalog/") && ($0.hasSuffix(".json") || $0.hasSuffix(".yaml") || $0.hasSuffix(".md")))
        }
        try #require(candidates.count > 50)
        // Without stored facts, and with them: a first full run stores every file's sketch, then the
        // deferred documents answer byte searches from their sketches (descriptors and skill files ruled
        // out unread).
        var facts: BlobFacts?
        for withFacts in [false, true] {
            if withFacts {
                // Every deferred file read once, which stores its sketch; then the facts read back anew.
                let folder = root.appendingPathComponent(".git/magsag-lint-affected").path
                let learning = BlobFacts(directory: folder)
                var linter = Linter(rules: [], configuration: Configuration())
                linter.facts = learning
                for document in linter.lint(try source.load()).index.documents.values { _ = document.bytes }
                learning.save()
                facts = BlobFacts(directory: folder)
            }
            var linter = Linter(rules: [], configuration: Configuration())
            linter.facts = facts
            let index = linter.lint(try source.load()).index
            #expect(index.hasDeferred)
            let runner = Runner(index, layout: .default)
            var nonEmpty = 0
            for (i, path) in candidates.enumerated() where i % 3 == 0 || path.hasSuffix("/agent.yaml") {
                let changed: Set<String> = [path, candidates[(i * 7) % candidates.count]]
                let expected = Set(runner.affected(by: changed))
                if !expected.isEmpty { nonEmpty += 1 }
                #expect(runner.affectedNarrowly(by: changed) == expected, "\(changed.sorted()), facts \(withFacts)")
            }
            #expect(nonEmpty > 20)
            if withFacts {
                // The stored sketches were there to use.
                let sketched = index.documents.values.filter { $0.storedSketch != nil }.count
                #expect(sketched > candidates.count / 2, "\(sketched) sketches")
            }
        }
    }
}
