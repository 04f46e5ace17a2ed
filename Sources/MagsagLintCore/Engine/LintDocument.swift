public import MagsagSource
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// One file, parsed once according to its kind and shared by every rule.
///
/// Most documents are parsed when they are made. A deferred document (a context file of a run that
/// lints a few files of a large snapshot, see `FileSet.deferred`) is read and parsed the first time a
/// rule asks for its content, once, whichever thread asks; its path and kind are known without reading.
public final class LintDocument: Sendable {
    /// Repository-relative path.
    public let path: String
    public let kind: DocumentKind
    /// Where its content lies for the cache of repository-rule results (see `ReadLog`): every content
    /// accessor below notes it into the running thread's log.
    public let area: UInt64
    /// The content, for documents made parsed.
    private let content: Content?
    /// The loader, for deferred documents.
    private let pending: Pending?

    /// The file (for a deferred document: read on first use, without parsing it).
    public var file: SourceFile {
        ReadLog.note(area)
        if let content { return content.file }
        return pending.unsafelyUnwrapped.file
    }
    /// The raw bytes (for a deferred document: read on first use, without decoding or indexing lines):
    /// for byte searches over many files, most of which are never parsed.
    public var bytes: [UInt8] {
        ReadLog.note(area)
        if let content { return content.file.bytes }
        return pending.unsafelyUnwrapped.bytes
    }
    /// Parse problems (syntax, duplicate keys, front-matter) in source order.
    public var issues: [ParseIssue] { resolved.issues }
    /// JSON: the single value; YAML: the documents (usually one); Markdown: the front-matter.
    public var values: [SourceValue] { resolved.values }
    /// A Markdown document's loaded front-matter (nil without one), without parsing the body.
    public var frontMatter: SourceValue? { kind == .markdown ? values.first : nil }
    /// Parsed Markdown body, for `.markdown` (parsed on first use).
    public var markdown: MarkdownDocument? { resolved.markdown }
    /// The heap `values` keep, when the parser counted it (JSON; see `ValueMemory`).
    var valueMemory: Int? { resolved.valueMemory }

    /// Whether the content is in memory (always for documents that are not deferred).
    public var isLoaded: Bool { content != nil || pending?.isLoaded == true }

    @inline(__always)
    private var resolved: Content {
        ReadLog.note(area)
        if let content { return content }
        return pending.unsafelyUnwrapped.content
    }

    /// What a parse produced. A Markdown body is parsed on first use: the front-matter (and every issue)
    /// comes first, so models that read only front-matter (skill cards, slugs) skip cmark.
    final class Content: Sendable {
        /// The file, or how to get it (a content restored from stored facts reads its blob only if asked).
        private let source: FileOrLoader
        let issues: [ParseIssue]
        let values: [SourceValue]
        /// The heap `values` keep, when the parser counted it (see `ValueMemory`).
        let valueMemory: Int?
        private let body: Body?

        enum FileOrLoader: Sendable {
            case file(SourceFile)
            case loader(@Sendable () -> SourceFile)
        }

        var file: SourceFile {
            switch source {
            case .file(let file): file
            case .loader(let load): load()
            }
        }

        /// A Markdown body, parsed once by whichever thread asks first.
        private final class Body: Sendable {
            let part: MarkdownDocument.FrontMatterPart?
            let parsed: Locked<MarkdownDocument?>

            init(parsed: MarkdownDocument) {
                part = nil
                self.parsed = Locked(parsed)
            }

            init(part: MarkdownDocument.FrontMatterPart) {
                self.part = part
                parsed = Locked(nil)
            }
        }

        var markdown: MarkdownDocument? {
            guard let body else { return nil }
            return body.parsed.withLock { parsed in
                if let parsed { return parsed }
                let made = body.part.map { MarkdownDocument.parse(file, frontMatter: $0) }
                parsed = made
                return made
            }
        }

        init(file: SourceFile, issues: [ParseIssue], values: [SourceValue], markdown: MarkdownDocument?, valueMemory: Int? = nil) {
            self.source = .file(file)
            self.issues = issues
            self.values = values
            self.body = markdown.map(Body.init(parsed:))
            self.valueMemory = valueMemory
        }

