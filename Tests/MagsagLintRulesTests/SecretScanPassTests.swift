import MagsagLintCore
@testable import MagsagLintRules
import MagsagSource
import MagsagTestSupport
import Testing

/// The secret rules share one pass over each file: the known formats and the generic rule's keywords
/// come out of the same scan. These tests hold that pass to what separate passes would give.
@Suite struct SecretScanPassTests {
    /// Random texts of keywords in any case, credential-shaped tokens, assignments and filler.
    static func samples(count: Int, seed: UInt64) -> [[UInt8]] {
        var random = SeededGenerator(seed: seed)
        var tokens = SecretFixtures.Generator(state: seed)
        let filler = ["a", "the ", "\n", "  ", ": ", "=", "\"", "'", "-", "_", ".", "x", "é", "pa", "se", "to", "au", "\r\n"]
        let keys = GenericSecretScanner.keywords + ["PASSWORD", "Api_Key", "ToKeN", "AUTH", "pAsS", "secRET", "api-KEY"]
        return (0..<count).map { _ in
            var text = ""
            for _ in 0..<Int.random(in: 1...40, using: &random) {
                switch Int.random(in: 0..<6, using: &random) {
                case 0: text += keys.randomElement(using: &random)!
                case 1: text += SecretFixtures.gitHubToken("ghp_", generator: &tokens)
                case 2: text += "AKIA" + tokens.upper(16)
                case 3: text += "\(keys.randomElement(using: &random)!): \(tokens.b62(Int.random(in: 8...40, using: &random)))\n"
                default: text += filler.randomElement(using: &random)!
                }
            }
            return Array(text.utf8)
        }
    }

    /// Every offset at which a keyword occurs, compared byte by byte in lowercase.
    static func keywordOffsets(_ bytes: [UInt8]) -> [Int] {
        let keywords = GenericSecretScanner.keywords.map { Array($0.utf8) }
        let lower = bytes.map { (0x41...0x5A).contains($0) ? $0 + 0x20 : $0 }
        return bytes.indices.filter { offset in
            keywords.contains { keyword in
                offset + keyword.count <= lower.count && lower[offset..<offset + keyword.count].elementsEqual(keyword)
            }
        }
    }

    @Test func oneScanFindsWhatSeparateScansFind() {
        let knownOnly = SecretScanner(SecretDetectors.all)
        var withKeywords = 0
        var withCredentials = 0
        for bytes in Self.samples(count: 800, seed: 41) {
            let scan = SecretScanner.shared.scanAll(bytes)
            #expect(scan.findings == knownOnly.scan(bytes))
            #expect(scan.hits == Self.keywordOffsets(bytes))
            if !scan.hits.isEmpty { withKeywords += 1 }
            if !scan.findings.isEmpty { withCredentials += 1 }
        }
        // The samples exercise both parts of the pass.
        #expect(withKeywords > 350)
        #expect(withCredentials > 150)
    }

    @Test func asciiKeyWordsMatchTheScalarForm() {
        var random = SeededGenerator(seed: 7)
        let pieces = ["api", "API", "Key", "key", "_", "-", ".", "token", "Token", "TOKEN", "pass", "Word", "x", "9", "aB", "Ab",
                      "secret", "SECRET", "id", "URL", "auth", "Auth", "max", "2fa"]
        for _ in 0..<5_000 {
            let key = (0..<Int.random(in: 0...6, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
            #expect(SecretKeyName.words(key) == SecretKeyName.glue(SecretKeyName.scalarWords(key)), "\(key)")
        }
        #expect(SecretKeyName.words("dbPassword") == ["db", "password"])
        #expect(SecretKeyName.words("CLIENT_API_KEY") == ["client", "apikey"])
    }

    private enum Counter {}

    @Test func fileRulesOfOneDocumentShareAValue() {
        let context = DiagnosticSink.Context(ruleID: "x", severity: .warning)
        let scratch = DiagnosticSink.FileScratch()
        var made = 0
        for _ in 0..<3 {
            let sink = DiagnosticSink(context: context, scratch: scratch)
            #expect(sink.shared(Counter.self) { made += 1; return made } == 1)
        }
        #expect(made == 1)
        // Without a scratch (a rule checked on its own) the value is made on each call.
        let alone = DiagnosticSink(context: context)
        _ = alone.shared(Counter.self) { made += 1; return made }
        _ = alone.shared(Counter.self) { made += 1; return made }
        #expect(made == 3)
    }
}
