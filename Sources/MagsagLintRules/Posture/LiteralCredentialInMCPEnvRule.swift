import MagsagCatalog
import MagsagLintCore
import MagsagSource

/// Reports MCP `env` and `headers` values that hold a credential literally instead of a `${VAR}`
/// reference.
public struct LiteralCredentialInMCPEnvRule: FileRule {
    public init() {}

    public static let description = RuleDescription(
        id: "literal-credential-in-mcp-env",
        name: "Literal credential in MCP env",
        category: .security,
        defaultSeverity: .error,
        summary: "An MCP server's env or headers hold a literal credential instead of a ${VAR} reference",
        rationale: """
            MCP server configs are committed and shared; credentials belong in the environment of the process \
            that starts the server and are referenced as `${GITHUB_TOKEN}` or `${TOKEN:+Bearer ${TOKEN}}`. \
            The rule looks at `env` and `headers` (of `transport`, `fallback[]` entries and the flat form) and \
            reports a value without any `$` reference when its key names a secret (`*_TOKEN`, `*_PASSWORD`, \
            `API_KEY`, `Authorization`, … but not `*_FILE`, `*_PATH`, `*_ENV`, `*_URL`) or when the value \
            itself looks random (a long mixed-character string). Booleans, numbers, `<placeholders>`, \
            environment-variable names and paths are not credentials. The value is never printed.
            """,
        fix: "Replace the value with a reference (`GITHUB_TOKEN: ${GITHUB_TOKEN}`), set it in the environment, and rotate it if it was real.",
        triggeringExamples: [
            Example("tools/adk/servers/github.yaml", """
                id: github
                transport:
                  type: stdio
                  command: npx
                  args: [-y, server-github@1.0.0]
                  env:
                    GITHUB_PERSONAL_ACCESS_TOKEN: ↓github-pat-do-not-commit
                    LOG_LEVEL: info
                """),
            Example("tools/adk/servers/notion.yaml", """
                id: notion
                transport:
                  type: http
                  url: https://mcp.example.com/notion/
                  headers:
                    Authorization: ↓Bearer not-a-reference
                """),
        ],
        nonTriggeringExamples: [
            Example("tools/adk/servers/github.yaml", """
                id: github
                transport:
                  type: stdio
                  command: npx
                  args: [-y, server-github@1.0.0]
                  env:
                    GITHUB_PERSONAL_ACCESS_TOKEN: ${GITHUB_TOKEN}
                    API_BASE: ${API_BASE:-https://api.github.com}
                    TOKEN_FILE: /run/secrets/github
                    AUTH_ENABLED: true
                  headers:
                    Authorization: ${TOKEN:+Bearer ${TOKEN}}
                """),
        ])

    public func check(_ document: LintDocument, into sink: inout DiagnosticSink) {
        guard PosturePaths.isMCPServerConfig(document.path, mcp: sink.settings.roots.mcp), let root = document.root else { return }
        for launch in MCPLaunch.all(in: CatalogField(path: document.path, value: root)) {
            for variable in launch.variables {
                guard let value = variable.field.string, Self.isLiteralCredential(key: variable.key, value: value) else { continue }
                let place = variable.isHeader ? "header" : "env"
                sink.report(Diagnostic(
                    ruleID: sink.ruleID, severity: sink.severity,
                    message: "\(place) '\(variable.key)' holds a literal value (\(value.count) characters) instead of a ${VAR} reference",
                    primary: Location(path: document.path, range: variable.field.range, pointer: variable.field.pointer, label: "literal credential"),
                    notes: ["the value is not shown; rotate it if it was ever pushed"],
                    help: "reference an environment variable: \(variable.key): ${\(Self.suggestedName(variable.key))}",
                    redactions: [variable.field.range]))
            }
        }
    }

    /// Whether `value` under `key` is a credential written out.
    static func isLiteralCredential(key: String, value: String) -> Bool {
        let trimmed = String(value.drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
        guard !trimmed.isEmpty, !EnvPlaceholder.containsReference(trimmed) else { return false }
        let bytes = Array(trimmed.utf8)[...]
        if SecretPlaceholder.isPlaceholder(bytes) || SecretValue.isReference(bytes) { return false }
        if ["true", "false", "yes", "no", "on", "off", "null"].contains(trimmed.lowercased()) { return false }
        if Double(trimmed) != nil { return false }
        let lowered = key.lowercased()
        if lowered == "authorization" || lowered == "proxy-authorization" || lowered == "x-api-key" || lowered == "cookie" {
            return true
        }
        if SecretKeyName.isSecretLike(key) { return true }
        return SecretValue.looksSecret(bytes, passwordLike: false)
    }

    private static func suggestedName(_ key: String) -> String {
        let name = key.uppercased().map { $0.isLetter || $0.isNumber ? $0 : "_" }
        return String(name)
    }
}