        init(_ source: FileOrLoader, issues: [ParseIssue], values: [SourceValue]) {
            self.source = source
            self.issues = issues
            self.values = values
            self.body = nil
            self.valueMemory = nil
        }

        init(_ source: FileOrLoader, markdown part: MarkdownDocument.FrontMatterPart) {
            self.source = source
            self.issues = part.issues
            self.values = part.frontMatter.map { [$0] } ?? []
            self.body = Body(part: part)
            self.valueMemory = nil
        }

        /// Parse `file` as `kind`.
        convenience init(file: SourceFile, kind: DocumentKind, limits: ResourceLimits) {
            switch kind {
            case .json:
                if !file.isValidUTF8, !file.isBinary {
                    self.init(file: file, issues: [ParseIssue(kind: .invalidJSON, message: "file is not valid UTF-8", range: .fileStart)],
                              values: [], markdown: nil)
                } else {
                    let result = JSONParser.parse(file, maxDepth: limits.nestingDepth)
                    self.init(file: file, issues: result.issues, values: result.value.map { [$0] } ?? [], markdown: nil,
                              valueMemory: result.valueMemory)
                }
            case .yaml:
                let result = YAMLLoader.load(file, options: limits.yamlOptions)
                self.init(file: file, issues: result.issues, values: result.documents, markdown: nil)
            case .markdown:
                self.init(.file(file), markdown: MarkdownDocument.parseFrontMatter(file, yamlOptions: limits.yamlOptions))
            case .other:
                self.init(file: file, issues: [], values: [], markdown: nil)
            }
        }

        /// The kind under which the parse of a `kind` document with `limits` is kept per blob (nil: not
        /// kept). Every setting that changes a parse is part of it.
        static func factKind(_ kind: DocumentKind, limits: ResourceLimits) -> String? {
            // Asked for every deferred document a rule reads: the names of the run's limits are made once.
            if let known = lastFactKinds.withLock({ $0?.limits == limits ? $0?.kinds : nil }) { return known[kind] ?? nil }
            var kinds: [DocumentKind: String?] = [:]
            for each in [DocumentKind.json, .yaml, .markdown, .other] { kinds[each] = makeFactKind(each, limits: limits) }
            lastFactKinds.withLock { $0 = (limits, kinds) }
            return kinds[kind] ?? nil
        }

        /// The fact kinds of the limits asked for last (one set of limits per run).
        private static let lastFactKinds = Locked<(limits: ResourceLimits, kinds: [DocumentKind: String?])?>(nil)

        private static func makeFactKind(_ kind: DocumentKind, limits: ResourceLimits) -> String? {
            let options = limits.yamlOptions
            let settings = "v\(ParsedCoding.formatVersion)|depth \(limits.nestingDepth)|yaml \(options.maxNodes) \(options.maxDepth) \(options.mergeKeys)"
            switch kind {
            case .json: return "parse-json|" + settings
            case .yaml: return "parse-yaml|" + settings
            case .markdown: return "parse-markdown-front-matter|" + settings
            case .other: return nil
            }
        }

        /// What `restore` reads back (a Markdown content keeps its front-matter part only).
        func encoded(_ kind: DocumentKind) -> [UInt8]? {
            switch kind {
            case .json, .yaml: return ParsedCoding.encode(issues: issues, values: values)
            case .markdown: return body?.part.map(ParsedCoding.encode)
            case .other: return nil
            }
        }

        /// A content restored from `encoded` bytes, its file read through `source` only if asked.
        static func restore(_ kind: DocumentKind, from bytes: ArraySlice<UInt8>, source: FileOrLoader) -> Content? {
            switch kind {
            case .json, .yaml:
                return ParsedCoding.decode(bytes).map { Content(source, issues: $0.issues, values: $0.values) }
            case .markdown:
                return ParsedCoding.decodeFrontMatter(bytes).map { Content(source, markdown: $0) }
            case .other:
                return nil
            }
        }
    }

    /// A deferred document's bytes, file and content, each made on first use by whichever thread asks,
    /// with the facts stored about its blob.
    ///
    /// One object and one lock for all of it: a large snapshot makes tens of thousands of deferred
    /// documents, most of which no rule opens, and each object or lock is an allocation (with a mutex)
    /// made for every one of them.
    final class Pending: Sendable {
        private let deferred: DeferredFile
        private let kind: DocumentKind
        let limits: ResourceLimits
        /// Where facts about this blob are kept (nil: no stored facts this run); its id there is the
        /// blob's identity.
        private let store: BlobFacts?
        private let state = Locked(State())

