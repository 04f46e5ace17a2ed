import MagsagLintCore
import MagsagLintRules
import MagsagSource
import Testing

/// Text that looks like a secret but is not: neither rule may report it.
@Suite struct SecretLookAlikeTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var path: String
        var text: String
        var testDescription: String { name }
    }

    static let cases: [Case] = {
        var g = SecretFixtures.Generator(state: 7)
        var cases = [
            Case(name: "uuid", path: "catalog/registry/agents.yaml", text: "id: 123e4567-e89b-12d3-a456-426614174000\ntoken_id: 9b2f6a1c-3d4e-4f5a-8b7c-6d5e4f3a2b1c\n"),
            Case(name: "git sha", path: "docs/history.md", text: "Fixed in commit 9fceb02d0ae598e95dc970b74767f19372d61af8.\nrev: 9fceb02d0ae598e95dc970b74767f19372d61af8\n"),
            Case(name: "sha256", path: "lock.yaml", text: "sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\ndigest: sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n"),
            Case(name: "package-lock integrity", path: "package-lock.json", text: "{\n  \"integrity\": \"sha512-\(g.b64(86))==\",\n  \"resolved\": \"https://registry.npmjs.org/a/-/a-1.0.0.tgz\"\n}\n"),
            Case(name: "base64 image", path: "docs/logo.md", text: "![logo](data:image/png;base64,\(g.b64(2000))=)\n"),
            Case(name: "token budgets", path: "catalog/agents/main/a/agent.yaml", text: "budgets:\n  tokens: 2000\n  max_tokens: 4096\n  token_count: 123456\n"),
            Case(name: "env reference", path: "catalog/mcp/servers/pg.yaml", text: "env:\n  password: ${DB_PASSWORD}\n  API_TOKEN: ${API_TOKEN:-default}\n  SECRET: $SECRET_VALUE\n"),
            Case(name: "angle placeholder", path: "config/app.yaml", text: "api_key: <your-api-key>\nclient_secret: \"<client-secret>\"\n"),
            Case(name: "template placeholders", path: "deploy/values.yaml", text: "password: {{ .Values.password }}\ntoken: ${{ secrets.GITHUB_TOKEN }}\nsecret: '{{ vault \"kv/app\" }}'\n"),
            Case(name: "dummies", path: "config/app.yaml", text: "password: changeme\napi_key: xxxxxxxxxxxxxxxxxxxxxxxx\nsecret: '****************'\ntoken: null\nauth: true\nprivate_key: none\n"),
            Case(name: "connection url names", path: "catalog/mcp/servers/pg.yaml", text: "conn:\n  url_env: PG_URL\npassword_env: PG_PASSWORD\napi_key_env: OPENAI_API_KEY\nsecretRef: db-credentials\n"),
            Case(name: "json schema format password", path: "catalog/_schemas/login.schema.json", text: "{\n  \"properties\": {\n    \"password\": { \"type\": \"string\", \"format\": \"password\", \"minLength\": 12 },\n    \"api_key\": { \"$ref\": \"#/$defs/secretString\" }\n  }\n}\n"),
            Case(name: "markdown prose", path: "docs/security.md", text: "# Secrets\n\nEach token is a secret. Store the password and the API key in a vault; the token: never in git.\nRotate the secret when a password leaks.\n"),
            Case(name: "aws documentation example", path: "docs/aws.md", text: "aws_access_key_id = AKIA" + "IOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCY" + "EXAMPLEKEY\n"),
            Case(name: "placeholder database urls", path: ".env.example", text: "DATABASE_URL=postgres://user:password@localhost:5432/app\nREDIS_URL=redis://:${REDIS_PASSWORD}@cache:6379\nAMQP=amqp://guest:guest@mq\nMONGO=mongodb+srv://<user>:<password>@cluster0.example.net\n"),
            Case(name: "urls without credentials", path: "docs/links.md", text: "See https://example.com:8443/path and postgres://db.internal:5432/app and git@github.com:o/r.git.\n"),
            Case(name: "file paths", path: "config/tls.yaml", text: "private_key: /etc/ssl/private/server.key\nclient_secret_file: ./secrets/client.json\ntoken_path: ~/.config/tool/token\n"),
            Case(name: "private key mention in prose", path: "docs/keys.md", text: "Never commit a `-----BEGIN " + "RSA PRIVATE KEY-----` header.\n"),
            Case(name: "tokenizer and password policy keys", path: "config/model.yaml", text: "tokenizer: cl100k_base_2024_v2\npassword_policy: min12-upper1-digit1\nsecret_rotation_days: 90\n"),
            Case(name: "git sha assigned to secret-like key", path: "config/build.yaml", text: "auth_commit: 9fceb02d0ae598e95dc970b74767f19372d61af8\n"),
            Case(name: "words with digits", path: "config/app.yaml", text: "token_type: Bearer\nauth_scheme: oauth2\npassword: required\n"),
        ]
        // Lock files: integrity hashes, checksums and resolved URLs of every common package manager.
        cases += [
            Case(name: "yarn.lock", path: "yarn.lock", text: "\"left-pad@^1.3.0\":\n  version \"1.3.0\"\n  resolved \"https://registry.yarnpkg.com/left-pad/-/left-pad-1.3.0.tgz#5b8a3a7765dfe001261dde915589e782f8c94d1e\"\n  integrity sha512-\(g.b64(86))==\n"),
            Case(name: "pnpm-lock.yaml", path: "pnpm-lock.yaml", text: "packages:\n  /left-pad@1.3.0:\n    resolution: {integrity: sha512-\(g.b64(86))==}\n    dev: false\n"),
            Case(name: "poetry.lock", path: "poetry.lock", text: "[[package]]\nname = \"requests\"\n\n[package.files]\nfiles = [\n    {file = \"requests-2.31.0-py3-none-any.whl\", hash = \"sha256:\(g.hex(64))\"},\n]\ncontent-hash = \"\(g.hex(64))\"\n"),
            Case(name: "go.sum", path: "go.sum", text: "github.com/pkg/errors v0.9.1 h1:\(g.b64(43))=\ngithub.com/pkg/errors v0.9.1/go.mod h1:\(g.b64(43))=\n"),
            Case(name: "Cargo.lock", path: "Cargo.lock", text: "[[package]]\nname = \"serde\"\nversion = \"1.0.190\"\nsource = \"registry+https://github.com/rust-lang/crates.io-index\"\nchecksum = \"\(g.hex(64))\"\n"),
            Case(name: "uv.lock / pip hashes", path: "requirements.txt", text: "requests==2.31.0 \\\n    --hash=sha256:\(g.hex(64)) \\\n    --hash=sha256:\(g.hex(64))\n"),
            Case(name: "Package.resolved", path: "Package.resolved", text: "{\n  \"pins\" : [\n    {\n      \"identity\" : \"yams\",\n      \"state\" : { \"revision\" : \"\(g.hex(40))\", \"version\" : \"5.1.3\" }\n    }\n  ]\n}\n"),
        ]
        // Base64 images and fonts in every place they are embedded.
        cases += [
            Case(name: "base64 jpeg in html", path: "docs/page.md", text: "<img alt=\"x\" src=\"data:image/jpeg;base64,/9j/\(g.b64(3000))==\">\n"),
            Case(name: "base64 svg in json", path: "catalog/tools/ui/icon.json", text: "{\"icon\": \"data:image/svg+xml;base64,PHN2Zy\(g.b64(600))=\"}\n"),
            Case(name: "base64 png in yaml", path: "catalog/agents/main/a/agent.yaml", text: "avatar: data:image/png;base64,iVBORw0KGgo\(g.b64(400))==\n"),
            Case(name: "base64 font in css", path: "docs/assets/site.css", text: "@font-face { src: url(data:font/woff2;base64,d09GMgABAAAA\(g.b64(1200))) format('woff2'); }\n"),
        ]
        // UUIDs, hashes and ids under secret-like names.
        cases += [
            Case(name: "uuids under secret-like names", path: "config/ids.yaml", text: "client_id: 0f8fad5b-d9cb-469f-a165-70867728950e\nsecret_id: 7c9e6679-7425-40de-944b-e07fc1f90ae7\nauth_tenant: 16f0a1e2-3b4c-4d5e-8f70-8192a3b4c5d6\n"),
            Case(name: "checksums under secret-like names", path: "config/build.yaml", text: "token_sha256: \(g.hex(64))\nsecret_checksum: sha256:\(g.hex(64))\n"),
        ]
        cases.append(Case(name: "github token with wrong checksum", path: "config/ci.yaml",
                          text: "ci:\n  gh: " + SecretFixtures.gitHubToken("ghp", generator: &g, corrupt: true) + "\n"))
        return cases
    }()

    @Test(arguments: cases)
    func isNotReported(_ testCase: Case) {
        let result = Linter(rules: [SecretInFileRule.self, GenericSecretRule.self])
            .lint(FileSet.inMemory([testCase.path: testCase.text]))
        #expect(result.diagnostics.isEmpty, "\(testCase.name): \(result.diagnostics.map { "\($0.ruleID) \($0.primary.range.start) \($0.message)" })")
    }
}
