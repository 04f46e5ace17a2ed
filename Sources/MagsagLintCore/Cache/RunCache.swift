import Foundation
import MagsagGit
import MagsagSource

/// Whole-run results keyed by the snapshot's manifest: a `check` of a work tree (or a pre-commit
/// check of an index) that the cache has seen before is answered without reading or parsing the
/// files git can vouch for (see `Repository.workTreeManifest()`).
///
/// The key covers the cache namespace, the mode, every path of the snapshot with its content identity
/// and executable bit, the requested folder and paths, the scope and size limit, and for the index the
/// commit it will be compared with (HEAD). Anything else that changes is a miss, and a miss runs the
/// normal path (with its per-file and per-rule cache).
public struct RunCache {
    /// The run outcomes this run reads and writes: a file of their own (`runs-v1.bin`), small, so a hit
    /// does not load the per-file and per-rule results the linter keeps beside it.
    public let cache: ResultCache
    /// The key, or the work making it (the index's entries digested on another core, while the caller
    /// goes on reading the change: see `HookChecks.preCommit`).
    private let keySource: KeySource

    private enum KeySource {
        case ready(Digest128)
        case pending(Background<Digest128>)
    }

    /// Whether the key is being made on another core (the caller may do other work meanwhile).
    var keyIsPending: Bool {
        if case .pending = keySource { return true }
        return false
    }

    /// The key (waiting for it when it is being made).
    var key: Digest128 {
        switch keySource {
        case .ready(let key): key
        case .pending(let work): work.value
        }
    }
    /// For the index: a key from the index file's own checksum (and everything else but the manifest),
    /// so a repeated pre-commit run is answered without listing the index's entries.
    let fastKey: Digest128?
    /// The index file and the checksum the fast key was made from (re-read before storing under it).
    let indexChecksum: (path: String, checksum: [UInt8])?
    /// The repository the key was read from; the file source reads through it too on a miss.
    public let repository: Repository
    let staged: Bool
    /// The work tree's files; nil for the index (blob ids are looked up in it by path).
    let manifest: WorkTreeManifest?
    let root: String

    /// The run cache for `source`, or nil when the source is not a work tree or index of a git
    /// repository, or the manifest cannot be read (the normal path then reports what is wrong).
    /// How many bytes of index entries are gathered before the hasher digests them.
    static let streamPiece = 1 << 16

