import MagsagLintCore
import MagsagSource
import Testing

/// Found by the adversarial corpus (Tests/MagsagLintCLITests/AdversarialCorpusTests.swift): file
/// names and messages come from the repository, so a name with a newline forged a second concise
/// line and one with an escape sequence drove the terminal. Text formats now print every control
/// character as U+FFFD; the machine formats keep the exact name (escaped by their own syntax).
@Suite struct ReportingRegressionTests {
    static let hostilePath = "catalog/policies/new\nline\u{1B}[31m\u{7}\t\u{85}.yaml"

    static func diagnostic() -> Diagnostic {
        Diagnostic(
            ruleID: "duplicate-key", severity: .error, message: "duplicate key \"a\u{1B}]0;title\u{7}\"",
            primary: Location(path: hostilePath, range: SourceRange(at: SourcePosition(offset: 5, line: 2, column: 1)),
                              label: "second\u{1B}[2J"))
    }

    static func expectPrintable(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let controls = text.unicodeScalars.filter { ($0.value < 0x20 && $0 != "\n") || (0x7F...0x9F).contains($0.value) }
        #expect(controls.isEmpty, "control characters \(controls.map(\.value)) in \(text.debugDescription)",
                sourceLocation: sourceLocation)
    }

    @Test func conciseKeepsOneLinePerDiagnosticAndNoEscapes() {
        let context = ReportContext(toolVersion: "test", rules: [])
        let text = ConciseReporter().render([Self.diagnostic()], context: context)
        #expect(text == "catalog/policies/new\u{FFFD}line\u{FFFD}[31m\u{FFFD}\u{FFFD}\u{FFFD}.yaml:2:1: "
            + "error[duplicate-key]: duplicate key \"a\u{FFFD}]0;title\u{FFFD}\"\n")
        Self.expectPrintable(text)
    }

    @Test func humanPrintsNoControlCharacters() {
        let path = Self.hostilePath
        let file = SourceFile(path: path, text: "a: 1\na: 2\n")
        for sources: @Sendable (String) -> SourceFile? in [{ _ in nil }, { $0 == path ? file : nil }] {
            let context = ReportContext(toolVersion: "test", rules: [], sources: sources, filesChecked: 1)
            let text = HumanReporter().render([Self.diagnostic()], context: context)
            Self.expectPrintable(text)
            #expect(text.contains("new\u{FFFD}line"), "\(text)")
        }
    }

    @Test func machineFormatsKeepTheExactName() {
        let context = ReportContext(toolVersion: "test", rules: [])
        let json = JSONReporter().render([Self.diagnostic()], context: context)
        #expect(json.contains(#"new\nline\u001b[31m"#), "\(json)")
    }
}
