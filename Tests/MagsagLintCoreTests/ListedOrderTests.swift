import MagsagSource
import Testing
@testable import MagsagLintCore

/// A cold check keeps its documents in the order the source listed them (linted, then context, each
/// ascending) instead of sorting their paths: only when that order is the sorted one.
@Suite struct ListedOrderTests {
    static func documents(_ paths: [String]) -> [LintDocument] {
        paths.map { LintDocument(file: SourceFile(path: $0, bytes: [])) }
    }

    @Test func listedRunsAreMergedOnlyWhenEachIsAscending() {
        let linted = ["catalog/a.yaml", "catalog/b/agent.yaml", "docs/x.md"]
        let context = ["README.md", "catalog/a0.json", "tools/t.json"]
        let all = Self.documents(linted + context)
        let merged = Linter.listedOrder(all, lintedCount: linted.count, distinct: all.count)
        #expect(merged?.map(\.path) == (linted + context).sorted())
        #expect(Linter.listedOrder(all, lintedCount: all.count, distinct: all.count) == nil)  // one run, not ascending
        #expect(Linter.listedOrder(Self.documents(linted), lintedCount: 3, distinct: 3)?.map(\.path) == linted)
        #expect(Linter.listedOrder(Self.documents(linted.reversed()), lintedCount: 3, distinct: 3) == nil)
        #expect(Linter.listedOrder(Self.documents(linted + ["catalog/a.yaml"]), lintedCount: 3, distinct: 3) == nil)  // a repeat
        #expect(Linter.listedOrder(Self.documents(["b", "a"]), lintedCount: 1, distinct: 2)?.map(\.path) == ["a", "b"])
        #expect(Linter.listedOrder(Self.documents(["a", "a"]), lintedCount: 1, distinct: 2) == nil)
    }

    /// An index given the listed order answers every sorted view as one made without it.
    @Test func sortedViewsDoNotDependOnTheListedOrder() {
        let paths = ["docs/b.md", "catalog/a.yaml", "catalog/a/b.yaml", "catalog/a-b.yaml", "README.md", "caf\u{E9}.md", "cafe\u{301}x.md"]
        let documents = Self.documents(paths.sorted())
        let byPath = Dictionary(uniqueKeysWithValues: documents.map { ($0.path, $0) })
        let others: Set<String> = ["catalog/a.png", "zz/big.bin"]
        for linted in [Set(paths), Set(paths.prefix(3)), Set(paths).union(["gone.md"])] {
            let plain = RepositoryIndex(documents: byPath, linted: linted, allPaths: Set(paths).union(others))
            let listed = RepositoryIndex(documents: byPath, linted: linted, allPaths: Set(paths).union(others), documentOrder: documents)
            #expect(listed.sortedPaths == plain.sortedPaths)
            #expect(listed.sortedAllPaths == plain.sortedAllPaths)
            #expect(listed.sortedLinted == plain.sortedLinted)
            #expect(listed.sortedLinted == linted.sorted())
        }
    }
}