    /// `missed`, when given, is called for the index once its fast key has missed, before its entries are
    /// read (a hook starts its other reads there, beside the index's).
    public init?(source: FileSource, namespace: String, parameters: [String], missed: ((Repository) -> Void)? = nil) {
        guard source.mode == .workTree || source.mode == .staged,
              let repository = try? Repository.discover(startingAt: source.root), let workdir = repository.workdir else { return nil }
        if source.mode == .staged, let indexFile = source.indexFile, !indexFile.isEmpty {
            let absolute = indexFile.hasPrefix("/") ? indexFile : (workdir as NSString).appendingPathComponent(indexFile)
            guard (try? repository.useIndex(atPath: absolute)) != nil else { return nil }
        }
        let staged = source.mode == .staged
        let cache = ResultCache(directory: repository.commonDir + "/magsag-lint", namespace: namespace,
                                maxBytes: 16 << 20, fileName: ResultCache.runsFileName)
        var hasher = cache.keyHasher("run")
        hasher.combine(staged ? "staged" : "work tree")
        hasher.combine(URL(fileURLWithPath: source.root).standardizedFileURL.resolvingSymlinksInPath().path)
        hasher.combine(URL(fileURLWithPath: workdir).standardizedFileURL.resolvingSymlinksInPath().path)
        for path in source.paths { hasher.combine(path) }
        hasher.combine("scope")
        hasher.combine(source.scope.key)
        hasher.combine(source.maxFileSize)
        for parameter in parameters { hasher.combine(parameter) }
        if staged {
            hasher.combine("head")
            hasher.combine((try? repository.resolve("HEAD")) ?? "unborn")
        }
        var fastKey: Digest128?
        var indexChecksum: (path: String, checksum: [UInt8])?
        if staged {
            let indexPath = source.indexFile.flatMap { $0.isEmpty ? nil : $0 }
                .map { $0.hasPrefix("/") ? $0 : (workdir as NSString).appendingPathComponent($0) } ?? repository.gitDir + "/index"
            if let checksum = Repository.indexChecksum(atPath: indexPath) {
                var fast = hasher
                fast.combine("index checksum")
                fast.combine(checksum)
                fastKey = fast.finalize()
                indexChecksum = (indexPath, checksum)
            }
        }
        self.cache = cache
        self.fastKey = fastKey
        self.indexChecksum = indexChecksum
        self.repository = repository
        self.staged = staged
        self.root = workdir
        if let fastKey, cache.payload(fastKey) != nil {
            self.keySource = .ready(fastKey)
            self.manifest = nil
            return
        }
        hasher.combine("files")
        if staged {
            // The index's entries digested where they were read; blob ids are looked up by path later.
            // The stage and flags change what is linted (conflicts, intent-to-add): part of the identity.
            // The entries are digested as the index reader's own buffers (paths, ids, and 8 bytes of
            // lengths and flags per entry): laid out entry by entry first, they cost 650 instructions
            // each. The entries are read here; they are digested on another core while the caller reads
            // the change.
            missed?(repository)
            guard let entries = try? repository.indexEntries() else { return nil }
            self.keySource = .pending(Background { [hasher] in
                let started = ContinuousClock.now
                var hasher = hasher
                hasher.combine("index buffers")
                entries.withBuffers { buffer in
                    hasher.combine(buffer.count)
                    hasher.combine(buffer)
                }
                if Timings.enabled { Timings.record("run cache: manifest key", ContinuousClock.now - started) }
                return hasher.finalize()
            })
            self.manifest = nil
            return
        }
        let started = ContinuousClock.now
        defer { if Timings.enabled { Timings.record("run cache: manifest key", ContinuousClock.now - started) } }
        // The folders' listings are kept per work tree (a linked worktree has a git directory of its own).
        let listingCache = repository.gitDir + "/magsag-lint/" + FolderListings.fileName
        // The index's content (paths, ids, modes, stages and flags; digested as whole buffers, on another
        // core while the work tree is walked) stands for every tracked file the index vouches for.
        let contentHasher = cache.keyHasher("index content")
        guard let (manifest, contentDigest) = try? repository.workTreeManifest(listingCache: listingCache, alongside: { content in
            var hasher = contentHasher
            content.withBuffers { buffer in
                hasher.combine(buffer.count)
                hasher.combine(buffer)
            }
            return hasher.finalize()
        }) else { return nil }
        // Each entry's fields laid end to end and digested in large pieces, as for the index above: fed
        // field by field, the hasher took most of its bytes one at a time.
        var stream: [UInt8] = []
        stream.reserveCapacity(Self.streamPiece + 4_096)
        // Only the entries that differ from the index (read, missing, untracked) are digested one by one.
        hasher.combine(contentDigest)
        manifest.forEach(deviationsOnly: true) { path, executable, kind, bytes in
            stream.append(contentsOf: path)
            stream.append(0) // ends the path, as `combine(String)` does
            stream.append(executable ? 1 : 0)
            stream.append(kind.rawValue)
            switch kind {
            case .content:
                var content = cache.keyHasher("content")
                content.combine(bytes)
                let digest = content.finalize()
                withUnsafeBytes(of: digest.high.littleEndian) { stream.append(contentsOf: $0) }
                withUnsafeBytes(of: digest.low.littleEndian) { stream.append(contentsOf: $0) }
            case .missing:
                break
            case .blob, .symlink, .submodule:
                withUnsafeBytes(of: UInt64(bytes.count).littleEndian) { stream.append(contentsOf: $0) }
                stream.append(contentsOf: bytes)
            }
            if stream.count >= Self.streamPiece {
                hasher.combine(stream)
                stream.removeAll(keepingCapacity: true)
            }
        }
        hasher.combine(stream)
        self.keySource = .ready(hasher.finalize())
        self.manifest = manifest
    }

