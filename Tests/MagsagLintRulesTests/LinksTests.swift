import MagsagLintCore
@testable import MagsagLintRules
import MagsagSource
import MagsagTestSupport
import Testing

@Suite struct LinksTests {
    static let linkRules: [any Rule.Type] = [BrokenLinkRule.self, BrokenAnchorRule.self, CaseMismatchLinkRule.self]

    @Test func resolution() {
        #expect(LinkTarget.resolve("https://x.y/a.md", from: "docs/a.md") == .external)
        #expect(LinkTarget.resolve("mailto:a@b.c", from: "docs/a.md") == .external)
        #expect(LinkTarget.resolve("//cdn.example.com/x.png", from: "docs/a.md") == .external)
        #expect(LinkTarget.resolve("", from: "docs/a.md") == .ignored)
        #expect(LinkTarget.resolve("#Intro", from: "docs/a.md") == .sameDocument(fragment: "Intro"))
        #expect(LinkTarget.resolve("../x/./y.md?raw=1#L3", from: "docs/a/b.md") == .path("docs/x/y.md", fragment: "L3", isDirectory: false))
        #expect(LinkTarget.resolve("/AGENTS.md", from: "docs/a/b.md") == .path("AGENTS.md", fragment: nil, isDirectory: false))
        #expect(LinkTarget.resolve("my%20file.md", from: "docs/a.md") == .path("docs/my file.md", fragment: nil, isDirectory: false))
        #expect(LinkTarget.resolve("caf%C3%A9.md#%C3%A9t%C3%A9", from: "a.md") == .path("café.md", fragment: "été", isDirectory: false))
        #expect(LinkTarget.resolve("sub/", from: "docs/a.md") == .path("docs/sub", fragment: nil, isDirectory: true))
        #expect(LinkTarget.resolve("../../x.md", from: "docs/a.md") == .outsideRepository)
        #expect(LinkTarget.resolve("<slug>.md", from: "docs/a.md") == .ignored)
        #expect(LinkTarget.resolve("C:/x.md", from: "docs/a.md") == .path("docs/C:/x.md", fragment: nil, isDirectory: false))
    }

