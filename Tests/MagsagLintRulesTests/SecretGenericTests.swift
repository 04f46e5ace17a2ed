import MagsagLintCore
import MagsagLintRules
import MagsagSource
import Testing

@Suite struct SecretGenericTests {
    func lint(_ text: String, path: String = "config/app.yaml") -> [Diagnostic] {
        Linter(rules: [GenericSecretRule.self]).lint(FileSet.inMemory([path: text])).diagnostics
    }

    /// The text covered by a diagnostic's primary range.
    func covered(_ diagnostic: Diagnostic, in text: String) -> String {
        let bytes = Array(text.utf8)
        return String(decoding: bytes[diagnostic.primary.range.start.offset..<diagnostic.primary.range.end.offset], as: UTF8.self)
    }

    @Test func assignmentSyntaxes() {
        var g = SecretFixtures.Generator(state: 99)
        let secret = g.b62(32)
        let forms: [(String, String)] = [
            ("config/app.yaml", "api_key: \(secret)\n"),
            ("config/app.yaml", "db:\n  password: \"\(secret)\"\n"),
            ("config/app.json", "{\"client_secret\":\"\(secret)\"}\n"),
            ("config/app.json", "{ \"auth\": { \"token\": \"\(secret)\" } }\n"),
            (".env", "export SERVICE_API_KEY=\(secret)\n"),
            (".env", "SIGNING_SECRET='\(secret)'\n"),
            ("scripts/run.sh", "tool --access-token=\(secret) run\n"),
            ("config/app.toml", "privateKey = \"\(secret)\"\n"),
            ("src/app.go", "apiKey := \"\(secret)\"\n"),
        ]
        for (path, text) in forms {
            let diagnostics = lint(text, path: path)
            #expect(diagnostics.count == 1, "\(text)")
            if let diagnostic = diagnostics.first {
                #expect(covered(diagnostic, in: text) == secret, "\(text)")
                #expect(!diagnostic.message.contains(secret))
                #expect(diagnostic.severity == .warning)
            }
        }
    }

    @Test func hexAndPasswordThresholds() {
        var g = SecretFixtures.Generator(state: 5)
        #expect(lint("secret: \(g.hex(40))\n").count == 1)
        #expect(lint("password: Tr0ub4dor&3x\n").count == 1)
        #expect(lint("password: correcthorse\n").isEmpty, "one character class")
        #expect(lint("secret: short1\n").isEmpty, "too short for a non-password key")
        #expect(lint("token: aaaaaaaaaaaaaaaaaaaaaaaaaaaa1\n").isEmpty, "low entropy")
    }

    @Test func knownFormatsAreLeftToSecretInFile() throws {
        let token = try #require(SecretFixtures.cases().first { $0.detector == "stripe-secret-key" }).secret
        #expect(lint("api_key: \(token)\n").isEmpty)
    }

    @Test func keyNamesAreSplitIntoWords() {
        var g = SecretFixtures.Generator(state: 11)
        let secret = g.b62(32)
        for key in ["apiKey", "API_KEY", "x-api-key", "clientSecret", "AUTH_TOKEN", "dbPassword", "aws.secretKey"] {
            #expect(lint("\(key): \(secret)\n").count == 1, "\(key)")
        }
        for key in ["max_tokens", "tokenCount", "secretRef", "password_env", "apiKeyId", "token_url", "author", "passage", "keyboard"] {
            #expect(lint("\(key): \(secret)\n").isEmpty, "\(key)")
        }
    }
}
