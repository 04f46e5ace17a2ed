import Foundation
import Testing

/// `magsag-lint validate`: positions, exit codes, offline references.
@Suite struct ValidateCommandTests {
    static let suiteRemotes = CLI.projectRoot.deletingLastPathComponent()
        .appendingPathComponent("shared/testdata/json-schema-test-suite/remotes").path

    @Test func reportsValueAndKeywordPositions() throws {
        let root = try CLI.temporaryFolder([
            "s.json": #"{"$schema": "https://json-schema.org/draft/2020-12/schema", "properties": {"salary": {"minimum": 0}}}"#,
            "ok.yaml": "salary: 10\n",
            "bad.yaml": "name: x\nsalary: -5\n",
        ])
        defer { try? FileManager.default.removeItem(at: root) }
        let ok = try CLI.run(["validate", "--schema", "s.json", "ok.yaml"], in: root)
        #expect(ok.status == 0, "\(ok.stdout)\(ok.stderr)")
        let bad = try CLI.run(["validate", "--schema", "s.json", "--format", "concise", "ok.yaml", "bad.yaml"], in: root)
        #expect(bad.status == 1)
        #expect(bad.stdout.contains("bad.yaml:2:9: error[schema-violation]: -5 is less than the minimum of 0"), "\(bad.stdout)")
        let json = try CLI.run(["validate", "--schema", "s.json", "--format", "json", "bad.yaml"], in: root)
        #expect(json.stdout.contains("\"pointer\": \"/salary\""), "\(json.stdout)")
    }

    @Test func schemaAndUsageErrorsExitTwo() throws {
        let root = try CLI.temporaryFolder(["broken.json": "{\"type\": ", "i.json": "{}"])
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(try CLI.run(["validate", "--schema", "broken.json", "i.json"], in: root).status == 2)
        #expect(try CLI.run(["validate", "--schema", "missing.json", "i.json"], in: root).status == 2)
        #expect(try CLI.run(["validate", "--schema", "i.json"], in: root).status == 2, "an instance is required")
        #expect(try CLI.run(["validate", "--schema", "i.json", "--dialect", "draft99", "i.json"], in: root).status == 2)
    }

    @Test func remoteReferencesResolveOnlyThroughMappings() throws {
        let root = try CLI.temporaryFolder([
            "s.json": #"{"$schema": "https://json-schema.org/draft/2020-12/schema", "$ref": "http://localhost:1234/integer.json"}"#,
            "five.json": "5",
            "text.json": "\"five\"",
        ])
        defer { try? FileManager.default.removeItem(at: root) }
        let unmapped = try CLI.run(["validate", "--schema", "s.json", "five.json"], in: root)
        #expect(unmapped.status == 2, "remote refs are never fetched")
        #expect(unmapped.stderr.contains("remote fetching is disabled"), "\(unmapped.stderr)")
        let map = "http://localhost:1234/=\(Self.suiteRemotes)"
        #expect(try CLI.run(["validate", "--schema", "s.json", "--map", map, "five.json"], in: root).status == 0)
        #expect(try CLI.run(["validate", "--schema", "s.json", "--map", map, "text.json"], in: root).status == 1)
    }

    @Test func metaschemaCheckReportsBadKeywords() throws {
        let root = try CLI.temporaryFolder(["s.json": #"{"$schema": "http://json-schema.org/draft-07/schema#", "required": "id"}"#])
        defer { try? FileManager.default.removeItem(at: root) }
        let output = try CLI.run(["validate", "--schema", "s.json", "--check-metaschema", "--format", "concise"], in: root)
        #expect(output.status == 1)
        #expect(output.stdout.contains("s.json:1:68: error[invalid-schema]: expected array, got string"), "\(output.stdout)")
    }
}
