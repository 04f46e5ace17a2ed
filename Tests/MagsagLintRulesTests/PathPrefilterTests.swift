import MagsagSource
import MagsagTestSupport
import Testing
@testable import MagsagLintRules

/// The byte prefilters per-file rules run before their text tests: each may only say "no" where the text
/// tests say no, for any path (non-ASCII, combining marks and the characters canonically equal to ASCII
/// included).
@Suite struct PathPrefilterTests {
    static let alphabet = [".", "/", "y", "a", "m", "l", "e", "n", "v", "i", "d", "_", "-", "c", "r", "s", "K", "\u{212A}", "é",
                           "e\u{301}", "\u{301}", "\u{600}", "x", "yaml", "yml", ".env", "credential", "service", "id_", "pem"]

    static func paths(_ seed: UInt64) -> [String] {
        var generator = SeededGenerator(seed: seed)
        return (0..<4_000).map { _ in
            (0..<Int.random(in: 0...8, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }.joined()
        }
    }

    @Test func yamlNamesAreTheSuffixTests() {
        let fixed = ["a.yaml", "a.yml", ".yaml", ".yml", "a.yam", "a.yaml/", "a.YAML", "a.yml\u{301}", "\u{600}.yaml", "x/agent.yaml", "yml", ""]
        for path in fixed + Self.paths(0x5EED) {
            #expect(PosturePaths.isYAMLName(path) == (path.hasSuffix(".yaml") || path.hasSuffix(".yml")), "\(Array(path.utf8))")
        }
    }

    @Test func envFilePrefilterNeverHidesAnEnvFile() {
        let fixed = [".env", "a/.env", "a/.env.local", ".envrc", "a/.en", "env", ".env\u{301}", "a/.\u{301}env"]
        for path in fixed + Self.paths(0xE17) {
            let segment = path.lastPathSegment
            if segment == ".env" || segment.hasPrefix(".env.") {
                #expect(CommittedEnvFileRule.mayBeEnvFile(path), "\(Array(path.utf8))")
            }
        }
        #expect(!CommittedEnvFileRule.mayBeEnvFile("catalog/agents/a/agent.yaml"))
    }

    /// The names and extensions `committed-private-key-file` reads (its own tests, written out again).
    static func concernsKeyRule(_ path: String, pathExtension: String) -> Bool {
        let lowered = String(path.lastPathSegment).lowercasedIfNeeded()
        let keyNames: Set<String> = ["id_rsa", "id_dsa", "id_ecdsa", "id_ed25519", "id_ecdsa_sk", "id_ed25519_sk", ".git-credentials"]
        return keyNames.contains(lowered) || ["p12", "pfx", "jks", "keystore", "ppk", "pem", "key"].contains(pathExtension)
            || lowered == "credentials.json" || lowered.hasSuffix("-credentials.json") || lowered.utf8Contains("service-account")
            || lowered.utf8Contains("service_account") || [".npmrc", ".pypirc", ".netrc", "_netrc"].contains(lowered)
    }

    @Test func keyFilePrefilterNeverHidesAKeyFile() {
        let fixed = ["a/ID_RSA", "a/id_ed25519", ".git-credentials", "x/Service-Account.json", "gcp-credentials.json", "a/.npmrc",
                     "_netrc", "a/b.PEM", "a/b.\u{212A}ey", "a/\u{130}d_rsa", "a/b.keystore", "catalog/agents/a/agent.yaml"]
        for path in fixed + Self.paths(0xC3) {
            let pathExtension = SourceFileExtension.of(path)
            if Self.concernsKeyRule(path, pathExtension: pathExtension) {
                #expect(CommittedPrivateKeyFileRule.mayConcern(path, pathExtension: pathExtension), "\(Array(path.utf8))")
            }
        }
        #expect(!CommittedPrivateKeyFileRule.mayConcern("catalog/agents/a/agent.yaml", pathExtension: "yaml"))
        #expect(!CommittedPrivateKeyFileRule.mayConcern("docs/guide.md", pathExtension: "md"))
    }
}

/// A path's extension as `SourceFile` gives it.
enum SourceFileExtension {
    static func of(_ path: String) -> String {
        SourceFile(path: path, bytes: []).pathExtension
    }
}
