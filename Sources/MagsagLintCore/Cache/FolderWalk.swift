import MagsagGit
#if canImport(Glibc)
import Glibc
#endif

/// The deferred files' sums per area (what `CacheKeys.areaSums` makes of `DeferredItems`), with each
/// unchanged folder taken whole from the summary kept under its tree id (`FolderSums`).
///
/// The walk follows the index's entries (their paths lie in one buffer, in byte order), and the deferred
/// files are the listing's blobs, which are the index's entries one for one but for the entries that
/// are no deferred file (`DeferredFolders.gaps`): entry `e`, when it is one, is deferred file
/// `e - gapsBelow(e)`. A folder the index's cache tree records as valid covers exactly its
/// stated number of entries (checked: the last of them lies in it, the next does not). When every one
/// of them is a deferred file (linted, out-of-scope and symbolic-link entries are not), the folder's
/// path and tree id decide each file's path, blob id, mode and kind, hence every digest the sums are
/// made of, and its summary stands for them. Other folders are walked through; the summaries of valid
/// folders walked are learned for the next run. Only folders two levels deep or more are summarised:
/// the files of one lie in one area per kind (`ReadLog.area` reads a path up to its second folder).
///
/// A wide folder that changed (`catalog/agents/sub` with thousands of agent folders, one of them
/// edited) would cost a lookup per unchanged subfolder, each a few cache misses into the store. Its
/// unchanged subfolders are therefore also summed as one group, kept under a digest of the folder's path
/// and every member's name and tree id: while the same subfolders stay unchanged, one lookup.
///
/// A wide flat folder that changed (`catalog/contracts`, 20,000 files, one of them edited) has no valid
/// tree id to stand for its files. Its files are cut into chunks where their blob ids say (so an added
/// or removed file moves only the chunk around it), and each chunk's summary is kept under a digest of
/// its files' paths, blob ids and modes: hashing a file's fields costs a fifth of digesting it, and only
/// the chunks that changed are digested (`Chunking`).
struct FolderWalk {
    /// What one stretch of the files adds: a summary taken whole (its folder's areas by kind are
    /// `groups[group]`), or files digested one by one.
    private enum Piece {
        case stored(FolderSums.Summary, group: Int)
        /// Files of one folder (or of several, when `group` is nil) digested one by one.
        case files(Range<Int>, group: Int?)
    }

    /// How a long run of files directly in one folder is cut into chunks summed whole.
    struct Chunking: Sendable {
        /// Runs shorter than this are digested file by file.
        var smallestRun: Int
        /// A chunk ends after a file whose blob id's first word has these bits clear, or at `longest`.
        var boundaryMask: UInt64
        var longest: Int

        static let standard = Chunking(smallestRun: 1_024, boundaryMask: 0x3F, longest: 256)
        /// The chunking in force (tests cut small folders too).
        @TaskLocal static var current = Chunking.standard
    }

    /// A folder (or group) whose summary is learned: its key and the pieces it is made of.
    private struct Learning {
        var key: Digest128
        var pieces: Range<Int>
    }

    /// An unchanged subfolder whose files are all deferred, met while walking its parent: its node,
    /// where its entries start, how many, and where its name ends in its first path.
    private struct Member {
        var node: Int
        var entry: Int
        var count: Int
        var prefixEnd: Int
    }

    /// The smallest group summed as one.
    static let smallestGroup = 8

    private let files: [DeferredFile]
    /// The index's folders, and the entries that are not deferred files.
    private let deferred: DeferredFolders
    private let folders: IndexFolders
    private let store: FolderSums
    private let cache: ResultCache
    private let folderSeed: SipHasher128
    private let groupSeed: SipHasher128
    private var pieces: [Piece] = []
    private var learning: [Learning] = []
    /// The areas by kind of each folder two levels deep met (every folder below shares them).
    private var groups: [[UInt64]] = []
    /// The path of the folder being walked and a slash (empty at the root), grown and cut as the walk
    /// enters and leaves folders.
    private var prefix: [UInt8] = []
    /// Folders taken whole from the store, and files digested one by one (for timings and tests).
    private(set) var foldersReused = 0
    private(set) var filesDigested = 0
    /// Chunks of changed folders taken from their kept summaries.
    private(set) var chunksReused = 0

