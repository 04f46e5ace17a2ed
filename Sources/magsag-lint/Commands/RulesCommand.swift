import ArgumentParser
import MagsagLintCore
import MagsagLintRules

/// `magsag-lint rules`: list every rule.
struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rules", abstract: "List every rule with its category, default severity, fixes and summary.")

    func run() throws {
        let rows = BuiltInRules.descriptions.sorted { $0.id < $1.id }
        let width = rows.map(\.id.count).max() ?? 0
        for rule in rows {
            let id = rule.id.padding(toLength: width)
            let severity = rule.defaultSeverity.rawValue.padding(toLength: 7)
            let category = rule.category.rawValue.padding(toLength: 12)
            let fix = (rule.fixKinds.map { "fix: " + $0 } ?? "").padding(toLength: 17)
            print("\(id)  \(severity)  \(category)  \(fix)  \(rule.summary)\(rule.isOptIn ? " (opt-in)" : "")")
        }
    }
}

/// `magsag-lint explain <id>`: print one rule's documentation.
struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "explain", abstract: "Explain one rule: rationale, how to fix, examples.")

    @Argument(help: "The rule id, e.g. duplicate-key.")
    var id: String

    func run() throws {
        guard let rule = BuiltInRules.rule(id: id) else {
            Terminal.printError("error: unknown rule '\(id)'; run 'magsag-lint rules' for the list")
            throw ExitCode(ExitStatus.failure)
        }
        print(RuleDocumentation.markdown(for: rule.description), terminator: "")
    }
}

extension String {
    func padding(toLength length: Int) -> String {
        count >= length ? self : self + String(repeating: " ", count: length - count)
    }
}
