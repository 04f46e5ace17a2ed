import Foundation
import MagsagSource
import Testing
@testable import MagsagLintCore

/// Deferred documents are made on first lookup (`DocumentMap`): lookups, listings and the linter's
/// results must be those of the documents made up front.
@Suite struct DocumentMapTests {
    static func deferred(_ path: String, _ text: String) -> DeferredFile {
        DeferredFile(path: path, identity: Array(path.utf8), isExecutable: false, size: text.utf8.count) { Array(text.utf8) }
    }

    static func table(_ paths: [String]) -> DeferredDocuments {
        DeferredDocuments(paths.map { deferred($0, "text of \($0)") }, areas: nil, limits: ResourceLimits(), facts: nil)
    }

    @Test func lookupsMakeEachDocumentOnceAndOnlyWhenAsked() throws {
        let paths = (0..<300).map { String(format: "catalog/agents/a%03d/agent.yaml", $0) } + ["docs/z.md", "zz/\u{e9}.md"]
        let made = ["README.md": LintDocument(file: SourceFile(path: "README.md", bytes: Array("# R\n".utf8)))]
        let map = try #require(DocumentMap(made: made, deferred: Self.table(paths.sorted())))
        #expect(map.count == 303 && map.deferredMade == 0 && map.isLazy && map.hasDeferred)
        #expect(map["catalog/agents/a007/agent.yaml"]?.bytes == Array("text of catalog/agents/a007/agent.yaml".utf8))
        #expect(map.deferredMade == 1)
        #expect(map["catalog/agents/a007/agent.yaml"] === map["catalog/agents/a007/agent.yaml"])
        #expect(map.deferredMade == 1)
        #expect(map["README.md"] === made["README.md"])
        #expect(map["catalog/agents/a300/agent.yaml"] == nil && map["catalog/agents"] == nil && map[""] == nil)
        #expect(map.deferredMade == 1)
        #expect(map["zz/\u{e9}.md"]?.kind == .markdown)
        #expect(map["zz/e\u{301}.md"] === map["zz/\u{e9}.md"], "paths compare canonically, as a dictionary's keys do")
        // Sorted keys and a filtered listing without making the documents left out.
        #expect(map.sortedKeys == (paths + ["README.md"]).sorted())
        let markdown = map.sorted { DocumentKind.of(path: $0) == .markdown }
        #expect(markdown.map(\.path) == ["README.md", "docs/z.md", "zz/\u{e9}.md"])
        #expect(map.deferredMade == 3)
        #expect(Set(map.keys) == Set(paths + ["README.md"]))
        #expect(map.values.count == 303 && map.deferredMade == 302)
    }