    /// The sums, or nil when the files do not follow the index (the caller sums every file then).
    static func sums(_ cache: ResultCache, files: [DeferredFile], folders deferred: DeferredFolders, store: FolderSums)
        -> (sums: [UInt64: CacheKeys.DigestSum], paths: CacheKeys.DigestSum, reused: Int, digested: Int, chunks: Int)? {
        // The gaps strictly ascending within the index, and every other entry a deferred file.
        let entries = deferred.folders.entryCount
        guard files.count + deferred.gaps.count == entries,
              zip(deferred.gaps, deferred.gaps.dropFirst()).allSatisfy({ $0 < $1 }),
              deferred.gaps.allSatisfy({ (0..<entries).contains($0) }) else { return nil }
        var walk = FolderWalk(files: files, deferred: deferred, store: store, cache: cache)
        guard Timings.measure("cache keys: folder walk", { walk.walk(node: IndexFolders.root, depth: 0, group: nil, entry: 0) }) == entries else { return nil }
        let (sums, paths) = Timings.measure("cache keys: folder sums", { walk.finish() })
        return (sums, paths, walk.foldersReused, walk.filesDigested, walk.chunksReused)
    }

    private init(files: [DeferredFile], deferred: DeferredFolders, store: FolderSums, cache: ResultCache) {
        self.files = files
        self.deferred = deferred
        self.folders = deferred.folders
        self.store = store
        self.cache = cache
        folderSeed = cache.keyHasher("folder")
        groupSeed = cache.keyHasher("folder group")
        prefix.reserveCapacity(4_096)
    }

    /// Where entry `entry` lies against `prefix`: outside it, directly in it, or in the subfolder whose
    /// name ends at byte `slash` of its path.
    private enum Place {
        case outside, direct
        case below(slash: Int)
    }

    private func place(_ entry: Int) -> Place {
        folders.withPath(entry) { path in
            guard Self.hasPrefix(path, prefix) else { return .outside }
            guard let base = path.baseAddress, path.count > prefix.count,
                  let found = memchr(base + prefix.count, Int32(UInt8(ascii: "/")), path.count - prefix.count) else { return .direct }
            return .below(slash: base.distance(to: found.assumingMemoryBound(to: UInt8.self)))
        }
    }

    private func entryHasPrefix(_ entry: Int) -> Bool {
        folders.withPath(entry) { Self.hasPrefix($0, prefix) }
    }

    /// The deferred file of entry `entry` (or of the next entry that has one).
    private func file(_ entry: Int) -> Int { entry - deferred.gapsBelow(entry) }

    /// Walks the entries from `entry` that lie below `prefix`, folder `node` of the cache tree when it
    /// has one, `depth` folders deep, its areas `groups[group]` when two deep or more; returns the
    /// position after the last.
    private mutating func walk(node: Int?, depth: Int, group: Int?, entry start: Int) -> Int {
        var entry = start
        // The first entry of the run of direct entries not yet added.
        var direct: Int?
        var children: IndexFolders.Children?
        var members: [Member] = []
        var groupHasher: SipHasher128?
        let length = prefix.count
        func flush(_ walk: inout FolderWalk, _ direct: inout Int?, upTo entry: Int) {
            if let first = direct {
                let files = walk.file(first)..<walk.file(entry)
                if !files.isEmpty { walk.pieces.append(.files(files, group: group)) }
            }
            direct = nil
        }
        while entry < folders.entryCount {
            let slash: Int
            switch place(entry) {
            case .outside:
                flush(&self, &direct, upTo: entry)
                finishGroup(members, groupHasher, group: group)
                return entry
            case .direct:
                if direct == nil { direct = entry }
                entry += 1
                continue
            case .below(let at):
                slash = at
            }
            flush(&self, &direct, upTo: entry)
            folders.withPath(entry) { path in prefix.append(contentsOf: UnsafeBufferPointer(rebasing: path[length...slash])) }
            if let node, children == nil { children = folders.children(of: node) }
            let child = children.flatMap { children in
                prefix.withUnsafeBytes { children.node(named: UnsafeRawBufferPointer(rebasing: $0[length..<(prefix.count - 1)])) }
            }
            let childGroup: Int? = depth + 1 == 2 ? makeGroup() : group
            if let child, childGroup != nil, let count = folders.validEntryCount(child), count > 0,
               covers(entry: entry, count: count), allDeferred(entry: entry, count: count) {
                let member = Member(node: child, entry: entry, count: count, prefixEnd: slash + 1)
                if depth >= 2 {
                    // Summed with its unchanged siblings (see `finishGroup`).
                    if groupHasher == nil { groupHasher = groupSeed }
                    prefix.withUnsafeBytes { groupHasher!.combine(UnsafeRawBufferPointer(rebasing: $0[length...])) }
                    folders.withID(child) { groupHasher!.combine($0) }
                    members.append(member)
                } else {
                    resolve(member, depth: depth + 1, group: childGroup!)
                }
                entry += count
            } else {
                entry = walk(node: child, depth: depth + 1, group: childGroup, entry: entry)
            }
            prefix.removeSubrange(length...)
        }
        flush(&self, &direct, upTo: entry)
        finishGroup(members, groupHasher, group: group)
        return entry
    }

