import ArgumentParser
import Foundation
import MagsagLintCore
import MagsagLintRules
import MagsagSource

/// Options shared by commands that report diagnostics.
struct OutputOptions: ParsableArguments {
    @Option(name: .long, help: "Output format: human, concise, json, sarif or github.")
    var format: OutputFormat = .human

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

    @Option(name: .long, help: "Skip files larger than this many bytes (reported as file-too-large); default from the configuration, else 2 MiB.")
    var maxFileSize: Int?

    @Flag(name: .long, help: "Lint every file of the repository, not only the MAGSAG roots.")
    var all = false

    @OptionGroup var settings: SettingsOptions

    @Flag(name: .long, help: "Apply safe fixes to the work tree, then report what remains (never touches the index; with --staged, --since, --range or --rev only files whose work-tree copy is what was linted).")
    var fix = false

    @Flag(name: .long, help: "With --fix or --diff: also apply fixes that may change meaning.")
    var unsafeFixes = false

    @Flag(name: .long, help: "Print the fixes as a unified diff instead of writing them.")
    var diff = false

    @OptionGroup var output: OutputOptions

    func validate() throws {
        let modes = [staged, rev != nil, since != nil, range != nil].filter { $0 }.count
        if modes > 1 { throw ValidationError("--staged, --rev, --since and --range are mutually exclusive") }
        if let maxFileSize, maxFileSize <= 0 { throw ValidationError("--max-file-size must be positive") }
        try settings.validate()
    }

