import Foundation
import MagsagGit
@testable import MagsagLintCore
import MagsagTestSupport
import Testing

/// The cache keys of a staged snapshot must not depend on how the deferred files were summed: folder by
/// folder from kept summaries (`FolderWalk`), or file by file. Anything else would reuse results of
/// another snapshot, or never reuse them.
@Suite struct FolderSumsTests {
    /// A committed repository shaped like a catalog: wide folders of agent folders, a flat folder of
    /// contracts, docs, files at the top, a symbolic link and an executable. Returns its file paths.
    private func base(_ repo: HookRepository, random: inout SeededGenerator) throws -> [String] {
        var paths: [String] = []
        func add(_ path: String, _ text: String, executable: Bool = false) throws {
            try repo.writer.write(path, text, executable: executable)
            paths.append(path)
        }
        for kind in ["main", "sub"] {
            for agent in 0..<Int.random(in: 9...14, using: &random) {
                let folder = "catalog/agents/\(kind)/agent-\(agent)"
                try add(folder + "/agent.yaml", "name: agent-\(agent)\nversion: 1.0.\(agent)\n")
                try add(folder + "/README.md", "# Agent \(agent)\n")
                if Bool.random(using: &random) { try add(folder + "/fixtures/basic.json", "{\"input\": \(agent)}\n") }
            }
        }
        for contract in 0..<Int.random(in: 10...30, using: &random) {
            try add("catalog/contracts/c\(contract).schema.json", "{\"type\": \"object\", \"title\": \"c\(contract)\"}\n")
        }
        for guide in 0..<5 { try add("docs/guides/g\(guide).md", "---\ntitle: G\(guide)\n---\n# G\(guide)\n") }
        try add("README.md", "# Top\n")
        try add("tools/run.sh", "#!/bin/sh\necho hi\n", executable: true)
        try add("src/outside.txt", "not in the default scope\n")
        try repo.writer.symlink("catalog/agents/main/agent-0/link.md", to: "README.md")
        paths.append("catalog/agents/main/agent-0/link.md")
        try repo.writer.stage(paths)
        try repo.writer.commit("base")
        return paths
    }

    /// Stages a few random changes (edits, additions, deletions, a mode change) and leaves others unstaged.
    private func change(_ repo: HookRepository, files: inout [String], random: inout SeededGenerator) throws {
        for _ in 0..<Int.random(in: 1...4, using: &random) {
            guard let path = files.filter({ !$0.hasSuffix("link.md") }).randomElement(using: &random) else { return }
            switch Int.random(in: 0..<5, using: &random) {
            case 0:
                try repo.writer.write(path, "changed: \(random.next())\n")
                try repo.writer.stage(path)
            case 1:
                let folder = path.split(separator: "/").dropLast().joined(separator: "/")
                let added = (folder.isEmpty ? "" : folder + "/") + "new\(random.next() % 100).md"
                guard !files.contains(added) else { continue }
                try repo.writer.write(added, "# New\n")
                try repo.writer.stage(added)
                files.append(added)
            case 2:
                try repo.writer.delete(path)
                try repo.writer.stage(path)
                files.removeAll { $0 == path }
            case 3:
                // Made executable, with its content kept or changed.
                let kept = Bool.random(using: &random) ? try? String(contentsOfFile: repo.root + "/" + path, encoding: .utf8) : nil
                try repo.writer.write(path, kept ?? "mode: x\n", executable: true)
                try repo.writer.stage(path)
            default:
                try repo.writer.write(path, "unstaged: \(random.next())\n")
            }
        }
    }

    /// The keys' parts that depend on the deferred files' sums.
    private func keyParts(_ keys: CacheKeys) -> [String] {
        keys.areas.sorted { $0.key < $1.key }.map { "\($0.key):\($0.value)" } + ["shape \(keys.shape)"] + keys.rules.map { "\($0)" }
    }

