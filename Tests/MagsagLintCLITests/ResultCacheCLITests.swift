import Foundation
import MagsagGit
import Testing

/// The result cache never changes what a run reports: cold, warm, after edits and with a damaged
/// cache file, `check` prints exactly what `check --no-cache` prints.
@Suite struct ResultCacheCLITests {
    @Test func cachedRunsReportExactlyWhatUncachedRunsReport() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("magsag-cache-cli-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let writer = try RepositoryWriter.create(at: root.path)
        let contract = "catalog/contracts/a_input.schema.json"
        try writer.write("catalog/agents/main/a-mag/agent.yaml", "version: 1.0.0\nslug: a-mag\nrole: main\ncontracts:\n  input_schema: \(contract)\n")
        try writer.write(contract, #"{"$schema": "http://json-schema.org/draft-07/schema#", "type": "object", "required": "q"}"#)
        try writer.write("docs/guide.md", "# Guide\n\n[missing](nowhere.md) and [ok](other.md#title)\n")
        try writer.write("docs/other.md", "# Title\n")
        try writer.stage("catalog/agents/main/a-mag/agent.yaml", contract, "docs/guide.md", "docs/other.md")
        _ = try writer.commit("first")
        let cacheFile = root.appendingPathComponent(".git/magsag-lint/results-v1.bin")

        func compare(_ label: String, format: String = "json") throws {
            let uncached = try CLI.run(["check", "--no-cache", "--format", format, "--today", "2026-01-01", root.path])
            let cached = try CLI.run(["check", "--format", format, "--today", "2026-01-01", root.path])
            #expect(uncached.status == 1, "\(label): \(uncached.stderr)")
            #expect(cached.status == uncached.status, "\(label)")
            #expect(cached.stdout == uncached.stdout, "\(label): cached output differs")
        }
        try compare("cold")
        #expect(FileManager.default.fileExists(atPath: cacheFile.path))
        try compare("warm")
        try compare("warm, human", format: "human")
        try compare("warm, concise", format: "concise")
        // A cross-file change: the link target disappears from other.md, so guide.md (unchanged) gains a finding.
        try writer.write("docs/other.md", "# Renamed\n")
        try compare("after editing a link target")
        try writer.write("docs/other.md", "# Title\n")
        try compare("after reverting")
        // Another day: stale-document rules may change, so the date is part of the key.
        let later = try CLI.run(["check", "--format", "json", "--today", "2030-01-01", root.path])
        let laterUncached = try CLI.run(["check", "--no-cache", "--format", "json", "--today", "2030-01-01", root.path])
        #expect(later.stdout == laterUncached.stdout)
        // A damaged cache is ignored and rewritten.
        try Data("garbage".utf8).write(to: cacheFile)
        try compare("damaged cache")
        try compare("rewritten cache")
    }

    /// The work-tree key stands on the index's content, not its stat data: an index rewritten with new
    /// stat data only (what `git status` and `git add` of an unchanged file do) is still answered from
    /// the run cache; a staged change of content is not.
    @Test func statOnlyIndexRewritesKeepTheRunCache() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("magsag-cache-refresh-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let writer = try RepositoryWriter.create(at: root.path)
        let old = Date(timeIntervalSince1970: 1_600_000_000)
        let files = ["docs/guide.md": "# Guide\n\n[ok](other.md)\n", "docs/other.md": "# Other\n"]
        for (path, text) in files {
            try writer.write(path, text)
            try FileManager.default.setAttributes([.modificationDate: old], ofItemAtPath: root.appendingPathComponent(path).path)
        }
        try writer.stage(Array(files.keys))
        _ = try writer.commit("first")
        let check = ["check", "--format", "json", "--today", "2026-01-01", root.path]
        func answeredFromCache() throws -> Bool {
            try CLI.run(check, environment: ["MAGSAG_LINT_TIMINGS": "1"]).stderr.contains("answered from the run cache")
        }
        _ = try CLI.run(check)
        #expect(try answeredFromCache())

        // Same bytes, new modification time, staged again: the index's stat data changes, nothing else.
        let touched = Date(timeIntervalSince1970: 1_700_000_000)
        try FileManager.default.setAttributes([.modificationDate: touched], ofItemAtPath: root.appendingPathComponent("docs/other.md").path)
        try writer.stage("docs/other.md")
        #expect(try answeredFromCache())

        // New content staged: a miss, and the answer is a fresh one.
        try writer.write("docs/other.md", "# Other, edited\n")
        try FileManager.default.setAttributes([.modificationDate: old], ofItemAtPath: root.appendingPathComponent("docs/other.md").path)
        try writer.stage("docs/other.md")
        #expect(try !answeredFromCache())
        #expect(try answeredFromCache())
        let cached = try CLI.run(check), uncached = try CLI.run(check + ["--no-cache"])
        #expect(cached.stdout == uncached.stdout)
    }

    /// With files older than the index, the work-tree manifest takes blob ids from the index without
    /// reading them; edits (new modification times) are still seen, and the pre-commit hook's answer
    /// from the cache equals a fresh run.
    @Test func theManifestPathSeesEveryEdit() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("magsag-cache-manifest-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let writer = try RepositoryWriter.create(at: root.path)
        let files = [
            "docs/guide.md": "# Guide\n\n[ok](other.md#title)\n",
            "docs/other.md": "# Title\n",
            "catalog/policies/p.yaml": "a: 1\n",
        ]
        let old = Date(timeIntervalSince1970: 1_600_000_000)
        for (path, text) in files {
            try writer.write(path, text)
            try FileManager.default.setAttributes([.modificationDate: old], ofItemAtPath: root.appendingPathComponent(path).path)
        }
        try writer.stage(Array(files.keys))
        _ = try writer.commit("first")

        func compare(_ label: String, _ arguments: [String]) throws {
            let uncached = try CLI.run(arguments + ["--no-cache"])
            let cached = try CLI.run(arguments)
            #expect(cached.status == uncached.status, "\(label): \(cached.stderr)")
            #expect(cached.stdout == uncached.stdout, "\(label): cached output differs")
        }
        let check = ["check", "--format", "json", "--today", "2026-01-01", root.path]
        try compare("cold", check)
        try compare("warm", check)
        try writer.write("docs/other.md", "# Moved\n")
        try compare("edited link target", check)
        let broken = try CLI.run(check)
        #expect(broken.stdout.contains("broken-anchor") || broken.stdout.contains("#title"), "\(broken.stdout)")
        try writer.write("docs/other.md", "# Title\n")
        try compare("reverted", check)

        // The hook answers from the index: stage the broken target, leave the work tree fixed.
        try writer.write("docs/other.md", "# Moved\n")
        try writer.stage("docs/other.md")
        try writer.write("docs/other.md", "# Title\n")
        let hook = ["hook", "pre-commit", "--today", "2026-01-01", "--repository", root.path]
        try compare("hook cold", hook)
        try compare("hook warm", hook)
        #expect(try CLI.run(hook).status == 1)

        // A repeated index is answered through its checksum; restaging changes the checksum, so the
        // next run is a miss and sees the fix, and staging the break again is answered again.
        try writer.stage("docs/other.md")
        try compare("hook after restaging the fix", hook)
        #expect(try CLI.run(hook).status == 0)
        try writer.write("docs/other.md", "# Moved\n")
        try writer.stage("docs/other.md")
        try compare("hook with the break restaged", hook)
        try compare("hook with the break restaged, warm", hook)
        #expect(try CLI.run(hook).status == 1)

        // A finding in a file whose staged content differs from the work tree: the answer for a repeated
        // index shows the staged line (the blob ids recorded with the answer), like a fresh run.
        try writer.write("docs/guide.md", "# Guide\n\n[gone](staged-only.md)\n")
        try writer.stage("docs/guide.md")
        try writer.write("docs/guide.md", "# Guide\n\nwork tree text, never staged\n")
        let human = hook + ["--format", "human"]
        try compare("human hook, new index", human)
        try compare("human hook, repeated index", human)
        let shown = try CLI.run(human).stdout
        #expect(shown.contains("[gone](staged-only.md)") && !shown.contains("never staged"), "\(shown)")
    }

    /// A pre-commit hook's whole-run answer is keyed by the index's content: an index rewritten with the
    /// same entries (new stat data, so a new file and checksum) is answered from the run cache; any
    /// change to what is staged (content, an executable bit) is a miss whose answer equals a fresh run.
    @Test func theHookKeysItsRunByTheIndexContent() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("magsag-run-key-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let writer = try RepositoryWriter.create(at: root.path)
        try writer.write("docs/guide.md", "# Guide\n\n[ok](other.md)\n")
        try writer.write("docs/other.md", "# Other\n")
        try writer.stage("docs/guide.md", "docs/other.md")
        _ = try writer.commit("first")
        try writer.write("docs/guide.md", "# Guide\n\n[broken](missing.md)\n")
        try writer.stage("docs/guide.md")
        let hook = ["hook", "pre-commit", "--format", "json", "--today", "2026-01-01", "--repository", root.path]
        func ranRules() throws -> Bool {
            let run = try CLI.run(hook, environment: ["MAGSAG_LINT_TIMINGS": "1"])
            #expect(run.stdout == (try CLI.run(hook + ["--no-cache"])).stdout)
            return run.stderr.contains("phase: parse")
        }
        #expect(try ranRules())
        #expect(try !ranRules(), "the same index")
        // Restaged with a new modification time: the index file is rewritten, its entries are the same.
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: 1_700_000_000)],
                                              ofItemAtPath: root.appendingPathComponent("docs/other.md").path)
        try writer.stage("docs/other.md")
        #expect(try !ranRules(), "an index with the same entries")
        try writer.write("docs/other.md", "# Other, edited\n")
        try writer.stage("docs/other.md")
        #expect(try ranRules(), "new content staged")
        #expect(try !ranRules())
    }
}

