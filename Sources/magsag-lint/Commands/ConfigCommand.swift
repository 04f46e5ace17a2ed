import ArgumentParser
import Foundation
import MagsagLintCore
import MagsagLintRules

/// `magsag-lint config`: show the effective configuration or its JSON Schema.
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config", abstract: "Print the effective configuration (--dump) or the configuration's JSON Schema (--schema).")

    @Flag(name: .long, help: "Print the effective configuration as YAML.")
    var dump = false

    @Flag(name: .long, help: "Print the JSON Schema of .magsag-lint.yaml.")
    var schema = false

    @Argument(help: "Repository root (default: the current folder).")
    var root: String = "."

    @OptionGroup var settings: SettingsOptions

    func run() throws {
        if schema {
            Terminal.write(ConfigurationSchema.json(rules: BuiltInRules.descriptions))
            return
        }
        let (configuration, issues) = try settings.configuration(root: root)
        for issue in issues {
            Terminal.printError("\(issue.primary.path):\(issue.primary.range.start.line):\(issue.primary.range.start.column): \(issue.severity.rawValue)[\(issue.ruleID)]: \(issue.message)")
        }
        Terminal.write(ConfigurationDump.yaml(configuration, rules: BuiltInRules.descriptions))
        if issues.contains(where: { $0.severity == .error }) { throw ExitCode(ExitStatus.failure) }
    }
}
