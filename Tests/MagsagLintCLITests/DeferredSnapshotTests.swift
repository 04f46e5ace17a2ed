import Foundation
import MagsagGit
import MagsagLintCore
import MagsagLintRules
import MagsagSource
import Testing

/// A staged run over a few files lists the rest of the index without reading it (deferred documents,
/// read and parsed only when a rule asks). It must report exactly what the same run reports when every
/// file is read and parsed up front, and it must leave files unread.
@Suite struct DeferredSnapshotTests {
    /// A committed generated repository (with injected defects) and its files; nil (with the issue
    /// recorded) when the generator is missing.
    static func committedRepository() throws -> (root: URL, writer: RepositoryWriter, files: [String])? {
        guard FileManager.default.fileExists(atPath: GeneratedRepositoryRecallTests.generator) else {
            Issue.record("generator missing at \(GeneratedRepositoryRecallTests.generator)")
            return nil
        }
        let root = try GeneratedRepositoryRecallTests.generate(
            ["--agents", "30", "--skills", "10", "--docs", "12", "--seed", "41", "--defect-rate", "0.2"])
        let writer = try RepositoryWriter.create(at: root.path)
        let files = try FileManager.default.subpathsOfDirectory(atPath: root.path)
            .filter { !$0.hasPrefix(".git/") && $0 != ".git" }
            .filter { path in
                var directory: ObjCBool = false
                let exists = FileManager.default.fileExists(atPath: root.appendingPathComponent(path).path, isDirectory: &directory)
                return exists && !directory.boolValue
            }.sorted()
        try writer.stage(files)
        _ = try writer.commit("generated")
        return (root, writer, files)
    }

    /// (rule, path, line, column, message) of a staged run, with the documents left unread.
    static func stagedRun(_ root: URL, deferred: Bool, mode: FileSourceMode = .staged, facts: Bool = false) throws
        -> (findings: [String], unread: Int, deferredCount: Int) {
        let data = try Data(contentsOf: root.appendingPathComponent(".magsag-lint.yaml"))
        let (configuration, _) = ConfigurationLoader(rules: BuiltInRules.descriptions)
            .load(SourceFile(path: ".magsag-lint.yaml", bytes: Array(data)))
        var source = FileSource(root: root.path, mode: mode, scope: configuration.scope, maxFileSize: configuration.maxFileSize)
        source.deferContext = deferred
        let fileSet = try source.load()
        var linter = Linter(rules: BuiltInRules.all, configuration: configuration)
        // Facts and tables kept under `.git/magsag-lint/`, as a hook keeps them.
        linter.facts = BlobFacts.forRun(fileSet, enabled: facts)
        let result = linter.lint(fileSet)
        let findings = (result.diagnostics + result.suppressed).map { diagnostic in
            "\(diagnostic.ruleID) \(diagnostic.primary.path):\(diagnostic.primary.range.start.line):"
                + "\(diagnostic.primary.range.start.column) \(diagnostic.message)"
        }
        let unread = result.index.documents.values.filter { !$0.isLoaded }.count
        return (findings, unread, fileSet.deferred.count)
    }

    /// Stage `changes` (path → new text, nil deletes), compare the deferred run with the eager one, then
    /// restore the committed files and the index.
    static func compare(_ root: URL, _ writer: RepositoryWriter, _ changes: [String: String?], minimumFindings: Int = 0,
                        sourceLocation: SourceLocation = #_sourceLocation) throws {
        try withStaged(root, writer, changes) { try compareStaged(root, minimumFindings: minimumFindings, sourceLocation: sourceLocation) }
    }

    /// Stage `changes` (path → new text, nil deletes), run `body`, then restore the committed files and
    /// the index.
    static func withStaged(_ root: URL, _ writer: RepositoryWriter, _ changes: [String: String?], _ body: () throws -> Void) throws {
        var originals: [String: String] = [:]
        for (path, text) in changes {
            originals[path] = try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
            if let text { try writer.write(path, text) } else { try writer.delete(path) }
        }
        try writer.stage(Array(changes.keys))
        defer {
            for (path, text) in originals { try? writer.write(path, text) }
            try? writer.stage(Array(originals.keys))
        }
        try body()
    }

