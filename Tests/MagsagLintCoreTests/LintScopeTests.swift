@testable import MagsagLintCore
import MagsagTestSupport
import Testing

/// The byte matcher a hook's deferred set uses against the scope's own test.
@Suite struct LintScopeTests {
    @Test func byteMatcherAgreesWithTheScope() throws {
        var random = SeededGenerator(seed: 0x5C0E)
        let folders = ["", "catalog", "docs", "docs/sub", ".mcp", "tools/adk/servers", "catalogx", "doc", "a"]
        let segments = ["catalog", "catalogx", "docs", "sub", ".mcp", "tools", "adk", "servers", "a", "README.md", "x.json", ""]
        var checked = 0, inside = 0
        for _ in 0..<300 {
            var scope = LintScope(
                roots: (0..<Int.random(in: 0...3, using: &random)).map { _ in folders.randomElement(using: &random)! },
                includeRootFiles: Bool.random(using: &random),
                excluded: (0..<Int.random(in: 0...2, using: &random)).map { _ in folders.dropFirst().randomElement(using: &random)! })
            if Int.random(in: 0..<10, using: &random) == 0 { scope.roots.append("/") }
            let matcher = try #require(LintScope.ByteMatcher(scope))
            for _ in 0..<40 {
                let path = (0..<Int.random(in: 1...4, using: &random)).map { _ in segments.randomElement(using: &random)! }
                    .joined(separator: "/")
                let answer = Array(path.utf8).withUnsafeBufferPointer { matcher.contains($0) }
                #expect(answer == scope.contains(path), "\(path) in \(scope)")
                checked += 1
                if answer { inside += 1 }
            }
        }
        // Both answers are reached often.
        #expect(inside > checked / 10 && inside < checked * 9 / 10)
    }

    @Test func scopesWithGlobsOrOtherScriptsHaveNoMatcher() throws {
        var scope = LintScope.magsagDefault
        #expect(LintScope.ByteMatcher(scope) != nil)
        scope.includeGlobs = [try #require(Glob("extra/**"))]
        #expect(LintScope.ByteMatcher(scope) == nil)
        #expect(LintScope.ByteMatcher(LintScope(roots: ["dóc"])) == nil)
    }
}
