import ArgumentParser
import CProcessExit
import MagsagGit
import MagsagLintCore
#if canImport(Glibc)
import Glibc
#endif

// ArgumentParser exits 64 on usage errors; magsag-lint promises 2 for every usage, configuration or
// internal error, so parsing and error mapping are done here.
// Most commands open a repository: libgit2's start-up runs on another core meanwhile.
GitLibrary.startInitializing()
// With `MAGSAG_LINT_TIMINGS` set, steps are timed from here.
Timings.start()
let status: Int32
do {
    // The hooks' plain argument lists are read directly (`HookArguments`); all else by ArgumentParser.
    var command = try HookArguments.command(CommandLine.arguments) ?? MagsagLint.parseAsRoot()
    try command.run()
    status = ExitStatus.clean
} catch let exit as ExitCode {
    status = exit.rawValue
} catch let error as LintError {
    Terminal.printError("error: \(error.description)")
    status = ExitStatus.failure
} catch {
    let message = MagsagLint.message(for: error)
    let code = MagsagLint.exitCode(for: error)
    if code == .success {
        print(MagsagLint.fullMessage(for: error))
        status = ExitStatus.clean
    } else {
        if !message.isEmpty { Terminal.printError("error: " + message) }
        Terminal.printError("Run 'magsag-lint help' for usage.")
        status = ExitStatus.failure
    }
}
// Output flushed, the process ends without waiting for its memory to be released (`CProcessExit`).
magsag_exit_leaving_memory(status)
