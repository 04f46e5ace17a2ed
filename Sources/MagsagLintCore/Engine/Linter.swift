import MagsagGit
import MagsagSource
import Dispatch
import Foundation

/// The outcome of one lint run.
public struct LintResult: Sendable {
    /// Active findings, sorted in `Diagnostic.ordered` order.
    public var diagnostics: [Diagnostic]
    /// Findings silenced by inline suppressions or the baseline (kept for SARIF), sorted.
    public var suppressed: [Diagnostic]
    /// Number of files linted.
    public var filesChecked: Int
    /// Every parsed document (linted and context), by path.
    public var index: RepositoryIndex

    /// The most severe active finding, if any.
    public var maxSeverity: Severity? { diagnostics.map(\.severity).max() }
}

/// Runs rules over a `FileSet`: parses each file once (in parallel), runs file rules per linted
/// document (in parallel), then repository rules over the whole snapshot; applies the configuration
/// (disabled rules and severities, per path), inline suppressions and their audit rules; sorts.
public struct Linter: Sendable {
    public let rules: [any Rule.Type]
    public let configuration: Configuration
    /// Every rule id that exists, for validating suppression comments.
    public let knownRuleIDs: Set<String>
    /// Results kept between runs; nil runs every rule.
    public var cache: ResultCache?
    /// Parsed documents reused from earlier runs (unchanged files are not parsed again); nil parses all.
    public var documentCache: DocumentCache?
    /// Facts about deferred blobs kept between runs (sketches, declared schema ids); nil derives them
    /// from the bytes every time.
    public var facts: BlobFacts?
    /// Let parsed JSON files' bytes go once the file rules ran, when the file set can read them again
    /// (`FileSet.reread`): after parsing, only a finding's line and column need them (a few files), and
    /// at 10,000 agents they were 92 MB of the heap's peak. Off for runs that rewrite files (`--fix`)
    /// and for runs sharing documents between snapshots (`documentCache`).
    public var releasesParsedBytes = false

    public init(rules: [any Rule.Type], configuration: Configuration = Configuration(), knownRuleIDs: Set<String>? = nil) {
        self.rules = rules.filter {
            !configuration.disabled.contains($0.description.id)
                && (!$0.description.isOptIn || configuration.enabled.contains($0.description.id))
        }
        self.configuration = configuration
        self.knownRuleIDs = knownRuleIDs ?? Set(rules.map { $0.description.id })
    }

    /// Two path lists merged in order, the second taken as listed (a listing in git's order is sorted
    /// already; `RepositoryIndex` checks before trusting the result).
    static func merged(_ sorted: [String], _ listed: [String], listedAscending: Bool = false) -> [String] {
        merged(sorted, listed, by: { $0 }, listedAscending: listedAscending)
    }

    /// `merged` for any items, ordered by `path`. When the caller knows `listed` is ascending too and
    /// `sorted` holds a few items (a hook's changed files beside a listing), each is placed by binary
    /// search rather than compared along the listing.
    static func merged<Item>(_ sorted: [Item], _ listed: [Item], by path: (Item) -> String, listedAscending: Bool = false) -> [Item] {
        if sorted.isEmpty { return listed }
        if listed.isEmpty { return sorted }
        if listedAscending, sorted.count <= 64, listed.count > 1_024 {
            var out: [Item] = []
            out.reserveCapacity(sorted.count + listed.count)
            var from = 0
            for item in sorted {
                // Where the loop below would put it: before the first listed item whose path is above.
                let key = path(item)
                var low = from, high = listed.count
                while low < high {
                    let middle = (low + high) / 2
                    if path(listed[middle]) <= key { low = middle + 1 } else { high = middle }
                }
                out += listed[from..<low]
                out.append(item)
                from = low
            }
            out += listed[from...]
            return out
        }
        var out: [Item] = []
        out.reserveCapacity(sorted.count + listed.count)
        var i = 0
        for item in listed {
            let key = path(item)
            while i < sorted.count, path(sorted[i]) < key {
                out.append(sorted[i])
                i += 1
            }
            out.append(item)
        }
        out += sorted[i...]
        return out
    }

