import MagsagLintCore
@testable import MagsagLintRules
import MagsagSource
import MagsagTestSupport
import Testing

/// Lints in-memory files with chosen rules (shared by the docs, links, ExecPlan and changelog tests).
enum DocsLint {
    static func run(_ rules: [any Rule.Type], _ files: [String: String], linted: [String]? = nil) -> [Diagnostic] {
        Linter(rules: rules).lint(FileSet.inMemory(files, linted: linted)).diagnostics
    }

    /// `path:line:col rule` for compact expectations.
    static func places(_ diagnostics: [Diagnostic]) -> [String] {
        diagnostics.map { "\($0.primary.path):\($0.primary.range.start.line):\($0.primary.range.start.column) \($0.ruleID)" }
    }
}

@Suite struct DocsTests {
    static let valid = """
        ---
        title: Guide
        slug: guide
        status: living
        last_updated: 2024-02-29
        last_synced: '2024-02-29'
        tags: [governance]
        summary: A guide.
        description: A guide to the repository.
        ---
        # Guide

        """

    /// The byte-counted lengths and line-break test of front-matter texts agree with Swift's Characters.
    @Test func characterCountsAndLineBreaksAgreeWithCharacters() {
        let texts = ["", "a", "plain title", "two\r\nlines", "\r\n\r\n", "\n\r", "cr\r", "tab\tvt\u{0B}ff\u{0C}",
                     "café", "e\u{301}", "👩‍👩‍👧", "nel\u{85}", "line\u{2028}sep", "para\u{2029}", "mixed é\r\n", "\u{301}\n"]
        var generator = SeededGenerator(seed: 0xC4A8)
        let pieces = ["a", " ", "\r", "\n", "\r\n", "é", "e\u{301}", "\u{2028}", "\u{0B}", "-"]
        let random = (0..<400).map { _ in (0..<Int.random(in: 0...12, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined() }
        for text in texts + random {
            #expect(text.characterCount == text.count, "\(Array(text.unicodeScalars))")
            #expect(text.containsNewline == text.contains(where: \.isNewline), "\(Array(text.unicodeScalars))")
        }
    }

    /// The walk of the lines outside code fences, which makes strings only of the lines it must, gives
    /// the lines the definition does (every line read as text), filtered or not.
    @Test func filteredLinesOutsideFencesAgreeWithTheFullWalk() {
        var generator = SeededGenerator(seed: 0xFE_9C)
        let pieces = ["```", "~~~", "````", "   ```swift", "    ```", "\t```", "\u{3000}```", "text README.md", "é ~~~", "",
                      "  ", "`inline`", "~", "\r", "plain line", "```  ", "- item README.md", "\u{A0}~~~"]
        for _ in 0..<300 {
            let lines = (0..<Int.random(in: 0...14, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }
            let text = lines.joined(separator: Bool.random(using: &generator) ? "\n" : "\r\n")
            let file = SourceFile(path: "a.md", text: text)
            // The definition, line by line as text.
            var full: [(line: Int, text: String)] = []
            var fence: String?
            for line in 1...max(1, file.lineIndex.lineCount) {
                guard let text = file.lineIndex.lineText(line) else { continue }
                if let open = fence {
                    if text.trimmingBlanks().hasPrefix(open) { fence = nil }
                    continue
                }
                if let marker = MarkdownLines.fenceMarker(text) {
                    fence = marker
                    continue
                }
                full.append((line, text))
            }
            let all = MarkdownLines.linesOutsideFences(of: file)
            #expect(all.map(\.line) == full.map(\.line) && all.map(\.text) == full.map(\.text), "\(text.debugDescription)")
            let naming = MarkdownLines.linesOutsideFences(of: file) { ByteSearch.offset(of: Array("README".utf8), in: $0) != nil }
            let expected = full.filter { $0.text.contains("README") }
            #expect(naming.map(\.line) == expected.map(\.line), "\(text.debugDescription)")
        }
    }

    @Test func calendarDates() {
        #expect(CalendarDate.parse("2024-02-29") != nil)
        #expect(CalendarDate.parse("2025-02-29") == nil)
        #expect(CalendarDate.parse("1900-02-29") == nil)
        #expect(CalendarDate.parse("2000-02-29") != nil)
        #expect(CalendarDate.parse("2025-04-31") == nil)
        #expect(CalendarDate.parse("2025-1-01") == nil)
        #expect(CalendarDate.parse("2025-01-01T00:00:00Z") == nil)
        #expect(CalendarDate.parse("２０２５-01-01") == nil)
        #expect(CalendarDate(year: 1970, month: 1, day: 1).dayNumber == 0)
        for day in [-800_000, -1, 0, 59, 365, 11_016, 20_000, 2_932_896] {
            #expect(CalendarDate(dayNumber: day).dayNumber == day)
        }
        #expect(CalendarDate(dayNumber: 20_417).description == "2025-11-25")
    }

    @Test func todayIsADate() {
        let today = DocsToday.current(LintSettings())
        #expect(today.year >= 2024)
        #expect(CalendarDate.parse(today.description) == today)
    }

    /// The byte-level test answers as the general one for every path (case, roots, templates, Unicode).
    @Test func frontMatterScopeOnBytesAgreesWithTheGeneralTest() {
        var custom = Configuration.Roots()
        custom.catalog = "cat/"
        custom.docs = "documentation"
        let folders = ["", "catalog/", "catalogue/", "catalog/agents/x/", "docs/", "docs2/", "doc/", "documentation/",
                       "cat/", "catalog/_templates/", "docs/x/_template/", "_templates/", "a/_template/b/", "docs/_templated/",
                       "Docs/", "catalog/ü/", "tools/"]
        let names = ["a.md", "A.MD", "b.Markdown", "c.mdx", "README.md", "x_template.md", "ü.md", "\u{212A}.md", "e.M\u{212A}",
                     ".md", "md", "f.markdown", "g.md/", "h.txt", "_x.md", "i.\u{0130}md", "j.mar\u{212A}down"]
        for roots in [Configuration.Roots(), custom] {
            for folder in folders {
                for name in names {
                    let path = folder + name
                    #expect(FrontMatterScope.isChecked(path, roots: roots) == FrontMatterScope.isCheckedInGeneral(path, roots: roots),
                            "\(path) with roots \(roots.catalog), \(roots.docs)")
                }
            }
        }
    }

    @Test func scopeOfFrontMatter() {
        #expect(FrontMatterScope.requiresFrontMatter("docs/a.md"))
        #expect(FrontMatterScope.requiresFrontMatter("catalog/skills/x/SKILL.md"))
        #expect(FrontMatterScope.requiresFrontMatter("AGENTS.md"))
        #expect(!FrontMatterScope.requiresFrontMatter("README.md"))
        #expect(!FrontMatterScope.requiresFrontMatter("docs/readme.md"))
        #expect(!FrontMatterScope.requiresFrontMatter("CHANGELOG.md"))
        #expect(!FrontMatterScope.requiresFrontMatter("LICENSE.md"))
        #expect(!FrontMatterScope.requiresFrontMatter("docs/_templates/execplan.md"))
        #expect(!FrontMatterScope.requiresFrontMatter("Tests/fixtures/a.md"))
        #expect(!FrontMatterScope.requiresFrontMatter("docs/a.yaml"))
        #expect(FrontMatterScope.isChecked("catalog/agents/main/x/README.md"))
        #expect(FrontMatterScope.isTemplate("catalog/agents/_template/README.md"))
        #expect(!FrontMatterScope.isTemplate("docs/_templates"))
        // The byte search finds exactly the folder segments (not the file name) named like a template folder.
        var generator = SeededGenerator(seed: 0x7E_3A)
        let parts = ["_template", "_templates", "x_template", "_template.md", "", "docs", "a\u{301}", "\u{301}"]
        for _ in 0..<3_000 {
            let path = (0..<Int.random(in: 1...4, using: &generator)).map { _ in parts.randomElement(using: &generator)! }.joined(separator: "/")
            let reference = path.asciiSplit("/").dropLast()
                .contains { FrontMatterScope.templateFolders.contains(String($0)) }
            #expect(FrontMatterScope.isTemplate(path) == reference, "\(path)")
        }
        // Which files are checked at all: Markdown at the root or under the docs or catalog root, outside
        // template folders, whatever order the tests are made in.
        let names = ["docs", "catalog", "_template", "_templates", "x_y", "a.md", "B.MD", "c.markdown", "d.yaml", "docs2", ""]
        for _ in 0..<3_000 {
            let path = (0..<Int.random(in: 1...4, using: &generator)).map { _ in names.randomElement(using: &generator)! }.joined(separator: "/")
            let lower = path.lowercased()
            let reference = (lower.hasSuffix(".md") || lower.hasSuffix(".markdown")) && !FrontMatterScope.isTemplate(path)
                && (!path.contains("/") || path.hasPrefix("docs/") || path.hasPrefix("catalog/"))
            #expect(FrontMatterScope.isChecked(path) == reference, "\(path)")
        }
    }

    @Test func validDocumentIsClean() {
        let rules: [any Rule.Type] = [
            MissingFrontMatterRule.self, MissingFrontMatterFieldRule.self, InvalidFrontMatterFieldRule.self,
            FutureDateRule.self, DeprecatedDocWithoutReplacementRule.self, DuplicateDocSlugRule.self,
        ]
        #expect(DocsLint.run(rules, ["docs/guide.md": Self.valid]).isEmpty)
    }

    @Test func fieldMessagesNameTheConstraint() {
        let text = "---\ntitle: \(String(repeating: "x", count: 101))\nsummary: \(String(repeating: "y", count: 161))\n"
            + "description: \(String(repeating: "z", count: 241))\ntags: [a, b, c, d, e, f, g, h]\n---\n"
        let messages = DocsLint.run([InvalidFrontMatterFieldRule.self], ["docs/a.md": text]).map(\.message)
        #expect(messages == [
            "`title` must be 1 to 100 characters long, found 101",
            "`summary` must be at most 160 characters long, found 161",
            "`description` must be at most 240 characters long, found 241",
            "`tags` must have 1 to 7 entries, found 8",
        ])
    }

