@testable import MagsagLintCore
import MagsagTestSupport
import Testing

/// The byte matcher a hook's deferred set uses against the scope's own test.
@Suite struct LintScopeTests {
    /// Two scopes have the same key exactly when they are equal (a run's cache key names its scope).
    @Test func keyTellsScopesApart() throws {
        var random = SeededGenerator(seed: 0x5C0F)
        let folders = ["catalog", "docs", "a b", "a", "b", "a/b", "ab"]
        let patterns = ["*.md", "docs/**", "a", "[ab]*", "x y"]
        var scopes: [LintScope] = []
        for _ in 0..<400 {
            var scope = LintScope(
                roots: (0..<Int.random(in: 0...2, using: &random)).map { _ in folders.randomElement(using: &random)! },
                includeRootFiles: Bool.random(using: &random),
                excluded: (0..<Int.random(in: 0...2, using: &random)).map { _ in folders.randomElement(using: &random)! })
            scope.includeGlobs = try (0..<Int.random(in: 0...1, using: &random)).map { _ in try #require(Glob(patterns.randomElement(using: &random)!)) }
            scope.excludeGlobs = try (0..<Int.random(in: 0...1, using: &random)).map { _ in try #require(Glob(patterns.randomElement(using: &random)!)) }
            scopes.append(scope)
        }
        // A folder list that runs into the next field, and two folders that join into one, stay apart.
        scopes.append(LintScope(roots: ["a", "b"]))
        scopes.append(LintScope(roots: ["ab"]))
        scopes.append(LintScope(roots: ["a/b"]))
        var pairs = 0, equal = 0
        for (i, a) in scopes.enumerated() {
            for b in scopes[(i + 1)...] {
                let same = a.roots == b.roots && a.includeRootFiles == b.includeRootFiles && a.excluded == b.excluded
                    && a.includeGlobs.map(\.pattern) == b.includeGlobs.map(\.pattern) && a.excludeGlobs.map(\.pattern) == b.excludeGlobs.map(\.pattern)
                #expect((a.key == b.key) == same, "\(a.key) | \(b.key)")
                pairs += 1
                if same { equal += 1 }
            }
        }
        // Both answers are reached.
        #expect(equal > 0 && equal < pairs)
    }

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
