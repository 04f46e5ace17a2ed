import MagsagGit
import Testing

/// `firstParentHistory` and `commitFiles(_:maxFileSize:cache:)`.
@Suite struct SnapshotCacheTests {
    /// `c1..c4` on main, a side branch merged as `c5` (its first parent is `c4`).
    static func history() throws -> (TemporaryRepository, [String], side: String) {
        let temp = try TemporaryRepository()
        var ids: [String] = []
        try temp.add("docs/a.md", "alpha\n")
        try temp.add("docs/deep/b.md", "beta\n")
        try temp.add("big.bin", String(repeating: "x", count: 300))
        ids.append(try temp.writer.commit("c1 first", time: 1_700_000_000))
        for number in 2...4 {
            try temp.add("docs/a.md", "alpha \(number)\n")
            ids.append(try temp.writer.commit("c\(number)\n\nbody", time: 1_700_000_000 + Int64(number) * 60))
        }
        try temp.writer.createBranch("side", at: ids[1])
        try temp.writer.setHead("refs/heads/side")
        try temp.writer.resetIndex(to: ids[1])
        try temp.add("side.md", "side\n")
        let side = try temp.writer.commit("side", time: 1_700_000_500)
        try temp.writer.setHead("refs/heads/main")
        try temp.writer.resetIndex(to: ids[3])
        try temp.add("side.md", "side\n")
        ids.append(try temp.writer.commit("c5 merge-like", time: 1_700_000_600))
        return (temp, ids, side)
    }

    @Test func firstParentHistoryIsNewestFirstAndLimited() throws {
        let (temp, ids, side) = try Self.history()
        let repository = try temp.open()
        let all = try repository.firstParentHistory(limit: 50)
        #expect(all.map(\.id) == ids.reversed())
        #expect(!all.map(\.id).contains(side))
        #expect(all.first?.subject == "c5 merge-like")
        #expect(all.last?.subject == "c1 first")
        #expect(all.last?.time == 1_700_000_000)
        #expect(try repository.firstParentHistory(limit: 2).map(\.id) == [ids[4], ids[3]])
        #expect(try repository.firstParentHistory(limit: 0).isEmpty)
    }

    @Test func cachedListingEqualsTheUncachedOneAndReusesObjects() throws {
        let (temp, ids, _) = try Self.history()
        let repository = try temp.open()
        let cache = SnapshotCache()
        for id in ids {
            let cached = try repository.commitFiles(id, maxFileSize: 100, cache: cache)
            #expect(cached == (try repository.commitFiles(id, maxFileSize: 100)), "commit \(id)")
            #expect(cached.oversized.map(\.path) == ["big.bin"])
        }
        // `docs/deep` never changes: read once, then served from the cache.
        #expect(cache.hits >= ids.count - 1)
        let before = cache.misses
        _ = try repository.commitFiles(ids[2], maxFileSize: 100, cache: cache)
        #expect(cache.misses == before, "a commit read before costs no object read")
    }
}
