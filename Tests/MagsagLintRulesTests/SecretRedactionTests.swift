import MagsagLintCore
import MagsagLintRules
import MagsagSource
import Testing

/// No output format may ever contain a secret in full.
@Suite struct SecretRedactionTests {
    /// One file per known format plus generic assignments, linted with both rules.
    static func fixture() -> (files: [String: String], secrets: [String], result: LintResult) {
        var files: [String: String] = [:]
        var secrets: [String] = []
        for (n, testCase) in SecretFixtures.cases().enumerated() {
            files["config/f\(n).txt"] = "# \(testCase.detector)\n" + testCase.text
            secrets.append(testCase.secret)
        }
        var g = SecretFixtures.Generator(state: 3)
        let generic = g.b62(28)
        let password = "Pw" + g.b62(6) + "!9"
        files["catalog/mcp/servers/s.yaml"] = "env:\n  CLIENT_SECRET: \"\(generic)\"\n  DB_PASSWORD: \(password)\n"
        secrets += [generic, password]
        let result = Linter(rules: [SecretInFileRule.self, GenericSecretRule.self]).lint(FileSet.inMemory(files))
        return (files, secrets, result)
    }

    @Test(arguments: ReportFormat.allCases)
    func reportersNeverPrintSecrets(_ format: ReportFormat) {
        let (files, secrets, result) = Self.fixture()
        #expect(result.diagnostics.count == secrets.count)
        let bySource: [String: SourceFile] = Dictionary(uniqueKeysWithValues: files.map { ($0.key, SourceFile(path: $0.key, text: $0.value)) })
        let rules = [SecretInFileRule.description, GenericSecretRule.description]
        for sources in [false, true] {
            let context = ReportContext(
                toolVersion: "0", rules: rules, sources: { sources ? bySource[$0] : nil }, filesChecked: files.count)
            let output = Reporters.reporter(for: format).render(result.diagnostics, context: context)
            for secret in secrets {
                #expect(!output.contains(secret), "\(format) (sources: \(sources)) prints a secret of \(secret.count) characters")
                // Not even the part after the revealed prefix.
                #expect(!output.contains(String(secret.dropFirst(4))), "\(format) prints the tail of a secret")
            }
        }
    }

    @Test func humanSnippetMasksTheSecretAndKeepsColumns() throws {
        var g = SecretFixtures.Generator(state: 8)
        let secret = "AIza" + g.b64u(35)
        let text = "key: \(secret) # note\n"
        let file = SourceFile(path: "a.yaml", text: text)
        let result = Linter(rules: [SecretInFileRule.self]).lint(FileSet(linted: [file]))
        let context = ReportContext(toolVersion: "0", rules: [SecretInFileRule.description], sources: { $0 == "a.yaml" ? file : nil })
        let output = HumanReporter().render(result.diagnostics, context: context)
        let lines = output.split(separator: "\n").map(String.init)
        #expect(lines.contains("1 | key: AIza" + String(repeating: "*", count: 35) + " # note"), "\(output)")
        #expect(lines.contains("  |      " + String(repeating: "^", count: 39) + " secret"), "\(output)")
    }

    @Test func multiLineRedactionMasksEveryPrintedLine() {
        let diagnostic = Diagnostic(
            ruleID: "r", severity: .error, message: "m",
            primary: Location(path: "a", range: SourceRange(start: SourcePosition(offset: 0, line: 1, column: 1),
                                                            end: SourcePosition(offset: 9, line: 2, column: 3))),
            redactions: [SourceRange(start: SourcePosition(offset: 4, line: 1, column: 5),
                                     end: SourcePosition(offset: 9, line: 2, column: 3))])
        let file = SourceFile(path: "a", text: "abcdefg\nhijk\n")
        let output = HumanReporter().render([diagnostic], context: ReportContext(toolVersion: "0", rules: [], sources: { _ in file }))
        #expect(output.contains("1 | abcd***"))
    }
}
