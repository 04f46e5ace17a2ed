import MagsagGit
public import MagsagSource

/// The findings of one hook run, ready for a reporter.
public struct HookRun: Sendable {
    /// Deduplicated, in `Diagnostic.ordered` order.
    public var diagnostics: [Diagnostic]
    /// Number of distinct files linted.
    public var filesChecked: Int
    /// The linted content of each path with a finding, for snippets.
    public var sources: [String: SourceFile]
    /// Remarks for the user (fallbacks taken), one line each.
    public var notes: [String]
    /// When several refs were checked: one line per ref with findings, naming it and their count.
    public var refSummaries: [String]
    /// The parsed snapshots of the run, so that a command about to exit can keep them instead of
    /// freeing them object by object (see `ProcessLifetime`).
    public var snapshots: [RepositoryIndex] = []

    /// Creates a value.
    public init(diagnostics: [Diagnostic], filesChecked: Int, sources: [String: SourceFile], notes: [String] = [],
                refSummaries: [String] = []) {
        self.diagnostics = diagnostics
        self.filesChecked = filesChecked
        self.sources = sources
        self.notes = notes
        self.refSummaries = refSummaries
    }
}

/// What the pre-push check lints for one pushed ref.
public enum PushPlan: Sendable, Hashable {
    /// Nothing (a deletion).
    case skip
    /// The files changed in `A..B`, at `B`.
    case range(String)
    /// Every file of a commit (a new branch with no known base).
    case whole(String)
}

/// The `hook pre-commit` and `hook pre-push` checks, as functions of a repository path.
public enum HookChecks {
    /// Lints the staged blobs (what the next commit will contain); the rest of the index is the
    /// context for cross-file rules. Reads only the index and the object database.
    public static func preCommit(
        root: String, rules: [any Rule.Type], scope: LintScope = .magsagDefault, maxFileSize: Int = 2 << 20,
        configuration: Configuration = Configuration(), indexFile: String? = nil, cacheNamespace: String? = nil
    ) throws(LintError) -> HookRun {
        var source = FileSource(root: root, mode: .staged, scope: scope, maxFileSize: maxFileSize)
        source.indexFile = indexFile
        // On a new index (its fast key missed), the stored facts and results are read on other cores
        // from before the index's entries are read, so those reads overlap the index's.
        let startedAhead = Locked<String?>(nil)
        let runCache = cacheNamespace.flatMap { namespace in
            RunCache(source: source, namespace: namespace, parameters: []) { repository in
                let directory = repository.commonDir + "/magsag-lint"
                BlobFacts.readAhead(directory: directory)
                ResultCache.openAhead(directory: directory, namespace: namespace)
                startedAhead.withLock { $0 = directory }
            }
        }
        // No run cache after all (the index's entries could not be read): the reads started are dropped.
        if runCache == nil, let directory = startedAhead.withLock({ $0 }) {
            BlobFacts.discardReadAhead(directory: directory)
            if let cacheNamespace { ResultCache.discardOpenAhead(directory: directory, namespace: cacheNamespace) }
        }
        // While the run cache's key is digested on another core, the change is read: needed on a miss, and
        // on a hit it cost little more than the key took anyway. (A key from the index file's checksum
        // that answers is ready at once: nothing is read then.) The stored facts and results are read on
        // other cores while the index is diffed and listed: from the start when the key is being digested
        // (a new index, most likely a miss), else after a miss; a hit drops them.
        let factsDirectory = runCache.map { $0.repository.commonDir + "/magsag-lint" }
        // HEAD's large trees are kept beside them for the staged diff.
        runCache?.repository.treeCacheDirectory = factsDirectory
        if let runCache, runCache.keyIsPending {
            if let factsDirectory, startedAhead.withLock({ $0 }) == nil {
                BlobFacts.readAhead(directory: factsDirectory)
                if let cacheNamespace { ResultCache.openAhead(directory: factsDirectory, namespace: cacheNamespace) }
            }
            source.knownStagedChanges = try? source.stagedChanges(in: runCache.repository)
        }
        let result: LintResult
        let notes: [String]
        if let cached = runCache?.lookup() {
            (result, notes) = cached
            if let factsDirectory {
                BlobFacts.discardReadAhead(directory: factsDirectory)
                if let cacheNamespace { ResultCache.discardOpenAhead(directory: factsDirectory, namespace: cacheNamespace) }
            }
        } else {
            if let factsDirectory { BlobFacts.readAhead(directory: factsDirectory) }
            let fileSet = try source.load(reusing: runCache?.repository)
            var linter = Linter(rules: rules, configuration: configuration)
            linter.cache = ResultCache.forRun(fileSet, namespace: cacheNamespace)
            linter.facts = BlobFacts.forRun(fileSet, enabled: cacheNamespace != nil)
            if linter.facts == nil, let factsDirectory { BlobFacts.discardReadAhead(directory: factsDirectory) }
            result = linter.lint(fileSet)
            // A run that asked no fact left its read untaken: dropped, so no later run in this process
            // takes a read of a file saved since.
            if let factsDirectory {
                BlobFacts.discardReadAhead(directory: factsDirectory)
                if let cacheNamespace { ResultCache.discardOpenAhead(directory: factsDirectory, namespace: cacheNamespace) }
            }
            notes = fileSet.notes
            runCache?.store(result, notes: notes)
        }
        var sources: [String: SourceFile] = [:]
        for diagnostic in result.diagnostics {
            sources[diagnostic.primary.path] = result.index.documents[diagnostic.primary.path]?.file
        }
        var run = HookRun(diagnostics: result.diagnostics, filesChecked: result.filesChecked, sources: sources,
                          notes: notes)
        run.snapshots = [result.index]
        return run
    }

