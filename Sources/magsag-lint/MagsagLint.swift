import ArgumentParser
import MagsagLintCore

/// The `magsag-lint` command: subcommands only; `check` is the default.
struct MagsagLint: ParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "magsag-lint",
        abstract: "Lint a MAGSAG repository: catalog, contracts, docs and ExecPlans, from the work tree, the index or a revision range.",
        version: version,
        subcommands: [
            CheckCommand.self, ValidateCommand.self, RunCommand.self, GateCommand.self, AuditCommand.self,
            GraphCommand.self, DiffContractsCommand.self, RulesCommand.self, ExplainCommand.self, ConfigCommand.self, InstallCommand.self,
            UninstallCommand.self, HookCommand.self, GenerateDocsCommand.self, BenchSchemaCommand.self,
        ],
        defaultSubcommand: CheckCommand.self)
}

/// Exit statuses: 0 clean, 1 findings at or above the failing severity, 2 usage/config/internal error.
enum ExitStatus {
    static let clean: Int32 = 0
    static let findings: Int32 = 1
    static let failure: Int32 = 2
}
