import MagsagLintCore
import MagsagLintRules
import MagsagSource
import Testing

@Suite struct SecretInFileTests {
    static let cases = SecretFixtures.cases()

    func lint(_ text: String, path: String = "config/sample.txt", rules: [any Rule.Type] = [SecretInFileRule.self]) -> [Diagnostic] {
        Linter(rules: rules).lint(FileSet.inMemory([path: text])).diagnostics
    }

    @Test func everyDetectorHasAPositiveCase() {
        let covered = Set(Self.cases.map(\.detector))
        let missing = SecretInFileRule.detectorIDs.filter { !covered.contains($0) }
        #expect(missing.isEmpty, "detectors without a test case: \(missing)")
        #expect(SecretInFileRule.detectorIDs.count >= 60)
        #expect(Set(SecretInFileRule.detectorIDs).count == SecretInFileRule.detectorIDs.count, "duplicate detector ids")
    }

    @Test(arguments: cases)
    func detectsWellFormedCredential(_ testCase: SecretFixtures.Case) throws {
        let diagnostics = lint(testCase.text)
        #expect(diagnostics.count == 1, "\(testCase.detector): \(diagnostics.map(\.help))")
        let diagnostic = try #require(diagnostics.first)
        #expect(diagnostic.help?.contains("`\(testCase.detector)`") == true, "\(testCase.detector) reported as \(diagnostic.help ?? "")")
        let file = SourceFile(path: "config/sample.txt", text: testCase.text)
        let covered = String(decoding: file.bytes[diagnostic.primary.range.start.offset..<diagnostic.primary.range.end.offset], as: UTF8.self)
        #expect(covered == testCase.secret, "\(testCase.detector): range covers \(covered.count) characters, expected \(testCase.secret.count)")
        #expect(!"\(diagnostic)".contains(testCase.secret), "\(testCase.detector): the diagnostic contains the secret")
        #expect(diagnostic.message.contains("(\(testCase.secret.unicodeScalars.count) characters)"))
        #expect(diagnostic.fingerprint?.count == 64)
        #expect(diagnostic.severity == (testCase.detector == "stripe-test-key" ? .info : .error))
    }

    @Test func fingerprintSurvivesLineMovesAndDiffersPerSecret() throws {
        let secret = try #require(Self.cases.first { $0.detector == "gcp-api-key" }).secret
        let first = try #require(lint("a: \(secret)\n").first?.fingerprint)
        let moved = try #require(lint("# moved\n\n  b:  \(secret)\n").first?.fingerprint)
        #expect(first == moved)
        let other = try #require(lint("a: AIza\(String(secret.dropFirst(4).reversed()))\n").first?.fingerprint)
        #expect(other != first)
        #expect(!first.contains(secret))
    }

    @Test func gitHubTokenWithWrongChecksumIsIgnored() {
        var generator = SecretFixtures.Generator(state: 42)
        for prefix in ["ghp", "gho", "ghu", "ghs", "ghr"] {
            let token = SecretFixtures.gitHubToken(prefix, generator: &generator, corrupt: true)
            #expect(lint("token: \(token)\n").isEmpty, "\(prefix) with a wrong checksum was reported")
            let valid = SecretFixtures.gitHubToken(prefix, generator: &generator)
            #expect(lint("token: \(valid)\n").count == 1, "\(prefix) with a valid checksum was not reported")
        }
    }

    @Test func tokensEmbeddedInLongerWordsAreIgnored() throws {
        let secret = try #require(Self.cases.first { $0.detector == "gcp-api-key" }).secret
        #expect(lint("x: abc\(secret)\n").isEmpty)
        #expect(lint("x: \(secret)Z\n").isEmpty)
    }

    @Test func overlappingFormatsReportOnce() throws {
        let token = try #require(Self.cases.first { $0.detector == "github-server-to-server-token" }).secret
        let diagnostics = lint("url: https://x-access-token:\(token)@github.com/o/r.git\n")
        #expect(diagnostics.count == 1)
        #expect(diagnostics.first?.help?.contains("github-server-to-server-token") == true)
    }

    @Test func binaryFilesAreSkipped() throws {
        let secret = try #require(Self.cases.first { $0.detector == "gcp-api-key" }).secret
        let file = SourceFile(path: "assets/blob.bin", bytes: [0, 1, 2] + Array(" \(secret) ".utf8))
        #expect(Linter(rules: [SecretInFileRule.self]).lint(FileSet(linted: [file])).diagnostics.isEmpty)
    }

    @Test func worksOnEveryKindOfFile() throws {
        let secret = try #require(Self.cases.first { $0.detector == "stripe-secret-key" }).secret
        for path in [".env", "a.json", "b.yaml", "c.md", "Dockerfile", "scripts/run.sh"] {
            #expect(lint("\"k\": \"\(secret)\"\n", path: path).count == 1, "\(path)")
        }
    }
}
