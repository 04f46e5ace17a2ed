import Foundation
import Testing

/// Two entries of the adversarial corpus that are about scale: a git index with 100,000 entries and a
/// schema with 10,000 `$ref`s to one definition. Both must finish with the right findings (the time
/// bound is a hang guard, not a speed test: speed is measured in bench/).
@Suite struct AdversarialScaleTests {
    @Test func anIndexWithOneHundredThousandEntries() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("magsag-bigindex-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        _ = try ShallowClonePushTests.git(["init", "-q"], in: root)
        try Data("hello\n".utf8).write(to: root.appendingPathComponent("seed.txt"))
        let oid = try ShallowClonePushTests.git(["hash-object", "-w", "seed.txt"], in: root)
        var lines = ""
        lines.reserveCapacity(100_000 * 60)
        for i in 0..<100_000 { lines += "100644 \(oid)\tdocs/d\(i / 1000)/f\(i).md\n" }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "update-index", "--index-info"]
        process.currentDirectoryURL = root
        let input = Pipe()
        process.standardInput = input
        try process.run()
        input.fileHandleForWriting.write(Data(lines.utf8))
        try input.fileHandleForWriting.close()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)

        let run = try Hostile.bounded(["check", "--staged", "--no-cache", "--format", "json", root.path], timeout: 300,
                                                     sourceLocation: #_sourceLocation)
        #expect(run.status == 1, "\(run.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
        let diagnostics = object?["diagnostics"] as? [[String: Any]] ?? []
        #expect(diagnostics.count == 100_000, "every staged Markdown file lacks front-matter")
        #expect(Set(diagnostics.compactMap { $0["rule"] as? String }) == ["missing-front-matter"])
    }

    @Test func tenThousandReferencesToOneDefinition() throws {
        var properties: [String] = []
        var example: [String] = []
        for i in 0..<10_000 {
            properties.append("\"p\(i)\": {\"$ref\": \"defs.schema.json#/$defs/x\"}")
            example.append("\"p\(i)\": \"\(i == 7_777 ? "Bad1" : "ok")\"")
        }
        let schema = "{\"$schema\": \"https://json-schema.org/draft/2020-12/schema\", \"type\": \"object\", \"properties\": {"
            + properties.joined(separator: ", ") + "}, \"examples\": [{" + example.joined(separator: ", ") + "}]}"
        let defs = #"{"$schema": "https://json-schema.org/draft/2020-12/schema", "$defs": {"x": {"type": "string", "pattern": "^[a-z]+$"}}}"#
        let run = try Hostile.check(files: ["catalog/contracts/many.schema.json": Array(schema.utf8),
                                                           "catalog/contracts/defs.schema.json": Array(defs.utf8)])
        let findings = run.diagnostics.filter { ($0["rule"] as? String) == "invalid-example" }
        #expect(findings.count == 1, "\(run.diagnostics)")
        #expect((findings.first?["message"] as? String)?.contains("Bad1") == true, "\(findings)")
    }
}
