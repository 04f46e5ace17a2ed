import Foundation
import Testing

@Suite struct AuditCommandTests {
    static let root = CLI.projectRoot.path

    @Test func terminalReportOnThisRepository() throws {
        let output = try CLI.run(["audit", "--today", "2026-11-25", Self.root])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout.contains("magsag-lint audit"))
        #expect(output.stdout.contains("Findings behind the scores"))
    }

    @Test func jsonReportParses() throws {
        let output = try CLI.run(["audit", "--format", "json", "--today", "2026-11-25", Self.root])
        #expect(output.status == 0, "\(output.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any]
        #expect(object?["today"] as? String == "2026-11-25")
        #expect(object?["graph"] != nil)
    }

    @Test func markdownAndHTMLToFiles() throws {
        let folder = try CLI.temporaryFolder([:])
        defer { try? FileManager.default.removeItem(at: folder) }
        for (format, name) in [("markdown", "audit.md"), ("html", "audit.html")] {
            let file = folder.appendingPathComponent(name).path
            let output = try CLI.run(["audit", "--format", format, "--output", file, "--today", "2026-11-25", Self.root])
            #expect(output.status == 0, "\(output.stderr)")
            #expect(output.stdout.isEmpty)
            let text = try String(contentsOfFile: file, encoding: .utf8)
            #expect(format == "html" ? text.contains("<svg class=\"graph\"") : text.contains("## Agent graph"))
        }
    }

    @Test func historyAppendsOneLinePerRun() throws {
        let folder = try CLI.temporaryFolder([:])
        defer { try? FileManager.default.removeItem(at: folder) }
        let history = folder.appendingPathComponent("history.jsonl").path
        for _ in 0..<2 {
            let output = try CLI.run(["audit", "--history", history, "--today", "2026-11-25", Self.root])
            #expect(output.status == 0, "\(output.stderr)")
        }
        let lines = try String(contentsOfFile: history, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 2)
        for line in lines {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            #expect(object?["date"] as? String == "2026-11-25")
        }
        let output = try CLI.run(["audit", "--history", history, "--today", "2026-11-25", Self.root])
        #expect(output.stdout.contains("3 runs"))
    }

    @Test func graphFormats() throws {
        let dot = try CLI.run(["graph", Self.root])
        #expect(dot.status == 0)
        #expect(dot.stdout.contains("\"main.lint-triage-mag\" -> \"sub.finding-explainer-sag\""))
        let mermaid = try CLI.run(["graph", "--format", "mermaid", Self.root])
        #expect(mermaid.stdout.hasPrefix("flowchart LR"))
        let json = try CLI.run(["graph", "--format", "json", Self.root])
        #expect((try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])?["edges"] != nil)
    }

    @Test func badDateIsAUsageError() throws {
        let output = try CLI.run(["audit", "--today", "2026-13-01", Self.root])
        #expect(output.status == 2)
    }
}