    @Test func folderSumsGiveTheKeysOfSummingEveryFile() throws {
        // Odd seeds cut even these small folders into chunks (a few files each) summed whole.
        let small = FolderWalk.Chunking(smallestRun: 4, boundaryMask: 0x3, longest: 6)
        var chunksReused = 0
        for seed in 0..<12 as Range<UInt64> {
            try FolderWalk.Chunking.$current.withValue(seed % 2 == 1 ? small : .standard) {
                var random = SeededGenerator(state: seed &* 104_729 &+ 17)
                let repo = try HookRepository()
                var files = try base(repo, random: &random)
                let cacheDirectory = repo.base + "/cache"
                for round in 0..<6 {
                    if round > 0 {
                        // Sometimes a commit first (a folder may keep its name with other content), sometimes
                        // the tree written after staging (valid folders holding linted files).
                        if Int.random(in: 0..<3, using: &random) == 0 { try repo.writer.commit("round \(round)") }
                        try change(repo, files: &files, random: &random)
                        if Int.random(in: 0..<3, using: &random) == 0 { try repo.writer.writeTree() }
                    }
                    let fileSet = try FileSource(root: repo.root, mode: .staged).load()
                    let folders = try #require(fileSet.deferredFolders, "seed \(seed), round \(round): the index vouches for its folders")
                    var plain = fileSet
                    plain.deferredFolders = nil
                    // Three runs on the same snapshot: learning, reusing, and reading a damaged store.
                    for pass in 0..<3 {
                        let cache = ResultCache(directory: cacheDirectory, namespace: "test")
                        let walked = CacheKeys(cache: cache, fileSet: fileSet, repositoryRuleIDs: ["a", "b"])
                        let summed = CacheKeys(cache: cache, fileSet: plain, repositoryRuleIDs: ["a", "b"])
                        #expect(keyParts(walked) == keyParts(summed), "seed \(seed), round \(round), pass \(pass)")
                        #expect(walked.deferredAreas.isEmpty && summed.deferredAreas.count == fileSet.deferred.count)
                        if pass == 1, round == 0 {
                            // Nothing changed since the first pass: every valid folder two levels deep is reused.
                            let store = try #require(cache.folderSums)
                            let again = try #require(FolderWalk.sums(cache, files: fileSet.deferred, folders: folders, store: store))
                            #expect(again.reused > 0, "seed \(seed): unchanged folders reused")
                            #expect(again.digested < fileSet.deferred.count, "seed \(seed): fewer files digested")
                        }
                        if pass == 1, seed % 2 == 1, let store = cache.folderSums,
                           let again = FolderWalk.sums(cache, files: fileSet.deferred, folders: folders, store: store) {
                            chunksReused += again.chunks
                        }
                        // The results file keeps the cache's key between runs, so the summaries stay usable.
                        cache.store(Digest128(high: 1, low: UInt64(pass)), [])
                        cache.save()
                        let storePath = cacheDirectory + "/" + FolderSums.fileName
                        if pass == 1, var bytes = FileManager.default.contents(atPath: storePath), bytes.count > 200 {
                            for at in stride(from: bytes.count - 7, to: bytes.count / 2, by: -97) { bytes[at] ^= 0x5A }
                            try bytes.write(to: URL(fileURLWithPath: storePath))
                        }
                    }
                }
            }
        }
        // Changed folders' chunks were taken from their summaries (the keys above matched all the same).
        #expect(chunksReused > 0)
    }

    @Test func filesNotDeferredInsideAnUnchangedFolderAreLeftOut() throws {
        // The linted file's folders are walked through: its siblings are still summed whole, and it is
        // not summed as deferred.
        let repo = try HookRepository()
        var random = SeededGenerator(state: 7)
        _ = try base(repo, random: &random)
        try repo.writer.write("catalog/agents/main/agent-3/README.md", "# Changed\n")
        try repo.writer.stage("catalog/agents/main/agent-3/README.md")
        let fileSet = try FileSource(root: repo.root, mode: .staged).load()
        #expect(fileSet.linted.map(\.path) == ["catalog/agents/main/agent-3/README.md"])
        var plain = fileSet
        plain.deferredFolders = nil
        let cache = ResultCache(directory: repo.base + "/cache", namespace: "test")
        for _ in 0..<2 {
            #expect(keyParts(CacheKeys(cache: cache, fileSet: fileSet, repositoryRuleIDs: ["a"]))
                == keyParts(CacheKeys(cache: cache, fileSet: plain, repositoryRuleIDs: ["a"])))
        }
    }

    @Test func storeRecordsRoundTripAndDamageIsRefused() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("folder-sums-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var summaries: [Digest128: FolderSums.Summary] = [:]
        var random = SeededGenerator(state: 3)
        for n in 0..<300 {
            var summary = FolderSums.Summary()
            for slot in 0..<4 { summary[slot] = CacheKeys.DigestSum(high: random.next(), low: random.next(), count: Int(random.next() % 50)) }
            summary.paths = CacheKeys.DigestSum(high: random.next(), low: random.next(),
                                                count: (0..<4).reduce(0) { $0 + summary[$1].count })
            summaries[Digest128(high: random.next(), low: UInt64(n))] = summary
        }
        let writing = FolderSums(directory: directory)
        for (key, summary) in summaries { writing.learn(key, summary) }
        writing.save()
        let reading = FolderSums(directory: directory)
        for (key, summary) in summaries { #expect(reading.summary(key) == summary) }
        #expect(reading.summary(Digest128(high: 5, low: 5)) == nil)
        // A flipped byte in a record: that record is refused, the others still read.
        let path = directory + "/" + FolderSums.fileName
        var bytes = try #require(FileManager.default.contents(atPath: path))
        bytes[bytes.count - 30] ^= 0x01
        try bytes.write(to: URL(fileURLWithPath: path))
        let damaged = FolderSums(directory: directory)
        let intact = summaries.filter { damaged.summary($0.key) == $0.value }.count
        #expect(intact == summaries.count - 1)
    }
}
