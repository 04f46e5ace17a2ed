import MagsagLintCore
import MagsagSource

/// Reports high-entropy values assigned to secret-like keys (`password`, `api_key`, `client_secret`,
/// `token`…) in YAML, JSON, `.env` and shell-like files.
public struct GenericSecretRule: FileRule {
    public init() {}

    public static let description = RuleDescription(
        id: "generic-secret",
        name: "Generic secret",
        category: .security,
        defaultSeverity: .warning,
        summary: "A secret-like key (password, API key, token, client secret) is assigned a random-looking literal",
        rationale: """
            Many credentials have no recognisable format: database passwords, internal API keys, signing \
            secrets. When such a key (`password`, `api_key`, `client_secret`, `token`, `auth`…) is assigned a \
            literal whose character mix and Shannon entropy look random (hex: at least 3.0 bits per character \
            over 20 characters; other values: up to 4.0 bits over 16 or more; passwords: three character \
            classes over 8), the value is probably the secret itself. References are not reported: `${VAR}`, \
            `$VAR`, `{{ … }}`, `<your-key>`, environment variable names, file paths, URLs, UUIDs, and \
            placeholders such as `changeme` or `xxxx`. Keys that describe secrets rather than hold them \
            (`max_tokens`, `tokens: 2000`, `secretRef`, `password_env`, `"format": "password"`) are ignored. \
            Values that `secret-in-file` recognises are reported there only.
            """,
        fix: """
            Replace the literal with a reference (`${API_KEY}`, a `*_env` variable name, a secret-manager \
            reference) and rotate the value. If it is not a secret (a fixture, a hash), suppress the finding \
            with a reason.
            """,
        triggeringExamples: [
            Example("catalog/mcp/servers/crm.yaml", "env:\n  CRM_CLIENT_SECRET: \"↓Fak3-S3cret-Value-9xQ2wZ7v\"\n"),
            Example("deploy/.env", "DB_PASSWORD=↓S3cr3tP4ss!\n"),
            Example("config/service.json", "{\n  \"apiKey\": \"↓a94f3c07e1b2d8c6f5a0b9e4d7c2a1f3\"\n}\n"),
        ],
        nonTriggeringExamples: [
            Example("catalog/agents/main/a/agent.yaml", "budgets:\n  tokens: 2000\n  max_tokens: 4096\n  time_s: 60\n"),
            Example("catalog/mcp/servers/pg.yaml", """
                conn:
                  url_env: PG_URL
                env:
                  PGPASSWORD: ${PG_PASSWORD}
                  API_KEY: ${API_KEY:-dev}
                  TOKEN: $GITHUB_TOKEN
                headers:
                  Authorization: "${TOKEN:+Bearer ${TOKEN}}"
                """),
            Example("config/app.yaml", "api_key: <your-api-key>\npassword: changeme\nsecret: \"{{ vault.secret }}\"\n"),
            Example("catalog/_schemas/login.schema.json", "{\n  \"properties\": {\n    \"password\": { \"type\": \"string\", \"format\": \"password\" }\n  }\n}\n"),
            Example("docs/auth.md", "The token: a secret string the service issues. Password: choose one.\n"),
        ])

    /// Only the file's bytes are scanned.
    public static var readsParsedContent: Bool { false }

    public func check(_ document: LintDocument, into sink: inout DiagnosticSink) {
        let file = document.file
        guard !file.isBinary else { return }
        // One pass finds the keywords and the known formats, shared with `secret-in-file`.
        let scan = sink.shared(SecretScanner.Scan.self) { SecretScanner.shared.scanAll(file.bytes) }
        let findings = GenericSecretScanner.findings(hits: scan.hits, in: file.bytes)
        guard !findings.isEmpty else { return }
        // Known formats (also those recognised by their key) belong to `secret-in-file`.
        let known = scan.findings.map(\.range)
        for finding in findings where !known.contains(where: { $0.overlaps(finding.range) }) {
            sink.report(SecretReport.diagnostic(
                ruleID: sink.ruleID, severity: sink.severity, kind: "secret in `\(Self.displayKey(finding.key))`",
                document: document, range: finding.range, help: Self.help))
        }
    }
}

private extension GenericSecretRule {
    static let help = "replace the literal with a reference such as `${VAR}` and rotate the value"

    /// The key for the message, shortened so a pathological key cannot flood the output.
    static func displayKey(_ key: String) -> String {
        key.count > 60 ? String(key.prefix(57)) + "…" : key
    }
}
