import MagsagLintCore
import MagsagSource
import Testing

@Suite struct HumanReporterTests {
    func diagnostic(_ file: SourceFile, _ needle: String, severity: Severity = .error, label: String? = nil) -> Diagnostic {
        Diagnostic(ruleID: "some-rule", severity: severity, message: "a problem",
                   primary: Location(path: file.path, range: Fixtures.span(needle, in: file), label: label))
    }

    func render(_ diagnostics: [Diagnostic], _ files: [SourceFile], color: Bool = false, count: Int = 1) -> String {
        let byPath = Dictionary(uniqueKeysWithValues: files.map { ($0.path, $0) })
        let context = ReportContext(toolVersion: "0", rules: [], sources: { byPath[$0] }, color: color, filesChecked: count)
        return HumanReporter().render(diagnostics, context: context)
    }

    @Test func noProblems() {
        #expect(render([], [], count: 3) == "no problems found in 3 files\n")
        #expect(render([], [], count: 1) == "no problems found in 1 file\n")
    }

    /// Long reports render in chunks on all cores: the output must be every diagnostic's own rendering,
    /// in order, whatever the chunk boundaries.
    @Test func longReportsKeepTheirOrder() {
        let lines = (0..<1_300).map { "k\($0): v\($0)" }
        let file = SourceFile(path: "big.yaml", text: lines.joined(separator: "\n") + "\n")
        let diagnostics = (0..<1_300).map { i in
            Diagnostic(ruleID: "some-rule", severity: .warning, message: "problem \(i)",
                       primary: Location(path: file.path, range: Fixtures.span("k\(i):", in: file)))
        }
        let whole = render(diagnostics, [file])
        let oneByOne = diagnostics.map { render([$0], [file]) }
        let expected = oneByOne.map { $0.components(separatedBy: "found 1 warning in 1 file\n")[0] }.joined()
            + "found 1300 warnings in 1 file\n"
        #expect(whole == expected)
    }

    @Test func summaryCountsEverySeverity() {
        let file = SourceFile(path: "a.yaml", text: "a: 1\n")
        let output = render([diagnostic(file, "a"), diagnostic(file, "1", severity: .warning),
                             diagnostic(file, ":", severity: .info), diagnostic(file, "a")], [file])
        #expect(output.hasSuffix("found 2 errors, 1 warning and 1 info in 1 file\n"))
    }

    @Test func caretsCountScalarsNotBytes() {
        let file = SourceFile(path: "a.yaml", text: "k: \"é✓ 😀 target\"\n")
        let lines = render([diagnostic(file, "target")], [file]).split(separator: "\n").map(String.init)
        #expect(lines.contains("1 | k: \"é✓ 😀 target\""))
        #expect(lines.contains("  |          ^^^^^^"))
    }

    @Test func caretsExpandTabsLikeTheSnippet() {
        let file = SourceFile(path: "a.json", text: "{\r\n\t\"key\":\t1\r\n}")
        let lines = render([diagnostic(file, "1", label: "here")], [file]).split(separator: "\n").map(String.init)
        #expect(lines.contains("2 |     \"key\":  1"))
        #expect(lines.contains("  |             ^ here"))
    }

    @Test func emptyAndMultiLineRangesGetAtLeastOneCaret() {
        let file = SourceFile(path: "a.yaml", text: "abc\ndef\n")
        let point = Diagnostic(ruleID: "r", severity: .error, message: "m",
                               primary: Location(path: "a.yaml", range: SourceRange(at: file.position(ofOffset: 1))))
        let multi = Diagnostic(ruleID: "r", severity: .error, message: "m",
                               primary: Location(path: "a.yaml", range: file.range(from: 1, to: 6)))
        #expect(render([point], [file]).contains("  |  ^\n"))
        #expect(render([multi], [file]).contains("  |  ^^\n"))
    }

    @Test func controlCharactersInSnippetsAreNeutralised() {
        let file = SourceFile(path: "a.txt", text: "x\u{1B}[31my\n")
        let output = render([diagnostic(file, "y")], [file])
        #expect(!output.contains("\u{1B}"))
        #expect(output.contains("x\u{FFFD}[31my"))
    }

    @Test func missingSourcePrintsOnlyTheLocation() {
        let diagnostic = Diagnostic(ruleID: "r", severity: .warning, message: "m",
                                    primary: Location.file("gone.md", label: "here"), help: "do this")
        #expect(render([diagnostic], []) == """
            warning[r]: m
             --> gone.md:1:1 (here)
              = help: do this

            found 1 warning in 1 file

            """)
    }

    @Test func gutterWidensForLongLineNumbers() {
        let text = (1...12).map { "k\($0): v" }.joined(separator: "\n")
        let file = SourceFile(path: "a.yaml", text: text)
        let output = render([diagnostic(file, "k12")], [file])
        #expect(output.contains("  --> a.yaml:12:1\n   |\n12 | k12: v\n   | ^^^\n"))
    }

    @Test func colourOnlyWhenAsked() {
        let file = SourceFile(path: "a.yaml", text: "a: 1\n")
        #expect(!render([diagnostic(file, "a")], [file]).contains("\u{1B}"))
        let coloured = render([diagnostic(file, "a"), diagnostic(file, "1", severity: .warning)], [file], color: true)
        #expect(coloured.contains("\u{1B}[1;31merror[some-rule]\u{1B}[0m"))
        #expect(coloured.contains("\u{1B}[1;33mwarning[some-rule]\u{1B}[0m"))
        #expect(coloured.contains("\u{1B}[1;34m"))
    }

    @Test func conciseIsOneLinePerDiagnostic() {
        let file = SourceFile(path: "a.yaml", text: "a: 1\n")
        var multi = diagnostic(file, "1")
        multi.message = "first\nsecond"
        let output = ConciseReporter().render([multi], context: ReportContext(toolVersion: "0", rules: []))
        #expect(output == "a.yaml:1:4: error[some-rule]: first second\n")
    }
}
