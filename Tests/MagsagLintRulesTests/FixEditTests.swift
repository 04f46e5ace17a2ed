import MagsagLintCore
@testable import MagsagLintRules
import MagsagSource
import Testing

/// The text edits behind fixes, on layouts the rule examples do not show, and the fix loop itself.
@Suite struct FixEditTests {
    static func apply(_ edits: [Fix.Edit], to text: String) -> String {
        var bytes = Array(text.utf8)
        for edit in edits.sorted(by: { $0.startOffset > $1.startOffset }) {
            bytes.replaceSubrange(edit.startOffset..<edit.endOffset, with: Array(edit.replacement.utf8))
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func yaml(_ text: String) -> (SourceFile, SourceValue?) {
        let file = SourceFile(path: "catalog/x.yaml", text: text)
        return (file, YAMLLoader.load(file).documents.first)
    }

    @Test func scalarsAreQuotedOnlyWhenPlainWouldReadBackDifferently() {
        #expect(TextEdit.yamlScalar("design-notes") == "design-notes")
        #expect(TextEdit.yamlScalar("2026-11-25") == "2026-11-25")
        #expect(TextEdit.yamlScalar("Ship it (phase 2)") == "Ship it (phase 2)")
        for text in ["2025", "yes", "null", "Design: notes", "a #b", "[x]", "-x", "", "1e3", "It's", "ends:"] {
            #expect(TextEdit.yamlScalar(text).hasPrefix("'"), "\(text) must be quoted")
        }
        #expect(TextEdit.yamlScalar("It's") == "'It''s'")
    }

    @Test func lineEndingsAreDetected() {
        #expect(TextEdit.lineEnding(of: Array("a\r\nb\n".utf8)) == "\r\n")
        #expect(TextEdit.lineEnding(of: Array("a\nb\r\n".utf8)) == "\n")
        #expect(TextEdit.lineEnding(of: Array("a\rb".utf8)) == "\r")
        #expect(TextEdit.lineEnding(of: Array("a".utf8)) == "\n")
    }

    @Test func sequenceItemsAreRemovedWithTheirSeparator() throws {
        let cases: [(String, [String], Int, String?)] = [
            ("k: [a, b, a]\n", ["k"], 2, "k: [a, b]\n"),
            ("k: [a, a, b]\n", ["k"], 0, "k: [a, b]\n"),
            ("k:\n  - a\n  - b  # note\n  - c\n", ["k"], 1, "k:\n  - a\n  - c\n"),
            ("k:\r\n- a\r\n- b\r\n", ["k"], 1, "k:\r\n- a\r\n"),
            ("k:\n  - a\n  - b", ["k"], 1, "k:\n  - a\n"),
            ("k: [a]\n", ["k"], 0, nil),
            ("k:\n  - a\n  - \"b\n    c\"\n", ["k"], 1, nil),
            ("k:\n  - - a\n    - a\n", ["k", "0"], 0, nil),
            ("k:\n  - - a\n    - a\n", ["k", "0"], 1, "k:\n  - - a\n"),
        ]
        for (text, path, index, expected) in cases {
            let (file, root) = Self.yaml(text)
            let list = try #require(root?.value(at: JSONPointer(tokens: path)))
            let edit = TextEdit.removeItem(index, of: list, in: file)
            #expect(edit.map { Self.apply([$0], to: text) } == expected, "\(text.debugDescription) item \(index)")
        }
    }

    @Test func jsonArraysKeepTheirLayout() throws {
        let text = "{\"enum\": [\n  \"a\",\n  \"b\",\n  \"a\"\n]}\n"
        let file = SourceFile(path: "catalog/contracts/a.schema.json", text: text)
        let list = try #require(JSONParser.parse(file).value?["enum"])
        let edit = try #require(TextEdit.removeItem(2, of: list, in: file))
        #expect(Self.apply([edit], to: text) == "{\"enum\": [\n  \"a\",\n  \"b\"\n]}\n")
    }

    @Test func emptyFrontMatterValuesAreFilledInPlace() throws {
        for (line, expected) in [("slug:", "slug: guide-one"), ("slug: ~", "slug: guide-one"), ("slug:  # later", "slug: guide-one # later"),
                                 ("slug: null   # later", "slug: guide-one   # later")] {
            let text = "---\n\(line)\ntitle: T\n---\n# T\n"
            let document = LintDocument(file: SourceFile(path: "docs/guide-one.md", text: text))
            let edits = try #require(FrontMatterEdit.setFields([("slug", "guide-one")], in: document))
            #expect(Self.apply(edits, to: text) == "---\n\(expected)\ntitle: T\n---\n# T\n")
        }
        let odd = LintDocument(file: SourceFile(path: "docs/a.md", text: "---\nslug: !!null\n---\n"))
        #expect(FrontMatterEdit.setFields([("slug", "abc")], in: odd) == nil, "an unusual spelling is left alone")
        let flow = LintDocument(file: SourceFile(path: "docs/a.md", text: "---\n{title: T}\n---\n"))
        #expect(FrontMatterEdit.setFields([("slug", "abc")], in: flow) == nil, "a flow mapping is left alone")
        let unterminated = LintDocument(file: SourceFile(path: "docs/a.md", text: "---\ntitle: T\n"))
        #expect(FrontMatterEdit.setFields([("slug", "abc")], in: unterminated) == nil)
    }

    @Test func nonASCIITagsAndFileNamesGetNoMangledFix() throws {
        let document = LintDocument(file: SourceFile(path: "docs/Über.md", text: "---\ntags: [Ünïcode, Plans]\n---\n# Über\n"))
        let object = try #require(FrontMatterFields.object(of: document))
        let repairs = FrontMatterFields.problems(in: object).map { $0.repair == nil }
        #expect(repairs == [true, false])
        let fields = FrontMatterDerivation.fields(for: ["slug", "title"], in: document, settings: LintSettings())
        #expect(fields.map(\.key) == ["title"])
        for name in ["catalog/skills/s/SKILL.md", "docs/index.md", "docs/guides/README.md"] {
            let conventional = LintDocument(file: SourceFile(path: name, text: "---\ntitle: T\n---\n# T\n"))
            #expect(FrontMatterDerivation.fields(for: ["slug"], in: conventional, settings: LintSettings()).isEmpty, "\(name)")
        }
    }

    @Test func fixesThatUndoEachOtherDoNotSettle() {
        let fileSet = FileSet.inMemory(["a.yaml": "x\n"])
        let result = FixApplier.fixAll(fileSet, includeUnsafe: false) { set in
            guard let file = set.linted.first else { return [] }
            let next = file.bytes == Array("x\n".utf8) ? "y\n" : "x\n"
            return [Diagnostic(ruleID: "r", severity: .error, message: "m", primary: .file("a.yaml"),
                               fix: Fix(message: "flip", applicability: .safe, edits: [
                                   Fix.Edit(path: "a.yaml", startOffset: 0, endOffset: file.bytes.count, replacement: next),
                               ]))]
        }
        #expect(!result.converged)
        #expect(result.applied == FixApplier.maxRounds)
    }

    @Test func unsafeFixesWaitForUnsafeFixes() {
        let fileSet = FileSet.inMemory(["a.yaml": "x\n"])
        let lint: (FileSet) -> [Diagnostic] = { set in
            guard let file = set.linted.first, file.bytes == Array("x\n".utf8) else { return [] }
            return [Diagnostic(ruleID: "r", severity: .error, message: "m", primary: .file("a.yaml"),
                               fix: Fix(message: "m", applicability: .unsafe, edits: [Fix.Edit(path: "a.yaml", startOffset: 0, endOffset: 1, replacement: "y")]))]
        }
        #expect(FixApplier.fixAll(fileSet, includeUnsafe: false, lint: lint).files.isEmpty)
        #expect(FixApplier.fixAll(fileSet, includeUnsafe: true, lint: lint).files["a.yaml"] == Array("y\n".utf8))
    }

    @Test func optInRulesRunOnlyWhenNamed() {
        let loader = ConfigurationLoader(rules: BuiltInRules.descriptions)
        let named = loader.load(SourceFile(path: ".magsag-lint.yaml", text: "version: 1\nenable: [last-updated-not-bumped]\n")).0
        #expect(named.enabled.contains("last-updated-not-bumped"))
        #expect(Linter(rules: BuiltInRules.all, configuration: named).rules.contains { $0.id == "last-updated-not-bumped" })
        #expect(ConfigurationDump.yaml(named, rules: BuiltInRules.descriptions).contains("enable: ['last-updated-not-bumped']"))
        let category = loader.load(SourceFile(path: ".magsag-lint.yaml", text: "version: 1\nenable: [docs]\n")).0
        #expect(!Linter(rules: BuiltInRules.all, configuration: category).rules.contains { $0.id == "last-updated-not-bumped" })
        #expect(!Linter(rules: BuiltInRules.all).rules.contains { $0.id == "last-updated-not-bumped" })
        #expect(ConfigurationDump.yaml(Configuration(), rules: BuiltInRules.descriptions).contains("  last-updated-not-bumped: off\n"))
    }
}
