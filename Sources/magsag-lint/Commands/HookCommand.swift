import ArgumentParser
import Foundation
import MagsagLintCore
import MagsagLintRules
import MagsagGit
#if canImport(Glibc)
import Glibc
#endif

/// `magsag-lint hook <name>`: the checks the installed git hooks run.
struct HookCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hook",
        abstract: "Run the check of a git hook (called by the scripts `magsag-lint install` writes).",
        subcommands: [PreCommitHookCommand.self, PrePushHookCommand.self])
}

/// Options of both hook checks.
struct HookOptions: ParsableArguments {
    @Option(name: .long, help: "Repository to check (default: the current directory, where git runs hooks).")
    var repository: String = "."

    @Option(name: .long, help: "Output format: human, concise, json, sarif or github.")
    var format: OutputFormat = .concise

    @Option(name: .long, help: "Skip files larger than this many bytes (reported as file-too-large); default from the configuration.")
    var maxFileSize: Int?

    @OptionGroup var settings: SettingsOptions

    @Flag(name: .long, help: "Lint every file of the repository, not only the MAGSAG roots.")
    var all = false

    func validate() throws {
        if let maxFileSize, maxFileSize <= 0 { throw ValidationError("--max-file-size must be positive") }
        try settings.validate()
    }

    /// The effective configuration (problems in it are reported by `check`, not by hooks).
    func configuration() throws -> Configuration { try settings.configuration(root: repository).0 }

    func scope(_ configuration: Configuration) -> LintScope { all ? .everything : configuration.scope }

    /// Hooks never apply fixes; they say which findings have one and how to apply them.
    static func fixOffer(_ diagnostics: [Diagnostic], command: String) -> String? {
        let safe = diagnostics.filter { $0.fix?.applicability == .safe }.count
        let unsafe = diagnostics.filter { $0.fix?.applicability == .unsafe }.count
        guard safe + unsafe > 0 else { return nil }
        var parts: [String] = []
        if safe > 0 { parts.append("\(safe) with `\(command) --fix`") }
        if unsafe > 0 { parts.append("\(unsafe) more with `--unsafe-fixes`") }
        return "magsag-lint: fixes are offered, not applied: \(parts.joined(separator: ", ")) "
            + "(`--diff` shows them; they go to the work tree, then `git add`)"
    }

    /// Prints the notes and findings; exits 1 when a finding reaches `configuration`'s fail level (the
    /// configuration the run used: read once per run).
    func emit(_ run: HookRun, configuration: Configuration, fixCommand: String = "magsag-lint check --staged") throws {
        for note in run.notes { Terminal.printError("note: \(note)") }
        Timings.flush()
        let sources = run.sources
        let context = ReportContext(
            toolVersion: MagsagLint.version, rules: BuiltInRules.descriptions, sources: { sources[$0] },
            color: format == .human && Terminal.useColor(), filesChecked: run.filesChecked)
        Terminal.write(Reporters.reporter(for: format.reportFormat).render(run.diagnostics, context: context))
        for summary in run.refSummaries { Terminal.printError("magsag-lint: \(summary)") }
        if let offer = Self.fixOffer(run.diagnostics, command: fixCommand) { Terminal.printError(offer) }
        let failLevel = configuration.effectiveFailLevel
        if run.diagnostics.contains(where: { $0.severity >= failLevel }) {
            Terminal.printError("magsag-lint: fix the findings above, or bypass once with MAGSAG_LINT_SKIP=1")
            throw ExitCode(ExitStatus.findings)
        }
    }
}

/// `magsag-lint hook pre-commit`: lint the staged blobs.
struct PreCommitHookCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pre-commit",
        abstract: "Lint what is staged, read from the index; the work tree and the index are never touched.")

    @OptionGroup var options: HookOptions

    func run() throws {
        let configuration = try options.configuration()
        let run = try HookChecks.preCommit(
            root: options.repository, rules: BuiltInRules.all, scope: options.scope(configuration),
            maxFileSize: options.maxFileSize ?? configuration.maxFileSize, configuration: configuration,
            indexFile: ProcessEnvironment.value("GIT_INDEX_FILE"),
            cacheNamespace: options.settings.cacheNamespace(root: options.repository, configuration: configuration))
        ProcessLifetime.keep(run.snapshots)
        try options.emit(run, configuration: configuration)
    }

}

/// `magsag-lint hook pre-push <remote> [<url>]`: lint every pushed ref.
struct PrePushHookCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pre-push",
        abstract: "Lint every ref being pushed; git passes them on standard input.",
        discussion: """
            Each stdin line is '<local ref> <local sha> <remote ref> <remote sha>'. Deletions are skipped; \
            an existing remote ref is checked over remote..local; a new one from its merge base with the \
            remote's default branch, or in full when none is known.
            """)

    @Argument(help: "Name of the remote (or its URL when pushing to a URL).")
    var remote: String

    @Argument(help: "URL of the remote (unused; git passes it).")
    var url: String?

    @OptionGroup var options: HookOptions

    func run() throws {
        if isatty(0) == 1 {
            throw LintError(code: "usage", message: "the pre-push check reads the pushed refs from standard input, as git sends them; run it from the hook")
        }
        let input = FileHandle.standardInput.readDataToEndOfFile()
        let refs = try PrePushParser.parse(String(decoding: input, as: UTF8.self))
        let configuration = try options.configuration()
        let run = try HookChecks.prePush(
            root: options.repository, remote: remote, refs: refs, rules: BuiltInRules.all,
            scope: options.scope(configuration), maxFileSize: options.maxFileSize ?? configuration.maxFileSize,
            configuration: configuration,
            cacheNamespace: options.settings.cacheNamespace(root: options.repository, configuration: configuration))
        try options.emit(run, configuration: configuration, fixCommand: "magsag-lint check --since @{upstream}")
    }
}
