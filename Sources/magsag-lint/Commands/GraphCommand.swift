import ArgumentParser
import MagsagCatalog
import MagsagLintCore
import MagsagLintRules

/// `magsag-lint graph`: the MAG → SAG → skill → contract graph of the catalog.
struct GraphCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "graph",
        abstract: "Print the MAG -> SAG -> skill -> contract graph of the catalog as dot, mermaid or json.")

    @Option(name: .long, help: "Output format: dot, mermaid or json.")
    var format: GraphFormat = .dot

    @Option(name: .long, help: "Configuration file (default: .magsag-lint.yaml at the repository root, when present).")
    var config: String?

    @Argument(help: "The repository (default: the current folder).")
    var repository: String = "."

    func run() throws {
        let (root, _) = try SettingsOptions.loadConfiguration(root: repository, config: config)
        let fileSet = try FileSource(root: repository, mode: .workTree, scope: root.scope, maxFileSize: root.maxFileSize).load()
        let index = Linter(rules: [], configuration: root).lint(fileSet).index
        try index.requireComplete(for: "graph")
        let graph = AgentGraph(CatalogModel.of(index, settings: root.settings), repository: index)
        switch format {
        case .dot: Terminal.write(graph.dot)
        case .mermaid: Terminal.write(graph.mermaid)
        case .json: Terminal.write(AuditJSONRenderer.render(graph))
        }
    }
}

enum GraphFormat: String, ExpressibleByArgument, CaseIterable {
    case dot, mermaid, json
}
