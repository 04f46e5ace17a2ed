import Foundation
import MagsagGit
import Testing

/// A change that deletes or renames a file, or removes a heading, can break files it does not touch: the
/// descriptor that still declares a deleted contract, the page that links to a moved page or to the old
/// heading. Staged runs, CI diffs and pushed ranges report those findings (and only those) on the
/// unchanged files.
@Suite struct RemovalConsequenceTests {
    static let agent = "catalog/agents/sub/x-sag/agent.yaml"
    static let contract = "catalog/contracts/x_in.schema.json"
    static let guide = "docs/guides/setup.md"
    static let index = "docs/guides/index.md"

    /// A committed repository: an agent declaring a contract (the descriptor also has an older,
    /// unrelated finding: no `role`), a guide, an index page linking to the guide, an unused file.
    static func repository() throws -> (URL, RepositoryWriter) {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("magsag-removal-\(UUID().uuidString)")
        let writer = try RepositoryWriter.create(at: root.path)
        let files = [
            agent: "name: XSag\nslug: x-sag\nversion: 1.0.0\ncontracts:\n  input_schema: \(contract)\n",
            contract: #"{"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object"}"# + "\n",
            guide: "# Setup\n\nSteps.\n",
            index: "# Guides\n\nSee [setup](setup.md).\n\nThen [the steps](setup.md#setup).\n",
            "catalog/policies/unused.yaml": "ok: true\n",
        ]
        for (path, text) in files { try writer.write(path, text) }
        try writer.stage(Array(files.keys))
        _ = try writer.commit("initial")
        return (root, writer)
    }

    /// `check --staged` of the repository at `root`, uncached, in the concise format.
    static func checkStaged(_ root: URL) throws -> CLI.Output {
        try CLI.run(["check", "--staged", "--no-cache", "--format", "concise", root.path])
    }

    static func concise(_ output: CLI.Output) -> [String] {
        output.stdout.split(separator: "\n").map(String.init).filter { $0.contains(": error[") || $0.contains(": warning[") }
    }

    @Test func stagingTheDeletionOfADeclaredContractFails() throws {
        let (root, writer) = try Self.repository()
        defer { try? FileManager.default.removeItem(at: root) }
        try writer.removeFromIndex(Self.contract)
        let output = try Self.checkStaged(root)
        #expect(output.status == 1, "\(output.stdout)\(output.stderr)")
        let lines = Self.concise(output)
        #expect(lines.contains { $0.hasPrefix("\(Self.agent):5:17: error[missing-contract-file]") }, "\(lines)")
        #expect(lines.allSatisfy { $0.contains("missing-contract-file") }, "unrelated findings of the unchanged descriptor leaked: \(lines)")
        // The pre-commit hook says the same.
        let hook = try CLI.run(["hook", "pre-commit"], in: root)
        #expect(hook.status == 1, "\(hook.stdout)\(hook.stderr)")
        #expect(hook.stdout.contains("missing-contract-file"), "\(hook.stdout)")
    }

    @Test func movingALinkedPageReportsTheLinkingPage() throws {
        let (root, writer) = try Self.repository()
        defer { try? FileManager.default.removeItem(at: root) }
        let text = try String(contentsOf: root.appendingPathComponent(Self.guide), encoding: .utf8)
        try writer.delete(Self.guide)
        try writer.write("docs/guides/install.md", text)
        try writer.stage(Self.guide, "docs/guides/install.md")
        let output = try Self.checkStaged(root)
        let lines = Self.concise(output)
        #expect(output.status == 1, "\(output.stdout)\(output.stderr)")
        #expect(lines.contains { $0.hasPrefix("\(Self.index):3:13: error[broken-link]") }, "\(lines)")
    }

    @Test func renamingALinkedHeadingReportsTheLinkingPage() throws {
        let (root, writer) = try Self.repository()
        defer { try? FileManager.default.removeItem(at: root) }
        try writer.write(Self.guide, "# Installation\n\nSteps.\n")
        try writer.stage(Self.guide)
        let output = try Self.checkStaged(root)
        let lines = Self.concise(output)
        #expect(output.status == 1, "\(output.stdout)\(output.stderr)")
        #expect(lines.contains { $0.hasPrefix("\(Self.index):5:") && $0.contains("error[broken-anchor]") }, "\(lines)")
        // Editing the page without removing a heading reports nothing on the linking page.
        try writer.write(Self.guide, "# Setup\n\nMore steps.\n")
        try writer.stage(Self.guide)
        let quiet = try Self.checkStaged(root)
        #expect(!quiet.stdout.contains(Self.index), "\(quiet.stdout)")
    }

    @Test func renamingACalledAgentReportsItsCaller() throws {
        let (root, writer) = try Self.repository()
        defer { try? FileManager.default.removeItem(at: root) }
        let caller = "catalog/agents/main/a-mag/agent.yaml"
        try writer.write(caller, "name: AMag\nslug: a-mag\nversion: 1.0.0\ndepends_on:\n  sub_agents:\n    - magsag://sub.x-sag@^1.0.0\n")
        try writer.stage(caller)
        _ = try writer.commit("a caller")
        let text = try String(contentsOf: root.appendingPathComponent(Self.agent), encoding: .utf8)
        let moved = "catalog/agents/sub/y-sag/agent.yaml"
        try writer.delete(Self.agent)
        try writer.write(moved, text.replacingOccurrences(of: "x-sag", with: "y-sag").replacingOccurrences(of: "XSag", with: "YSag"))
        try writer.stage(Self.agent, moved)
        let output = try Self.checkStaged(root)
        let lines = Self.concise(output)
        #expect(output.status == 1, "\(output.stdout)\(output.stderr)")
        #expect(lines.contains { $0.hasPrefix("\(caller):6:") && $0.contains("sub.x-sag") }, "\(lines)")
    }

