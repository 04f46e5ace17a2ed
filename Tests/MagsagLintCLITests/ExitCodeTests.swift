import Foundation
import Testing

/// Exit codes are part of the interface: 0 clean, 1 findings, 2 usage/config/internal error.
@Suite struct ExitCodeTests {
    @Test func cleanFolderExitsZero() throws {
        let root = try CLI.temporaryFolder(["catalog/policies/p.yaml": "key: value\n"])
        defer { try? FileManager.default.removeItem(at: root) }
        let output = try CLI.run(["check", root.path])
        #expect(output.status == 0, "\(output.stdout)\(output.stderr)")
    }

    @Test func findingsExitOne() throws {
        let root = try CLI.temporaryFolder(["catalog/contracts/a.schema.json": "{\"type\": \"object\",}\n"])
        defer { try? FileManager.default.removeItem(at: root) }
        let output = try CLI.run(["check", "--format", "concise", root.path])
        #expect(output.status == 1)
        #expect(output.stdout.contains("catalog/contracts/a.schema.json:1:18: error[invalid-json]: trailing comma"), "\(output.stdout)")
    }

    @Test func warningsFailOnlyAtWarningLevel() throws {
        let root = try CLI.temporaryFolder(["catalog/big.json": String(repeating: " ", count: 100) + "{}"])
        defer { try? FileManager.default.removeItem(at: root) }
        let info = try CLI.run(["check", "--max-file-size", "10", root.path])
        #expect(info.status == 0, "an info finding does not fail at the default level: \(info.stdout)")
        let strict = try CLI.run(["check", "--max-file-size", "10", "--fail-level", "info", root.path])
        #expect(strict.status == 1)
    }

    @Test func usageErrorsExitTwo() throws {
        #expect(try CLI.run(["check", "--no-such-flag"]).status == 2)
        #expect(try CLI.run(["check", "--staged", "--rev", "HEAD"]).status == 2)
        #expect(try CLI.run(["check", "--format", "xml"]).status == 2)
        let explain = try CLI.run(["explain", "no-such-rule"])
        #expect(explain.status == 2)
        #expect(explain.stderr.contains("unknown rule"))
    }

    @Test func missingFolderIsAnErrorNotACrash() throws {
        let output = try CLI.run(["check", "--staged", "/nonexistent/folder/for/magsag"])
        #expect(output.status == 2, "\(output.stderr)")
        #expect(!output.stderr.contains("Fatal error"))
    }

    @Test func helpAndVersionExitZero() throws {
        #expect(try CLI.run(["--help"]).status == 0)
        let version = try CLI.run(["--version"])
        #expect(version.status == 0)
        #expect(version.stdout.contains("0."))
    }

    @Test func rulesAndExplainListEveryRule() throws {
        let rules = try CLI.run(["rules"])
        #expect(rules.status == 0)
        #expect(rules.stdout.contains("duplicate-key"))
        let explain = try CLI.run(["explain", "duplicate-key"])
        #expect(explain.status == 0)
        #expect(explain.stdout.contains("## How to fix"))
    }
}
