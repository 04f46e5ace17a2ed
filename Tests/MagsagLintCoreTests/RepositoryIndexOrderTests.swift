import MagsagSource
import Testing
@testable import MagsagLintCore

/// `sortedPaths` uses a listing's order only when it is exactly the documents' paths in ascending order.
@Suite struct RepositoryIndexOrderTests {
    static func documents(_ paths: [String]) -> [String: LintDocument] {
        Dictionary(uniqueKeysWithValues: paths.map { ($0, LintDocument(file: SourceFile(path: $0, bytes: []))) })
    }

    @Test func aListingIsTrustedOnlyWhenItIsTheSortedKeySet() {
        let paths = ["docs/b.md", "catalog/a.yaml", "catalog/a/b.yaml", "catalog/a-b.yaml", "README.md"]
        let sorted = paths.sorted()
        let cases: [[String]?] = [
            nil,
            sorted,
            sorted.reversed(),                          // not ascending
            Array(sorted.dropLast()),                   // one missing
            sorted + ["zz.md"],                          // one extra
            sorted.dropLast() + ["zz.md"],               // same count, a path that is not a document
            [sorted[0]] + sorted.dropLast(),             // a duplicate
        ]
        for order in cases {
            let index = RepositoryIndex(documents: Self.documents(paths), linted: [], allPaths: [], pathOrder: order)
            #expect(index.sortedPaths == sorted, "\(String(describing: order))")
            // Paths without a document (binaries, oversized files) merge into the sorted listing.
            let extra: Set<String> = ["catalog/a.png", "zz/big.bin", "0.dat", "catalog/a/b.yaml"]
            let withOthers = RepositoryIndex(documents: Self.documents(paths), linted: [], allPaths: extra, pathOrder: order)
            #expect(withOthers.sortedAllPaths == Set(paths).union(extra).sorted(), "\(String(describing: order))")
        }
        #expect(Linter.merged(["b", "d"], ["a", "c", "e"]) == ["a", "b", "c", "d", "e"])
        #expect(Linter.merged(["z"], []) == ["z"])
        // A few items placed by binary search into a long ascending listing land where the walk puts
        // them, equal paths included.
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<50 {
            let listed = Array(Set((0..<3_000).map { _ in "p\(Int.random(in: 0..<5_000, using: &generator))" })).sorted()
            let few = (0..<Int.random(in: 1...20, using: &generator)).map { _ in
                Bool.random(using: &generator) ? listed.randomElement(using: &generator)! : "p\(Int.random(in: 0..<6_000, using: &generator))x"
            }.sorted()
            #expect(Linter.merged(few, listed, listedAscending: true) == Linter.merged(few, listed))
        }
    }

    /// `directoryExists` searches the sorted paths for ASCII folders; it must answer exactly what the
    /// set of every folder answers, including next to '-' and '.' (which sort before '/') and with
    /// non-ASCII and canonically equivalent spellings around.
    @Test func folderLookupsAgreeWithTheSetOfFolders() {
        let paths = [
            "a-b/x.md", "a.b/y.md", "a/b/c.yaml", "a/bb.yaml", "ab/z.json", "docs/e\u{301}t\u{e9}/f.md",
            "\u{212A}/kelvin.md", "K0/zero.md", "top.md", "deep/er/still/file.txt",
            // Many paths per folder, neighbours that sort around "a/", non-ASCII folders (skipped path
            // by path) and a slash followed by a combining mark.
            "a/c/d.md", "a/z.md", "a/\u{301}x.md", "a0/q.md", "a0", "b\u{301}/x.md", "b\u{301}/y.md", "\u{e9}/1.md",
            "e\u{301}/2.md", "z/1", "z/2", "z/3/4",
        ]
        let index = RepositoryIndex(documents: Self.documents(paths.filter { $0.hasSuffix(".md") }), linted: [],
                                    allPaths: Set(paths))
        let probes = ["", "a", "a/", "a/b", "a/b/", "a-b", "a.b", "ab", "a/bb.yaml", "b", "docs", "docs/e\u{301}t\u{e9}",
                      "K", "K0", "deep", "deep/er", "deep/er/still", "deep/e", "top.md", "zz", "a//"]
        for probe in probes {
            var key = Substring(probe)
            while key.hasSuffix("/") { key = key.dropLast() }
            #expect(index.directoryExists(probe) == index.directories.contains(String(key)), "\(probe)")
        }
        #expect(index.topLevelDirectories == Set(index.directories.filter { !$0.isEmpty && !$0.utf8Contains("/") }))
        #expect(index.directoryExists("deep/er"))
        #expect(index.directoryExists("K"), "Swift strings compare canonically: the Kelvin sign is K")
    }

