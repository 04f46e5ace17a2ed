import Foundation
import MagsagLintCore
import MagsagRunner
import MagsagSource

extension RunCommand {
    /// The exec engine when `.magsag-lint.yaml` (or `--config`) sets `runner.engine: exec` and `--replay`
    /// does not override it; a `runner` section with problems is a usage error.
    func execEngine(_ runner: Runner) throws -> ExecEngine? {
        let path = config ?? (directory as NSString).appendingPathComponent(ConfigurationLoader.fileName)
        guard let data = FileManager.default.contents(atPath: path) else {
            if config != nil { throw LintError(code: "config", message: "cannot read the configuration file \(path)") }
            return nil
        }
        let document = YAMLLoader.load(SourceFile(path: path, bytes: Array(data))).documents.first
        let (configuration, issues) = ExecConfiguration.read(document)
        if let issue = issues.first {
            throw LintError(code: "config", message: "\(path):\(issue.range.start.line):\(issue.range.start.column): \(issue.message)")
        }
        guard configuration.enabled, !replayOnly else { return nil }
        let engine = ExecEngine(runner: runner, configuration: configuration, root: directory)
        for name in engine.unknownImplementations {
            Terminal.printError("warning: runner.implementations.\(name) names no agent or skill of the catalog")
        }
        return engine
    }
}
