import MagsagLintCore
import MagsagLintRules
import MagsagSource
import Testing

/// A run whose rules only scan bytes (the secret rules) parses no file and finds the same secrets.
struct ByteOnlyRunTests {
    static let files = [
        "catalog/x.json": #"{"token": "AKIA"# + "QWERTYUIOPASDFGH" + #"", "a": }"#,
        "docs/y.md": "# Title\n\nkey: AKIA" + "ZXCVBNMLKJHGFDSA\n",
    ]

    @Test func secretRulesAloneParseNothingAndFindTheSame() {
        let set = FileSet.inMemory(Self.files)
        let alone = Linter(rules: [SecretInFileRule.self, GenericSecretRule.self]).lint(set)
        let withParsing = Linter(rules: [SecretInFileRule.self, GenericSecretRule.self, InvalidJSONRule.self]).lint(set)
        let secrets = withParsing.diagnostics.filter { $0.ruleID != InvalidJSONRule.description.id }
        #expect(alone.diagnostics == secrets)
        #expect(alone.diagnostics.count == 2)
        #expect(alone.index.documents["catalog/x.json"]?.issues.isEmpty == true, "not parsed")
        #expect(withParsing.index.documents["catalog/x.json"]?.issues.isEmpty == false, "parsed: the JSON is invalid")
    }
}
