import Foundation
import MagsagLintCore
import MagsagRunner
import MagsagSource

/// The exec engine as configured in the `runner` section of the configuration file.
enum ExecSettings {
    /// Whether the configuration asks for the exec engine (problems in the section are left to `engine`).
    static func isEnabled(root: String, config: String?) -> Bool {
        let path = config ?? (root as NSString).appendingPathComponent(ConfigurationLoader.fileName)
        guard let data = FileManager.default.contents(atPath: path) else { return false }
        return ExecConfiguration.read(YAMLLoader.load(SourceFile(path: path, bytes: Array(data))).documents.first).0.enabled
    }

    /// The exec engine when `config` (else `.magsag-lint.yaml` under `root`) sets `runner.engine: exec`;
    /// nil otherwise. A `runner` section with problems is a usage error.
    /// The runner is built only when the configuration enables the exec engine (building it compiles every
    /// contract of the catalog).
    static func engine(_ runner: @autoclosure () -> Runner, root: String, config: String?) throws -> ExecEngine? {
        let path = config ?? (root as NSString).appendingPathComponent(ConfigurationLoader.fileName)
        guard let data = FileManager.default.contents(atPath: path) else {
            if config != nil { throw LintError(code: "config", message: "cannot read the configuration file \(path)") }
            return nil
        }
        let document = YAMLLoader.load(SourceFile(path: path, bytes: Array(data))).documents.first
        let (configuration, issues) = ExecConfiguration.read(document)
        if let issue = issues.first {
            throw LintError(code: "config", message: "\(path):\(issue.range.start.line):\(issue.range.start.column): \(issue.message)")
        }
        guard configuration.enabled else { return nil }
        let engine = ExecEngine(runner: runner(), configuration: configuration, root: root)
        for name in engine.unknownImplementations {
            Terminal.printError("warning: runner.implementations.\(name) names no agent or skill of the catalog")
        }
        return engine
    }
}

extension RunCommand {
    /// The exec engine unless `--replay` asks for a replay.
    func execEngine(_ runner: Runner) throws -> ExecEngine? {
        let engine = try ExecSettings.engine(runner, root: directory, config: config)
        return replayOnly ? nil : engine
    }
}

extension CheckCommand {
    /// With `runner.engine: exec` and a work-tree check: the findings only the exec engine produces (replay's
    /// are the rules' business), as diagnostics on linted fixtures, with the configuration's severities.
    func execDiagnostics(_ index: RepositoryIndex, root: String, workTree: Bool, configuration: Configuration) throws -> [Diagnostic] {
        guard workTree, index.overflow == nil, let engine = try ExecSettings.engine(Runner(index), root: root, config: settings.config) else { return [] }
        let replayed = Set(Runner.report(of: index).findings)
        return engine.run().findings.compactMap { finding in
            let path = finding.location.path
            guard !replayed.contains(finding), index.linted.contains(path), !configuration.isDisabled(finding.check.rawValue, path: path) else { return nil }
            var diagnostic = finding.diagnostic
            diagnostic.severity = configuration.severity(of: finding.check.rawValue, path: path, default: finding.severity)
            return diagnostic
        }
    }
}
