import ArgumentParser
import Foundation
import MagsagLintCore
import MagsagLintRules
import MagsagSource

/// Options shared by commands that report diagnostics.
struct OutputOptions: ParsableArguments {
    @Option(name: .long, help: "Output format: human, concise, json, sarif or github.")
    var format: OutputFormat = .human

    @Option(name: .long, help: "Lowest severity that makes the run fail: error, warning or info.")
    var failLevel: SeverityArgument = .error
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case human, concise, json, sarif, github
    var reportFormat: ReportFormat { ReportFormat(rawValue: rawValue) ?? .human }
}

enum SeverityArgument: String, ExpressibleByArgument, CaseIterable {
    case error, warning, info
    var severity: Severity { Severity(rawValue: rawValue) ?? .error }
}

/// `magsag-lint check`: lint the repository (or what changed) and report.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Lint the repository's catalog, docs and plans (the work tree by default).")

    @Argument(help: "Repository (or folder) to lint, then optional paths inside it to restrict the run.")
    var paths: [String] = []

    @Flag(name: .long, help: "Lint the staged blobs of the index (what the next commit will contain).")
    var staged = false

    @Option(name: .long, help: "Lint every file of a commit (sha, branch, tag, HEAD~2...).")
    var rev: String?

    @Option(name: .long, help: "Lint files changed between merge-base(REV, HEAD) and HEAD.")
    var since: String?

    @Option(name: .long, help: "Lint files changed in a revision range A..B (or A...B).")
    var range: String?

    @Option(name: .long, help: "Skip files larger than this many bytes (reported as file-too-large).")
    var maxFileSize: Int = 2 << 20

    @Flag(name: .long, help: "Lint every file of the repository, not only the MAGSAG roots.")
    var all = false

    @OptionGroup var output: OutputOptions

    func validate() throws {
        let modes = [staged, rev != nil, since != nil, range != nil].filter { $0 }.count
        if modes > 1 { throw ValidationError("--staged, --rev, --since and --range are mutually exclusive") }
        if maxFileSize <= 0 { throw ValidationError("--max-file-size must be positive") }
    }

    func run() throws {
        let (root, restrict) = try splitRoot()
        let mode: FileSourceMode
        if staged { mode = .staged }
        else if let rev { mode = .revision(rev) }
        else if let since { mode = .since(since) }
        else if let range { mode = .range(range) }
        else { mode = .workTree }
        let source = FileSource(root: root, mode: mode, scope: all ? .everything : .magsagDefault,
                                maxFileSize: maxFileSize, paths: restrict)
        let fileSet = try source.load()
        for note in fileSet.notes { Terminal.printError("note: \(note)") }
        let result = Linter(rules: BuiltInRules.all).lint(fileSet)
        try Report.emit(result.diagnostics, index: result.index, filesChecked: result.filesChecked, output: output)
    }

    /// A first argument that is a folder names the repository (or folder) to lint; the remaining
    /// arguments restrict the run to paths inside it. In work-tree mode every path must exist.
    private func splitRoot() throws -> (String, [String]) {
        guard let first = paths.first else { return (".", []) }
        var isDirectory: ObjCBool = false
        let firstIsFolder = FileManager.default.fileExists(atPath: first, isDirectory: &isDirectory) && isDirectory.boolValue
        let root = firstIsFolder ? first : "."
        let rest = firstIsFolder ? Array(paths.dropFirst()) : paths
        let workTree = !staged && rev == nil && since == nil && range == nil
        for path in rest where path.hasPrefix("/") || (workTree && !FileManager.default.fileExists(atPath: root + "/" + path)) {
            throw LintError(code: "usage", message: "no such file or folder: \(path)")
        }
        return (root, rest.map { $0.hasPrefix("./") ? String($0.dropFirst(2)) : $0 })
    }
}

/// Rendering and exit status, shared by commands.
enum Report {
    static func emit(_ diagnostics: [Diagnostic], index: RepositoryIndex?, filesChecked: Int, output: OutputOptions) throws {
        let context = ReportContext(
            toolVersion: MagsagLint.version, rules: BuiltInRules.descriptions,
            sources: { path in index?.documents[path]?.file },
            color: output.format == .human && Terminal.useColor(), filesChecked: filesChecked)
        let reporter = Reporters.reporter(for: output.format.reportFormat)
        Terminal.write(reporter.render(diagnostics, context: context))
        if diagnostics.contains(where: { $0.severity >= output.failLevel.severity }) {
            throw ExitCode(ExitStatus.findings)
        }
    }
}
