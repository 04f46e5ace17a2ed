public import MagsagSource

/// One file, parsed once according to its kind and shared by every rule.
public final class LintDocument: Sendable {
    public let file: SourceFile
    public let kind: DocumentKind
    /// Parse problems (syntax, duplicate keys, front-matter) in source order.
    public let issues: [ParseIssue]
    /// JSON: the single value; YAML: the documents (usually one); Markdown: the front-matter.
    public let values: [SourceValue]
    /// Parsed Markdown body, for `.markdown`.
    public let markdown: MarkdownDocument?

    public init(file: SourceFile, kind: DocumentKind? = nil, limits: ResourceLimits = ResourceLimits()) {
        self.file = file
        let kind = kind ?? DocumentKind.of(path: file.path)
        self.kind = kind
        switch kind {
        case .json:
            if file.text == nil, !file.isBinary {
                self.issues = [ParseIssue(kind: .invalidJSON, message: "file is not valid UTF-8", range: .fileStart)]
                self.values = []
            } else {
                let result = JSONParser.parse(file, maxDepth: limits.nestingDepth)
                self.issues = result.issues
                self.values = result.value.map { [$0] } ?? []
            }
            self.markdown = nil
        case .yaml:
            let result = YAMLLoader.load(file, options: limits.yamlOptions)
            self.issues = result.issues
            self.values = result.documents
            self.markdown = nil
        case .markdown:
            let document = MarkdownDocument.parse(file, yamlOptions: limits.yamlOptions)
            self.issues = document.issues
            self.values = document.frontMatter.map { [$0] } ?? []
            self.markdown = document
        case .other:
            self.issues = []
            self.values = []
            self.markdown = nil
        }
    }

    /// A document whose content is not needed (its results came from the cache): the file only, for
    /// reporters' snippets and the suppression audit. Never handed to rules.
    init(unparsed file: SourceFile) {
        self.file = file
        self.kind = DocumentKind.of(path: file.path)
        self.issues = []
        self.values = []
        self.markdown = nil
    }

    public var path: String { file.path }

    /// The first (usually only) value of a JSON or YAML document.
    public var root: SourceValue? { values.first }
}
