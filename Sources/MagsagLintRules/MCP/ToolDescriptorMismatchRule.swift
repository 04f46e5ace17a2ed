import MagsagCatalog
import MagsagJSONSchema
import MagsagLintCore
import MagsagSource

/// Reports tool descriptors (`catalog/tools/<package>/<package>.<tool>.json`) whose name, package or
/// schema disagree with their place or with JSON Schema.
public struct ToolDescriptorMismatchRule: RepositoryRule {
    public init() {}

    public static let description = RuleDescription(
        id: "tool-descriptor-mismatch",
        name: "Tool descriptor mismatch",
        category: .mcp,
        defaultSeverity: .error,
        summary: "A tool descriptor's name or package disagrees with its file and folder, or its schema is not a valid JSON Schema",
        rationale: """
            `catalog/tools/<package>/<package>.<tool>.json` describes one tool: `name` is `<package>.<tool>`, \
            `package` the folder, `schema` the JSON Schema of the tool's arguments. Tool lookups go by name and \
            file, so a descriptor whose `name` differs from its file name, or whose `package` differs from its \
            folder, is found under one name and registered under another; a malformed `schema` keyword is read \
            differently by each client. The schema is checked against the 2020-12 metaschema (or the dialect its \
            `$schema` names).
            """,
        fix: "Rename the file or the `name`/`package` so they agree, and correct the schema keyword reported.",
        triggeringExamples: [
            Example("catalog/tools/github/github.list_issues.json", """
                {"name": ↓"github.list_issue", "package": ↓"gh", "schema": {"type": "object", "required": ↓"owner"}}
                """),
        ],
        nonTriggeringExamples: [
            Example("catalog/tools/github/github.list_issues.json", """
                {"name": "github.list_issues", "package": "github", "description": "List issues.",
                 "schema": {"type": "object", "required": ["owner", "repo"], "properties": {"owner": {"type": "string"}}}}
                """),
        ])

    public func check(_ repository: RepositoryIndex, into sink: inout DiagnosticSink) {
        for path in CatalogModel.of(repository, settings: sink.settings).toolDescriptors where repository.linted.contains(path) {
            guard let value = repository.documents[path]?.root, value.objectValue != nil else { continue }
            let root = CatalogField(path: path, value: value)
            let components = path.asciiSplit("/")
            let file = components.last.map(String.init) ?? ""
            let stem = String(file.dropLast(".json".count))
            let folder = components.count >= 2 ? String(components[components.count - 2]) : ""
            if let name = root.child("name"), let text = name.string, text != stem {
                sink.report("tool name '\(text)' differs from its file name '\(file)'", at: name, label: "declared here",
                            help: "rename the file to \(text).json or set name: \(stem)")
            }
            if let package = root.child("package"), let text = package.string, text != folder {
                sink.report("tool package '\(text)' differs from its folder '\(folder)'", at: package, label: "declared here",
                            help: "move the descriptor to tools/\(text)/ or set package: \(folder)")
            }
            guard let schema = root.child("schema"), schema.value.objectValue != nil else { continue }
            let declared = schema.child("$schema")?.string.flatMap(Dialect.init(metaschemaURI:))
            guard let metaschema = InvalidMCPToolSchemaRule.metaschema(declared ?? .draft2020_12) else { continue }
            for error in metaschema.validate(schema.value) {
                sink.report("tool schema: \(error.message)", path: path, range: error.instanceRange,
                            pointer: JSONPointer(tokens: schema.pointer.tokens + error.instanceLocation.tokens),
                            label: "violates `\(error.keyword)`", help: "correct the keyword's value as JSON Schema defines it")
            }
        }
    }
}