    /// Lints every pushed ref (see ``plan(for:remote:in:)``), each at its tip snapshot. A finding
    /// produced by several refs is reported once; when more than one ref is checked, a note names
    /// the refs that contain it.
    public static func prePush(
        root: String, remote: String, refs: [PushedRef], rules: [any Rule.Type],
        scope: LintScope = .magsagDefault, maxFileSize: Int = 2 << 20, configuration: Configuration = Configuration(),
        cacheNamespace: String? = nil
    ) throws(LintError) -> HookRun {
        var plans: [(ref: PushedRef, plan: PushPlan)] = []
        var notes: [String] = []
        do {
            guard let repository = try Repository.discover(startingAt: root) else {
                throw LintError(code: "usage", message: "\(root) is not inside a git repository; the pre-push check needs one")
            }
            for ref in refs {
                let (plan, note) = try plan(for: ref, remote: remote, in: repository)
                plans.append((ref, plan))
                if let note { notes.append(note) }
            }
        } catch let error as LintError {
            throw error
        } catch {
            throw LintError(code: "git", message: "cannot read the pushed commits", cause: "\(error)")
        }

        let checked = plans.filter { $0.plan != .skip }
        var foundIn: [Diagnostic: [String]] = [:]
        var order: [Diagnostic] = []
        var sources: [String: SourceFile] = [:]
        var linted: Set<String> = []
        for (ref, plan) in checked {
            let mode: FileSourceMode
            switch plan {
            case .skip: continue
            case .range(let range): mode = .range(range)
            case .whole(let rev): mode = .revision(rev)
            }
            let fileSet = try FileSource(root: root, mode: mode, scope: scope, maxFileSize: maxFileSize).load()
            var linter = Linter(rules: rules, configuration: configuration)
            linter.cache = ResultCache.forRun(fileSet, namespace: cacheNamespace)
            linter.facts = BlobFacts.forRun(fileSet, enabled: cacheNamespace != nil)
            let result = linter.lint(fileSet)
            linted.formUnion(result.index.linted)
            for diagnostic in result.diagnostics {
                if foundIn[diagnostic] == nil {
                    order.append(diagnostic)
                    let path = diagnostic.primary.path
                    if sources[path] == nil { sources[path] = result.index.documents[path]?.file }
                }
                if foundIn[diagnostic]?.contains(ref.displayName) != true {
                    foundIn[diagnostic, default: []].append(ref.displayName)
                }
            }
        }
        var diagnostics = order
        var summaries: [String] = []
        if checked.count > 1 {
            var seen: Set<String> = []
            for name in checked.map(\.ref.displayName) where seen.insert(name).inserted {
                let count = order.filter { foundIn[$0]?.contains(name) == true }.count
                if count > 0 { summaries.append("\(name): \(count) finding\(count == 1 ? "" : "s")") }
            }
            diagnostics = order.map { diagnostic in
                var copy = diagnostic
                let names = foundIn[diagnostic] ?? []
                copy.notes.append((names.count == 1 ? "in pushed ref " : "in pushed refs ") + names.joined(separator: ", "))
                return copy
            }
        }
        diagnostics.sort(by: Diagnostic.ordered)
        return HookRun(diagnostics: diagnostics, filesChecked: linted.count, sources: sources, notes: notes,
                       refSummaries: summaries)
    }

