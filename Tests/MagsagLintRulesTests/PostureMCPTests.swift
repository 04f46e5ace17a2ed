import MagsagLintCore
import MagsagLintRules
import MagsagSource
import Testing

/// Lint `files` with `rule` (and `options` for it); the messages of its findings, sorted by position.
func postureFindings(_ rule: any Rule.Type, _ files: [String: String], options: [String: SourceValue] = [:]) -> [Diagnostic] {
    var configuration = Configuration()
    configuration.today = "2026-11-25"
    if !options.isEmpty {
        let members = options.map { SourceObject.Member(key: $0.key, keyRange: .fileStart, value: $0.value) }
        configuration.options[rule.description.id] = SourceValue(.object(SourceObject(members)), range: .fileStart)
    }
    return Linter(rules: [rule], configuration: configuration).lint(FileSet.inMemory(files)).diagnostics
}

/// Behaviour of the MCP server config rules the examples cannot show compactly.
@Suite struct PostureMCPTests {
    static func server(_ command: String, _ args: [String]) -> [String: String] {
        let list = args.map { "\"\($0)\"" }.joined(separator: ", ")
        return ["tools/adk/servers/s.yaml": "id: s\ntransport:\n  type: stdio\n  command: \(command)\n  args: [\(list)]\n"]
    }

    @Test(arguments: [
        ("npx", ["-y", "pkg"]), ("npx", ["-y", "pkg@latest"]), ("npx", ["pkg@^1.2.0"]), ("npx", ["@scope/pkg"]),
        ("npx", ["-y", "@scope/pkg@next"]), ("npx", ["--package", "pkg@~1", "bin"]), ("bunx", ["pkg@1"]),
        ("pnpm", ["dlx", "pkg"]), ("npm", ["exec", "--yes", "pkg@1.x"]), ("uvx", ["mcp-server-git"]),
        ("uvx", ["mcp-server-git>=1.0"]), ("uvx", ["--from", "pkg~=1.2", "bin"]), ("uv", ["tool", "run", "pkg"]),
        ("pipx", ["run", "pkg"]), ("docker", ["run", "-i", "--rm", "-e", "X", "ghcr.io/o/img"]),
        ("docker", ["run", "img:latest"]), ("npx", ["github:owner/repo"]),
    ])
    func unpinnedPackagesAreReported(_ command: String, _ args: [String]) {
        #expect(postureFindings(UnpinnedMCPPackageRule.self, Self.server(command, args)).count == 1, "\(command) \(args)")
    }

    @Test(arguments: [
        ("npx", ["-y", "pkg@1.2.3"]), ("npx", ["-y", "@scope/pkg@1.2.3-rc.1"]), ("npx", ["-p", "pkg@1.0.0", "bin", "--flag"]),
        ("uvx", ["pkg==1.2.3"]), ("uvx", ["pkg@1.2.3"]), ("uvx", ["--python", "3.12", "pkg==2024.1"]),
        ("uvx", ["--from", "pkg==1.0.0", "bin"]), ("docker", ["run", "-i", "img@sha256:" + String(repeating: "a", count: 64)]),
        ("docker", ["run", "--rm", "img:1.4.2"]), ("node", ["servers/s/index.js"]), ("npx", ["-y", "${PKG}"]),
        ("npx", ["./local-server"]), ("npx", ["github:owner/repo#0123456789abcdef0123456789abcdef01234567"]),
    ])
    func pinnedPackagesAreNotReported(_ command: String, _ args: [String]) {
        #expect(postureFindings(UnpinnedMCPPackageRule.self, Self.server(command, args)).isEmpty, "\(command) \(args)")
    }

    @Test func imageDigestCanBeRequired() {
        let files = Self.server("docker", ["run", "img:1.4.2"])
        #expect(postureFindings(UnpinnedMCPPackageRule.self, files).isEmpty)
        let strict = postureFindings(UnpinnedMCPPackageRule.self, files, options: ["require-image-digest": SourceValue(.bool(true), range: .fileStart)])
        #expect(strict.count == 1)
    }

    @Test(arguments: [
        "${}", "${1X}", "${X", "${X:0:2}", "${X#pre}", "${A:-${B}", "${A B}", "x ${A:+Bearer ${}}",
    ])
    func malformedPlaceholdersAreReported(_ value: String) {
        let files = ["tools/adk/servers/s.yaml": "id: s\ntransport:\n  type: http\n  headers:\n    X: '\(value)'\n"]
        #expect(postureFindings(InvalidEnvPlaceholderRule.self, files).count == 1, "\(value)")
    }

    @Test(arguments: [
        "${X}", "${X:-default}", "${X-d}", "${X:+v}", "${X+v}", "${X:?missing}", "${X:=d}", "${T:+Bearer ${T}}",
        "$$5", "$X", "plain", "a ${_X1} b ${Y:-${Z:-z}}",
    ])
    func wellFormedPlaceholdersAreAccepted(_ value: String) {
        let files = ["tools/adk/servers/s.yaml": "id: s\ntransport:\n  type: http\n  headers:\n    X: '\(value)'\n"]
        #expect(postureFindings(InvalidEnvPlaceholderRule.self, files).isEmpty, "\(value)")
    }

    @Test func placeholdersOutsideLaunchSettingsAreIgnored() {
        let files = ["tools/adk/servers/s.yaml": "id: s\ntools:\n  - name: t\n    description: 'prints ${'\n"]
        #expect(postureFindings(InvalidEnvPlaceholderRule.self, files).isEmpty)
    }

    @Test func literalCredentialsAreNeverPrinted() {
        let secret = "ghp-literal-value-Zq81"
        let files = ["tools/adk/servers/s.yaml": "id: s\ntransport:\n  type: stdio\n  command: node\n  env:\n    GITHUB_TOKEN: \(secret)\n"]
        let found = postureFindings(LiteralCredentialInMCPEnvRule.self, files)
        #expect(found.count == 1)
        #expect(found.allSatisfy { !$0.message.contains(secret) && !($0.help ?? "").contains(secret) && !$0.redactions.isEmpty })
    }

    @Test(arguments: ["true", "8080", "<your-token>", "GITHUB_TOKEN", "/run/secrets/token", "${TOKEN}", "''"])
    func referencesAndSettingsAreNotCredentials(_ value: String) {
        let files = ["tools/adk/servers/s.yaml": "id: s\nenv:\n  API_TOKEN: \(value)\n"]
        #expect(postureFindings(LiteralCredentialInMCPEnvRule.self, files).isEmpty, "\(value)")
    }

    @Test func configuredRootsAreFollowed() {
        var configuration = Configuration()
        configuration.roots.mcp = ["servers"]
        let files = ["servers/s.yaml": "id: s\ntransport:\n  type: stdio\n  command: npx\n  args: [pkg]\n",
                     "tools/adk/servers/t.yaml": "id: t\ntransport:\n  type: stdio\n  command: npx\n  args: [pkg]\n"]
        configuration.include = [Glob("servers/**")].compactMap { $0 }
        let found = Linter(rules: [UnpinnedMCPPackageRule.self], configuration: configuration).lint(FileSet.inMemory(files)).diagnostics
        #expect(found.map(\.primary.path) == ["servers/s.yaml"])
    }
}
