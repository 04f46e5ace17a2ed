import ArgumentParser
import MagsagLintCore

/// `magsag-lint uninstall`: remove the hook scripts `install` wrote.
struct UninstallCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "uninstall",
        abstract: "Remove the hooks magsag-lint installed and restore the hooks they chained to.",
        discussion: "Only scripts carrying magsag-lint's marker line are removed; other hooks are left alone.")

    @OptionGroup var hooks: HookSelection

    func run() throws {
        let installer = try HookInstaller.forRepository(containing: hooks.repository)
        for change in try installer.uninstall(hooks.kinds) { print(change.description) }
    }
}