    /// The byte-level scheme test agrees with RFC 3986's grammar read scalar by scalar, on fixed and
    /// random destinations (letters, digits, `+-.`, colons, slashes, non-ASCII letters).
    @Test func schemeDetectionMatchesTheGrammar() {
        func reference(_ text: String) -> Bool {
            let scalars = Array(text.unicodeScalars)
            guard let colon = scalars.firstIndex(of: ":"), colon >= 2 else { return false }
            let letter: (Unicode.Scalar) -> Bool = { ("a"..."z").contains($0) || ("A"..."Z").contains($0) }
            return letter(scalars[0]) && scalars[..<colon].allSatisfy { letter($0) || ("0"..."9").contains($0) || "+-.".unicodeScalars.contains($0) }
        }
        for text in ["https://x", "mailto:a@b", "C:/x.md", "a+b.c-d:x", "1ab:x", "ab", "é:x", "aé:x", "ab:", ":ab", "a:b:c", "docs/x:y"] {
            #expect(LinkTarget.hasScheme(text) == reference(text), "\(text)")
        }
        var generator = SeededGenerator(seed: 0x5C4E_3E)
        let alphabet: [Character] = ["a", "Z", "0", "+", "-", ".", ":", "/", "é", "ж", "_", " "]
        for _ in 0..<2_000 {
            let text = String((0..<Int.random(in: 0...8, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! })
            #expect(LinkTarget.hasScheme(text) == reference(text), "\(text)")
        }
    }

    /// Placeholders are destinations with `<`, `>`, `{`, `}`, `*` or three dots in a row.
    @Test func placeholdersMatchTheirDefinition() {
        func reference(_ text: String) -> Bool { text.contains { "<>{}*".contains($0) } || text.contains("...") }
        var generator = SeededGenerator(seed: 0x91_AC)
        let alphabet: [Character] = [".", ".", "a", "/", "<", "}", "*", "é", "-"]
        for _ in 0..<2_000 {
            let text = String((0..<Int.random(in: 0...7, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! })
            #expect(LinkTarget.isPlaceholder(text) == reference(text), "\(text)")
        }
        #expect(LinkTarget.isPlaceholder("docs/.../x.md") && !LinkTarget.isPlaceholder("../../x.md") && !LinkTarget.isPlaceholder(".. ./x"))
    }

    /// Link paths resolve by segment arithmetic: the document's folder, then `relative`'s segments with
    /// `.` dropped and `..` taking one off (nil past the root); empty segments dropped.
    @Test func normalizationIsSegmentArithmetic() {
        func reference(_ document: String?, _ relative: String) -> String? {
            var segments = document.map { $0.split(separator: "/", omittingEmptySubsequences: true).dropLast().map(String.init) } ?? []
            for segment in relative.split(separator: "/", omittingEmptySubsequences: true) {
                if segment == "." { continue }
                if segment == ".." {
                    if segments.isEmpty { return nil }
                    segments.removeLast()
                } else {
                    segments.append(String(segment))
                }
            }
            return segments.joined(separator: "/")
        }
        #expect(LinkTarget.normalize(from: "docs/guide/a.md", relative: "../b.md#x") == "docs/b.md#x")
        #expect(LinkTarget.normalize(from: "a.md", relative: "../b.md") == nil)
        #expect(LinkTarget.normalize(from: nil, relative: "./x//y/../z/") == "x/z")
        var generator = SeededGenerator(seed: 0x11_4E)
        let parts = ["a", "bb", ".", "..", "", "é", "x y", "...", ".md"]
        for _ in 0..<3_000 {
            let make = { (count: Int) in (0..<count).map { _ in parts.randomElement(using: &generator)! }.joined(separator: "/") }
            let document = Bool.random(using: &generator) ? nil : make(Int.random(in: 1...4, using: &generator))
            let relative = make(Int.random(in: 0...6, using: &generator))
            #expect(LinkTarget.normalize(from: document, relative: relative) == reference(document, relative),
                    "\(document ?? "nil") + \(relative)")
        }
    }

    @Test func linksInCodeAreNotLinks() {
        let text = "```markdown\n[a](missing.md)\n```\n\n    [b](missing.md)\n\n`[c](missing.md)` <!-- [d](missing.md) -->\n"
        #expect(DocsLint.run(Self.linkRules, ["docs/a.md": text]).isEmpty)
    }

    @Test func targetsComeFromTheLintedSnapshotOnly() {
        // The file exists on disk (work tree) but not in the snapshot being linted (e.g. the index).
        let staged = FileSet(linted: [SourceFile(path: "docs/a.md", text: "[new](new.md)\n")])
        let result = Linter(rules: Self.linkRules).lint(staged)
        #expect(DocsLint.places(result.diagnostics) == ["docs/a.md:1:7 broken-link"])
        let worktree = FileSet(linted: [SourceFile(path: "docs/a.md", text: "[new](new.md)\n")], allPaths: ["docs/new.md"])
        #expect(Linter(rules: Self.linkRules).lint(worktree).diagnostics.isEmpty)
    }

    @Test func deletedFilesAreGone() {
        var files = FileSet.inMemory(["docs/a.md": "[x](b.md)\n", "docs/b.md": "# B\n"], linted: ["docs/a.md"])
        files.context = []
        files.allPaths = ["docs/a.md"]
        files.deleted = ["docs/b.md"]
        #expect(DocsLint.places(Linter(rules: Self.linkRules).lint(files).diagnostics) == ["docs/a.md:1:5 broken-link"])
    }

    @Test func referenceLinksAndImages() {
        let text = "See [the guide][g] and ![logo][l].\n\n[g]: guide.md#missing\n[l]: img/logo.png\n"
        let diagnostics = DocsLint.run(Self.linkRules, ["docs/a.md": text, "docs/guide.md": "# Guide\n"], linted: ["docs/a.md"])
        #expect(DocsLint.places(diagnostics) == ["docs/a.md:1:5 broken-anchor", "docs/a.md:1:24 broken-link"])
        #expect(diagnostics.last?.message == "image target `img/logo.png` does not exist")
    }

    @Test func lineAnchorsAreBoundedByTheFile() {
        let files = [
            "docs/a.md": "[1](c.yaml#L3) [2](c.yaml#L1-L3) [3](c.yaml#L4) [4](c.yaml#L0) [5](c.yaml#L2-L9)\n",
            "docs/c.yaml": "a: 1\nb: 2\nc: 3\n",
        ]
        let diagnostics = DocsLint.run([BrokenAnchorRule.self], files, linted: ["docs/a.md"])
        #expect(DocsLint.places(diagnostics) == ["docs/a.md:1:38 broken-anchor", "docs/a.md:1:53 broken-anchor", "docs/a.md:1:68 broken-anchor"])
        #expect(diagnostics.first?.help == "docs/c.yaml has 3 lines")
    }

    @Test func anchorsAreCaseSensitiveAndSuggested() {
        let diagnostics = DocsLint.run([BrokenAnchorRule.self], ["docs/a.md": "# Getting Started\n\n[x](#getting-startd)\n"])
        #expect(diagnostics.first?.help == "did you mean `#getting-started`?")
    }

    @Test func frontMatterSourcesResolve() {
        let text = "---\nsources:\n  - id: R1\n    title: Spec\n    url: spec.md\n    accessed: 2025-01-01\n  - id: R2\n    title: Old\n    url: old.md#intro\n    accessed: 2025-01-01\n---\n# A\n"
        let diagnostics = DocsLint.run(Self.linkRules, ["docs/a.md": text, "docs/spec.md": "# Spec\n"], linted: ["docs/a.md"])
        #expect(DocsLint.places(diagnostics) == ["docs/a.md:9:10 broken-link"])
        #expect(diagnostics.first?.primary.pointer?.description == "/sources/1/url")
    }

    @Test func caseMismatchIsNotAlsoBroken() {
        let diagnostics = DocsLint.run(Self.linkRules, ["docs/a.md": "[x](Guide.md#intro)\n", "docs/guide.md": "# Intro\n"], linted: ["docs/a.md"])
        #expect(DocsLint.places(diagnostics) == ["docs/a.md:1:5 case-mismatch-link"])
    }

    @Test func templatesAreNotChecked() {
        #expect(DocsLint.run(Self.linkRules, ["docs/_templates/plan.md": "[x](../plans/missing.md)\n"]).isEmpty)
    }

    @Test func pathMentions() {
        #expect(PathMention.candidate("catalog/policies/flow.yaml") == "catalog/policies/flow.yaml")
        #expect(PathMention.candidate("/docs/a.md") == "docs/a.md")
        #expect(PathMention.candidate("docs/plans/") == "docs/plans/")
        #expect(PathMention.candidate("../AGENTS.md") == "../AGENTS.md")
        for text in ["a/b", "catalog/<slug>/x.yaml", "docs/*.md", "https://x.io/a.md", ".runs/x/out.json", "x/.work/a.md",
                     "npm run x/y.js", "docs/a/../b.md", "docs//a.md", "v1.2/3.4", "a/b.c.d/e", "@scope/pkg.js", "docs/...",
                     "ops/x.sh --flag", "{root}/a.md", "$HOME/a.md"] {
            #expect(PathMention.candidate(text) == nil, "\(text)")
        }
    }

    @Test func pathMentionsSkipRemovedChangelogSections() {
        let text = "# Changelog\n\n## [Unreleased]\n\n### Removed\n\n- `docs/old.md`\n\n### Changed\n\n- `docs/gone.md`\n"
        let diagnostics = DocsLint.run([MissingPathMentionRule.self], ["CHANGELOG.md": text, "docs/a.md": "# A\n"], linted: ["CHANGELOG.md"])
        #expect(DocsLint.places(diagnostics) == ["CHANGELOG.md:11:4 missing-path-mention"])
    }
}