        private struct State {
            var raw: [UInt8]?
            var file: SourceFile?
            /// Whether the stored sketch was looked up (only with stored facts), and what was found.
            var sketchLooked = false
            var sketch: ContentSketch?
            /// `rootString` answers asked so far, by key.
            var rootStrings: [String: String?] = [:]
            var content: Content?
        }

        init(_ deferred: DeferredFile, kind: DocumentKind, limits: ResourceLimits, facts: BlobFacts?) {
            self.deferred = deferred
            self.kind = kind
            self.limits = limits
            self.store = facts
        }

        /// The facts store and this blob's id in it.
        var facts: (store: BlobFacts, identity: [UInt8])? { store.map { ($0, deferred.identity) } }
        /// The blob's id.
        var identity: [UInt8] { deferred.identity }
        /// Whether the content was made.
        var isLoaded: Bool { state.withLock { $0.content != nil } }
        /// Whether the bytes were read.
        var isRead: Bool { state.withLock { $0.raw != nil } }

        /// The answer of `make` for `key`, worked out once (outside the lock: it may read the bytes).
        func rootString(_ key: String, _ make: () -> String?) -> String? {
            if let known = state.withLock({ $0.rootStrings[key] }) { return known }
            let made = make()
            state.withLock { $0.rootStrings[key] = .some(made) }
            return made
        }

        /// The stored sketch of the bytes (never reads them), looked up once.
        var sketch: ContentSketch? {
            guard store != nil else { return nil }
            return state.withLock { lookSketch(&$0) }
        }

        private func lookSketch(_ state: inout State) -> ContentSketch? {
            if state.sketchLooked { return state.sketch }
            let found = store?.fact(tag: LintDocument.sketchTag, of: deferred.identity).flatMap(ContentSketch.init(stored:))
            state.sketchLooked = true
            state.sketch = found
            return found
        }

        /// The bytes, read by the first caller while later callers wait for them; `learn` says whether
        /// this call read them for a blob without a stored sketch (the caller records one, unlocked).
        private func loadBytes(_ state: inout State) -> (bytes: [UInt8], learn: Bool) {
            if let raw = state.raw { return (raw, false) }
            let made = deferred.load() ?? []
            if Timings.listsLoads { Timings.note("read \(deferred.path) \(made.count)") }
            state.raw = made
            return (made, store != nil && lookSketch(&state) == nil)
        }

        /// The file made from the bytes, once; `learnFrom` gets the bytes when a sketch is to be recorded.
        private func loadFile(_ state: inout State, learnFrom: inout [UInt8]?) -> SourceFile {
            if let file = state.file { return file }
            let (bytes, learn) = loadBytes(&state)
            if learn { learnFrom = bytes }
            let made = SourceFile(path: deferred.path, bytes: bytes, isExecutable: deferred.isExecutable)
            state.file = made
            return made
        }

        private func learnSketch(_ bytes: [UInt8]) {
            store?.learn(LintDocument.sketchFact, of: deferred.identity, ContentSketch(of: bytes).stored)
        }

        /// The bytes. The first read of a blob without a stored sketch records one.
        var bytes: [UInt8] {
            let (bytes, learn) = state.withLock { loadBytes(&$0) }
            if learn { learnSketch(bytes) }
            return bytes
        }

        /// The file (decoded text and line index over `bytes`).
        var file: SourceFile {
            var learnFrom: [UInt8]?
            let file = state.withLock { loadFile(&$0, learnFrom: &learnFrom) }
            if let learnFrom { learnSketch(learnFrom) }
            return file
        }