    /// The parsed documents in path order without sorting them, when the source listed them in order: a
    /// listing is sorted by path and the set keeps its order, linted files first, then the context files,
    /// so the two runs are merged. Nil when either run is not strictly ascending or a path repeats
    /// (`distinct`: how many paths the documents have); the index then sorts. Sorting the paths of a
    /// cold check (three lists of them) was 2 % of its instructions at 1,000 agents.
    static func listedOrder(_ documents: [LintDocument], lintedCount: Int, distinct: Int) -> [LintDocument]? {
        guard documents.count == distinct, lintedCount <= documents.count else { return nil }
        func ascending(_ run: ArraySlice<LintDocument>) -> Bool {
            var previous: String?
            for document in run {
                if let previous, !(previous < document.path) { return false }
                previous = document.path
            }
            return true
        }
        let linted = documents[..<lintedCount], context = documents[lintedCount...]
        guard ascending(linted), ascending(context) else { return nil }
        if context.isEmpty || linted.isEmpty { return documents }
        let merged = merged(Array(linted), Array(context), by: \.path)
        return ascending(merged[...]) ? merged : nil
    }

    /// The sizes of `files` added up, read in place (a `reduce` copied each file, with its reference
    /// counts: 85,000 of them in a hook on a large snapshot).
    static func totalSize(_ files: [DeferredFile]) -> Int {
        var total = 0
        for position in files.indices { total &+= files[position].size }
        return total
    }