    @Test func removingADefinitionReportsTheSchemasThatReferToIt() throws {
        let (root, writer) = try Self.repository()
        defer { try? FileManager.default.removeItem(at: root) }
        let common = "catalog/contracts/common.schema.json"
        let order = "catalog/contracts/order.schema.json"
        let dialect = #""$schema": "http://json-schema.org/draft-07/schema#""#
        try writer.write(common, "{\(dialect), \"definitions\": {\"money\": {\"type\": \"number\"}, \"id\": {\"type\": \"string\"}}}\n")
        try writer.write(order, "{\(dialect),\n \"properties\": {\"price\": {\"$ref\": \"common.schema.json#/definitions/money\"}}}\n")
        try writer.stage(common, order)
        _ = try writer.commit("shared definitions")
        // Removing a definition nobody uses reports nothing; removing the used one reports its user.
        try writer.write(common, "{\(dialect), \"definitions\": {\"money\": {\"type\": \"number\"}}}\n")
        try writer.stage(common)
        let quiet = try Self.checkStaged(root)
        #expect(!quiet.stdout.contains(order), "\(quiet.stdout)")
        try writer.write(common, "{\(dialect), \"definitions\": {\"id\": {\"type\": \"string\"}}}\n")
        try writer.stage(common)
        let output = try Self.checkStaged(root)
        let lines = Self.concise(output)
        #expect(output.status == 1, "\(output.stdout)\(output.stderr)")
        #expect(lines.contains { $0.hasPrefix("\(order):2:") && $0.contains("error[unresolved-ref]") }, "\(lines)")
    }

    @Test func changingAnIdentifierReportsTheSchemasThatReferToIt() throws {
        let (root, writer) = try Self.repository()
        defer { try? FileManager.default.removeItem(at: root) }
        let common = "catalog/contracts/common.schema.json"
        let order = "catalog/contracts/order.schema.json"
        let item = "catalog/contracts/item.schema.json"
        let dialect = #""$schema": "https://json-schema.org/draft/2020-12/schema""#
        try writer.write(common, "{\(dialect), \"$id\": \"https://example.com/schemas/money.json\", \"type\": \"number\", \"examples\": [{\"id\": \"legacy.json\"}]}\n")
        try writer.write(order, "{\(dialect),\n \"properties\": {\"price\": {\"$ref\": \"https://example.com/schemas/money.json\"}}}\n")
        try writer.write(item, "{\(dialect), \"$id\": \"https://example.com/schemas/item.json\",\n \"properties\": {\"cost\": {\"$ref\": \"money.json\"}}}\n")
        // An older, unrelated finding: a reference that never resolved.
        let legacy = "catalog/contracts/legacy-user.schema.json"
        try writer.write(legacy, "{\(dialect), \"$ref\": \"https://example.com/schemas/legacy.json\"}\n")
        try writer.stage(common, order, item, legacy)
        _ = try writer.commit("a shared type by $id")
        // Editing the schema without touching its `$id` reports nothing on its users, nor the older finding
        // of a file naming what an example's `"id"` held (data, not an identifier).
        try writer.write(common, "{\(dialect), \"$id\": \"https://example.com/schemas/money.json\", \"type\": \"integer\"}\n")
        try writer.stage(common)
        let quiet = try Self.checkStaged(root)
        #expect(!quiet.stdout.contains(order) && !quiet.stdout.contains(item) && !quiet.stdout.contains(legacy), "\(quiet.stdout)")
        // A new `$id` leaves the absolute and the relative reference dangling: both users are reported.
        try writer.write(common, "{\(dialect), \"$id\": \"https://example.com/schemas/amount.json\", \"type\": \"number\"}\n")
        try writer.stage(common)
        let output = try Self.checkStaged(root)
        let lines = Self.concise(output)
        #expect(output.status == 1, "\(output.stdout)\(output.stderr)")
        #expect(lines.contains { $0.hasPrefix("\(order):2:") && $0.contains("error[unresolved-ref]") }, "\(lines)")
        #expect(lines.contains { $0.hasPrefix("\(item):2:") && $0.contains("error[unresolved-ref]") }, "\(lines)")
    }

    @Test func deletingAnUnreferencedFilePasses() throws {
        let (root, writer) = try Self.repository()
        defer { try? FileManager.default.removeItem(at: root) }
        try writer.delete("catalog/policies/unused.yaml")
        try writer.stage("catalog/policies/unused.yaml")
        let output = try Self.checkStaged(root)
        #expect(output.status == 0, "\(output.stdout)\(output.stderr)")
        #expect(Self.concise(output).isEmpty, "\(output.stdout)")
    }

    @Test func aCommittedDeletionIsReportedInRangesAndCIDiffs() throws {
        let (root, writer) = try Self.repository()
        defer { try? FileManager.default.removeItem(at: root) }
        try writer.delete(Self.contract)
        try writer.stage(Self.contract)
        _ = try writer.commit("drop the contract")
        for arguments in [["--range", "HEAD~1..HEAD"], ["--since", "HEAD~1"]] {
            let output = try CLI.run(["check"] + arguments + ["--no-cache", "--format", "concise", root.path])
            #expect(output.status == 1, "\(arguments): \(output.stdout)\(output.stderr)")
            #expect(Self.concise(output).contains { $0.hasPrefix("\(Self.agent):5:17: error[missing-contract-file]") }, "\(arguments): \(output.stdout)")
        }
    }
}
