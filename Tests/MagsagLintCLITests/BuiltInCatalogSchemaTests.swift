import Foundation
import Testing

/// The built-in catalog schemas on generated repositories without `catalog/_schemas/`: clean
/// repositories stay clean, and every injected descriptor defect is still reported.
@Suite struct BuiltInCatalogSchemaTests {
    static func withoutRepositorySchemas(_ arguments: [String]) throws -> URL {
        let root = try GeneratedRepositoryRecallTests.generate(arguments)
        try FileManager.default.removeItem(at: root.appendingPathComponent("catalog/_schemas"))
        return root
    }

    @Test func cleanRepositoryWithoutSchemasHasNoFinding() throws {
        guard FileManager.default.fileExists(atPath: GeneratedRepositoryRecallTests.generator) else { return }
        let root = try Self.withoutRepositorySchemas(["--agents", "30", "--skills", "12", "--docs", "5", "--seed", "8"])
        defer { try? FileManager.default.removeItem(at: root) }
        let found = try GeneratedRepositoryRecallTests.diagnostics(root)
        #expect(found.isEmpty, "false positives: \(found.prefix(20).map { "\($0.path) \($0.rule)" })")
    }

    @Test func descriptorDefectsAreReportedByTheBuiltInSchemas() throws {
        guard FileManager.default.fileExists(atPath: GeneratedRepositoryRecallTests.generator) else { return }
        let root = try Self.withoutRepositorySchemas(["--agents", "60", "--skills", "30", "--docs", "5", "--seed", "33", "--defect-rate", "0.1"])
        defer { try? FileManager.default.removeItem(at: root) }
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: root.appendingPathComponent(".defects.json"))) as? [String: Any]
        let defects = (manifest?["defects"] as? [[String: Any]] ?? []).filter {
            ["agent_schema_violation", "skill_schema_violation"].contains($0["kind"] as? String ?? "")
        }
        #expect(!defects.isEmpty)
        let found = Set(try GeneratedRepositoryRecallTests.diagnostics(root).filter { $0.rule == "schema-violation" }.map(\.path))
        let missed = defects.filter { !found.contains($0["file"] as? String ?? "") }
            .map { "\($0["file"] as? String ?? "?"): \($0["detail"] as? String ?? "")" }
        #expect(missed.isEmpty, "missed by the built-in schemas: \(missed)")
    }
}