    /// The deferred run of what is staged against the eager one.
    private static func compareStaged(_ root: URL, minimumFindings: Int, sourceLocation: SourceLocation) throws {
        let eager = try stagedRun(root, deferred: false)
        let lazy = try stagedRun(root, deferred: true)
        #expect(eager.deferredCount == 0, sourceLocation: sourceLocation)
        #expect(lazy.deferredCount > 0, "the staged run deferred nothing", sourceLocation: sourceLocation)
        #expect(lazy.unread > 0, "every deferred document was read", sourceLocation: sourceLocation)
        #expect(eager.findings.count >= minimumFindings, "too few findings to compare: \(eager.findings)", sourceLocation: sourceLocation)
        let missing = Set(eager.findings).subtracting(lazy.findings).sorted()
        let extra = Set(lazy.findings).subtracting(eager.findings).sorted()
        #expect(missing.isEmpty && extra.isEmpty && eager.findings.count == lazy.findings.count,
                "deferred run differs; missing: \(missing), extra: \(extra)", sourceLocation: sourceLocation)
    }

    static func edited(_ root: URL, _ path: String, _ edit: (String) -> String) throws -> String {
        edit(try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8))
    }

    @Test func deferredRunsReportWhatEagerRunsReport() throws {
        guard let repository = try Self.committedRepository() else { return }
        let (root, writer, files) = repository
        defer { try? FileManager.default.removeItem(at: root) }
        let contracts = files.filter { $0.hasPrefix("catalog/contracts/") && $0.hasSuffix(".schema.json") }
        let agents = files.filter { $0.hasPrefix("catalog/agents/sub/") && $0.hasSuffix("/agent.yaml") }
        let readmes = files.filter { $0.hasPrefix("catalog/agents/") && $0.hasSuffix("/README.md") }
        let fixtures = files.filter { $0.hasPrefix("catalog/agents/sub/") && $0.utf8Contains("/fixtures/") }
        let docs = files.filter { $0.hasPrefix("docs/") && $0.hasSuffix(".md") }
        try #require(contracts.count > 4 && agents.count > 2 && readmes.count > 2 && fixtures.count > 2 && docs.count > 3)

        // A contract tightened (breaking for its consumers), a descriptor bumped, a README with a broken anchor.
        let contract = contracts.first { path in
            (try? String(contentsOf: root.appendingPathComponent(path), encoding: .utf8))?.contains("\"required\"") == true
        } ?? contracts[0]
        try Self.compare(root, writer, [
            contract: try Self.edited(root, contract) { $0.replacingOccurrences(of: "\"required\": [", with: "\"required\": [\n    \"added_field\",") },
            agents[1]: try Self.edited(root, agents[1]) { $0.replacingOccurrences(of: "version: ", with: "version: 9") },
            readmes[2]: try Self.edited(root, readmes[2]) { $0 + "\nSee [the plan](../../../../docs/development/PLANS.md#no-such-heading).\n" },
        ], minimumFindings: 1)

        // A fixture edited: its callers' recorded calls to its owner are replayed for drift.
        try Self.compare(root, writer, [
            fixtures[0]: try Self.edited(root, fixtures[0]) { $0.replacingOccurrences(of: "\"status\": \"success\"", with: "\"status\": \"failure\"") },
        ])

        // A document given another document's slug (once plainly, once through a YAML escape).
        let slug = try Self.edited(root, docs[0]) { text in
            text.split(separator: "\n").first { $0.hasPrefix("slug: ") }.map { String($0.dropFirst(6)) } ?? "none"
        }
        try Self.compare(root, writer, [
            docs[1]: try Self.edited(root, docs[1]) { text in
                text.split(separator: "\n", omittingEmptySubsequences: false)
                    .map { $0.hasPrefix("slug: ") ? "slug: \(slug)" : String($0) }.joined(separator: "\n")
            },
        ], minimumFindings: 1)
        // A committed document declares a slug through a YAML escape; a staged one declares it plainly.
        func withSlug(_ path: String, _ value: String) throws -> String {
            try Self.edited(root, path) { text in
                text.split(separator: "\n", omittingEmptySubsequences: false)
                    .map { $0.hasPrefix("slug: ") ? "slug: \(value)" : String($0) }.joined(separator: "\n")
            }
        }
        try writer.write(docs[2], try withSlug(docs[2], #""escaped\x2dslug""#))
        try writer.stage(docs[2])
        _ = try writer.commit("a slug written with an escape")
        try Self.compare(root, writer, [docs[3]: try withSlug(docs[3], "escaped-slug")], minimumFindings: 1)

        // A main agent bumped past the ranges the unchanged task registry holds for it: reported there too,
        // and the registry's other references (to agents the change did not touch) are not resolved.
        let main = try #require(files.first { $0.hasPrefix("catalog/agents/main/") && $0.hasSuffix("/agent.yaml") })
        let bumped = try Self.edited(root, main) { text in
            text.split(separator: "\n", omittingEmptySubsequences: false)
                .map { $0.hasPrefix("version: ") ? "version: 9.0.0" : String($0) }.joined(separator: "\n")
        }
        try Self.withStaged(root, writer, [main: bumped]) {
            try Self.compareStaged(root, minimumFindings: 1, sourceLocation: #_sourceLocation)
            let lazy = try Self.stagedRun(root, deferred: true)
            #expect(lazy.findings.contains { $0.hasPrefix("unsatisfied-version-range catalog/registry/agents.yaml:") },
                    "no consequence in the registry: \(lazy.findings)")
        }

        // A contract deleted while descriptors still name it, with a README edited.
        try Self.compare(root, writer, [
            contracts[3]: nil,
            readmes[0]: try Self.edited(root, readmes[0]) { $0 + "\nMore.\n" },
        ])
    }

    /// With facts kept between runs, `duplicate-doc-slug` finds the documents that may share a linted
    /// document's slug through the table of slugs kept per blob (`BlobDigestTable`): the first run learns
    /// every document's slug, later runs read them, a document changed since is learned again, and a
    /// damaged table is read as empty. Each run reports what the eager run reports.
    @Test func slugTableRunsReportWhatEagerRunsReport() throws {
        guard let repository = try Self.committedRepository() else { return }
        let (root, writer, files) = repository
        defer { try? FileManager.default.removeItem(at: root) }
        let docs = files.filter { $0.hasPrefix("docs/") && $0.hasSuffix(".md") }
        try #require(docs.count > 4)
        let table = root.appendingPathComponent(".git/magsag-lint/digests-slugs-v1.bin")
        func withSlug(_ path: String, _ value: String) throws -> String {
            try Self.edited(root, path) { text in
                text.split(separator: "\n", omittingEmptySubsequences: false)
                    .map { $0.hasPrefix("slug: ") ? "slug: \(value)" : String($0) }.joined(separator: "\n")
            }
        }
        func slug(of path: String) throws -> String {
            try Self.edited(root, path) { text in
                text.split(separator: "\n").first { $0.hasPrefix("slug: ") }.map { String($0.dropFirst(6)) } ?? "none"
            }
        }
        /// The eager run against runs with facts, `runs` times (the first may learn, the next read).
        func compare(runs: Int = 2, sourceLocation: SourceLocation = #_sourceLocation) throws {
            let eager = try Self.stagedRun(root, deferred: false)
            #expect(eager.findings.contains { $0.hasPrefix("duplicate-doc-slug ") }, "no duplicate slug to find: \(eager.findings)",
                    sourceLocation: sourceLocation)
            for run in 0..<runs {
                let lazy = try Self.stagedRun(root, deferred: true, facts: true)
                #expect(lazy.deferredCount > 0 && lazy.unread > 0, "run \(run)", sourceLocation: sourceLocation)
                let missing = Set(eager.findings).subtracting(lazy.findings).sorted()
                let extra = Set(lazy.findings).subtracting(eager.findings).sorted()
                #expect(missing.isEmpty && extra.isEmpty && eager.findings.count == lazy.findings.count,
                        "run \(run) with facts differs; missing: \(missing), extra: \(extra)", sourceLocation: sourceLocation)
                #expect(FileManager.default.fileExists(atPath: table.path), "no slug table after run \(run)", sourceLocation: sourceLocation)
            }
        }

        // A staged document given a committed document's slug.
        try Self.withStaged(root, writer, [docs[1]: try withSlug(docs[1], try slug(of: docs[0]))]) { try compare() }

        // A committed document whose slug is written with a YAML escape: the table keeps the parsed slug.
        try writer.write(docs[2], try withSlug(docs[2], #""escaped\x2dslug""#))
        try writer.stage(docs[2])
        _ = try writer.commit("a slug written with an escape")
        try Self.withStaged(root, writer, [docs[3]: try withSlug(docs[3], "escaped-slug")]) { try compare() }

        // A committed document changed since the table was saved: its new blob is learned.
        try writer.write(docs[4], try withSlug(docs[4], "renamed-slug"))
        try writer.stage(docs[4])
        _ = try writer.commit("a slug renamed")
        try Self.withStaged(root, writer, [docs[0]: try withSlug(docs[0], "renamed-slug")]) { try compare() }

        // A damaged table (one byte flipped) is read as empty and written anew.
        var bytes = try Data(contentsOf: table)
        bytes[bytes.count / 2] ^= 0x5A
        try bytes.write(to: table)
        try Self.withStaged(root, writer, [docs[0]: try withSlug(docs[0], "renamed-slug")]) { try compare(runs: 1) }
        #expect(try Data(contentsOf: table) != bytes, "the damaged table was kept")
    }

    /// A deferred run's models (on-demand schema registry, lazy comparison sides, runner nodes) must not
    /// keep its snapshot alive once the result is gone.
    @Test func deferredRunsFreeTheirIndex() throws {
        guard let repository = try Self.committedRepository() else { return }
        let (root, writer, files) = repository
        defer { try? FileManager.default.removeItem(at: root) }
        let contract = try #require(files.first { $0.hasPrefix("catalog/contracts/") && $0.hasSuffix(".schema.json") })
        let agent = try #require(files.first { $0.hasPrefix("catalog/agents/sub/") && $0.hasSuffix("/agent.yaml") })
        weak var released: RepositoryIndex?
        try Self.withStaged(root, writer, [
            contract: try Self.edited(root, contract) { $0.replacingOccurrences(of: "\"type\": \"object\"", with: "\"type\": \"array\"") },
            agent: try Self.edited(root, agent) { $0 + "\n" },
        ]) {
            var source = FileSource(root: root.path, mode: .staged)
            source.deferContext = true
            let fileSet = try source.load()
            #expect(!fileSet.deferred.isEmpty)
            let result = Linter(rules: BuiltInRules.all, configuration: Configuration()).lint(fileSet)
            #expect(result.index.hasDeferred)
            released = result.index
        }
        var waited = 0
        while released != nil, waited < 100 {
            Thread.sleep(forTimeInterval: 0.02)
            waited += 1
        }
        #expect(released == nil, "a deferred run keeps its repository index alive")
    }

    /// A CI diff (`--since`) and a pushed range (`--range`) defer the rest of the head commit the same way.
    @Test func rangesDeferToo() throws {
        guard let repository = try Self.committedRepository() else { return }
        let (root, writer, files) = repository
        defer { try? FileManager.default.removeItem(at: root) }
        let contract = try #require(files.first { $0.hasPrefix("catalog/contracts/") && $0.hasSuffix(".schema.json") })
        let readme = try #require(files.first { $0.hasPrefix("catalog/agents/") && $0.hasSuffix("/README.md") })
        try writer.write(contract, try Self.edited(root, contract) { $0.replacingOccurrences(of: "\"type\": \"object\"", with: "\"type\": \"array\"") })
        try writer.write(readme, try Self.edited(root, readme) { $0 + "\n[gone](missing-file.md)\n" })
        try writer.stage(contract, readme)
        _ = try writer.commit("a breaking change and a broken link")
        for mode in [FileSourceMode.range("HEAD~1..HEAD"), .since("HEAD~1")] {
            let eager = try Self.stagedRun(root, deferred: false, mode: mode)
            let lazy = try Self.stagedRun(root, deferred: true, mode: mode)
            #expect(lazy.deferredCount > 0 && lazy.unread > 0, "\(mode)")
            #expect(eager.findings.count >= 2, "too few findings to compare in \(mode): \(eager.findings)")
            #expect(Set(eager.findings) == Set(lazy.findings) && eager.findings.count == lazy.findings.count,
                    "\(mode): missing \(Set(eager.findings).subtracting(lazy.findings).sorted()), extra \(Set(lazy.findings).subtracting(eager.findings).sorted())")
        }
    }

    @Test func dollarKeyScanIsConservative() {
        func document(_ text: String) -> LintDocument { LintDocument(file: SourceFile(path: "a.json", text: text)) }
        #expect(document(#"{"$ref": "b.json"}"#).mayHaveDollarKeys)
        #expect(document(#"{"\u0024ref": "b.json"}"#).mayHaveDollarKeys, "an escape could spell a `$` key")
        #expect(document(#"{"a": "\u00e9"}"#).mayHaveDollarKeys)
        #expect(!document(#"{"price": "5 $", "name": "x"}"#).mayHaveDollarKeys)
        #expect(!document("").mayHaveDollarKeys)
        #expect(ByteSearch.contains(Array("abcabd".utf8)[...], Array("abd".utf8)))
        #expect(!ByteSearch.contains(Array("abcab".utf8)[...], Array("abd".utf8)))
        #expect(ByteSearch.contains(Array("x".utf8)[...], []))
    }
}