        /// The parsed content: restored from the stored parse of this blob (its file read only if asked),
        /// else parsed from the file and stored.
        var content: Content {
            var learnFrom: [UInt8]?
            let made = state.withLock { state -> Content in
                if let content = state.content { return content }
                let made: Content
                if let store, let factKind = Content.factKind(kind, limits: limits),
                   let stored = store.fact(factKind, of: deferred.identity),
                   // The content's file comes from this object, without holding it (no cycle).
                   let restored = Content.restore(kind, from: stored, source: .loader { [weak self, deferred] in
                       self?.file ?? deferred.loaded()
                   }) {
                    made = restored
                } else {
                    made = Content(file: loadFile(&state, learnFrom: &learnFrom), kind: kind, limits: limits)
                    if let store, let factKind = Content.factKind(kind, limits: limits), let encoded = made.encoded(kind) {
                        store.learn(factKind, of: deferred.identity, encoded)
                    }
                }
                state.content = made
                LintDocument.deferredLoads.withLock { $0 += 1 }
                if Timings.enabled { Timings.loaded(deferred.path) }
                return made
            }
            if let learnFrom { learnSketch(learnFrom) }
            return made
        }
    }
    /// Deferred documents loaded so far in this process (reported by `MAGSAG_LINT_TIMINGS`).
    public static let deferredLoads = Locked<Int>(0)

    /// A document parsed now; `base` for a file as it was at the base revision (its own area).
    public init(file: SourceFile, kind: DocumentKind? = nil, limits: ResourceLimits = ResourceLimits(), base: Bool = false) {
        let kind = kind ?? DocumentKind.of(path: file.path)
        self.path = file.path
        self.kind = kind
        self.area = ReadLog.area(of: file.path, kind: kind, base: base)
        self.content = Content(file: file, kind: kind, limits: limits)
        self.pending = nil
    }

    /// A document whose content is not needed (its results came from the cache): the file only, for
    /// reporters' snippets and the suppression audit. Never handed to rules.
    init(unparsed file: SourceFile) {
        self.path = file.path
        self.kind = DocumentKind.of(path: file.path)
        self.area = ReadLog.area(of: file.path, kind: kind)
        self.content = Content(file: file, issues: [], values: [], markdown: nil)
        self.pending = nil
    }

    /// A document read the first time its file is asked for, and parsed the first time its content is.
    /// A file that cannot be read (its blob is missing or corrupt) reads as empty.
    /// With `facts`, what is stored about the blob answers without reading it: its sketch lets byte
    /// searches pass over it (`certainlyLacks`), and `derived` facts are looked up; a first read or
    /// derivation stores them.
    /// `area`, when given, is `ReadLog.area(of:kind:)` worked out already.
    public init(deferred file: DeferredFile, limits: ResourceLimits = ResourceLimits(), facts: BlobFacts? = nil, area: UInt64? = nil) {
        let kind = file.kind
        self.path = file.path
        self.kind = kind
        self.area = area ?? ReadLog.area(of: file.path, kind: kind)
        self.content = nil
        self.pending = Pending(file, kind: kind, limits: limits, facts: facts)
    }

    /// Whether the bytes certainly contain none of `needles` (compared exactly), known without reading
    /// them: a deferred document not read yet whose stored sketch rules every needle out. False means
    /// "search the bytes". An empty needle is in every file.
    public func certainlyLacks(anyOf needles: [[UInt8]]) -> Bool {
        certainlyLacks(anyOf: NeedleSet(needles))
    }

    /// `certainlyLacks(anyOf:)` with the needles' sketch probes worked out once (for a loop over files).
    public func certainlyLacks(anyOf needles: NeedleSet) -> Bool {
        ReadLog.note(area)
        guard content == nil, let pending, !pending.isRead, let sketch = pending.sketch else { return false }
        return !sketch.mayContain(anyOf: needles)
    }

    /// What names a deferred document's content (its git blob id), nil for a document made parsed: the
    /// key under which a value derived from its bytes alone is kept (`BlobDigestTable`).
    public var blobIdentity: [UInt8]? { pending?.identity }

    /// The stored sketch of a deferred document's bytes (nil for a document made parsed, or without
    /// stored facts). It describes the blob, so it stays true once the bytes are read: a loop asking many
    /// questions of the same files takes it once and asks `ContentSketch.mayContain` directly.
    public var storedSketch: ContentSketch? {
        ReadLog.note(area)
        guard content == nil, let pending else { return nil }
        return pending.sketch
    }