    /// A listing that leaves out the files whose stored sketches rule out every needle keeps exactly the
    /// documents `certainlyLacks(anyOf:)` keeps, makes no document for those it leaves out, and notes the
    /// same areas as asking each document would.
    @Test func filesLackingEveryNeedleAreLeftOutWithoutMakingTheirDocuments() throws {
        let directory = ResultCacheTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // 3,000 files over several folders (areas); every fifth names the needle; sketches stored for all
        // but every seventh.
        let paths = (0..<3_000).map { String(format: "docs/f%02d/n%04d.md", $0 % 23, $0) }.sorted()
        // Distinct 20-byte ids.
        @Sendable func id(_ i: Int) -> [UInt8] { withUnsafeBytes(of: UInt64(i).littleEndian, Array.init) + Array(repeating: 0x5A, count: 12) }
        @Sendable func text(_ i: Int) -> String { i % 5 == 0 ? "---\nslug: wanted-slug\n---\n" : "---\nslug: other-\(i)\n---\n" }
        func files() -> [DeferredFile] {
            paths.enumerated().map { i, path in
                DeferredFile(path: path, identity: id(i), isExecutable: false, size: 0) { Array(text(i).utf8) }
            }
        }
        let learning = BlobFacts(directory: directory)
        for i in paths.indices where i % 7 != 0 {
            learning.learn(LintDocument.sketchFact, of: id(i), ContentSketch(of: Array(text(i).utf8)).stored)
        }
        learning.save()
        let needles = NeedleSet([Array("wanted-slug".utf8)])
        func map() throws -> DocumentMap {
            try #require(DocumentMap(made: [:], deferred: DeferredDocuments(files(), areas: nil, limits: ResourceLimits(),
                                                                             facts: BlobFacts(directory: directory))))
        }
        // Asked document by document.
        let each = try map()
        let eachLog = ReadLog()
        let expected = ReadLog.with(eachLog) { paths.filter { !each[$0]!.certainlyLacks(anyOf: needles) } }
        #expect(expected.count == paths.indices.filter { $0 % 5 == 0 || $0 % 7 == 0 }.count)
        // Asked of the listing, with one document made and read before (kept: it has been read).
        let listing = try map()
        let read = paths[1]
        _ = listing[read]!.bytes
        let log = ReadLog()
        let kept = ReadLog.with(log) { listing.sorted(where: { _ in true }, unlessLacking: needles) }
        #expect(kept.map(\.path) == (expected + [read]).sorted())
        #expect(listing.deferredMade == kept.count, "no document made for a file left out")
        #expect(log.areas == eachLog.areas && !log.areas.isEmpty)
        // Without needles, every file.
        #expect(try map().sorted(where: { _ in true }, unlessLacking: nil).count == paths.count)
    }

    @Test func threadsAskingTogetherGetTheSameDocument() throws {
        let paths = (0..<5_000).map { String(format: "f/%05d.json", $0) }
        let map = try #require(DocumentMap(made: [:], deferred: Self.table(paths)))
        let asked = Array(paths.indices) + Array(paths.indices).reversed()
        let found = Parallel.map(asked) { map[paths[$0]] }
        for (i, document) in zip(asked, found) {
            #expect(document === map[paths[i]] && document?.path == paths[i])
        }
        #expect(map.deferredMade == paths.count)
    }

    @Test func unorderedOrOverlappingListsAreRefused() {
        #expect(DocumentMap(made: [:], deferred: Self.table(["b.md", "a.md"])) == nil)
        #expect(DocumentMap(made: [:], deferred: Self.table(["a.md", "a.md"])) == nil)
        let made = ["b.md": LintDocument(file: SourceFile(path: "b.md", bytes: []))]
        #expect(DocumentMap(made: made, deferred: Self.table(["a.md", "b.md", "c.md"])) == nil)
        #expect(DocumentMap(made: made, deferred: Self.table(["a.md", "c.md"])) != nil)
    }

    /// The linter makes deferred documents on first use when they are listed in order, and all of them up
    /// front otherwise: both runs report the same findings, and an index over a lazy map lists the same
    /// paths and documents as one over a dictionary.
    @Test func lazyAndEagerSnapshotsLintAlike() {
        var files: [DeferredFile] = []
        for i in 0..<40 {
            files.append(Self.deferred("catalog/skills/s\(i).yaml", i % 7 == 0 ? "name: [unclosed\n" : "name: s\(i)\n"))
            files.append(Self.deferred("docs/d\(i).md", "# D\(i)\n\nskill: s\(i + 3)\n"))
        }
        files.append(Self.deferred("logo.png", "\u{1}"))
        let linted = [SourceFile(path: "catalog/agents/a/agent.yaml", bytes: Array("skill: s5\nskill: s77\n".utf8))]
        func lint(_ deferred: [DeferredFile]) -> LintResult {
            var set = FileSet(linted: linted, allPaths: Set(deferred.map(\.path)).union(["big.bin"]))
            set.deferred = deferred
            set.listsEveryFile = true
            set.pathsWithoutFiles = ["big.bin"]
            return Linter(rules: hookTestRules, configuration: Configuration()).lint(set)
        }
        let lazy = lint(files.sorted { $0.path < $1.path })
        let eager = lint(files.reversed())
        #expect(lazy.index.documents.isLazy && !eager.index.documents.isLazy)
        #expect(lazy.diagnostics == eager.diagnostics && !lazy.diagnostics.isEmpty)
        #expect(lazy.index.sortedPaths == eager.index.sortedPaths)
        #expect(lazy.index.sortedAllPaths == eager.index.sortedAllPaths && lazy.index.sortedAllPaths.contains("big.bin"))
        #expect(lazy.index.sortedDocuments.map(\.path) == eager.index.sortedDocuments.map(\.path))
        #expect(lazy.index.sortedDocuments { $0.hasPrefix("docs/") }.map(\.path)
                == eager.index.sortedDocuments { $0.hasPrefix("docs/") }.map(\.path))
        #expect(lazy.index.jsonDocuments.count == eager.index.jsonDocuments.count)
    }

    /// Paths kept as lists (deferred files in order, the linted files, the paths without files) answer
    /// folder questions list by list, as the merged list of every path does: the top-level folders,
    /// whether a folder exists, the paths under a folder.
    @Test func listedPathsAnswerFolderQuestionsAsTheMergedListDoes() {
        var files: [DeferredFile] = []
        for i in 0..<3_000 { files.append(Self.deferred(String(format: "catalog/agents/a%04d/agent.yaml", i), "name: a\(i)\n")) }
        for i in 0..<50 { files.append(Self.deferred("docs/d\(i).md", "# D\(i)\n")) }
        files += ["tools/adk/servers/one.yaml", "tools/adk/servers/two.yml", "tools/adk/x/y.yaml", ".mcp/servers/m.yaml",
                  "README.md", "\u{e9}t\u{e9}/note.md"].map { Self.deferred($0, "name: x\n") }
        let linted = [SourceFile(path: "tools/adk/servers/linted.yaml", bytes: Array("name: l\n".utf8)),
                      SourceFile(path: "zeta/first.md", bytes: Array("# Z\n".utf8))]
        let others = ["tools/adk/servers/link.yaml", "bin/tool", ".mcp/servers/big.yaml", "top.bin"]
        func lint(_ deferred: [DeferredFile], listed: Bool) -> LintResult {
            var set = FileSet(linted: linted, allPaths: Set(deferred.map(\.path) + linted.map(\.path) + others))
            set.deferred = deferred
            set.listsEveryFile = true
            set.pathsWithoutFiles = others
            if listed { set.listPaths(others: others) }
            return Linter(rules: hookTestRules, configuration: Configuration()).lint(set)
        }
        let lazy = lint(files.sorted { $0.path < $1.path }, listed: true).index
        let eager = lint(files.reversed(), listed: false).index
        #expect(lazy.documents.isLazy && !eager.documents.isLazy)
        #expect(lazy.topLevelDirectories == eager.topLevelDirectories)
        #expect(lazy.topLevelDirectories == ["catalog", "docs", "tools", ".mcp", "\u{e9}t\u{e9}", "zeta", "bin"])
        for folder in ["tools/adk/servers", "tools/adk", ".mcp/servers", "catalog/agents/a0007", "catalog/agents/a9999", "docs",
                       "bin", "zeta", "top.bin", "README.md", "tool", "tools/adk/serv"] {
            #expect(lazy.sortedAllPaths(under: folder) == eager.sortedAllPaths(under: folder), "\(folder)")
            #expect(lazy.directoryExists(folder) == eager.directoryExists(folder), "\(folder)")
        }
        #expect(lazy.sortedAllPaths(under: "tools/adk/servers")
                == ["tools/adk/servers/link.yaml", "tools/adk/servers/linted.yaml", "tools/adk/servers/one.yaml", "tools/adk/servers/two.yml"])
        #expect(lazy.directoryExists("bin") && !lazy.directoryExists("top.bin") && !lazy.directoryExists("catalog/agents/a9999"))
        #expect(lazy.sortedAllPaths(under: "\u{e9}t\u{e9}") == nil && lazy.directoryExists("\u{e9}t\u{e9}"))
    }

    /// Paths given as lists make the set of every path only when asked: the index answers whether a file
    /// exists and how many paths there are from its documents and the paths without files, as the set
    /// does; changing a list first makes the set from the lists as they were.
    @Test func listedPathsAnswerAsTheSetDoes() {
        let deferred = (0..<3_000).map { Self.deferred(String(format: "catalog/f%04d.yaml", $0), "a: \($0)\n") }
        let linted = [SourceFile(path: "catalog/agents/a/agent.yaml", bytes: Array("skill: s1\n".utf8))]
        func fileSet(listed: Bool) -> FileSet {
            var set = FileSet(linted: linted, allPaths: listed ? [] : Set(deferred.map(\.path) + ["logo.png", "big.bin"]))
            set.deferred = deferred
            if listed {
                set.listPaths(others: ["logo.png", "big.bin"])
            } else {
                set.listsEveryFile = true
                set.pathsWithoutFiles = ["logo.png", "big.bin"]
            }
            set.deferredInPathOrder = true
            return set
        }
        let listedSet = fileSet(listed: true), plain = fileSet(listed: false)
        #expect(listedSet.pathCount == plain.pathCount && listedSet.allPaths == plain.allPaths)
        let lazy = Linter(rules: hookTestRules, configuration: Configuration()).lint(fileSet(listed: true))
        let eager = Linter(rules: hookTestRules, configuration: Configuration()).lint(plain)
        #expect(lazy.diagnostics == eager.diagnostics)
        for path in ["catalog/f0007.yaml", "logo.png", "big.bin", "catalog/agents/a/agent.yaml", "catalog/f9999.yaml", "", "catalog"] {
            #expect(lazy.index.fileExists(path) == eager.index.fileExists(path), "\(path)")
        }
        #expect(lazy.index.pathCount == eager.index.pathCount)
        #expect(lazy.index.sortedAllPaths == eager.index.sortedAllPaths)
        #expect(lazy.index.allPaths == eager.index.allPaths)
        #expect(lazy.index.topLevelDirectories == eager.index.topLevelDirectories)
        // A list changed after the fact: the set is made from the lists as they were, then kept.
        var changed = fileSet(listed: true)
        changed.linted = []
        #expect(changed.allPaths == plain.allPaths && changed.listedPaths == nil)
    }
}