    /// Sums the unchanged subfolders met in one folder (at `prefix`): as one group when there are
    /// enough of them and the group's summary is kept, else each by its own summary (learning the
    /// group's for the next run).
    private mutating func finishGroup(_ members: [Member], _ hasher: SipHasher128?, group: Int?) {
        guard !members.isEmpty, let group else { return }
        var key: Digest128?
        if members.count >= Self.smallestGroup, var hasher {
            prefix.withUnsafeBytes { hasher.combine($0) }
            hasher.combine(members.count)
            let made = hasher.finalize()
            if let summary = store.summary(made) {
                pieces.append(.stored(summary, group: group))
                foldersReused += members.count
                return
            }
            key = made
        }
        let first = pieces.count
        let saved = prefix
        for member in members {
            prefix.removeAll(keepingCapacity: true)
            folders.withPath(member.entry) { path in prefix.append(contentsOf: UnsafeBufferPointer(rebasing: path[..<member.prefixEnd])) }
            resolve(member, depth: -1, group: group)
        }
        prefix = saved
        if let key { learning.append(Learning(key: key, pieces: first..<pieces.count)) }
    }

    /// Sums one unchanged subfolder (at `prefix`) by its own summary, or walks it and learns it.
    private mutating func resolve(_ member: Member, depth: Int, group: Int) {
        let key = folderKey(node: member.node)
        if let summary = store.summary(key) {
            pieces.append(.stored(summary, group: group))
            foldersReused += 1
            return
        }
        let first = pieces.count
        // A member's own depth is at least two (`depth` is -1 when the caller does not know it).
        let end = walk(node: member.node, depth: max(depth, 2), group: group, entry: member.entry)
        if end == member.entry + member.count { learning.append(Learning(key: key, pieces: first..<pieces.count)) }
    }

    /// A group for the folder two levels deep at `prefix`: its area for each kind.
    private mutating func makeGroup() -> Int {
        let path = String(decoding: prefix, as: UTF8.self)
        groups.append(FolderSums.kinds.map { ReadLog.area(of: path, kind: $0) })
        return groups.count - 1
    }

    /// Whether exactly `count` entries from `entry` lie below `prefix`: the last of them does and the
    /// one after does not (the entries are in byte order, so those between do too).
    private func covers(entry: Int, count: Int) -> Bool {
        let last = entry + count - 1
        guard last < folders.entryCount, entryHasPrefix(last) else { return false }
        return last + 1 == folders.entryCount || !entryHasPrefix(last + 1)
    }

    /// Whether the `count` entries from `entry` are all deferred files (no gap among them).
    private func allDeferred(entry: Int, count: Int) -> Bool {
        deferred.gaps.isEmpty || deferred.gapsBelow(entry) == deferred.gapsBelow(entry + count)
    }

    /// The key of the summary of the folder at `prefix`: the namespace (in the seed), its path and its
    /// tree id.
    private func folderKey(node: Int) -> Digest128 {
        var hasher = folderSeed
        prefix.withUnsafeBytes { hasher.combine($0) }
        folders.withID(node) { hasher.combine($0) }
        return hasher.finalize()
    }