    /// `DocumentKind.of(path:)` compares bytes; it answers what the string suffix tests answer.
    @Test func documentKindsFromPathBytes() {
        func reference(_ path: String) -> DocumentKind {
            let lower = path.lowercased()
            if lower.hasSuffix(".json") { return .json }
            if lower.hasSuffix(".yaml") || lower.hasSuffix(".yml") { return .yaml }
            if lower.hasSuffix(".md") || lower.hasSuffix(".markdown") { return .markdown }
            return .other
        }
        let paths = ["a.json", "a.JSON", "x.json\u{301}", "README.MD", "docs/a.markdown", ".md", "md", "a.yml", "x.Yaml",
                     "é.json", "\u{212A}.md", "a.json.bak", "a.yaml/", "", "json", "catalog/agents/x/agent.yaml", "a.mD",
                     // Eight bytes and more (one word): a byte that folds onto the dot, letters next to them.
                     "abcdef\u{0E}md", "abcd\u{0E}json", "abcd\u{0E}yaml", "abcde\u{0E}yml", "abcdefgxmd", "abcd.jsoN",
                     "abcde.YML", "12345678.md", "abcd.yaml", "abcd.json", "abcd\u{0E}JSON", "abcdef.M\u{0E}"]
        for path in paths { #expect(DocumentKind.of(path: path) == reference(path), "\(path)") }
    }

    /// The folded byte comparison answers as the lowered path's bytes do, non-ASCII names included
    /// (the Kelvin sign lowers to `k`, `İ` to two scalars, combining marks follow letters).
    @Test func documentKindBytesMatchTheLoweredPath() {
        let pieces = [".", "json", "JSON", "Json", "yaml", "YML", "yml", "md", "MD", "markdown", "MarkDown", "/", "a",
                      "\u{212A}", "\u{130}", "\u{301}", "é", "ß", "x", "n", "mar", "down"]
        var state: UInt64 = 3
        var kinds = Set<DocumentKind>()
        for _ in 0..<20_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            var seed = state
            let count = Int(seed % 6) + 1
            var path = ""
            for _ in 0..<count {
                seed = seed &* 6_364_136_223_846_793_005 &+ 1
                path += pieces[Int((seed >> 33) % UInt64(pieces.count))]
            }
            let kind = DocumentKind.of(path: path)
            #expect(kind == DocumentKind.ofLowered(path: path), "\(Array(path.unicodeScalars))")
            kinds.insert(kind)
        }
        #expect(kinds.count == 4)
        // The Kelvin sign is the one non-ASCII scalar that lowers into an extension's letters.
        for path in ["a.mar\u{212A}down", "A.MAR\u{212A}DOWN", "docs/x.MarKdown", "\u{212A}.md"] {
            #expect(DocumentKind.of(path: path) == .markdown, "\(path)")
        }
    }

    /// `changedSinceBase` answers from a short list when few paths changed and from the sets otherwise,
    /// the same either way (canonically equal spellings included, as the sets compare them).
    @Test func changedSinceBaseWithFewAndManyChanges() {
        let paths = (0..<40).map { "catalog/agents/a\($0)/agent.yaml" } + ["docs/caf\u{E9}.md"]
        for changed in [3, 30] {
            let absent = Set(paths.prefix(changed / 3))
            let deleted = Set(paths.dropFirst(changed / 3).prefix(changed / 3))
            let based = paths.dropFirst(2 * (changed / 3)).prefix(changed - 2 * (changed / 3))
            let baseDocuments = Dictionary(uniqueKeysWithValues: based.map { ($0, LintDocument(file: SourceFile(path: $0, bytes: []))) })
            let index = RepositoryIndex(documents: Self.documents(paths), linted: [], allPaths: Set(paths), deleted: deleted,
                                        baseRevision: "HEAD", baseDocuments: baseDocuments, baseAbsent: absent.union(["docs/caf\u{E9}.md"]))
            for path in paths + ["docs/cafe\u{301}.md", "elsewhere.md"] {
                let expected = absent.contains(path) || path == "docs/caf\u{E9}.md" || baseDocuments[path] != nil || deleted.contains(path)
                #expect(index.changedSinceBase(path) == expected, "\(changed) changed: \(path)")
            }
            // The list of changed paths holds exactly the paths of the snapshot (and the deleted ones) that
            // `changedSinceBase` admits.
            let listed = index.changedSinceBasePaths
            #expect(listed == listed.sorted() && Set(listed).count == listed.count)
            #expect(Set(listed) == Set((paths + Array(deleted)).filter(index.changedSinceBase)))
            let unbased = RepositoryIndex(documents: Self.documents(paths), linted: [], allPaths: Set(paths), deleted: deleted)
            #expect(!unbased.changedSinceBase(paths[0]))
            #expect(unbased.changedSinceBasePaths.isEmpty)
        }
    }

    /// A file set says its paths hold every file only while that is known: as made, not after its files
    /// or paths are changed; the index then adds any document path the paths lack.
    @Test func fileSetsTellWhetherTheirPathsListEveryFile() {
        var set = FileSet(linted: [SourceFile(path: "a.md", bytes: [])], context: [SourceFile(path: "b.md", bytes: [])], allPaths: ["c.png"])
        #expect(set.listsEveryFile && set.allPaths == ["a.md", "b.md", "c.png"])
        set.deferred = [DeferredFile(path: "d.md", identity: [1], isExecutable: false, size: 0) { [] }]
        #expect(!set.listsEveryFile)
        set.listsEveryFile = true
        set.context.append(SourceFile(path: "e.md", bytes: []))
        #expect(!set.listsEveryFile)
        let index = RepositoryIndex(documents: Self.documents(["a.md", "x.md"]), linted: [], allPaths: ["a.md"])
        #expect(index.allPaths == ["a.md", "x.md"])
    }
}