/// The pre-commit hook reuses repository-rule results by the areas they read, end to end: a staged
/// README edited again re-runs only the rules that read Markdown, and every answer equals a fresh run's.
@Suite struct ScopedResultsCLITests {
    @Test func theHookReusesResultsAcrossReadmeEditsAndSeesDescriptorEdits() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("magsag-scoped-cli-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let writer = try RepositoryWriter.create(at: root.path)
        let readme = "catalog/agents/main/a-mag/README.md", agent = "catalog/agents/main/b-mag/agent.yaml"
        try writer.write("catalog/agents/main/a-mag/agent.yaml", "slug: a-mag\nrole: main\nversion: 1.0.0\n")
        try writer.write(agent, "slug: b-mag\nrole: main\nversion: 1.0.0\n")
        try writer.write(readme, "# A\n")
        try writer.write("docs/guide.md", "# Guide\n\n[a](../catalog/agents/main/a-mag/README.md)\n")
        try writer.stage("catalog/agents/main/a-mag/agent.yaml", agent, readme, "docs/guide.md")
        _ = try writer.commit("first")
        let hook = ["hook", "pre-commit", "--format", "json", "--today", "2026-01-01", "--repository", root.path]

        func run(_ label: String) throws -> (reused: Int, ran: Int) {
            let fresh = try CLI.run(hook + ["--no-cache"])
            let cached = try CLI.run(hook, environment: ["MAGSAG_LINT_TIMINGS": "1"])
            #expect(cached.status == fresh.status, "\(label): \(cached.stderr)")
            #expect(cached.stdout == fresh.stdout, "\(label): cached output differs")
            guard let line = cached.stderr.split(separator: "\n").first(where: { $0.contains("repository rules:") && $0.contains("by the areas") }) else {
                return (0, 0)
            }
            let numbers = line.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
            return numbers.count >= 3 ? (numbers[numbers.count - 2], numbers[numbers.count - 1]) : (0, 0)
        }
        for round in 0..<3 {
            try writer.write(readme, "# A\n\nRound \(round).\n")
            try writer.stage(readme)
            let counts = try run("README round \(round)")
            if round > 0 {
                #expect(counts.reused > 0 && counts.ran > 0, "round \(round): \(counts)")
            }
        }
        // The same changed file, now with a descriptor claiming the other's slug: found.
        try writer.write(readme, "# A\n\nRound 3.\n")
        try writer.write(agent, "slug: a-mag\nrole: main\nversion: 1.0.0\n")
        try writer.stage(readme, agent)
        _ = try run("descriptor edited")
        try writer.write(agent, "slug: a-mag\nrole: main\nversion: 1.0.0\n# again\n")
        try writer.stage(agent)
        _ = try run("descriptor edited again")
        let found = try CLI.run(hook)
        #expect(found.stdout.contains("duplicate-catalog-id") || found.stdout.contains("agent-slug-mismatch"), "\(found.stdout)")
    }
}