    /// Digests the pieces' files (on all cores when there are many), adds up the pieces, and learns the
    /// summaries of the folders walked through. A long run of one folder's files is cut into chunks
    /// (`Chunking`), each taken from its kept summary when there is one.
    private mutating func finish() -> (sums: [UInt64: CacheKeys.DigestSum], paths: CacheKeys.DigestSum) {
        let files = self.files
        // The chunks of the long runs, and their keys (worked out on all cores: a file's fields hashed).
        let chunking = Chunking.current
        var chunked: [(piece: Int, range: Range<Int>, group: Int)] = []
        for (index, piece) in pieces.enumerated() {
            guard case .files(let range, let group?) = piece, range.count >= chunking.smallestRun else { continue }
            for chunk in Self.chunks(files, range, chunking) { chunked.append((index, chunk, group)) }
        }
        let chunkSeed = cache.keyHasher("folder chunk")
        let chunkKeys = Parallel.map(chunked) { chunk in Self.chunkKey(files, chunk.range, seed: chunkSeed) }
        var byPiece: [PieceSums?] = Array(repeating: nil, count: pieces.count)
        // The file runs to digest, cut into jobs of at most `run` files; a chunk without a kept summary is
        // one job, whose sums are learned under its key.
        let run = 4096
        var jobs: [(piece: Int, range: Range<Int>, learn: Digest128?)] = []
        var chunkedPieces = Set<Int>()
        for (chunk, key) in zip(chunked, chunkKeys) {
            chunkedPieces.insert(chunk.piece)
            if let summary = store.summary(key) {
                var sums = PieceSums()
                for slot in 0..<4 where summary[slot].count > 0 { sums.add(area: groups[chunk.group][slot], slot: slot, summary[slot]) }
                sums.paths = summary.paths
                if byPiece[chunk.piece] == nil { byPiece[chunk.piece] = sums } else { byPiece[chunk.piece]!.add(sums) }
                chunksReused += 1
            } else {
                filesDigested += chunk.range.count
                jobs.append((chunk.piece, chunk.range, key))
            }
        }
        for (index, piece) in pieces.enumerated() {
            guard case .files(let range, _) = piece, !chunkedPieces.contains(index) else { continue }
            filesDigested += range.count
            var start = range.lowerBound
            while start < range.upperBound {
                let end = min(start + run, range.upperBound)
                jobs.append((index, start..<end, nil))
                start = end
            }
        }
        let seed = cache.keyHasher("set item")
        let digest: @Sendable ((piece: Int, range: Range<Int>, learn: Digest128?)) -> PieceSums = { job in
            Self.digest(files, job.range, seed: seed)
        }
        let digested = jobs.count > 1 && jobs.reduce(0, { $0 + $1.range.count }) > run ? Parallel.map(jobs, digest) : jobs.map(digest)
        for (job, sums) in zip(jobs, digested) {
            if byPiece[job.piece] == nil { byPiece[job.piece] = sums } else { byPiece[job.piece]!.add(sums) }
            if let key = job.learn {
                var summary = FolderSums.Summary()
                for entry in sums.entries { summary[entry.slot].add(entry.sum) }
                summary.paths = sums.paths
                store.learn(key, summary)
            }
        }
        // Stored summaries of one group are added up first, then filed by area once per group run.
        var sums: [UInt64: CacheKeys.DigestSum] = [:]
        var paths = CacheKeys.DigestSum()
        var running = FolderSums.Summary()
        var runningGroup: Int?
        func fileRunning() {
            guard let group = runningGroup else { return }
            for slot in 0..<4 where running[slot].count > 0 { sums[groups[group][slot], default: .zero].add(running[slot]) }
            paths.add(running.paths)
            running = FolderSums.Summary()
            runningGroup = nil
        }
        for (index, piece) in pieces.enumerated() {
            switch piece {
            case .stored(let summary, let group):
                if runningGroup != group { fileRunning() }
                runningGroup = group
                running.add(summary)
            case .files:
                guard let piece = byPiece[index] else { continue }
                for entry in piece.entries { sums[entry.area, default: .zero].add(entry.sum) }
                paths.add(piece.paths)
            }
        }
        fileRunning()
        for folder in learning {
            var summary = FolderSums.Summary()
            for index in folder.pieces {
                switch pieces[index] {
                case .stored(let stored, _):
                    summary.add(stored)
                case .files:
                    guard let piece = byPiece[index] else { continue }
                    for entry in piece.entries { summary[entry.slot].add(entry.sum) }
                    summary.paths.add(piece.paths)
                }
            }
            store.learn(folder.key, summary)
        }
        return (sums, paths)
    }

