import ArgumentParser
import Foundation
import MagsagGit
import MagsagLintCore
import MagsagLintRules

/// `magsag-lint audit`: the maintainers' health report of ExecPlans, docs and the catalog.
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Report the health of ExecPlans, docs and the catalog, with a score per area and the agent graph.",
        discussion: """
            Lints the work tree with every rule and turns the results into a report: per-plan status and \
            staleness, docs front-matter, tags, orphans and broken links, the catalog's dependencies, unused \
            entries and fixture coverage, and a 0-100 score per area with the findings behind it (see \
            docs/audit.md). HTML is one self-contained file with sortable tables and the agent graph as \
            inline SVG. Exit 0 unless the report cannot be made.
            """)

    @Option(name: .long, help: "Output format: terminal, markdown, json or html.")
    var format: AuditFormat = .terminal

    @Option(name: .long, help: "Write the report to this file instead of standard output.")
    var output: String?

    @Option(name: .long, help: "The date staleness is measured against, YYYY-MM-DD (default: the configuration's, MAGSAG_LINT_TODAY, else today in UTC).")
    var today: String?

    @Option(name: .long, help: "Configuration file (default: .magsag-lint.yaml at the repository root, when present).")
    var config: String?

    @Option(name: .long, help: ArgumentHelp(
        "N: audit the last N commits of HEAD's first-parent history (through libgit2, no checkout) and show the trend. A value that is not a number is read as --history-file (deprecated form).",
        valueName: "N"))
    var history: String?

    @Option(name: .long, help: "A JSON-lines score history: the trend of previous runs is read from it and this run's scores are appended.")
    var historyFile: String?

    @Argument(help: "The repository to audit (default: the current folder).")
    var repository: String = "."

    func validate() throws {
        if let today, LintSettings.daysSinceEpoch(today) == nil { throw ValidationError("--today must be a date written YYYY-MM-DD") }
        if let history, let count = Int(history), count < 1 {
            throw ValidationError("--history takes a number of commits of at least 1")
        }
        if historyFileArgument != nil, historyFile != nil {
            throw ValidationError("--history FILE and --history-file FILE name two history files: use --history-file alone")
        }
    }

    /// `--history N`: the number of commits to walk.
    var historyCount: Int? { history.flatMap { Int($0) } }

    /// `--history FILE` (the form before `--history N` existed): a value that is not a number.
    var historyFileArgument: String? { historyCount == nil ? history : nil }

    func run() throws {
        let history = historyFile ?? historyFileArgument
        let (snapshot, configuration) = try Self.lint(repository, config: config, today: today)
        let trend = try historyCount.map { count in try Self.trend(repository, configuration: configuration, commits: count) }
        var previous: [AuditHistoryEntry] = []
        if let history, let data = FileManager.default.contents(atPath: history) {
            let parsed = AuditHistory.parse(String(decoding: data, as: UTF8.self))
            previous = parsed.entries
            if parsed.skipped > 0 { Terminal.printError("note: skipped \(parsed.skipped) unreadable line(s) of \(history)") }
        }
        var report = AuditBuilder(
            repository: snapshot.index, diagnostics: snapshot.diagnostics, settings: configuration.settings,
            commit: Self.headCommit(repository), history: previous
        ).build()
        report.trend = trend
        let text: String
        switch format {
        case .terminal: text = AuditTerminalRenderer.render(report)
        case .markdown: text = AuditMarkdownRenderer.render(report)
        case .json: text = AuditJSONRenderer.render(report)
        case .html: text = AuditHTMLRenderer.render(report)
        }
        if let output {
            do { try text.write(toFile: output, atomically: true, encoding: .utf8) } catch {
                throw LintError(code: "io", message: "cannot write the report to \(output)", cause: "\(error)")
            }
        } else {
            Terminal.write(text)
        }
        if let history, let current = report.history.last {
            try Self.append(AuditHistory.line(current), to: history)
        }
    }

    /// Lint the work tree of `root` with every rule, as `check` does.
    static func lint(_ root: String, config: String?, today: String?) throws -> (LintResult, Configuration) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw LintError(code: "usage", message: "no such folder: \(root)")
        }
        var (configuration, _) = try SettingsOptions.loadConfiguration(root: root, config: config)
        if let today { configuration.today = today }
        let source = FileSource(root: root, mode: .workTree, scope: configuration.scope, maxFileSize: configuration.maxFileSize)
        let fileSet = try source.load()
        let result = Linter(rules: BuiltInRules.all, configuration: configuration,
                            knownRuleIDs: Set(BuiltInRules.descriptions.map(\.id))).lint(fileSet)
        try result.index.requireComplete(for: "audit")
        return (result, configuration)
    }

    /// HEAD's commit id, when `root` is in a git repository with a commit.
    static func headCommit(_ root: String) -> String? {
        guard let repository = try? Repository.discover(startingAt: root), !repository.isEmpty else { return nil }
        return try? repository.resolve("HEAD")
    }

    /// Append `line` to the history file (created when missing); a last line without its newline gets
    /// one first, so lines never merge.
    static func append(_ line: String, to path: String) throws {
        var text = FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) } ?? ""
        if !text.isEmpty, !text.hasSuffix("\n") { text += "\n" }
        do {
            try (text + line).write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            throw LintError(code: "io", message: "cannot write the history file \(path)", cause: "\(error)")
        }
    }
}

enum AuditFormat: String, ExpressibleByArgument, CaseIterable {
    case terminal, markdown, json, html
}
