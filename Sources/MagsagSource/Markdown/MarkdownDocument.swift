/// A Markdown file: its front-matter and what rules look for in its body (GitHub Flavored Markdown).
///
/// Every range is a whole-file position, also for body elements after a front-matter block.
///
/// A class: rules read a page's document many times a run (`LintDocument.markdown`), and a copy of the
/// value counted the references of its eight lists and its front matter each time.
public final class MarkdownDocument: Sendable {
    /// A heading with its GitHub anchor.
    public struct Heading: Sendable, Hashable {
        /// 1 to 6.
        public var level: Int
        /// Inline text content (code spans included, markup and inline HTML removed), trimmed.
        public var text: String
        /// GitHub-compatible anchor slug, unique within the document (`-1`, `-2` suffixes).
        public var anchor: String
        /// The whole heading (for setext headings, through the underline).
        public var range: SourceRange

        /// A heading with the given parts.
        public init(level: Int, text: String, anchor: String, range: SourceRange) {
            self.level = level
            self.text = text
            self.anchor = anchor
            self.range = range
        }
    }

    /// A link or image, inline, reference-style (resolved), or autolink.
    public struct Link: Sendable, Hashable {
        /// The destination as cmark resolved it (entities and escapes decoded; `mailto:`/`http://`
        /// added to extension autolinks such as `www.x.com` and `a@b.c`).
        public var destination: String
        /// The title, empty when none.
        public var title: String
        /// The link text (image: the alt text).
        public var text: String
        /// `![...](...)`.
        public var isImage: Bool
        /// `<https://...>` or a GFM extension autolink (bare URL, `www.`, e-mail address).
        public var isAutolink: Bool
        /// From the `[` (`!` for images, `<` for autolinks) through the closing `)` or `]`; for bare
        /// autolinks, the URL text.
        public var range: SourceRange

        /// A link with the given parts.
        public init(destination: String, title: String, text: String, isImage: Bool, isAutolink: Bool, range: SourceRange) {
            self.destination = destination
            self.title = title
            self.text = text
            self.isImage = isImage
            self.isAutolink = isAutolink
            self.range = range
        }
    }

    /// An inline code span.
    public struct CodeSpan: Sendable, Hashable {
        /// The code as cmark normalises it (one padding space stripped, line breaks as spaces).
        public var text: String
        /// The code between the backtick fences (multi-line spans: as cmark reports them).
        public var range: SourceRange

        /// A code span with the given parts.
        public init(text: String, range: SourceRange) {
            self.text = text
            self.range = range
        }
    }

    /// A GFM task-list item (`- [ ] ...`, `- [x] ...`).
    public struct TaskItem: Sendable, Hashable {
        /// Whether the box is ticked.
        public var checked: Bool
        /// Inline text of the item's first paragraph, trimmed.
        public var text: String
        /// From the list marker through the end of the first paragraph.
        public var range: SourceRange

        /// A task item with the given parts.
        public init(checked: Bool, text: String, range: SourceRange) {
            self.checked = checked
            self.text = text
            self.range = range
        }
    }

    /// The front-matter block, nil when the file has none.
    public let frontMatterBlock: FrontMatterSplit?
    /// The loaded front-matter (any YAML value, normally a mapping); nil when there is no
    /// terminated block, it is empty, or it failed to load.
    public let frontMatter: SourceValue?
    /// Front-matter and encoding problems.
    public let issues: [ParseIssue]
    /// Headings in document order.
    public let headings: [Heading]
    /// Links and images in document order.
    public let links: [Link]
    /// Code spans in document order.
    public let codeSpans: [CodeSpan]
    /// Anchor names declared by raw HTML (`id` on any element, `name` on `<a>`), first declaration
    /// wins; the range is the attribute value's.
    public let htmlAnchors: [String: SourceRange]
    /// Task-list items in document order.
    public let taskItems: [TaskItem]
    /// The bytes parsed as Markdown (after the front-matter block).
    public let bodyByteRange: Range<Int>
    /// The file line (1-based) on which the body starts.
    public let bodyStartLine: Int

