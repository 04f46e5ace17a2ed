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

    /// The engine sorts rules by the instance their kind's protocol makes, not by casting: each rule
    /// is of exactly the kind a cast would find, and of one kind only.
    @Test(arguments: rules)
    func instanceKindMatchesTheProtocols(_ ruleCase: RuleCase) {
        let rule = ruleCase.rule
        let instance = rule.instance()
        #expect((instance.fileRule != nil) == (rule is any FileRule.Type))
        #expect((instance.repositoryRule != nil) == (rule is any RepositoryRule.Type))
        #expect((instance.suppressionAuditRule != nil) == (rule is any SuppressionAuditRule.Type))
        let kinds = [rule is any FileRule.Type, rule is any RepositoryRule.Type, rule is any SuppressionAuditRule.Type]
        #expect(kinds.filter { $0 }.count == 1, "\(rule.description.id) is of \(kinds.filter { $0 }.count) kinds")
        if let made = instance.fileRule ?? instance.repositoryRule ?? instance.suppressionAuditRule {
            #expect(type(of: made) == rule)
        }
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

    /// Examples that show a fix: `--fix` (safe fixes) and `--fix --unsafe-fixes` turn the files into
    /// exactly the stated text, applying them again changes nothing, and the same holds with CRLF line
    /// endings (the fixed text keeps CRLF).
    @Test(arguments: rules)
    func fixExamplesRoundTripAndAreIdempotent(_ ruleCase: RuleCase) {
        let rule = ruleCase.rule
        for (n, example) in rule.description.triggeringExamples.enumerated() where example.showsFix {
            let expected = example.expectedFixResults
            for crlf in [false, true] {
                func lineEndings(_ files: [String: String]) -> [String: String] {
                    crlf ? files.mapValues { $0.replacing("\n", with: "\r\n") } : files
                }
                var input = example
                input.files = lineEndings(example.files)
                if let base = example.base { input.base = lineEndings(base) }
                for (unsafe, want) in [(false, expected.safe), (true, expected.unsafe)] {
                    let label = "\(rule.id) example \(n)\(unsafe ? " --unsafe-fixes" : "")\(crlf ? " CRLF" : "")"
                    let (after, converged) = ExampleHarness.fix(rule, on: input, includeUnsafe: unsafe)
                    #expect(converged, "\(label): fixes do not settle")
                    for path in want.keys.sorted() {
                        #expect(after[path] == lineEndings(want)[path], "\(label): \(path) after fixing is\n\(after[path] ?? "<none>")")
                    }
                    var again = input
                    again.files = after
                    let (twice, _) = ExampleHarness.fix(rule, on: again, includeUnsafe: unsafe)
                    #expect(twice == after, "\(label): applying the fixes again changes the files")
                }
            }
        }
    }

    /// A rule whose findings carry fixes shows at least one of them in an example (before → after).
    @Test(arguments: rules)
    func fixesHaveExamples(_ ruleCase: RuleCase) {
        let rule = ruleCase.rule
        guard rule.description.fixKinds == nil else { return }
        for (n, example) in rule.description.triggeringExamples.enumerated() {
            let (_, _, diagnostics) = ExampleHarness.run(rule, on: example)
            #expect(!diagnostics.contains { $0.fix != nil }, "\(rule.id) example \(n) offers a fix but no example shows it (add `fixed:`)")
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
