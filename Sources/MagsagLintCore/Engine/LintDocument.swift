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
    /// The content, for documents made parsed.
    private let content: Content?
    /// The loader, for deferred documents.
    private let pending: Pending?

    /// The file (for a deferred document: read on first use, without parsing it).
    public var file: SourceFile {
        if let content { return content.file }
        return pending.unsafelyUnwrapped.file
    }
    /// The raw bytes (for a deferred document: read on first use, without decoding or indexing lines):
    /// for byte searches over many files, most of which are never parsed.
    public var bytes: [UInt8] {
        if let content { return content.file.bytes }
        return pending.unsafelyUnwrapped.bytes
    }
    /// Parse problems (syntax, duplicate keys, front-matter) in source order.
    public var issues: [ParseIssue] { resolved.issues }
    /// JSON: the single value; YAML: the documents (usually one); Markdown: the front-matter.
    public var values: [SourceValue] { resolved.values }
    /// Parsed Markdown body, for `.markdown`.
    public var markdown: MarkdownDocument? { resolved.markdown }

    /// Whether the content is in memory (always for documents that are not deferred).
    public var isLoaded: Bool { content != nil || pending?.isLoaded == true }

    @inline(__always)
    private var resolved: Content {
        if let content { return content }
        return pending.unsafelyUnwrapped.content
    }

    /// What a parse produced.
    final class Content: Sendable {
        let file: SourceFile
        let issues: [ParseIssue]
        let values: [SourceValue]
        let markdown: MarkdownDocument?

        init(file: SourceFile, issues: [ParseIssue], values: [SourceValue], markdown: MarkdownDocument?) {
            self.file = file
            self.issues = issues
            self.values = values
            self.markdown = markdown
        }

        /// Parse `file` as `kind`.
        convenience init(file: SourceFile, kind: DocumentKind, limits: ResourceLimits) {
            switch kind {
            case .json:
                if file.text == nil, !file.isBinary {
                    self.init(file: file, issues: [ParseIssue(kind: .invalidJSON, message: "file is not valid UTF-8", range: .fileStart)],
                              values: [], markdown: nil)
                } else {
                    let result = JSONParser.parse(file, maxDepth: limits.nestingDepth)
                    self.init(file: file, issues: result.issues, values: result.value.map { [$0] } ?? [], markdown: nil)
                }
            case .yaml:
                let result = YAMLLoader.load(file, options: limits.yamlOptions)
                self.init(file: file, issues: result.issues, values: result.documents, markdown: nil)
            case .markdown:
                let document = MarkdownDocument.parse(file, yamlOptions: limits.yamlOptions)
                self.init(file: file, issues: document.issues, values: document.frontMatter.map { [$0] } ?? [], markdown: document)
            case .other:
                self.init(file: file, issues: [], values: [], markdown: nil)
            }
        }
    }

    /// A deferred document's reader and parser and, once used, the file and its content.
    final class Pending: Sendable {
        private let read: @Sendable () -> [UInt8]
        private let make: @Sendable ([UInt8]) -> SourceFile
        private let parse: @Sendable (SourceFile) -> Content
        private let raw = Locked<[UInt8]?>(nil)
        private let source = Locked<SourceFile?>(nil)
        private let state = Locked<Content?>(nil)

        init(read: @escaping @Sendable () -> [UInt8], make: @escaping @Sendable ([UInt8]) -> SourceFile,
             parse: @escaping @Sendable (SourceFile) -> Content) {
            self.read = read
            self.make = make
            self.parse = parse
        }

        var isLoaded: Bool { state.withLock { $0 != nil } }

        /// The bytes, read by the first caller while later callers wait for them.
        var bytes: [UInt8] {
            raw.withLock { loaded in
                if let loaded { return loaded }
                let made = read()
                loaded = made
                return made
            }
        }

        /// The file (decoded text and line index over `bytes`), made by the first caller.
        var file: SourceFile {
            source.withLock { loaded in
                if let loaded { return loaded }
                let made = make(bytes)
                loaded = made
                return made
            }
        }

        /// The parsed content, made by the first caller while later callers wait for it.
        var content: Content {
            state.withLock { loaded in
                if let loaded { return loaded }
                let made = parse(file)
                loaded = made
                LintDocument.deferredLoads.withLock { $0 += 1 }
                if Timings.enabled { Timings.loaded(made.file.path) }
                return made
            }
        }
    }

    /// Deferred documents loaded so far in this process (reported by `MAGSAG_LINT_TIMINGS`).
    public static let deferredLoads = Locked<Int>(0)

    public init(file: SourceFile, kind: DocumentKind? = nil, limits: ResourceLimits = ResourceLimits()) {
        let kind = kind ?? DocumentKind.of(path: file.path)
        self.path = file.path
        self.kind = kind
        self.content = Content(file: file, kind: kind, limits: limits)
        self.pending = nil
    }

    /// A document whose content is not needed (its results came from the cache): the file only, for
    /// reporters' snippets and the suppression audit. Never handed to rules.
    init(unparsed file: SourceFile) {
        self.path = file.path
        self.kind = DocumentKind.of(path: file.path)
        self.content = Content(file: file, issues: [], values: [], markdown: nil)
        self.pending = nil
    }

    /// A document read the first time its file is asked for, and parsed the first time its content is.
    /// A file that cannot be read (its blob is missing or corrupt) reads as empty.
    public init(deferred file: DeferredFile, limits: ResourceLimits = ResourceLimits()) {
        let kind = DocumentKind.of(path: file.path)
        self.path = file.path
        self.kind = kind
        self.content = nil
        self.pending = Pending(
            read: { file.load() ?? [] },
            make: { SourceFile(path: file.path, bytes: $0, isExecutable: file.isExecutable) },
            parse: { source in Content(file: source, kind: kind, limits: limits) })
    }

    /// Whether the document may have an object key starting with `$` (`$ref`, `$id`, `$schema`, ...):
    /// false only when its bytes hold neither `"$` nor a `\u` escape (which could spell one). Lets
    /// reference models skip parsing plain data files (fixtures, examples); reads a deferred file
    /// without parsing it.
    public var mayHaveDollarKeys: Bool {
        bytes.withUnsafeBytes { raw in
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

    /// The first (usually only) value of a JSON or YAML document.
    public var root: SourceValue? { values.first }
}