    /// What a run of files adds: per area (and its kind's slot) and the paths.
    private struct PieceSums: Sendable {
        var entries: [(area: UInt64, slot: Int, sum: CacheKeys.DigestSum)] = []
        var paths = CacheKeys.DigestSum()

        init() {}

        mutating func add(_ other: PieceSums) {
            for entry in other.entries { add(area: entry.area, slot: entry.slot, entry.sum) }
            paths.add(other.paths)
        }

        mutating func add(area: UInt64, slot: Int, _ sum: CacheKeys.DigestSum) {
            if let at = entries.firstIndex(where: { $0.area == area && $0.slot == slot }) {
                entries[at].sum.add(sum)
            } else {
                entries.append((area, slot, sum))
            }
        }
    }

    /// `range` cut into chunks: each ends after a file whose blob id's first word has the mask's bits
    /// clear, or after `longest` files. Ids are spread uniformly, so where chunks end depends only on the
    /// files around: a file added or removed changes the chunk it falls in and keeps the others.
    private static func chunks(_ files: [DeferredFile], _ range: Range<Int>, _ chunking: Chunking) -> [Range<Int>] {
        var chunks: [Range<Int>] = []
        var start = range.lowerBound
        files.withUnsafeBufferPointer { files in
            for item in range {
                let word = files[item].withIdentity { id -> UInt64 in
                    id.count >= 8 ? id.loadUnaligned(as: UInt64.self) : id.reduce(0) { $0 << 8 | UInt64($1) }
                }
                if word & chunking.boundaryMask == 0 || item + 1 - start >= chunking.longest {
                    chunks.append(start..<(item + 1))
                    start = item + 1
                }
            }
        }
        if start < range.upperBound { chunks.append(start..<range.upperBound) }
        return chunks
    }

    /// The key of a chunk's summary: the namespace (in the seed), and every file's path, blob id and mode,
    /// which decide its digest, kind and area (its folder's).
    private static func chunkKey(_ files: [DeferredFile], _ range: Range<Int>, seed: SipHasher128) -> Digest128 {
        var hasher = seed
        files.withUnsafeBufferPointer { files in
            for item in range {
                hasher.combine(files[item].path)
                files[item].withIdentity { id in
                    hasher.combine(id.count)
                    hasher.combine(id)
                }
                hasher.combine(UInt8(files[item].isExecutable ? 1 : 0))
            }
        }
        hasher.combine(range.count)
        return hasher.finalize()
    }

    /// The files' item digests, as `CacheKeys.areaSums` makes them for `DeferredItems`.
    private static func digest(_ files: [DeferredFile], _ range: Range<Int>, seed: SipHasher128) -> PieceSums {
        let tag = Array(CacheKeys.DeferredItems.tag.utf8) + [0]
        var sums = PieceSums()
        var current: (area: UInt64, slot: Int) = (0, 0)
        var running = CacheKeys.DigestSum()
        var memo = ReadLog.AreaMemo()
        // The files' fields read in place through the buffer (a copy of a file is a reference count raised
        // and dropped for each of its path, identity and source).
        files.withUnsafeBufferPointer { files in
            for item in range {
                let kind = files[item].kind
                let area = memo.area(of: files[item].path, kind: kind)
                let slot = FolderSums.kindSlot(kind)
                if area != current.area || slot != current.slot {
                    if running.count > 0 { sums.add(area: current.area, slot: current.slot, running) }
                    current = (area, slot)
                    running = CacheKeys.DigestSum()
                }
                var hasher = seed
                hasher.combine(files[item].path)
                sums.paths.add(hasher.finalize())
                tag.withUnsafeBytes { hasher.combine($0) }
                files[item].withIdentity { hasher.combine($0) }
                if files[item].isExecutable { hasher.combine("x") }
                running.add(hasher.finalize())
            }
        }
        if running.count > 0 { sums.add(area: current.area, slot: current.slot, running) }
        return sums
    }

    private static func hasPrefix(_ path: UnsafeBufferPointer<UInt8>, _ prefix: [UInt8]) -> Bool {
        guard path.count >= prefix.count else { return false }
        return prefix.withUnsafeBufferPointer { prefix in
            prefix.count == 0 || memcmp(path.baseAddress!, prefix.baseAddress!, prefix.count) == 0
        }
    }

}
