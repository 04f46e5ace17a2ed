import ArgumentParser
import MagsagLintCore

/// Options naming the hooks to act on.
struct HookSelection: ParsableArguments {
    @Flag(name: .long, help: "The pre-commit hook (lints the staged files).")
    var preCommit = false

    @Flag(name: .long, help: "The pre-push hook (lints every pushed ref).")
    var prePush = false

    @Option(name: .long, help: "Repository whose hooks to change (default: the current directory).")
    var repository: String = "."

    /// The selected hooks; both when neither flag is given.
    var kinds: [HookKind] {
        let chosen = (preCommit ? [HookKind.preCommit] : []) + (prePush ? [.prePush] : [])
        return chosen.isEmpty ? HookKind.allCases : chosen
    }
}

/// `magsag-lint install`: write the git hook scripts.
struct InstallCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "install",
        abstract: "Install the pre-commit and pre-push hooks in the hooks directory git uses.",
        discussion: """
            core.hooksPath is honoured and linked worktrees share the main repository's hooks. Re-running \
            changes nothing. An existing hook is kept: it is renamed to <hook>.pre-magsag-lint and run first \
            (its failure stops the commit or push); --force replaces it instead. Without --pre-commit or \
            --pre-push, both hooks are installed.
            """)

    @OptionGroup var hooks: HookSelection

    @Flag(name: .long, help: "Replace an existing hook instead of chaining to it.")
    var force = false

    func run() throws {
        let installer = try HookInstaller.forRepository(containing: hooks.repository)
        for change in try installer.install(hooks.kinds, force: force) { print(change.description) }
    }
}
