import MagsagLintCore
import MagsagSource

extension BuiltInRules {
    /// The generated documentation files (`docs/rules/`, schemas, the built-in catalog schemas), with a self-suppression on the
    /// pages whose own examples trigger their rule (found by linting each page with its rule).
    public static func generatedDocs() -> [(String, String)] {
        let plain = GeneratedDocs.files(rules: descriptions)
        var selfTriggering: Set<String> = []
        for rule in all {
            let path = "docs/rules/\(rule.description.id).md"
            guard let content = plain.first(where: { $0.0 == path })?.1 else { continue }
            let result = Linter(rules: [rule]).lint(FileSet(linted: [SourceFile(path: path, text: content)]))
            if result.diagnostics.contains(where: { $0.ruleID == rule.description.id }) { selfTriggering.insert(rule.description.id) }
        }
        return GeneratedDocs.files(rules: descriptions, selfSuppressed: selfTriggering)
            + BuiltInCatalogSchema.allCases.map { ($0.documentationPath, $0.json) }
    }
}