    /// The string at `key` of the root object (nil when the root is no object, or the value no string).
    /// A deferred document with stored facts answers from a fact kept per blob, parse settings and
    /// key, so a question asked of many files in every run (a schema's `$id`) reads and parses each
    /// file once, not in every run.
    public func rootString(_ key: String) -> String? {
        ReadLog.note(area)
        guard content == nil, let pending, pending.facts != nil, !pending.isLoaded,
              let parse = Content.factKind(kind, limits: pending.limits) else { return root?[key]?.stringValue }
        let path = self.path, kind = self.kind, limits = pending.limits
        // Kept per document too: a model asks the same key of the same file once per URL it resolves.
        return pending.rootString(key) {
            let fact = derived("root-string|" + parse + "|" + key) { bytes in
                let made = Content(file: SourceFile(path: path, bytes: bytes), kind: kind, limits: limits)
                guard let text = made.values.first?[key]?.stringValue else { return [0] }
                return [1] + Array(text.utf8)
            }
            guard fact.first == 1 else { return nil }
            return String(decoding: fact.dropFirst(), as: UTF8.self)
        }
    }

    /// The kind of the stored content sketches (see `BlobFacts`).
    static let sketchFact = "sketch"
    /// Its tag in the facts file, worked out once.
    static let sketchTag = BlobFacts.tag(sketchFact)

    /// A fact computed from the bytes by `derive`, which must depend on nothing else: for a deferred
    /// document with stored facts, looked up by blob id under `kind` (the bytes are not read), or
    /// computed and stored. `kind` names the derivation; change it when the derivation changes.
    public func derived(_ kind: String, _ derive: ([UInt8]) -> [UInt8]) -> [UInt8] {
        ReadLog.note(area)
        guard content == nil, let pending, let facts = pending.facts else { return derive(bytes) }
        if let known = facts.store.fact(kind, of: facts.identity) { return Array(known) }
        let made = derive(bytes)
        facts.store.learn(kind, of: facts.identity, made)
        return made
    }

    /// Whether the bytes contain one of `needles` (compared exactly): answered from the stored sketch
    /// when it rules them all out, else by searching the bytes (reading a deferred document).
    public func contains(anyOf needles: [[UInt8]]) -> Bool {
        contains(anyOf: NeedleSet(needles))
    }

    /// `contains(anyOf:)` with the needles' sketch probes worked out once (for a loop over files).
    public func contains(anyOf needles: NeedleSet) -> Bool {
        if certainlyLacks(anyOf: needles) { return false }
        let bytes = self.bytes[...]
        return needles.needles.contains { ByteSearch.contains(bytes, $0) }
    }

    /// Whether the document may have an object key starting with `$` (`$ref`, `$id`, `$schema`, ...):
    /// false only when its bytes hold neither `"$` nor a `\u` escape (which could spell one). Lets
    /// reference models skip parsing plain data files (fixtures, examples); reads a deferred file
    /// without parsing it.
    public var mayHaveDollarKeys: Bool {
        if certainlyLacks(anyOf: Self.dollarNeedleSet) { return false }
        return bytes.withUnsafeBytes { raw in
            guard let base = raw.baseAddress, raw.count > 1 else { return false }
            // `"$`: find each `$` (rare in data) and look behind it.
            var at = 1
            while at < raw.count, let hit = memchr(base + at, Int32(UInt8(ascii: "$")), raw.count - at) {
                let offset = base.distance(to: UnsafeRawPointer(hit))
                if raw[offset - 1] == UInt8(ascii: "\"") { return true }
                at = offset + 1
            }
            // `\u`: find each backslash and look ahead.
            at = 0
            while at < raw.count - 1, let hit = memchr(base + at, Int32(UInt8(ascii: "\\")), raw.count - 1 - at) {
                let offset = base.distance(to: UnsafeRawPointer(hit))
                if raw[offset + 1] == UInt8(ascii: "u") { return true }
                at = offset + 1
            }
            return false
        }
    }

    /// What a `$` key or an escape spelling one starts with.
    private static let dollarNeedleSet = NeedleSet([Array(#""$"#.utf8), Array(#"\u"#.utf8)])

    /// The first (usually only) value of a JSON or YAML document (taken inside the content, so the list
    /// is not handed out and retained on the way: rules ask for it on every document).
    public var root: SourceValue? { resolved.values.first }
}
