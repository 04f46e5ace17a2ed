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
        }
        #expect(Linter.merged(["b", "d"], ["a", "c", "e"]) == ["a", "b", "c", "d", "e"])
        #expect(Linter.merged(["z"], []) == ["z"])
    }
}
