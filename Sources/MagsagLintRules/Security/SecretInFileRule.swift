import MagsagLintCore
import MagsagSource

/// Reports credentials in a known provider format (cloud keys, tokens, private keys, passwords in
/// connection URLs) in any linted text file, without ever printing them.
public struct SecretInFileRule: FileRule {
    public init() {}

    public static let description = RuleDescription(
        id: "secret-in-file",
        name: "Secret in file",
        category: .security,
        defaultSeverity: .error,
        summary: "A file contains a credential in a known format (API token, private key, password in a URL)",
        rationale: """
            A credential committed to a repository is readable by everyone who can clone it, forever: it stays \
            in the history after the line is deleted. MAGSAG catalogs are meant to reference secrets only by \
            name (`conn.url_env: PG_URL`, `${TOKEN}`), never to contain them. The rule knows \(SecretDetectors.all.count) \
            formats by their documented prefixes, lengths and, for GitHub tokens, their built-in checksum, so it \
            reports with few false positives. Findings show only the format, the first characters and the length; \
            the fingerprint is a SHA-256 of the secret, and snippets mask it. Stripe test-mode keys are reported as \
            `info`.
            """,
        fix: """
            Revoke and rotate the credential first (it may already be copied), then remove it from the file and \
            load it at run time from the environment or a secret manager (`${DB_PASSWORD}`, `url_env`). Rewrite \
            history if the commit was pushed.
            """,
        triggeringExamples: [
            Example(".env", "DATABASE_URL=postgres://app:↓S3cr3tP4ss@db/x\n"),
            Example("catalog/agents/main/a/fixtures/basic.yaml", """
                request:
                  headers:
                    authorization: Bearer ↓eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJkZW1vIn0.ZmFrZS1zaWduYXR1cmUtZm9yLWRvY3M
                """),
            Example("docs/setup.md", "Clone with `git clone https://deploy:↓Wq9dZ2vTq4pLs8@git.example.org/repo.git`.\n"),
        ],
        nonTriggeringExamples: [
            Example("catalog/mcp/servers/pg.yaml", "conn:\n  url_env: PG_URL\nenv:\n  PGPASSWORD: ${PG_PASSWORD}\n"),
            Example(".env.example", "DATABASE_URL=postgres://user:password@localhost:5432/app\nAPI_KEY=<your-api-key>\n"),
            Example("catalog/agents/main/a/agent.yaml", "budgets:\n  tokens: 2000\n  max_tokens: 4096\n"),
            Example("docs/auth.md", "Create a token and keep the secret in your password manager.\n"),
        ])

    /// The ids of the built-in credential detectors, in priority order (named in each finding's help).
    package static var detectorIDs: [String] { SecretDetectors.all.map(\.id) }

    /// Only the file's bytes are scanned.
    public static var readsParsedContent: Bool { false }

    public func check(_ document: LintDocument, into sink: inout DiagnosticSink) {
        let file = document.file
        guard !file.isBinary else { return }
        let scanner = SecretScanner.shared
        // The pass also finds the generic rule's keywords: the two rules share it.
        let scan = sink.shared(SecretScanner.Scan.self) { scanner.scanAll(file.bytes) }
        for finding in scan.findings {
            let detector = scanner.detectors[finding.detector]
            sink.report(SecretReport.diagnostic(
                ruleID: sink.ruleID, severity: detector.severity ?? sink.severity, kind: detector.name,
                document: document, range: finding.range, help: Self.help(detector)))
        }
    }
}

private extension SecretInFileRule {
    static func help(_ detector: SecretDetector) -> String {
        "rotate this \(detector.name) (detector `\(detector.id)`), then load it from the environment or a secret manager"
    }
}
