import ArgumentParser
import MagsagLintCore
import MagsagLintRules

/// `magsag-lint diff-contracts A..B`: every contract change with its classification and consumers.
struct DiffContractsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff-contracts",
        abstract: "Report every contract schema change in a revision range, classified per consumer (input or output).",
        discussion: "Exit 0 when nothing breaks, 1 when a change breaks a consumer, 2 on a usage or repository error.")

    @Argument(help: "A revision range A..B (or A...B from the merge base).")
    var range: String

    @Argument(help: "The repository (default: the current folder).")
    var repository: String = "."

    @Option(name: .long, help: "Output format: human or json.")
    var format: DiffFormat = .human

    enum DiffFormat: String, ExpressibleByArgument { case human, json }

    func run() throws {
        guard range.utf8Contains("..") else { throw ValidationError("give a revision range such as main..HEAD") }
        let (configuration, _) = try SettingsOptions.loadConfiguration(root: repository, config: nil)
        let fileSet = try FileSource(root: repository, mode: .range(range), scope: configuration.scope,
                                     maxFileSize: configuration.maxFileSize).load()
        let index = Linter(rules: [], configuration: configuration).lint(fileSet).index
        try index.requireComplete(for: "diff-contracts")
        let report = ContractDiffReport.of(index)
        Terminal.write(format == .json ? report.json() : report.text())
        if report.hasBreakingChange { throw ExitCode(ExitStatus.findings) }
    }
}