    @Test func missingFieldsAreListedOnce() {
        let diagnostics = DocsLint.run([MissingFrontMatterFieldRule.self], ["docs/a.md": "---\ntitle: A\n---\n"])
        #expect(diagnostics.map(\.message) == [
            "front-matter is missing required fields `slug`, `status`, `last_updated`, `last_synced`, `tags`, `summary`, `description`",
        ])
    }

    @Test func duplicateSlugPointsAtTheOtherDocument() {
        let diagnostics = DocsLint.run([DuplicateDocSlugRule.self], [
            "docs/a.md": "---\nslug: same\n---\n", "docs/b.md": "---\nslug: same\n---\n",
            "docs/_templates/t.md": "---\nslug: same\n---\n",
        ])
        #expect(diagnostics.count == 2)
        #expect(diagnostics.first?.related.first?.path == "docs/b.md")
        #expect(diagnostics.last?.related.first?.path == "docs/a.md")
    }

    @Test func unknownTagSuggestsTheClosestTag() {
        let taxonomy = "# T\n\n## Controlled Vocabulary\n\n| Tag | Meaning |\n|---|---|\n| `plans` | x |\n| `governance` | y |\n\n## Other\n\n| `notatag` | z |\n"
        let diagnostics = DocsLint.run([UnknownTagRule.self], [
            "docs/governance/taxonomy.md": taxonomy, "docs/a.md": "---\ntags: [plan, notatag, governance]\n---\n",
        ], linted: ["docs/a.md"])
        #expect(diagnostics.map(\.message) == [
            "tag \"plan\" is not in the controlled vocabulary", "tag \"notatag\" is not in the controlled vocabulary",
        ])
        #expect(diagnostics.first?.help == "did you mean `plans`?")
    }

    @Test func taxonomyWithoutVocabularyTableIsSilent() {
        let diagnostics = DocsLint.run([UnknownTagRule.self], [
            "docs/governance/taxonomy.md": "# Taxonomy\n\nNo table.\n", "docs/a.md": "---\ntags: [anything]\n---\n",
        ])
        #expect(diagnostics.isEmpty)
    }

    @Test func publishedSchemaMatchesTheSwiftChecks() throws {
        let parsed = JSONParser.parse(SourceFile(path: "schema.json", text: FrontMatterSchema.json))
        #expect(parsed.issues.isEmpty)
        let required = parsed.value?["required"]?.arrayValue?.compactMap(\.stringValue)
        #expect(required == FrontMatterFields.required)
        #expect(parsed.value?["properties"]?["status"]?["enum"]?.arrayValue?.compactMap(\.stringValue) == FrontMatterFields.statuses)
        #expect(parsed.value?["properties"]?["slug"]?["pattern"]?.stringValue == FrontMatterFields.slugPattern)
    }

    @Test func editDistance() {
        #expect(EditDistance.between("kitten", "sitting") == 3)
        #expect(EditDistance.between("", "abc") == 3)
        #expect(EditDistance.closest(to: "govrnance", in: ["plans", "governance"]) == "governance")
        #expect(EditDistance.closest(to: "zzzzzz", in: ["plans"]) == nil)
    }
}