    public func lint(_ fileSet: FileSet) -> LintResult {
        var fileSet = fileSet
        // Deferred files are read only when a rule needs them, outside the index bound's running
        // estimate: when their recorded sizes say the parsed snapshot could outgrow the bound, they are
        // read now and go through the bounded parse like any other file.
        if !fileSet.deferred.isEmpty,
           Self.totalSize(fileSet.deferred).multipliedReportingOverflow(by: Self.parsedSizeFactor).partialValue
            > configuration.limits.indexMemoryBytes {
            let deferred = fileSet.deferred
            fileSet.context += Self.parallelMap(deferred.indices.map { $0 }) { deferred[$0].loaded() }
            fileSet.deferred = []
        }
        let settings = Self.settings(configuration, snapshotDate: fileSet.snapshotDate)
        let lintedFiles = fileSet.linted
        // Paths a change removed (deleted, or renamed away): unchanged files may still point at them.
        let gone = fileSet.baseRevision == nil ? [] : fileSet.deleted.union(fileSet.baseRenames.values)
        if lintedFiles.isEmpty, fileSet.oversized.isEmpty, gone.isEmpty {
            // Nothing to report on (e.g. a commit that touches no MAGSAG file): the snapshot need not
            // be parsed at all.
            let index = RepositoryIndex(documents: [:], linted: [], allPaths: fileSet.allPaths, deleted: fileSet.deleted)
            return LintResult(diagnostics: [], suppressed: [], filesChecked: 0, index: index)
        }
        let instances = rules.map { $0.instance() }
        let fileRules = instances.compactMap(\.fileRule)
        let repositoryRules = instances.compactMap(\.repositoryRule)
        let auditRules = instances.compactMap(\.suppressionAuditRule)
        // One sink context per file rule, made once: a rule's description is a large value to copy per file.
        let fileContexts = fileRules.map { Self.context(for: type(of: $0).description, settings: settings) }
        let keys = cache.map { cache in
            Timings.measure("phase: cache keys") {
                CacheKeys(cache: cache, fileSet: fileSet, repositoryRuleIDs: repositoryRules.map { type(of: $0).description.id })
            }
        }
        let cachedFiles: [[Diagnostic]?] = lintedFiles.indices.map { i in keys.flatMap { cache?.lookup($0.files[i]) } }
        let cachedRules: [[Diagnostic]?] = repositoryRules.indices.map { i in keys.flatMap { cache?.lookup($0.rules[i]) } }
        // Every document is parsed when a repository rule must run; otherwise only the linted files whose
        // file-rule results are not cached.
        let parseAll = keys == nil || cachedRules.contains { $0 == nil }
        // A run whose rules all scan bytes only (e.g. the secret rules alone) parses nothing; a run with no
        // rules at all is asked for the parsed snapshot itself (`graph`, `diff-contracts`).
        let parsing = rules.isEmpty || !repositoryRules.isEmpty || fileRules.contains { type(of: $0).readsParsedContent }
        let allFiles = lintedFiles + fileSet.context
        let limits = configuration.limits
        // The findings of the file rules on one linted document (cached, or computed and stored).
        let fileFindings: @Sendable (Int, LintDocument) -> [Diagnostic] = { i, document in
            if let cached = cachedFiles[i] { return cached }
            var found: [Diagnostic] = []
            let scratch = DiagnosticSink.FileScratch()
            // By position: iterating the pairs copied each rule's existential box and context per file.
            for position in fileRules.indices {
                var sink = DiagnosticSink(context: fileContexts[position], scratch: scratch)
                fileRules[position].check(document, into: &sink)
                if !sink.diagnostics.isEmpty { found += sink.diagnostics }
            }
            if let keys { cache?.store(keys.files[i], found) }
            return found
        }
        let parsed = Timings.measurePhase("phase: parse") {
            Self.parseBounded(allFiles, lintedCount: lintedFiles.count, budget: limits.indexMemoryBytes, fileFindings: fileFindings) { i in
                let needed = parsing && (parseAll || (i < lintedFiles.count && cachedFiles[i] == nil))
                guard needed else { return LintDocument(unparsed: allFiles[i]) }
                return documentCache?.document(for: allFiles[i]) ?? LintDocument(file: allFiles[i], limits: limits)
            }
        }
        let documents = parsed.documents
        var byPath: [PathKey: LintDocument] = [:]
        byPath.reserveCapacity(documents.count)
        for document in documents { byPath[PathKey(document.path)] = document }
        let facts = self.facts
        // The deferred documents are made on first lookup when their paths are in ascending order (a
        // listing in git's order nearly always is); otherwise all of them now, on all cores.
        let lazy: DocumentMap? = fileSet.deferred.isEmpty ? nil : Timings.measure("phase: deferred documents") {
            DocumentMap(byKey: byPath, deferred: DeferredDocuments(fileSet.deferred, areas: keys?.deferredAreas, limits: limits, facts: facts,
                                                          inPathOrder: fileSet.deferredInPathOrder))
        }
        let deferred: [LintDocument] = lazy != nil || fileSet.deferred.isEmpty ? [] : Timings.measure("phase: deferred documents, made") {
            // The areas are empty when the cache keys summed folders whole (each document works its out).
            if let areas = keys?.deferredAreas, areas.count == fileSet.deferred.count {
                let files = fileSet.deferred
                return Parallel.map(Array(files.indices)) { LintDocument(deferred: files[$0], limits: limits, facts: facts, area: areas[$0]) }
            }
            return Parallel.map(fileSet.deferred) { LintDocument(deferred: $0, limits: limits, facts: facts) }
        }
        if !deferred.isEmpty {
            Timings.measure("phase: documents by path") {
                byPath.reserveCapacity(documents.count + deferred.count)
                for document in deferred { byPath[PathKey(document.path)] = document }
            }
        }
        let documentMap = lazy ?? DocumentMap(byKey: byPath)
        let lintedPaths = Set(lintedFiles.map(\.path)).union(fileSet.oversized.map(\.path))
        let lintedDocuments = Array(documents.prefix(lintedFiles.count))
        let baseDocuments = parseAll && parsed.overflow == nil ? Timings.measure("phase: base documents") { Self.parseBase(fileSet, limits: limits) } : [:]
        // Unchanged files that may refer to something the change removed (a file, or a heading anchor of
        // a changed page): repository rules look at them too, and their findings that name what was
        // removed are reported as consequences of the change.
        let removedAnchors = baseDocuments.isEmpty ? [:] : RemovalReferrers.removedAnchors(
            linted: lintedDocuments,
            base: { path in baseDocuments[fileSet.baseRenames[path] ?? path] })
        let removedReferences = baseDocuments.isEmpty ? [] : RemovalReferrers.removedDefinitions(
            linted: lintedDocuments,
            base: { path in baseDocuments[fileSet.baseRenames[path] ?? path] })
            .union(RemovalReferrers.removedIdentifiers(
                linted: lintedDocuments,
                base: { path in baseDocuments[fileSet.baseRenames[path] ?? path] }))
        let removal = (gone.isEmpty && removedAnchors.isEmpty && removedReferences.isEmpty) || parsed.overflow != nil ? nil
            : Timings.measure("phase: removal referrers") {
                RemovalReferrers(gone: gone, removedAnchors: removedAnchors, removedReferences: removedReferences,
                                 documents: documentMap, excluding: lintedPaths)
            }
        let overflow = parsed.overflow.map { overflow in
            var located = overflow
            if !lintedPaths.contains(overflow.path) { located.path = lintedFiles.last?.path ?? overflow.path }
            return located
        }
        // The parsed documents and the deferred ones (listed in git's order, nearly always ascending) merged
        // by path: when strictly ascending, with as many as the dictionary holds, it lists each of its
        // documents once (every one came from the two lists), and the index takes it as its sorted order.
        let documentOrder: [LintDocument]? = deferred.isEmpty
            ? (lazy == nil ? Timings.measure("phase: listed order") { Self.listedOrder(documents, lintedCount: lintedFiles.count, distinct: byPath.count) } : nil)
            : {
                let merged = Self.merged(documents.sorted { $0.path < $1.path }, deferred, by: \.path)
                guard merged.count == byPath.count,
                      zip(merged, merged.dropFirst()).allSatisfy({ $0.path < $1.path }) else { return nil }
                return merged
            }()
        let index = Timings.measure("phase: repository index") { RepositoryIndex(
            documentMap: documentMap, linted: lintedPaths.union(removal?.referrers ?? []),
            allPaths: fileSet.listedPaths == nil ? fileSet.allPaths : [], deleted: fileSet.deleted,
            oversized: Dictionary(fileSet.oversized.map { ($0.path, $0.size) }, uniquingKeysWith: { a, _ in a }),
            baseRevision: fileSet.baseRevision,
            baseDocuments: baseDocuments, baseAbsent: fileSet.baseAbsent,
            baseRenames: fileSet.baseRenames, limits: limits, overflow: overflow, pathOrder: nil,
            documentOrder: documentOrder, allPathsHoldDocuments: fileSet.listsEveryFile,
            pathsWithoutDocuments: fileSet.listsEveryFile ? fileSet.pathsWithoutFiles : nil, listedPaths: fileSet.listedPaths) }

        index.setStoredModelsDirectory(facts?.directory)

        var raw: [Diagnostic] = Timings.measurePhase("phase: file rules") {
            Self.parallelMap(lintedDocuments.indices.map { $0 }) { i in
                parsed.findings[i] ?? fileFindings(i, lintedDocuments[i])
            }.flatMap { $0 }
        }
        if releasesParsedBytes, documentCache == nil, let reread = fileSet.reread {
            // Between two parallel phases: no other thread uses the files now.
            Timings.measure("phase: release parsed bytes") {
                let json = documents.filter { $0.kind == .json }
                _ = Self.parallelMap(Array(stride(from: 0, to: json.count, by: 256))) { start in
                    for document in json[start..<min(start + 256, json.count)] { document.file.releaseBytes(rereading: reread) }
                }
            }
        }
        // Repository rules are independent (shared models are memoized once per run): run them in
        // parallel too; their results are concatenated in rule order, then sorted.
        let repositoryFindings: [[Diagnostic]] = Timings.measurePhase("phase: repository rules") {
            // Rules wait for the shared models another rule is building: more threads than cores keep the
            // cores busy with the rules that do not need that model yet.
            // Started in their start order (see `RepositoryRule.startOrder`), reported in rule order.
            let order = Self.startSequence(repositoryRules.map { type(of: $0).startOrder })
            // Results scoped by the areas a rule read (see `ReadLog`): reused when the snapshot has the
            // same shape and the same content in those areas.
            let scoped: ScopedResults? = if overflow == nil, let cache, let keys {
                ScopedResults(cache: cache, keys: keys, linted: index.sortedLinted, ruleIDs: repositoryRules.map { type(of: $0).description.id })
            } else {
                nil
            }
            let started = Parallel.map(order, threadsPerCore: Self.repositoryRuleThreadsPerCore) { i -> (found: [Diagnostic], log: ReadLog?) in
                if let cached = cachedRules[i] { return (cached, nil) }
                if let reused = scoped?.lookup(i) { return (reused, nil) }
                let rule = repositoryRules[i]
                // Over the index bound the snapshot is incomplete: only rules that read no document run.
                if overflow != nil, type(of: rule).readsDocuments { return ([], nil) }
                var sink = Self.sink(for: type(of: rule).description, settings: settings)
                let log = scoped == nil ? nil : ReadLog()
                Timings.measure("rule: \(type(of: rule).description.id)") {
                    ReadLog.with(log) { rule.check(index, into: &sink) }
                }
                if let keys { cache?.store(keys.rules[i], sink.diagnostics) }
                return (sink.diagnostics, log)
            }
            var inRuleOrder = [[Diagnostic]](repeating: [], count: repositoryRules.count)
            var logs = [ReadLog?](repeating: nil, count: repositoryRules.count)
            for (position, i) in order.enumerated() { (inRuleOrder[i], logs[i]) = started[position] }
            if let scoped {
                Timings.measure("phase: scoped results") { scoped.store(inRuleOrder, logs: logs) }
                if Timings.enabled {
                    let ran = logs.filter { $0 != nil }.count
                    let answered = cachedRules.filter { $0 != nil }.count
                    Timings.note("repository rules: \(answered) answered for this snapshot, \(repositoryRules.count - ran - answered) by the areas they read, \(ran) run")
                }
                if Timings.enabled { scoped.describe(logs, ruleIDs: repositoryRules.map { type(of: $0).description.id }, index: index) }
            }
            return inRuleOrder
        }
        // The results are written on another core while the facts are and the findings are sorted out;
        // the run ends only when both are saved.
        let cacheSaved = cache.map { cache in Background { Timings.measure("phase: cache save") { cache.save() } } }
        defer { _ = cacheSaved?.value }
        if let facts {
            Timings.measure("phase: facts save") { facts.save() }
        }
        var consequencePaths: Set<String> = []
        for (i, found) in repositoryFindings.enumerated() {
            let beyondChange = index.hasBase && type(of: repositoryRules[i]).reportsConsequences
            for diagnostic in found {
                let path = diagnostic.primary.path
                if lintedPaths.contains(path) {
                    raw.append(diagnostic)
                } else if let removal, removal.referrers.contains(path), removal.isNamed(in: diagnostic) {
                    raw.append(diagnostic)
                    consequencePaths.insert(path)
                } else if beyondChange, documentMap[path] != nil {
                    raw.append(diagnostic)
                    consequencePaths.insert(path)
                }
            }
        }

        // Configuration per path: disabled rules and severities.
        raw = raw.compactMap { diagnostic in
            guard !configuration.isDisabled(diagnostic.ruleID, path: diagnostic.primary.path) else { return nil }
            var copy = diagnostic
            copy.severity = configuration.severity(of: diagnostic.ruleID, path: diagnostic.primary.path, default: diagnostic.severity)
            return copy
        }

        // Inline suppressions, then the audit of the suppressions themselves.
        var active: [Diagnostic] = []
        var suppressed: [Diagnostic] = []
        var suppressionsByPath: [String: [Suppression]] = [:]
        var used: [String: [Bool]] = [:]
        for document in lintedDocuments {
            let found = SuppressionParser.parse(document.file, kind: document.kind)
            if !found.isEmpty {
                suppressionsByPath[document.path] = found
                used[document.path] = Array(repeating: false, count: found.count)
            }
        }
        // Unchanged files reported on as consequences of the change: their suppressions apply, but they
        // are not audited (the change did not touch them).
        var unaudited: [String: [Suppression]] = [:]
        for path in consequencePaths.sorted() {
            if let document = documentMap[path] { unaudited[path] = SuppressionParser.parse(document.file, kind: document.kind) }
        }
        for diagnostic in raw {
            let path = diagnostic.primary.path
            if let list = unaudited[path],
               let at = list.firstIndex(where: { $0.covers(diagnostic.ruleID, line: diagnostic.primary.range.start.line) }) {
                var copy = diagnostic
                copy.suppression = SuppressionInfo(kind: .inline, justification: list[at].reason)
                suppressed.append(copy)
            } else if let list = suppressionsByPath[path],
               let at = list.firstIndex(where: { $0.covers(diagnostic.ruleID, line: diagnostic.primary.range.start.line) }) {
                used[path]?[at] = true
                var copy = diagnostic
                copy.suppression = SuppressionInfo(kind: .inline, justification: list[at].reason)
                suppressed.append(copy)
            } else {
                active.append(diagnostic)
            }
        }
        let ran = Set(rules.map { $0.description.id })
        for rule in auditRules {
            for (path, list) in suppressionsByPath.sorted(by: { $0.key < $1.key }) {
                guard let document = documentMap[path], !configuration.isDisabled(type(of: rule).description.id, path: path) else { continue }
                var sink = Self.sink(for: type(of: rule).description, settings: settings)
                rule.audit(document, suppressions: list, used: used[path] ?? [], knownRuleIDs: knownRuleIDs, ranRuleIDs: ran, into: &sink)
                active += sink.diagnostics.map { diagnostic in
                    var copy = diagnostic
                    copy.severity = configuration.severity(of: diagnostic.ruleID, path: path, default: diagnostic.severity)
                    return copy
                }
            }
        }
        active.sort(by: Diagnostic.ordered)
        suppressed.sort(by: Diagnostic.ordered)
        return LintResult(diagnostics: active, suppressed: suppressed, filesChecked: lintedFiles.count, index: index)
    }

