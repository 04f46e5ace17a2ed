import ArgumentParser
import Foundation
import MagsagLintCore
import MagsagLintRules

/// `magsag-lint generate-docs`: regenerate `docs/rules/` and the configuration schema (maintainers).
struct GenerateDocsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate-docs", abstract: "Regenerate docs/rules/*.md and docs/magsag-lint.schema.json.", shouldDisplay: false)

    @Argument(help: "The repository root.")
    var root: String = "."

    func run() throws {
        for (path, content) in BuiltInRules.generatedDocs() {
            let url = URL(fileURLWithPath: root).appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try content.write(to: url, atomically: true, encoding: .utf8)
        }
        print("generated \(BuiltInRules.descriptions.count) rule pages and the configuration schema")
    }
}
