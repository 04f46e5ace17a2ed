import MagsagCatalog
import MagsagLintCore
import MagsagLintRules
import Testing

/// Every example of every rule: triggering examples report exactly at their markers, and
/// non-triggering examples report nothing.
@Suite struct AllRuleExamplesTests {
    static let rules: [RuleCase] = BuiltInRules.all.map(RuleCase.init)

    /// Wraps a rule type so test arguments print the rule id.
    struct RuleCase: CustomTestStringConvertible, Sendable {
        let rule: any Rule.Type
        var testDescription: String { rule.description.id }
    }

    @Test(arguments: rules)
    func triggeringExamplesReportAtMarkers(_ ruleCase: RuleCase) {
        let rule = ruleCase.rule
        for (n, example) in rule.description.triggeringExamples.enumerated() {
            let (reported, markers, diagnostics) = ExampleHarness.run(rule, on: example)
            #expect(!markers.isEmpty, "\(rule.id) triggering example \(n) has no ↓ marker")
            #expect(Set(reported) == markers,
                    "\(rule.id) triggering example \(n): expected \(markers.sorted { $0.description < $1.description }), got \(reported) — \(diagnostics.map(\.message))")
            #expect(reported.count == markers.count, "\(rule.id) example \(n): duplicate findings at one marker")
            for diagnostic in diagnostics {
                #expect(diagnostic.message.first?.isUppercase != true, "\(rule.id): message must start lowercase: \(diagnostic.message)")
                #expect(!diagnostic.message.hasSuffix("."), "\(rule.id): message must not end with a period")
            }
        }
    }

    @Test(arguments: rules)
    func nonTriggeringExamplesAreSilent(_ ruleCase: RuleCase) {
        let rule = ruleCase.rule
        for (n, example) in rule.description.nonTriggeringExamples.enumerated() {
            let (reported, markers, diagnostics) = ExampleHarness.run(rule, on: example)
            #expect(markers.isEmpty, "\(rule.id) non-triggering example \(n) must not contain markers")
            #expect(reported.isEmpty, "\(rule.id) non-triggering example \(n) reported: \(diagnostics.map { "\($0.primary.range.start) \($0.message)" })")
        }
    }

    @Test(arguments: rules)
    func triggeringExamplesSurviveCRLF(_ ruleCase: RuleCase) {
        let rule = ruleCase.rule
        for (n, example) in rule.description.triggeringExamples.enumerated() {
            var crlf = example
            crlf.files = example.files.mapValues { $0.replacing("\n", with: "\r\n") }
            let (reported, markers, _) = ExampleHarness.run(rule, on: crlf)
            #expect(Set(reported) == markers, "\(rule.id) triggering example \(n) with CRLF: expected \(markers), got \(reported)")
        }
    }

    /// A `disable-file` suppression for the rule silences every triggering example written in a file
    /// format that has comments (YAML, Markdown). Parsing and suppression rules are exempt: a file that
    /// does not parse, or a suppression comment, cannot be reliably suppressed by another comment.
    @Test(arguments: rules)
    func triggeringExamplesCanBeSuppressed(_ ruleCase: RuleCase) {
        let rule = ruleCase.rule
        let exempt: Set<RuleCategory> = [.parsing, .suppressions]
        guard !exempt.contains(rule.description.category) else { return }
        for (n, example) in rule.description.triggeringExamples.enumerated() {
            var suppressed = example
            var eligible = true
            for (path, content) in example.files where content.contains(Example.marker) {
                let directive = "magsag-lint: disable-file \(rule.id) -- example variation"
                switch DocumentKind.of(path: path) {
                case .yaml, .other: suppressed.files[path] = content + (content.hasSuffix("\n") ? "" : "\n") + "# \(directive)\n"
                case .markdown: suppressed.files[path] = content + (content.hasSuffix("\n") ? "" : "\n") + "\n<!-- \(directive) -->\n"
                case .json: eligible = false
                }
            }
            guard eligible else { continue }
            let (reported, _, diagnostics) = ExampleHarness.run(rule, on: suppressed)
            #expect(reported.isEmpty, "\(rule.id) triggering example \(n) still reports with a disable-file suppression: \(diagnostics.map(\.message))")
        }
    }
}
