import Foundation
import Testing

/// `check --fix` applies safe fixes to the work tree, `--diff` only shows them; both are idempotent.
@Suite struct FixTests {
    @Test func trailingCommaIsRemovedAndTheFixIsIdempotent() throws {
        let root = try CLI.temporaryFolder(["catalog/contracts/a.schema.json": "{\"$schema\": \"http://json-schema.org/draft-07/schema#\", \"type\": \"object\",}\n"])
        defer { try? FileManager.default.removeItem(at: root) }
        let file = root.appendingPathComponent("catalog/contracts/a.schema.json")
        let before = try String(contentsOf: file, encoding: .utf8)

        let diff = try CLI.run(["check", "--diff", root.path])
        #expect(diff.status == 0)
        #expect(diff.stdout.contains("-{\"$schema\": \"http://json-schema.org/draft-07/schema#\", \"type\": \"object\",}"), "\(diff.stdout)")
        #expect(diff.stdout.contains("+{\"$schema\": \"http://json-schema.org/draft-07/schema#\", \"type\": \"object\"}"), "\(diff.stdout)")
        #expect(try String(contentsOf: file, encoding: .utf8) == before, "--diff writes nothing")

        let fixed = try CLI.run(["check", "--fix", root.path])
        #expect(fixed.status == 0, "nothing remains after the fix: \(fixed.stdout)\(fixed.stderr)")
        #expect(fixed.stderr.contains("applied 1 fix in 1 file"))
        let after = try String(contentsOf: file, encoding: .utf8)
        #expect(after == "{\"$schema\": \"http://json-schema.org/draft-07/schema#\", \"type\": \"object\"}\n")

        let again = try CLI.run(["check", "--fix", root.path])
        #expect(again.status == 0)
        #expect(!again.stderr.contains("applied"))
        #expect(try String(contentsOf: file, encoding: .utf8) == after)
    }

    @Test func fixIsRefusedOutsideTheWorkTree() throws {
        #expect(try CLI.run(["check", "--fix", "--staged"]).status == 2)
    }
}