    /// What to lint for one pushed ref, and a note when a fallback was taken:
    /// - a deletion is skipped;
    /// - an update of an existing remote ref lints `remote..local`;
    /// - a new remote ref (or a remote commit missing locally) lints from the merge base with the
    ///   remote's default branch (`refs/remotes/<remote>/HEAD`, `main` or `master`) when one is
    ///   known, otherwise every file of the pushed commit.
    public static func plan(for ref: PushedRef, remote: String, in repository: Repository) throws(GitError)
        -> (PushPlan, String?)
    {
        if ref.isDeletion { return (.skip, nil) }
        let local = try repository.resolve(ref.localSHA)
        var note: String?
        if !ref.isNewOnRemote {
            if (try? repository.resolve(ref.remoteSHA)) != nil { return (.range("\(ref.remoteSHA)..\(local)"), nil) }
            note = "\(ref.displayName): the remote's commit \(ref.remoteSHA.prefix(12)) is not in this repository "
                + "(fetch first?); "
        }
        var shallowBase: String?
        for candidate in defaultBranchCandidates(remote) {
            guard let base = try? repository.resolve(candidate) else { continue }
            guard let mergeBase = try? repository.mergeBase(base, local) else {
                // A shallow clone cannot compute merge bases past its boundary; a branch started at the
                // fetched tip still has that tip among its first parents.
                if repository.isShallow, repository.firstParentReaches(base, from: local) {
                    if let prefix = note { note = prefix + "checked the commits not on \(candidate)" }
                    return (.range("\(base)..\(local)"), note)
                }
                if repository.isShallow { shallowBase = candidate }
                continue
            }
            if let prefix = note { note = prefix + "checked the commits not on \(candidate)" }
            return (.range("\(mergeBase)..\(local)"), note)
        }
        if let shallowBase, note == nil {
            return (.whole(local), "\(ref.displayName): this is a shallow clone and the history linking it to \(shallowBase) "
                + "is missing (git fetch --unshallow fixes that); checked every file of \(local.prefix(12))")
        }
        let reason = note ?? "\(ref.displayName): new on the remote and no base branch of '\(remote)' is known; "
        return (.whole(local), reason + "checked every file of \(local.prefix(12))")
    }

    /// Remote-tracking refs that may name the remote's default branch; none when `remote` is a
    /// URL or path rather than a remote name.
    package static func defaultBranchCandidates(_ remote: String) -> [String] {
        let allowed = remote.unicodeScalars.allSatisfy { scalar in
            (scalar.value >= 0x30 && scalar.value <= 0x39) || (scalar.value >= 0x41 && scalar.value <= 0x5A)
                || (scalar.value >= 0x61 && scalar.value <= 0x7A) || "-_.".unicodeScalars.contains(scalar)
        }
        guard !remote.isEmpty, allowed, !remote.hasPrefix("."), !remote.utf8Contains("..") else { return [] }
        return ["HEAD", "main", "master"].map { "refs/remotes/\(remote)/\($0)" }
    }
}