    /// How much memory a parsed document takes per byte of source, at most, for deciding whether
    /// deferred files could outgrow `limits.index-memory` (measured: about 12 on generated repositories).
    static let parsedSizeFactor = 16

    /// Parse the base-revision files of a set (empty without a base).
    private static func parseBase(_ fileSet: FileSet, limits: ResourceLimits) -> [String: LintDocument] {
        guard fileSet.baseRevision != nil, !fileSet.baseFiles.isEmpty else { return [:] }
        let files = fileSet.baseFiles.keys.sorted().compactMap { fileSet.baseFiles[$0] }
        var byPath: [String: LintDocument] = [:]
        for document in parallelMap(files, { LintDocument(file: $0, limits: limits, base: true) }) { byPath[document.path] = document }
        return byPath
    }

    /// The configuration's settings; a commit's snapshot is judged as of its commit date unless a date
    /// was set explicitly (`--today`, `today:`, `MAGSAG_LINT_TODAY`).
    public static func settings(_ configuration: Configuration, snapshotDate: String?) -> LintSettings {
        var settings = configuration.settings
        let pinned = ProcessEnvironment.value("MAGSAG_LINT_TODAY").map { LintSettings.daysSinceEpoch($0) != nil } ?? false
        if let snapshotDate, configuration.today == nil, !pinned {
            settings.today = snapshotDate
        }
        return settings
    }

    private static func sink(for description: RuleDescription, settings: LintSettings) -> DiagnosticSink {
        DiagnosticSink(context: context(for: description, settings: settings))
    }

    private static func context(for description: RuleDescription, settings: LintSettings) -> DiagnosticSink.Context {
        DiagnosticSink.Context(ruleID: description.id, severity: description.defaultSeverity, settings: settings)
    }

    /// Order-preserving parallel map on all cores (see `Parallel.map`).
    /// Threads per core for repository rules (see the phase).
    static let repositoryRuleThreadsPerCore = 3

    /// The positions of rules whose start orders are `orders`, in the order they start: ascending start
    /// order, ties in rule order.
    static func startSequence(_ orders: [Int]) -> [Int] {
        orders.indices.sorted { a, b in (orders[a], a) < (orders[b], b) }
    }

    static func parallelMap<T: Sendable, R: Sendable>(_ items: [T], _ transform: @escaping @Sendable (T) -> R) -> [R] {
        Parallel.map(items, transform)
    }
}
