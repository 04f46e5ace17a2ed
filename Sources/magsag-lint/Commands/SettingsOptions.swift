import ArgumentParser
import Foundation
import MagsagLintCore
import MagsagLintRules
import MagsagSource

/// Configuration, fail level and baseline options shared by `check` and the hooks.
struct SettingsOptions: ParsableArguments {
    @Option(name: .long, help: "Configuration file (default: .magsag-lint.yaml at the repository root, when present).")
    var config: String?

    @Option(name: [.long, .customLong("fail-on")], help: "Lowest severity that makes the run fail: error, warning or info (default from the configuration, else error); --fail-on is the same.")
    var failLevel: SeverityArgument?

    @Flag(name: .long, help: "Warnings fail the run too.")
    var strict = false

    @Option(name: .long, help: "The date rules compare against, YYYY-MM-DD (default: today in UTC).")
    var today: String?

    @Option(name: .long, help: "Report only findings not recorded in this baseline file.")
    var baseline: String?

    @Option(name: .long, help: "Record the current findings in this baseline file and exit 0.")
    var writeBaseline: String?

    @Flag(name: .long, help: "Fail when a baseline entry matches nothing any more.")
    var strictBaseline = false

    @Flag(name: .long, help: "Neither read nor write the result cache (.git/magsag-lint); every rule runs.")
    var noCache = false

    func validate() throws {
        if let today, LintSettings.daysSinceEpoch(today) == nil { throw ValidationError("--today must be a date written YYYY-MM-DD") }
        if strictBaseline, baseline == nil { throw ValidationError("--strict-baseline needs --baseline FILE") }
    }

    /// The effective configuration and the problems found in the configuration file (as diagnostics).
    func configuration(root: String) throws -> (Configuration, [Diagnostic]) {
        var (configuration, diagnostics) = try Self.loadConfiguration(root: root, config: config)
        if let today { configuration.today = today }
        if strict { configuration.strict = true }
        if let failLevel { configuration.failLevel = failLevel.severity }
        return (configuration, diagnostics)
    }

    /// The configuration file `config` (else `.magsag-lint.yaml` under `root`, when present) and its
    /// problems as diagnostics; a named file that cannot be read is an error.
    /// The result-cache namespace of a run, or nil with `--no-cache`.
    func cacheNamespace(root: String, configuration: Configuration) -> String? {
        guard !noCache else { return nil }
        let path = config ?? (root as NSString).appendingPathComponent(ConfigurationLoader.fileName)
        return ResultCache.namespace(toolVersion: MagsagLint.version, rules: BuiltInRules.all, configuration: configuration,
                                     configurationFile: FileManager.default.contents(atPath: path).map { Array($0) })
    }

    static func loadConfiguration(root: String, config: String?) throws -> (Configuration, [Diagnostic]) {
        let path = config ?? (root as NSString).appendingPathComponent(ConfigurationLoader.fileName)
        var configuration = Configuration()
        var diagnostics: [Diagnostic] = []
        if let data = FileManager.default.contents(atPath: path) {
            let display = config ?? ConfigurationLoader.fileName
            let (loaded, issues) = ConfigurationLoader(rules: BuiltInRules.descriptions).load(SourceFile(path: display, bytes: Array(data)))
            configuration = loaded
            diagnostics = issues.map {
                Diagnostic(ruleID: InvalidConfigurationRule.id, severity: $0.severity, message: $0.message,
                           primary: Location(path: display, range: $0.range), help: $0.help)
            }
        } else if let config {
            throw LintError(code: "config", message: "cannot read the configuration file \(config)")
        }
        return (configuration, diagnostics)
    }
}