    func run() throws {
        let (root, restrict) = try splitRoot()
        let mode: FileSourceMode
        if staged { mode = .staged }
        else if let rev { mode = .revision(rev) }
        else if let since { mode = .since(since) }
        else if let range { mode = .range(range) }
        else { mode = .workTree }
        let (configuration, configIssues) = try settings.configuration(root: root)
        let source = FileSource(root: root, mode: mode, scope: all ? .everything : configuration.scope,
                                maxFileSize: maxFileSize ?? configuration.maxFileSize, paths: restrict)
        let clock = ContinuousClock()
        let started = clock.now
        // Running implementations (the exec engine) is never answered from the cache.
        let exec = mode == .workTree && ExecSettings.isEnabled(root: root, config: settings.config)
        let namespace = exec ? nil : settings.cacheNamespace(root: root, configuration: configuration)
        // A snapshot seen before is answered from the cache without reading what git vouches for.
        let runCache = fix || diff ? nil : namespace.flatMap { RunCache(source: source, namespace: $0, parameters: []) }
        var result: LintResult
        if let cached = runCache?.lookup() {
            for note in cached.notes { Terminal.printError("note: \(note)") }
            result = cached.result
            if Timings.enabled { Terminal.printError("timings: answered from the run cache in \(clock.now - started)") }
        } else {
            var fileSet = try source.load(reusing: runCache?.repository)
            if fix || diff {
                if try applyFixes(fileSet, configuration: configuration, root: root, workTree: mode == .workTree) { return }
                fileSet = try source.load()
            }
            let loaded = clock.now
            for note in fileSet.notes { Terminal.printError("note: \(note)") }
            var linter = Linter(rules: BuiltInRules.all, configuration: configuration,
                                knownRuleIDs: Set(BuiltInRules.descriptions.map(\.id)))
            linter.cache = ResultCache.forRun(fileSet, namespace: namespace)
            linter.facts = BlobFacts.forRun(fileSet, enabled: namespace != nil)
            linter.releasesParsedBytes = true
            result = linter.lint(fileSet)
            runCache?.store(result, notes: fileSet.notes)
            if Timings.enabled {
                Terminal.printError("timings: read \(loaded - started), parse+lint \(clock.now - loaded), \(fileSet.linted.count) linted + \(fileSet.context.count) context files, \(fileSet.deferred.count) deferred, \(LintDocument.deferredLoads.withLock { $0 }) of them loaded")
                let space = SourceSpace.shared.counts
                Terminal.printError("timings: source space: \(space.files) files parsed into it, \(space.spilled) ranges kept whole")
                Timings.flush()
            }
            let executed = try execDiagnostics(result.index, root: fileSet.root ?? root, workTree: mode == .workTree, configuration: configuration)
            if !executed.isEmpty { result.diagnostics = (result.diagnostics + executed).sorted(by: Diagnostic.ordered) }
        }
        if !result.index.linted.contains(ConfigurationLoader.fileName) || configuration.path != ConfigurationLoader.fileName {
            result.diagnostics = (result.diagnostics + configIssues).sorted(by: Diagnostic.ordered)
        }
        try Report.finish(&result, settings: settings, configuration: configuration, output: output)
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
    /// Apply the baseline options, render, and exit 1 when an active finding reaches the fail level.
    static func finish(_ result: inout LintResult, settings: SettingsOptions, configuration: Configuration, output: OutputOptions) throws {
        if let path = settings.writeBaseline {
            let baseline = Baseline(recording: result.diagnostics)
            do {
                try baseline.serialized().write(toFile: path, atomically: true, encoding: .utf8)
            } catch {
                throw LintError(code: "io", message: "cannot write the baseline \(path)", cause: "\(error)")
            }
            Terminal.printError("note: recorded \(result.diagnostics.count) findings in \(path)")
            result.suppressed += result.diagnostics.map { var d = $0; d.suppression = SuppressionInfo(kind: .baseline); return d }
            result.diagnostics = []
        }
        var stale: [Baseline.Entry] = []
        if let path = settings.baseline {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw LintError(code: "io", message: "cannot read the baseline \(path)")
            }
            let baseline = try Baseline.parse(SourceFile(path: path, bytes: Array(data)))
            let split = baseline.apply(to: result.diagnostics)
            result.diagnostics = split.active
            result.suppressed = (result.suppressed + split.baselined).sorted(by: Diagnostic.ordered)
            stale = split.stale
        }
        let effective = configuration.effectiveFailLevel
        let shown = output.format == .sarif ? (result.diagnostics + result.suppressed).sorted(by: Diagnostic.ordered) : result.diagnostics
        Timings.measure("phase: report") {
            emit(shown, index: result.index, filesChecked: result.filesChecked, format: output.format)
        }
        // The process ends right after this: freeing the parsed snapshot object by object would cost
        // about a tenth of the run on a large repository, for memory the exit returns anyway.
        ProcessLifetime.keep(result.index)
        if SourceFile.changedSinceRead > 0 {
            let count = SourceFile.changedSinceRead
            Terminal.printError("warning: \(count) file\(count == 1 ? "" : "s") changed while being checked: findings in \(count == 1 ? "it" : "them") are placed at line 1; check again")
        }
        if Timings.enabled { Terminal.printError("timings: \(SourceFile.rereads) released files read again") }
        Timings.flush()
        var failed = result.diagnostics.contains { $0.severity >= effective }
        if !stale.isEmpty {
            let total = stale.reduce(0) { $0 + $1.count }
            Terminal.printError("note: \(total) baseline entr\(total == 1 ? "y matches" : "ies match") nothing any more (the debt was paid); shrink the baseline with --write-baseline")
            for entry in stale.prefix(20) { Terminal.printError("  \(entry.path): \(entry.rule): \(entry.message)") }
            if settings.strictBaseline { failed = true }
        }
        if failed { throw ExitCode(ExitStatus.findings) }
    }

    static func emit(_ diagnostics: [Diagnostic], index: RepositoryIndex?, filesChecked: Int, format: OutputFormat) {
        let context = ReportContext(
            toolVersion: MagsagLint.version, rules: BuiltInRules.descriptions,
            sources: { path in index?.documents[path]?.file },
            color: format == .human && Terminal.useColor(), filesChecked: filesChecked)
        let reporter = Reporters.reporter(for: format.reportFormat)
        Terminal.write(reporter.render(diagnostics, context: context))
    }
}