    init(frontMatterBlock: FrontMatterSplit?, frontMatter: SourceValue?, issues: [ParseIssue], headings: [Heading], links: [Link],
         codeSpans: [CodeSpan], htmlAnchors: [String: SourceRange], taskItems: [TaskItem], bodyByteRange: Range<Int>,
         bodyStartLine: Int) {
        self.frontMatterBlock = frontMatterBlock
        self.frontMatter = frontMatter
        self.issues = issues
        self.headings = headings
        self.links = links
        self.codeSpans = codeSpans
        self.htmlAnchors = htmlAnchors
        self.taskItems = taskItems
        self.bodyByteRange = bodyByteRange
        self.bodyStartLine = bodyStartLine
    }

    /// What a Markdown file's front-matter gives without parsing the body: the block, its loaded
    /// value, the file's issues and where the body lies.
    public struct FrontMatterPart: Sendable {
        public var block: FrontMatterSplit?
        public var frontMatter: SourceValue?
        public var issues: [ParseIssue]
        public var body: Range<Int>
    }

    /// Split the front-matter, load it as YAML, and parse the body with cmark-gfm (tables,
    /// strikethrough, autolinks, tag filter, task lists, footnotes).
    ///
    /// Issues: an unterminated block (`invalidFrontMatter`, the whole file is then the body), YAML
    /// problems from `YAMLLoader`, a front-matter that is not a mapping (`invalidFrontMatter`), and
    /// bytes that are not UTF-8 (`invalidEncoding`; the body is still parsed, invalid bytes repaired).
    public static func parse(_ file: SourceFile, yamlOptions: YAMLLoader.Options = .init()) -> MarkdownDocument {
        parse(file, frontMatter: parseFrontMatter(file, yamlOptions: yamlOptions))
    }

    /// The front-matter part of `parse` (every issue comes from it): callers that need only the
    /// front-matter skip the body.
    public static func parseFrontMatter(_ file: SourceFile, yamlOptions: YAMLLoader.Options = .init()) -> FrontMatterPart {
        var issues: [ParseIssue] = []
        var frontMatter: SourceValue?
        let block = FrontMatter.split(file)
        var body = 0..<file.bytes.count
        if let block {
            if let issue = block.issue { issues.append(issue) }
            body = block.bodyByteRange
            if block.isTerminated {
                let loaded = YAMLLoader.load(file, byteRange: block.yamlByteRange, options: yamlOptions)
                issues += loaded.issues
                if let value = loaded.documents.first, !value.isNull {
                    frontMatter = value
                    if value.objectValue == nil {
                        issues.append(ParseIssue(
                            kind: .invalidFrontMatter, message: "front-matter is not a mapping", range: value.range))
                    }
                }
            }
        }
        if !file.isValidUTF8, !issues.contains(where: { $0.message == "file is not valid UTF-8" }) {
            issues.append(ParseIssue(
                kind: .invalidEncoding, message: "file is not valid UTF-8", range: SourceRange.fileStart))
        }
        return FrontMatterPart(block: block, frontMatter: frontMatter, issues: issues, body: body)
    }

    /// The document of `file` whose front-matter part is `part`: parses the body.
    public static func parse(_ file: SourceFile, frontMatter part: FrontMatterPart) -> MarkdownDocument {
        let parts = CmarkWalker.walk(file, body: part.body)
        return MarkdownDocument(
            frontMatterBlock: part.block, frontMatter: part.frontMatter, issues: part.issues, headings: parts.headings,
            links: parts.links, codeSpans: parts.codeSpans, htmlAnchors: parts.htmlAnchors,
            taskItems: parts.taskItems, bodyByteRange: part.body,
            bodyStartLine: file.position(ofOffset: part.body.lowerBound).line)
    }
}