    /// The cached outcome of this exact snapshot, with the files its findings point at (for snippets).
    public func lookup() -> (result: LintResult, notes: [String])? {
        guard let payload = cache.payload(key), let run = DiagnosticCoding.decodeRun(payload) else { return nil }
        let paths = Set((run.active + run.suppressed).map(\.primary.path))
        // Answered through the manifest: remember the answer under the index checksum too.
        if fastKey != nil, fastKey != key { rememberUnderFastKey(Array(payload), paths: paths) }
        // Answered through the index checksum: the blobs findings point at, recorded with the answer, so
        // the index (megabytes in a large repository) is not parsed to find them.
        let blobs = staged ? cache.payload(blobsKey(key)).map(Self.decodeBlobs) ?? [:] : [:]
        var documents: [String: LintDocument] = [:]
        documents.reserveCapacity(paths.count)
        if staged {
            for path in paths {
                guard let bytes = blobs[path].flatMap({ repository.blob(id: $0) }) ?? bytes(of: path) else { return nil }
                documents[path] = LintDocument(unparsed: SourceFile(path: path, bytes: bytes))
            }
        } else {
            // Work-tree files (thousands when a large snapshot has many findings): read and indexed on all cores.
            let manifest = self.manifest, root = self.root
            let read = Parallel.map(Array(paths)) { path in
                Self.workTreeBytes(of: path, manifest: manifest, root: root).map { LintDocument(unparsed: SourceFile(path: path, bytes: $0)) }
            }
            for document in read {
                guard let document else { return nil }
                documents[document.path] = document
            }
        }
        // A cached answer only renders: its index holds the files findings point at (for snippets), not
        // the whole snapshot's path set, which would cost more to build than the rest of the lookup.
        let index = RepositoryIndex(documents: documents, linted: Set(documents.keys), allPaths: Set(documents.keys))
        return (LintResult(diagnostics: run.active, suppressed: run.suppressed, filesChecked: run.filesChecked, index: index), run.notes)
    }

    /// Remember the outcome of this snapshot.
    public func store(_ result: LintResult, notes: [String]) {
        let payload = DiagnosticCoding.encodeRun(active: result.diagnostics, suppressed: result.suppressed,
                                                 filesChecked: result.filesChecked, notes: notes)
        cache.store(key, payload: payload)
        rememberUnderFastKey(payload, paths: Set((result.diagnostics + result.suppressed).map(\.primary.path)), save: false)
        cache.save()
    }

    /// Store `payload` under the index-checksum key, when the index did not change while the run read it,
    /// with the staged blob ids of `paths` (the files its findings point at).
    private func rememberUnderFastKey(_ payload: [UInt8], paths: Set<String>, save: Bool = true) {
        guard let fastKey, fastKey != key, let (path, checksum) = indexChecksum,
              Repository.indexChecksum(atPath: path) == checksum else { return }
        cache.store(fastKey, payload: payload)
        var blobs: [UInt8] = []
        for path in paths.sorted() {
            let blob: [UInt8]?
            if staged {
                blob = repository.stagedBlobID(path)
            } else if case .blob(let id)? = manifest?[path]?.identity {
                blob = id
            } else {
                blob = nil
            }
            guard let id = blob, id.count >= 20 else { continue }
            let name = Array(path.utf8)
            withUnsafeBytes(of: UInt32(name.count).littleEndian) { blobs.append(contentsOf: $0) }
            blobs += name
            blobs += id.prefix(20)
        }
        cache.store(blobsKey(fastKey), payload: blobs)
        if save { cache.save() }
    }

    /// Where the blob ids recorded with an index-checksum answer are kept.
    private func blobsKey(_ key: Digest128) -> Digest128 {
        var hasher = cache.keyHasher("run blobs")
        hasher.combine(key)
        return hasher.finalize()
    }

    /// Path → blob id pairs as `rememberUnderFastKey` writes them; what does not decode is left out.
    private static func decodeBlobs(_ bytes: ArraySlice<UInt8>) -> [String: [UInt8]] {
        var out: [String: [UInt8]] = [:]
        var at = bytes.startIndex
        while at + 4 <= bytes.endIndex {
            var length = 0
            for i in 0..<4 { length |= Int(bytes[at + i]) << (8 * i) }
            at += 4
            guard at + length + 20 <= bytes.endIndex else { break }
            out[String(decoding: bytes[at..<at + length], as: UTF8.self)] = Array(bytes[at + length..<at + length + 20])
            at += length + 20
        }
        return out
    }

    /// The content of a snapshot file, as the run saw it.
    private func bytes(of path: String) -> [UInt8]? {
        if staged { return repository.stagedBlobID(path).flatMap { repository.blob(id: $0) } }
        return Self.workTreeBytes(of: path, manifest: manifest, root: root)
    }

    /// The bytes of a work-tree file the manifest lists: what it holds, or the file's current content.
    private static func workTreeBytes(of path: String, manifest: WorkTreeManifest?, root: String) -> [UInt8]? {
        switch manifest?[path]?.identity {
        case .content(let bytes): return bytes
        case .blob: return FileManager.default.contents(atPath: root + "/" + path).map { Array($0) }
        case .symlink(let target): return target
        default: return nil
        }
    }
}

