import Foundation
import MagsagGit
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

    /// A fixed file keeps its permission bits: the fix replaces the content, not the file's mode, through
    /// a temporary name no other file has.
    @Test func fixKeepsTheFilesPermissions() throws {
        let root = try CLI.temporaryFolder([
            "catalog/contracts/a.schema.json": "{\"$schema\": \"http://json-schema.org/draft-07/schema#\", \"type\": \"object\",}\n",
            "catalog/contracts/b.schema.json": "{\"$schema\": \"http://json-schema.org/draft-07/schema#\", \"type\": \"string\",}\n",
            // A bystander whose name a fixed temporary name would have taken.
            "catalog/contracts/a.schema.json.magsag-lint-tmp": "keep me\n",
        ])
        defer { try? FileManager.default.removeItem(at: root) }
        let a = root.appendingPathComponent("catalog/contracts/a.schema.json").path
        let b = root.appendingPathComponent("catalog/contracts/b.schema.json").path
        try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: a)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: b)

        let fixed = try CLI.run(["check", "--fix", root.path])
        #expect(fixed.status == 0, "\(fixed.stdout)\(fixed.stderr)")
        #expect(fixed.stderr.contains("in 2 files"), "\(fixed.stderr)")
        #expect(try Self.read(root, "catalog/contracts/a.schema.json").hasSuffix("\"object\"}\n"))
        let modeA = try FileManager.default.attributesOfItem(atPath: a)[.posixPermissions] as? Int
        let modeB = try FileManager.default.attributesOfItem(atPath: b)[.posixPermissions] as? Int
        #expect(modeA == 0o640)
        #expect(modeB == 0o755)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("catalog/contracts").path)
        #expect(leftovers.sorted() == ["a.schema.json", "a.schema.json.magsag-lint-tmp", "b.schema.json"], "no temporary file is left behind")
        #expect(try Self.read(root, "catalog/contracts/a.schema.json.magsag-lint-tmp") == "keep me\n", "a file already there is not touched")
    }

    static let today = ["MAGSAG_LINT_TODAY": "2026-11-25"]

    static func read(_ root: URL, _ path: String) throws -> String {
        String(decoding: try Data(contentsOf: root.appendingPathComponent(path)), as: UTF8.self)
    }

    /// Front-matter (CRLF), tags, a plan, an enum: `--diff` shows and writes nothing, `--fix` applies the
    /// safe fixes, a second `--fix` changes nothing, `--unsafe-fixes` adds the rest once, CRLF stays CRLF.
    @Test func frontMatterAndListFixesRoundTripOnATemporaryRepository() throws {
        let doc = "---\r\ntitle: Guide\r\nslug: guide\r\ntags: [Governance, plans, governance]  # keep\r\nsummary: A guide.\r\ndescription: The guide.\r\n---\r\n# Guide\r\n"
        let plan = "---\ntags:\n  - plans\n  - Plans\nsummary: Ship.\ndescription: Ship it.\n---\n# Ship it\n"
        let schema = "{\"$schema\": \"https://json-schema.org/draft/2020-12/schema\", \"enum\": [\"a\", \"b\", \"a\"]}\n"
        let root = try CLI.temporaryFolder([
            "docs/guide.md": doc, "docs/development/plans/ship-it.md": plan, "catalog/contracts/state.schema.json": schema,
        ])
        defer { try? FileManager.default.removeItem(at: root) }

        let diff = try CLI.run(["check", "--diff", root.path], environment: Self.today)
        #expect(diff.stdout.contains("+tags: [governance, plans]  # keep\r"), "\(diff.stdout)")
        #expect(try Self.read(root, "docs/guide.md") == doc, "--diff writes nothing")

        let fixed = try CLI.run(["check", "--fix", root.path], environment: Self.today)
        #expect(fixed.stderr.contains("note: applied"), "\(fixed.stderr)")
        let guide = try Self.read(root, "docs/guide.md")
        #expect(guide == "---\r\ntitle: Guide\r\nslug: guide\r\ntags: [governance, plans]  # keep\r\nsummary: A guide.\r\ndescription: The guide.\r\nlast_updated: 2026-11-25\r\n---\r\n# Guide\r\n")
        #expect(!guide.replacing("\r\n", with: "").contains("\n"), "CRLF stays CRLF")
        #expect(try Self.read(root, "docs/development/plans/ship-it.md")
                == "---\ntags:\n  - plans\nsummary: Ship.\ndescription: Ship it.\ntitle: Ship it\nslug: ship-it\nlast_updated: 2026-11-25\n---\n# Ship it\n")
        #expect(try Self.read(root, "catalog/contracts/state.schema.json").contains("[\"a\", \"b\"]"))

        let afterSafe = try Self.snapshot(root)
        let again = try CLI.run(["check", "--fix", root.path], environment: Self.today)
        #expect(!again.stderr.contains("applied"), "\(again.stderr)")
        #expect(try Self.snapshot(root) == afterSafe, "a second --fix changes nothing")

        let unsafe = try CLI.run(["check", "--fix", "--unsafe-fixes", root.path], environment: Self.today)
        #expect(unsafe.stderr.contains("note: applied"))
        #expect(try Self.read(root, "docs/guide.md").hasSuffix("last_updated: 2026-11-25\r\nstatus: draft\r\nlast_synced: 2026-11-25\r\n---\r\n# Guide\r\n"))
        let afterUnsafe = try Self.snapshot(root)
        _ = try CLI.run(["check", "--fix", "--unsafe-fixes", root.path], environment: Self.today)
        #expect(try Self.snapshot(root) == afterUnsafe, "a second --unsafe-fixes changes nothing")
    }

    static func snapshot(_ root: URL) throws -> [String: Data] {
        try TreeSnapshot.files(root)
    }

    static let configuration = "version: 1\nenable: [last-updated-not-bumped]\n"
    static let before = "---\ntitle: Guide\nlast_updated: 2025-01-01\n---\n# Guide\n\nOld text.\n"
    static let after = "---\ntitle: Guide\nlast_updated: 2025-01-01\n---\n# Guide\n\nNew text.\n"

    /// A repository with the doc committed, then changed and staged.
    static func repository(configuration: String?) throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("magsag-fix-\(UUID().uuidString)")
        let writer = try RepositoryWriter.create(at: root.path)
        try writer.write("docs/guide.md", before)
        if let configuration { try writer.write(".magsag-lint.yaml", configuration) }
        try writer.stage(configuration == nil ? ["docs/guide.md"] : ["docs/guide.md", ".magsag-lint.yaml"])
        _ = try writer.commit("initial")
        try writer.write("docs/guide.md", after)
        try writer.stage("docs/guide.md")
        return root
    }

    /// Configured, a staged doc whose body changed gets `last_updated` bumped: the hook offers the fix and
    /// changes nothing; `check --staged --fix` writes the work tree, never the index; again changes nothing.
    @Test func lastUpdatedIsBumpedInTheWorkTreeWhenConfigured() throws {
        let root = try Self.repository(configuration: Self.configuration)
        defer { try? FileManager.default.removeItem(at: root) }
        let index = root.appendingPathComponent(".git/index")
        let indexBefore = try Data(contentsOf: index)
        let untouched = try Self.snapshot(root)

        let hook = try CLI.run(["hook", "pre-commit", "--repository", root.path], environment: Self.today)
        #expect(hook.stdout.contains("warning[last-updated-not-bumped]"), "\(hook.stdout)\(hook.stderr)")
        #expect(hook.stderr.contains("fixes are offered, not applied: 1 with `magsag-lint check --staged --fix`"), "\(hook.stderr)")
        #expect(try Self.snapshot(root) == untouched, "hooks apply nothing")

        let fixed = try CLI.run(["check", "--staged", "--fix", "--format", "concise", root.path], environment: Self.today)
        #expect(fixed.stderr.contains("the index and commits are unchanged"), "\(fixed.stderr)")
        #expect(try Self.read(root, "docs/guide.md") == Self.after.replacing("2025-01-01", with: "2026-11-25"))
        #expect(try Data(contentsOf: index) == indexBefore, "the index is never written")

        let worktree = try CLI.run(["check", root.path], environment: Self.today)
        #expect(!worktree.stdout.contains("last-updated-not-bumped"))
        let again = try CLI.run(["check", "--staged", "--fix", root.path], environment: Self.today)
        #expect(!again.stderr.contains("applied"), "the staged copy still differs from the work tree: nothing is written")
        #expect(try Self.read(root, "docs/guide.md") == Self.after.replacing("2025-01-01", with: "2026-11-25"))
    }

    @Test func lastUpdatedBumpIsOffByDefault() throws {
        let root = try Self.repository(configuration: nil)
        defer { try? FileManager.default.removeItem(at: root) }
        let output = try CLI.run(["check", "--staged", "--format", "concise", root.path], environment: Self.today)
        #expect(!output.stdout.contains("last-updated-not-bumped"), "\(output.stdout)")
    }
}
