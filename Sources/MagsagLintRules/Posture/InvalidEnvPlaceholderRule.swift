import MagsagCatalog
import MagsagLintCore
import MagsagSource

/// Reports malformed `${…}` placeholders in MCP server configs.
public struct InvalidEnvPlaceholderRule: FileRule {
    public init() {}

    public static let description = RuleDescription(
        id: "invalid-env-placeholder",
        name: "Invalid env placeholder",
        category: .mcp,
        defaultSeverity: .error,
        summary: "An MCP server config has a malformed ${VAR} placeholder",
        rationale: """
            Placeholders follow shell parameter expansion: `${NAME}`, `${NAME:-default}`, `${NAME:+value}` \
            (and the other POSIX forms `-`, `+`, `?`, `=`, with or without `:`), nested in the word part \
            (`${TOKEN:+Bearer ${TOKEN}}`). An unclosed brace, an empty or invalid name (`${}`, `${1X}`) or an \
            operator the loader does not implement (`${VAR:0:4}`, `${VAR#x}`) is passed through literally: \
            the server then starts with the text `${TOKEN` as its credential or URL. The rule checks the \
            strings of `transport`, `fallback[]`, `conn` and the top-level `command`, `args`, `env`, `url` \
            and `headers`.
            """,
        fix: "Write the placeholder as `${NAME}` or `${NAME:-default}` with a name of letters, digits and `_`.",
        triggeringExamples: [
            Example("tools/adk/servers/pg.yaml", """
                id: pg
                transport:
                  type: stdio
                  command: npx
                  args: [-y, pg-mcp@1.0.0]
                  env:
                    PGHOST: ↓${PG_HOST:-localhost
                    PGUSER: ↓${PG.USER}
                  headers:
                    Authorization: "Bearer ↓${}"
                """),
        ],
        nonTriggeringExamples: [
            Example("tools/adk/servers/pg.yaml", """
                id: pg
                transport:
                  type: http
                  url: ${PG_MCP_URL:-http://localhost:8080/mcp}
                  headers:
                    Authorization: ${TOKEN:+Bearer ${TOKEN}}
                    X-Price: costs $$5
                conn:
                  url_env: PG_URL
                """),
        ])

    private static let topLevelKeys = ["command", "args", "env", "url", "headers", "conn", "transport", "fallback"]

    public func check(_ document: LintDocument, into sink: inout DiagnosticSink) {
        guard PosturePaths.isMCPServerConfig(document.path, mcp: sink.settings.roots.mcp), let root = document.root?.objectValue else { return }
        for key in Self.topLevelKeys {
            guard let value = root[key] else { continue }
            walk(value, document: document, into: &sink, depth: 0)
        }
    }

    private func walk(_ value: SourceValue, document: LintDocument, into sink: inout DiagnosticSink, depth: Int) {
        guard depth < 32 else { return }
        switch value.kind {
        case .string(let text):
            guard text.utf8Contains("${") else { return }
            var searchFrom = value.range.start.offset
            for problem in EnvPlaceholder.problems(in: text) {
                let snippet = String(decoding: Array(text.utf8)[problem.range], as: UTF8.self)
                let located = SourceText.locate(snippet, in: value.range, of: document.file, from: searchFrom)
                if let located { searchFrom = located.upperBound }
                let range = located.map { document.file.range(from: $0.lowerBound, to: $0.upperBound) } ?? value.range
                sink.report("placeholder '\(snippet)' \(problem.message)", path: document.path, range: range,
                            label: "malformed placeholder", help: "write ${NAME} or ${NAME:-default}")
            }
        case .array(let elements):
            for element in elements { walk(element, document: document, into: &sink, depth: depth + 1) }
        case .object(let object):
            for member in object.members { walk(member.value, document: document, into: &sink, depth: depth + 1) }
        default:
            return
        }
    }
}
