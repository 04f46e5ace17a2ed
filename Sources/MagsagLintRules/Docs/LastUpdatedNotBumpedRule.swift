import MagsagLintCore
import MagsagSource

/// Reports documents whose text changed since the base revision while `last_updated` kept its date.
public struct LastUpdatedNotBumpedRule: RepositoryRule {
    public init() {}

    public static let description = RuleDescription(
        id: "last-updated-not-bumped",
        name: "last_updated not bumped",
        category: .docs,
        defaultSeverity: .warning,
        summary: "A document's body changed since the base revision but its `last_updated` date did not",
        rationale: """
            Readers and the staleness checks trust `last_updated`; a document edited without moving it looks \
            older than it is, and the edit is invisible in listings sorted by date. The rule compares with the \
            base revision (`--staged`, `--since`, `--range`, hooks) and is silent without one. It is opt-in \
            (`enable: [last-updated-not-bumped]`): some teams bump the date only for substantive edits.
            """,
        fix: """
            Set `last_updated` to today's date; `--fix` does it (with `--staged` or `--since`, in the work tree, \
            when the file there is what was linted).
            """,
        triggeringExamples: [
            Example(files: [
                "docs/guide.md": "---\ntitle: Guide\nlast_updated: ↓'2025-01-01'  # bumped by hand\n---\n# Guide\n\nNew text.\n",
            ], base: [
                "docs/guide.md": "---\ntitle: Guide\nlast_updated: '2025-01-01'  # bumped by hand\n---\n# Guide\n\nOld text.\n",
            ], note: "the body changed, the date did not: `--fix` writes today's date, keeping the quotes and the comment",
            fixed: [
                "docs/guide.md": "---\ntitle: Guide\nlast_updated: '2026-11-25'  # bumped by hand\n---\n# Guide\n\nNew text.\n",
            ]),
        ],
        nonTriggeringExamples: [
            Example(files: [
                "docs/guide.md": "---\ntitle: Guide\nlast_updated: 2026-11-20\n---\n# Guide\n\nNew text.\n",
            ], base: [
                "docs/guide.md": "---\ntitle: Guide\nlast_updated: 2025-01-01\n---\n# Guide\n\nOld text.\n",
            ], note: "the date moved with the edit"),
            Example(files: [
                "docs/guide.md": "---\ntitle: Guide\ntags: [plans]\nlast_updated: 2025-01-01\n---\n# Guide\n\nText.\n",
            ], base: [
                "docs/guide.md": "---\ntitle: Guide\nlast_updated: 2025-01-01\n---\n# Guide\n\nText.\n",
            ], note: "only the front-matter changed"),
            Example(files: ["docs/guide.md": "---\ntitle: Guide\nlast_updated: 2025-01-01\n---\n# Guide\n\nText.\n"],
                    note: "no base revision: nothing to compare with"),
        ],
        isOptIn: true)

    public func check(_ repository: RepositoryIndex, into sink: inout DiagnosticSink) {
        guard repository.hasBase else { return }
        let today = sink.settings.today
        for (path, document) in repository.sortedLintedDocuments where repository.changedSinceBase(path) {
            guard FrontMatterScope.isChecked(path, roots: sink.settings.roots),
                  let markdown = document.markdown, let block = markdown.frontMatterBlock,
                  let field = markdown.frontMatter?["last_updated"], let date = field.stringValue,
                  let base = repository.baseDocument(repository.basePath(of: path)),
                  let baseBlock = base.markdown?.frontMatterBlock,
                  base.frontMatter?["last_updated"]?.stringValue == date,
                  CalendarDate.parse(date) != nil, date < today else { continue }
            guard Self.body(document.file, block) != Self.body(base.file, baseBlock) else { continue }
            sink.report(
                "`last_updated` is still \(date) although the document changed", path: path, range: field.range,
                pointer: JSONPointer(tokens: ["last_updated"]), label: "unchanged since the base revision",
                help: "set `last_updated` to \(today)", fix: Self.bump(field, to: today, in: document.file))
        }
    }

    /// The body's text with line endings normalised (a CRLF conversion is not an edit).
    static func body(_ file: SourceFile, _ block: FrontMatterSplit) -> [UInt8] {
        let range = block.bodyByteRange.clamped(to: 0..<file.bytes.count)
        return file.bytes[range].filter { $0 != 0x0D }
    }

    /// Replaces the date, keeping the quotes it was written with.
    static func bump(_ field: SourceValue, to today: String, in file: SourceFile) -> Fix {
        let start = field.range.start.offset
        let quote = start < file.bytes.count && (file.bytes[start] == UInt8(ascii: "'") || file.bytes[start] == UInt8(ascii: "\""))
            ? String(UnicodeScalar(file.bytes[start])) : ""
        return Fix(message: "set `last_updated` to \(today)", applicability: .safe, edits: [
            Fix.Edit(path: file.path, startOffset: start, endOffset: field.range.end.offset, replacement: quote + today + quote),
        ])
    }
}
