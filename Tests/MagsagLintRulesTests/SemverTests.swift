import MagsagCatalog
import MagsagLintRules
import Testing

@Suite struct SemverTests {
    @Test func parsesStrictSemVer() {
        #expect(SemanticVersion("1.2.3")?.description == "1.2.3")
        #expect(SemanticVersion("1.0.0-alpha.1+build.7")?.prerelease == [.alphanumeric("alpha"), .numeric(1)])
        for bad in ["1.2", "01.2.3", "1.2.3-", "1.2.3-01", "v1.2.3", "1.2.3.4", "", "1..2", "1.2.3+", "a.b.c", "99999999999999999999.0.0"] {
            #expect(SemanticVersion(bad) == nil, "\(bad) must not parse")
        }
    }

    @Test func ordersBySemVerPrecedence() throws {
        let ordered = ["1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2", "1.0.0-beta.11",
                       "1.0.0-rc.1", "1.0.0", "1.0.1", "1.1.0", "2.0.0"]
        let versions = try ordered.map { try #require(SemanticVersion($0)) }
        for (a, b) in zip(versions, versions.dropFirst()) { #expect(a < b, "\(a) < \(b)") }
        #expect(SemanticVersion("1.0.0+a") == SemanticVersion("1.0.0+b"))
    }

    /// (range, version, satisfied) triples from node-semver's documentation and test suite.
    static let cases: [(String, String, Bool)] = [
        ("1.2.3", "1.2.3", true), ("=1.2.3", "1.2.4", false), ("v1.2.3", "1.2.3", true),
        (">=1.2.3", "1.2.3", true), (">=1.2.3", "1.2.2", false), (">1.2.3", "1.2.3", false), (">1.2", "1.2.9", false),
        (">1.2", "1.3.0", true), ("<1.2", "1.1.9", true), ("<1.2", "1.2.0", false), ("<=1.2", "1.2.99", true),
        ("<=1.2.3", "1.2.3", true), ("<1.2.3", "1.2.3-beta", false), ("< 2.0.0", "1.9.9", true), (">= 1.0.0", "1.0.0", true),
        ("^1.2.3", "1.9.9", true), ("^1.2.3", "2.0.0", false), ("^1.2.3", "2.0.0-alpha", false), ("^0.2.3", "0.2.9", true),
        ("^0.2.3", "0.3.0", false), ("^0.0.3", "0.0.4", false), ("^0.0.3", "0.0.3", true), ("^1.2.x", "1.3.0", true),
        ("^0.0.x", "0.0.9", true), ("^0.0.x", "0.1.0", false), ("^0.x", "0.9.0", true), ("^0.x", "1.0.0", false),
        ("^1.2.3-beta.2", "1.2.3-beta.4", true), ("^1.2.3-beta.2", "1.2.4-beta.2", false),
        ("~1.2.3", "1.2.9", true), ("~1.2.3", "1.3.0", false), ("~1.2", "1.2.0", true), ("~1", "1.9.0", true), ("~1", "2.0.0", false),
        ("~0.2", "0.2.5", true), ("~1.2.3-beta.2", "1.2.3-beta.4", true), ("~1.2.3-beta.2", "1.2.4-beta.2", false),
        ("~>1.2", "1.2.7", true),
        ("*", "1.2.3", true), ("*", "1.2.3-beta", false), ("", "0.0.1", true), ("1.x", "1.9.9", true), ("1.x", "2.0.0", false),
        ("1.2.x", "1.2.7", true), ("1.2.X", "1.3.0", false), ("1", "1.5.0", true), ("1.2", "1.2.5", true), ("1.2", "1.3.0", false),
        ("1.2.3 - 2.3.4", "2.3.4", true), ("1.2.3 - 2.3.4", "2.3.5", false), ("1.2 - 2.3.4", "1.2.0", true),
        ("1.2.3 - 2.3", "2.3.9", true), ("1.2.3 - 2.3", "2.4.0", false), ("1.2.3 - 2", "2.9.9", true), ("1.2.3 - 2", "3.0.0", false),
        (">=1.2.7 <1.3.0", "1.2.8", true), (">=1.2.7 <1.3.0", "1.3.0", false), (">=1.2.7 <1.3.0", "1.2.6", false),
        ("1.2.7 || >=1.2.9 <2.0.0", "1.2.7", true), ("1.2.7 || >=1.2.9 <2.0.0", "1.2.8", false),
        ("1.2.7 || >=1.2.9 <2.0.0", "1.4.6", true), (">1.2.3-alpha.3", "1.2.3-alpha.7", true),
        (">1.2.3-alpha.3", "3.4.5-alpha.9", false), (">1.2.3-alpha.3", "3.4.5", true), (">*", "1.0.0", false), ("<*", "0.0.0", false),
    ]

    @Test func rangesMatchNodeSemver() throws {
        for (range, version, expected) in Self.cases {
            let parsed = try VersionRange(parsing: range)
            let v = try #require(SemanticVersion(version))
            #expect(parsed.isSatisfied(by: v) == expected, "\(version) in '\(range)' should be \(expected)")
        }
    }

    @Test func reportsUnsupportedOperatorsAndMalformedRanges() {
        let bad: [(String, String)] = [
            ("!=1.0.0", "unsupported operator '!='"), ("==1.0.0", "unsupported operator '=='"), ("~=1.0", "unsupported operator '~='"),
            ("1.0.0.0", "malformed version"), (">=", "has no version"), ("1.x.3", "malformed version"), ("1.2.3 -", "hyphen"),
            ("1.2-beta", "prerelease on a partial"), ("^a.b", "malformed version"),
        ]
        for (range, fragment) in bad {
            do {
                _ = try VersionRange(parsing: range)
                Issue.record("'\(range)' should not parse")
            } catch {
                #expect(error.message.contains(fragment), "'\(range)': \(error.message)")
            }
        }
    }
}
