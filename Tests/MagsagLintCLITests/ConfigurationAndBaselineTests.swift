import Foundation
import Testing

@Suite struct ConfigurationAndBaselineTests {
    @Test func configurationErrorsAreReportedAtTheirLine() throws {
        let root = try CLI.temporaryFolder([
            ".magsag-lint.yaml": "version: 1\nfail_level: warning\ndisable:\n  - duplicate-keys\n",
            "catalog/policies/p.yaml": "a: 1\n",
        ])
        defer { try? FileManager.default.removeItem(at: root) }
        let output = try CLI.run(["check", "--format", "concise", root.path])
        #expect(output.status == 1)
        #expect(output.stdout.contains(".magsag-lint.yaml:2:1: error[invalid-configuration]: unknown configuration key \"fail_level\""), "\(output.stdout)")
        #expect(output.stdout.contains(".magsag-lint.yaml:4:5: error[invalid-configuration]: unknown rule or category \"duplicate-keys\""), "\(output.stdout)")
    }

    @Test func disabledRulesAndOverridesApply() throws {
        let root = try CLI.temporaryFolder([
            ".magsag-lint.yaml": "version: 1\noverrides:\n  - paths: ['catalog/legacy/**']\n    disable: [duplicate-key]\nseverity:\n  invalid-json: warning\n",
            "catalog/legacy/p.yaml": "a: 1\na: 2\n",
            "catalog/p.yaml": "a: 1\na: 2\n",
            "catalog/c.json": "{,}",
        ])
        defer { try? FileManager.default.removeItem(at: root) }
        let output = try CLI.run(["check", "--format", "concise", root.path])
        #expect(output.stdout.contains("catalog/p.yaml:2:1: error[duplicate-key]"))
        #expect(!output.stdout.contains("catalog/legacy/p.yaml"), "the override disables the rule there: \(output.stdout)")
        #expect(output.stdout.contains("catalog/c.json:1:2: warning[invalid-json]"), "\(output.stdout)")
        let dump = try CLI.run(["config", "--dump", root.path])
        #expect(dump.status == 0)
        #expect(dump.stdout.contains("invalid-json: warning"))
    }

    @Test func suppressionsSilenceExactlyTheirTarget() throws {
        let root = try CLI.temporaryFolder([
            "catalog/a.yaml": "k: 1\n# magsag-lint: disable-next-line duplicate-key -- read by a first-wins loader\nk: 2\nj: 1\nj: 2\n",
            "catalog/b.yaml": "# magsag-lint: disable-file duplicate-key -- generated\nk: 1\nk: 2\n",
            "docs/c.md": "---\ntitle: C\ntitle: D\n---\n<!-- magsag-lint: disable-next-line duplicate-key -- wrong line -->\n# C\n",
        ])
        defer { try? FileManager.default.removeItem(at: root) }
        let output = try CLI.run(["check", "--format", "concise", root.path])
        let lines = output.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains("catalog/a.yaml:5:1: error[duplicate-key]: duplicate key \"j\""), "\(output.stdout)")
        #expect(!lines.contains { $0.hasPrefix("catalog/a.yaml:3") })
        #expect(!lines.contains { $0.hasPrefix("catalog/b.yaml") })
        #expect(lines.contains { $0.hasPrefix("docs/c.md:3:1: error[duplicate-key]") }, "\(output.stdout)")
        #expect(lines.contains { $0.hasPrefix("docs/c.md:5:") && $0.contains("unused-suppression") }, "\(output.stdout)")
        // SARIF keeps suppressed results, marked.
        let sarif = try CLI.run(["check", "--format", "sarif", root.path])
        #expect(sarif.stdout.contains("\"inSource\""))
        #expect(sarif.stdout.contains("read by a first-wins loader"))
    }

    @Test func baselineSurvivesLineMovesAndStrictModeCatchesPaidDebt() throws {
        let root = try CLI.temporaryFolder(["catalog/a.yaml": "k: 1\nk: 2\n"])
        defer { try? FileManager.default.removeItem(at: root) }
        let baseline = root.appendingPathComponent("baseline.json").path
        let write = try CLI.run(["check", "--write-baseline", baseline, root.path])
        #expect(write.status == 0, "\(write.stderr)")
        let text = try String(contentsOfFile: baseline, encoding: .utf8)
        #expect(text.contains("\"path\": \"catalog/a.yaml\"") && !text.contains(root.path), "relative paths only")
        // Ten lines inserted above the finding: still baselined.
        try Data(("# header\n" + String(repeating: "# filler\n", count: 9) + "k: 1\nk: 2\n").utf8)
            .write(to: root.appendingPathComponent("catalog/a.yaml"))
        #expect(try CLI.run(["check", "--baseline", baseline, root.path]).status == 0)
        // A new finding is reported.
        try Data("k: 1\nk: 2\nm: 1\nm: 2\n".utf8).write(to: root.appendingPathComponent("catalog/a.yaml"))
        let fresh = try CLI.run(["check", "--baseline", baseline, "--format", "concise", root.path])
        #expect(fresh.status == 1)
        #expect(fresh.stdout.contains("duplicate key \"m\"") && !fresh.stdout.contains("duplicate key \"k\""), "\(fresh.stdout)")
        // The debt is paid: strict baseline fails, plain baseline passes.
        try Data("k: 1\n".utf8).write(to: root.appendingPathComponent("catalog/a.yaml"))
        #expect(try CLI.run(["check", "--baseline", baseline, root.path]).status == 0)
        let strict = try CLI.run(["check", "--baseline", baseline, "--strict-baseline", root.path])
        #expect(strict.status == 1)
        #expect(strict.stderr.contains("matches nothing"))
    }
}
