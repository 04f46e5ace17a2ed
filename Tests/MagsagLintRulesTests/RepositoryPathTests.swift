@testable import MagsagCatalog
import MagsagLintCore
import MagsagSource
import MagsagTestSupport
import Testing

/// Path normalisation: the one-pass fast path for already-normal paths must agree with the segment walk.
@Suite struct RepositoryPathTests {
    @Test(arguments: [
        ("catalog/contracts/a.schema.json", "catalog/contracts/a.schema.json"),
        ("a", "a"),
        ("...", "..."),
        ("a/.../b", "a/.../b"),
        (".hidden/x", ".hidden/x"),
        ("a/.b", "a/.b"),
        ("a/b/", "a/b"),
        ("a//b", "a/b"),
        ("./a", "a"),
        ("a/./b", "a/b"),
        ("a/b/..", "a"),
        ("a/b/../c", "a/c"),
        ("a/.", "a"),
    ])
    func normalizes(_ input: String, _ expected: String) {
        #expect(RepositoryPath.normalize(input) == expected)
    }

    @Test(arguments: ["", "/a", "..", "../a", "a/../..", ".", "./", "~/a", "C:/x"])
    func rejects(_ input: String) {
        #expect(RepositoryPath.normalize(input) == nil)
    }

    /// `isAbsolute` decides an ASCII first byte without decoding scalars; random strings of drive-letter
    /// look-alikes must get the scalar definition's answer.
    @Test func absolutePathsMatchTheScalarForm() {
        func scalarForm(_ path: String) -> Bool {
            if path.hasPrefix("/") || path.hasPrefix("~") || path.hasPrefix("\\") { return true }
            let scalars = Array(path.unicodeScalars.prefix(3))
            return scalars.count >= 2 && scalars[1] == ":" && scalars[0].properties.isAlphabetic
        }
        var random = SeededGenerator(seed: 31)
        let pieces = ["C", "c", "z", "1", ":", "/", "\\", "~", "é", "e\u{301}", "Ω", "中", "_", ".", "a", "\u{301}", ":/"]
        var absolute = 0
        for _ in 0..<20_000 {
            let path = (0..<Int.random(in: 0...4, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
            #expect(RepositoryPath.isAbsolute(path) == scalarForm(path), "\(path.unicodeScalars.map { $0.value })")
            if scalarForm(path) { absolute += 1 }
        }
        #expect(absolute > 2_000)
    }

    @Test func foldersAndReferences() {
        #expect(RepositoryPath.folder(of: "a/b/c.json") == "a/b")
        #expect(RepositoryPath.folder(of: "c.json") == "")
        #expect(SchemaReferenceIndex.stripFragment("x.json#/defs/a") == "x.json")
        #expect(SchemaReferenceIndex.stripFragment("x.json") == "x.json")
        #expect(SchemaReferenceIndex.resolve("b.json", against: "https://h/c/d/a.json") == "https://h/c/d/b.json")
        #expect(SchemaReferenceIndex.resolve("../b.json", against: "https://h/c/d/a.json") == "https://h/c/b.json")
        #expect(SchemaReferenceIndex.resolve("/b.json", against: "https://h/c/a.json") == "https://h/b.json")
        #expect(SchemaReferenceIndex.resolve("b.json", against: "https://h//c/a.json") == "https://h/c/b.json")
    }

    /// The byte path of `SchemaReferenceIndex.resolve` answers as its definition by parts, on texts made
    /// of the pieces that decide it (slashes, dots, `://`, drive letters, `~`, combining marks).
    @Test func referenceResolutionMatchesItsDefinition() {
        var random = SeededGenerator(seed: 0x5E7)
        let pieces = ["https://", "h", "/", "//", ".", "..", "./", "../", "a", "C:", "~", "\\", "\u{301}", "é", "b.json", ":", "#x"]
        func text(_ most: Int) -> String {
            (0..<Int.random(in: 0...most, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
        }
        var resolved = 0
        for _ in 0..<20_000 {
            let relative = text(4)
            let base = Bool.random(using: &random) ? "https://magsag.ai/" + text(4) : text(6)
            let expected = SchemaReferenceIndex.resolveByParts(relative, against: base)
            #expect(SchemaReferenceIndex.resolve(relative, against: base) == expected, "\(relative) against \(base)")
            if expected != nil { resolved += 1 }
        }
        #expect(resolved > 2_000)
    }

    /// `dropPrefix` answers from the bytes when they settle it, and as `hasPrefix` and `dropFirst`
    /// otherwise: combining marks after the prefix, canonically equal spellings and CR LF included.
    @Test func dropPrefixMatchesTheCharacterForm() {
        var generator = SeededGenerator(seed: 0xD209)
        let pieces = ["catalog", "/", "agents", "a", "e", "\u{301}", "\u{E9}", "\r", "\n", "\u{212A}", "K", "x.yaml", ""]
        func text(_ most: Int) -> String {
            (0..<Int.random(in: 0...most, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
        }
        var kept = 0
        for _ in 0..<20_000 {
            let whole = text(6), prefix = text(3)
            let expected = whole.hasPrefix(prefix) ? String(whole.dropFirst(prefix.count)) : nil
            #expect(whole.dropPrefix(prefix) == expected, "\(Array(whole.unicodeScalars)) \(Array(prefix.unicodeScalars))")
            if expected != nil { kept += 1 }
        }
        #expect(kept > 1_000)
        #expect("catalog/agents/main/x/agent.yaml".dropPrefix("catalog/agents/") == "main/x/agent.yaml")
    }
}

/// The catalog's path tests on bytes answer as the string methods do wherever they are used: ASCII
/// paths, and (through the string methods) paths with combining marks, canonically equivalent
/// characters (the Kelvin sign is a `K`) or other non-ASCII text.
@Suite struct CatalogPathTestsTests {
    static let paths = [
        "catalog/agents/sub/a-sag/agent.yaml", "catalog/agents/sub/a-sag/agent.yaml.bak", "catalog/agents", "catalog/agents/",
        "catalog/skills/s/SKILL.md", "catalog/skillsx/s/SKILL.md", "", "/", "catalog/contracts/x.schema.json",
        "catalog/agents/sub/\u{301}/agent.yaml", "catalog/agents/\u{301}sub/a/agent.yaml", "catalog/agents/sub/é/agent.yaml",
        "catalog/agents/sub/e\u{301}/agent.yaml", "\u{212A}atalog/agents/x/agent.yaml", "catalog/agents/x/agent.yam\u{212A}",
        "catalog/agents/x/\u{600}/agent.yaml", "catalog/agents/x\r\n/agent.yaml", "catalog/routing/a.yml",
    ]
    static let parts = ["catalog/agents/", "/agent.yaml", "catalog/skills/", ".schema.json", ".yml", "Katalog/", "", "catalog/agents"]

    @Test func byteTestsAnswerAsTheStringMethods() {
        for path in Self.paths {
            let tests = PathTests(path, ascii: path.isASCIIText)
            for part in Self.parts {
                #expect(tests.hasPrefix(part) == path.hasPrefix(part), "\(path.debugDescription) hasPrefix \(part)")
                #expect(tests.hasSuffix(part) == path.hasSuffix(part), "\(path.debugDescription) hasSuffix \(part)")
                #expect(tests.dropPrefix(part).map(String.init) == path.dropPrefix(part), "\(path.debugDescription) dropPrefix \(part)")
            }
        }
    }

    @Test func asciiTextIsTestedOnEveryByte() {
        #expect("".isASCIIText)
        #expect("abcdefghijklmnopq/x.yaml".isASCIIText)
        for position in 0..<20 {
            var scalars = Array(repeating: Unicode.Scalar("a"), count: 20)
            scalars[position] = "é"
            #expect(!String(String.UnicodeScalarView(scalars)).isASCIIText, "non-ASCII at \(position)")
        }
        #expect(!"\u{212A}".isASCIIText)
    }
}

/// The lint scope answers on bytes for ASCII paths as the string methods answer for every path.
@Suite struct LintScopeBytesTests {
    /// The scope's test written with the string methods alone.
    static func reference(_ scope: LintScope, _ path: String) -> Bool {
        for prefix in scope.excluded where path.hasPrefix(prefix) { return false }
        for glob in scope.excludeGlobs where glob.matches(path) { return false }
        for glob in scope.includeGlobs where glob.matches(path) { return true }
        if scope.includeRootFiles, !path.utf8.contains(0x2F) { return true }
        for root in scope.roots where root == "/" || path.hasPrefix(root) { return true }
        return false
    }

    @Test func bytesAnswerAsTheStringMethods() {
        let scopes = [
            LintScope.magsagDefault,
            LintScope(roots: ["docs", "\u{212A}atalog"], includeRootFiles: false, excluded: ["docs/private"]),
            LintScope(roots: ["caf\u{E9}"], excluded: ["catalog/_template"]),
            LintScope.everything,
        ]
        let paths = ["catalog/a.yaml", "catalogue/a.yaml", "Katalog/x.md", "\u{212A}atalog/x.md", "docs/private/x.md",
                     "docs/privatex.md", "README.md", "docs\u{301}/x.md", "docs/\u{301}x.md", "cafe\u{301}/x.md", "caf\u{E9}/x.md",
                     "", "catalog", "catalog/", ".github/workflows/ci.yml", "tools/adk/servers/a.yaml", "catalog/_template/a.yaml"]
        for scope in scopes {
            for path in paths {
                #expect(scope.contains(path) == Self.reference(scope, path), "\(scope.roots) \(path.debugDescription)")
            }
        }
    }
}
