import MagsagCatalog
import Foundation
import MagsagLintCore
import MagsagLintRules
import Testing

@Suite struct RegistryTests {
    static let descriptions = BuiltInRules.descriptions

    @Test func idsAreUniqueKebabCaseAndSorted() {
        let ids = Self.descriptions.map(\.id)
        #expect(Set(ids).count == ids.count, "duplicate rule ids")
        #expect(ids == ids.sorted(), "BuiltInRules.all must be sorted by id")
        let allDeprecated = Set(Self.descriptions.flatMap(\.deprecatedIDs))
        for id in ids {
            #expect(id.range(of: #"^[a-z0-9]+(-[a-z0-9]+)*$"#, options: .regularExpression) != nil, "\(id) is not kebab-case")
            #expect(!id.hasPrefix("no-"), "\(id): ids name the problem, never start with no-")
            #expect(!allDeprecated.contains(id), "\(id) is also someone's deprecated id")
        }
    }

    @Test func metadataIsComplete() {
        for rule in Self.descriptions {
            #expect(!rule.name.isEmpty && !rule.rationale.isEmpty && !rule.fix.isEmpty, "\(rule.id): incomplete description")
            #expect(!rule.summary.hasSuffix("."), "\(rule.id): summary must not end with a period")
            #expect(rule.summary.first?.isUppercase == true, "\(rule.id): summary starts with a capital")
            #expect(!rule.nonTriggeringExamples.isEmpty, "\(rule.id): needs a non-triggering example")
        }
    }

    /// A rule whose trigger cannot be written as text (bytes, sizes) documents it and has a dedicated test;
    /// every other rule needs a triggering example.
    @Test func triggeringExamplesExistExceptForByteLevelRules() {
        let byteLevel: Set<String> = ["non-utf8-text", "file-too-large", "index-too-large", "large-binary-in-docs", "executable-non-script"]
        for rule in Self.descriptions where !byteLevel.contains(rule.id) {
            #expect(!rule.triggeringExamples.isEmpty, "\(rule.id): needs a triggering example")
        }
    }

    /// Every `*Rule.swift` file under Sources/MagsagLintRules is registered.
    @Test func registryListsEveryRuleFile() throws {
        let rulesFolder = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/MagsagLintRules")
        let enumerator = FileManager.default.enumerator(atPath: rulesFolder.path)
        var typeNames: Set<String> = []
        while let path = enumerator?.nextObject() as? String {
            let name = (path as NSString).lastPathComponent
            if name.hasSuffix("Rule.swift") { typeNames.insert(String(name.dropLast(".swift".count))) }
        }
        let registered = Set(BuiltInRules.all.map { String(describing: $0) })
        #expect(!typeNames.isEmpty)
        #expect(typeNames.subtracting(registered).isEmpty, "not registered in BuiltInRules: \(typeNames.subtracting(registered).sorted())")
    }
}
