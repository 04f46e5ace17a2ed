import MagsagCatalog
import MagsagJSONSchema
import MagsagLintCore
import MagsagSource

/// Reports MCP server tools whose inline `input`/`output` schemas do not conform to the JSON Schema metaschema.
public struct InvalidMCPToolSchemaRule: RepositoryRule {
    public init() {}

    public static let description = RuleDescription(
        id: "invalid-mcp-tool-schema",
        name: "Invalid MCP tool schema",
        category: .mcp,
        defaultSeverity: .error,
        summary: "An MCP server tool's inline `input` or `output` schema does not conform to the JSON Schema metaschema",
        rationale: """
            The `input` and `output` blocks of an MCP server config's `tools` are JSON Schemas written inline, \
            without `$schema`: clients validate tool calls with them and agents learn the tool's shape from \
            them. A malformed keyword (`required: name`, `type: text`) is ignored by one client and rejected by \
            another. Each block is checked against the 2020-12 metaschema (or the dialect its `$schema` names), \
            every error at its keyword.
            """,
        fix: "Correct the keyword's value as JSON Schema defines it (see the message for the expected form).",
        triggeringExamples: [
            Example("tools/adk/servers/files.yaml", """
                id: files
                tools:
                  - name: read_file
                    input:
                      type: object
                      required: ↓path
                    output:
                      type: ↓text
                """),
            Example(".mcp/servers/files.yaml", "id: files\ntools:\n  - name: read_file\n    input: ↓[path]\n"),
        ],
        nonTriggeringExamples: [
            Example("tools/adk/servers/files.yaml", """
                id: files
                tools:
                  - name: read_file
                    input:
                      type: object
                      required: [path]
                      properties:
                        path: {type: string, minLength: 1}
                    output: true
                """),
        ])

    public func check(_ repository: RepositoryIndex, into sink: inout DiagnosticSink) {
        for server in CatalogModel.of(repository, settings: sink.settings).mcpServers where repository.linted.contains(server.path) {
            for tool in server.root.child("tools")?.elements ?? [] {
                for key in ["input", "output"] {
                    guard let block = tool.child(key) else { continue }
                    let name = tool.child("name")?.scalarText ?? "?"
                    guard block.value.objectValue != nil || block.value.boolValue != nil else {
                        sink.report("tool '\(name)' \(key) is a \(block.value.typeName), not a JSON Schema", at: block,
                                    label: "not a schema", help: "write the \(key) as a JSON Schema object (or true/false)")
                        continue
                    }
                    let declared = block.child("$schema")?.string.flatMap(Dialect.init(metaschemaURI:))
                    guard let metaschema = Self.metaschema(declared ?? .draft2020_12) else { continue }
                    for error in metaschema.validate(block.value) {
                        sink.report("tool '\(name)' \(key): \(error.message)", path: server.path,
                                    range: error.instanceRange, pointer: JSONPointer(tokens: block.pointer.tokens + error.instanceLocation.tokens),
                                    label: "violates `\(error.keyword)`", help: "correct the keyword's value as JSON Schema defines it")
                    }
                }
            }
        }
    }

    /// The compiled metaschema of `dialect` (compiled once per process).
    static func metaschema(_ dialect: Dialect) -> CompiledSchema? {
        metaschemas[dialect.metaschemaURI]
    }

    private static let metaschemas: [String: CompiledSchema] = {
        let registry = SchemaRegistry()
        var out: [String: CompiledSchema] = [:]
        for dialect in Dialect.allCases {
            if let compiled = try? registry.compile(uri: dialect.metaschemaURI) { out[dialect.metaschemaURI] = compiled }
        }
        return out
    }()
}
