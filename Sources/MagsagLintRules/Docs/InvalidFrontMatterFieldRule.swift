import MagsagLintCore
import MagsagSource

/// Reports front-matter fields that violate the MAGSAG specification.
public struct InvalidFrontMatterFieldRule: RepositoryRule {
    public init() {}

    public static let description = RuleDescription(
        id: "invalid-front-matter-field",
        name: "Invalid front-matter field",
        category: .docs,
        defaultSeverity: .error,
        summary: "A front-matter field violates its constraint (length, pattern, vocabulary, date, list size)",
        rationale: """
            The specification fixes each field: title 1–100 characters, slug lowercase kebab-case of 3–64, status \
            one of draft, living, stable, deprecated, ISO dates that exist, 1–7 unique kebab-case tags of at most \
            20 characters, a one-line summary of at most 160 characters, a description of at most 240, and at \
            most 10 sources with id, title, url and accessed. Other keys are allowed. The configuration key \
            `front-matter-schema` replaces this specification with a JSON Schema of the repository (this rule then \
            reports its failures other than `required`, with the schema's messages).
            """,
        fix: """
            Change the value to meet the constraint named in the message. `--fix` lowercases tags and removes \
            repeated ones; `--unsafe-fixes` also rewrites other tags in kebab-case (`API Design` → `api-design`), \
            which may change which vocabulary entry they name.
            """,
        triggeringExamples: [
            Example("docs/a.md", "---\ntitle: A\nslug: ↓My_Slug\n---\n# A\n"),
            Example("docs/a.md", "---\nslug: ↓ab\nstatus: ↓active\n---\n# A\n"),
            Example("docs/a.md", "---\nlast_updated: ↓2025-02-30\nlast_synced: ↓25-01-01\n---\n# A\n"),
            Example("docs/a.md", "---\ntags: [plans, ↓Plans, ↓plans, ↓a-tag-longer-than-twenty]\n---\n# A\n"),
            Example("docs/a.md", "---\ntags: ↓[]\nsummary: ↓|\n  two\n  lines\n---\n# A\n"),
            Example("docs/a.md", "---\ntitle: ↓2025\nsources:\n  - id: R1\n    url: x.md\n    accessed: ↓yesterday\n    title: X\n  - ↓title: only\n---\n# A\n"),
            Example("AGENTS.md", "---\ntitle: ↓\"\"\n---\n# A\n"),
            Example("docs/a.md", "---\ntags: [plans, ↓Governance, ↓plans]  # keep short\n---\n# A\n",
                    fixed: "---\ntags: [plans, governance]  # keep short\n---\n# A\n",
                    note: "`--fix` lowercases tags and removes repeated ones"),
            Example("docs/a.md", "---\ntags:\n  - ↓Plans\n  - plans   # again\n  - ↓'API Design'\n---\n# A\n",
                    fixed: "---\ntags:\n  - plans\n  - 'API Design'\n---\n# A\n",
                    unsafeFixed: "---\ntags:\n  - plans\n  - api-design\n---\n# A\n",
                    note: "a block list: the repeated entry's line goes; other spellings need `--unsafe-fixes`"),
        ],
        nonTriggeringExamples: [
            Example("docs/a.md", """
                ---
                title: A guide
                slug: a-guide
                status: deprecated
                last_updated: 2024-02-29
                last_synced: '2024-02-29'
                tags: [plans, governance]
                summary: >-
                  One line, folded.
                description: Longer text.
                authors: [Ada]
                sources:
                  - id: R1
                    title: Spec
                    url: https://example.com
                    accessed: 2024-01-01
                custom: anything
                ---
                # A

                """),
            Example("docs/_templates/t.md", "---\nslug: <slug>\n---\n# T\n"),
        ])

    public func check(_ repository: RepositoryIndex, into sink: inout DiagnosticSink) {
        let source = FrontMatterOverride.source(sink.settings, in: repository)
        if case .unusable(let path, let reason) = source { FrontMatterOverride.reportUnusable(path, reason, into: &sink) }
        for (path, document) in repository.sortedLintedDocuments {
            if case .schema(let schemaPath, let schema) = source {
                for error in FrontMatterOverride.failures(of: document, against: schema, roots: sink.settings.roots).invalid {
                    let range = document.frontMatter.map { SchemaViolationRule.range(of: error, in: $0) } ?? error.instanceRange
                    sink.report(error.message, path: path, range: range, pointer: error.instanceLocation,
                                label: "violates `\(error.keyword)`",
                                related: error.schemaRange.map { [Location(path: schemaPath, range: $0, label: "`\(error.keyword)` declared here")] } ?? [],
                                help: "make this field match \(schemaPath)")
                }
                continue
            }
            check(document, into: &sink)
        }
    }

    /// The built-in checks of one document.
    func check(_ document: LintDocument, into sink: inout DiagnosticSink) {
        guard let object = FrontMatterFields.object(of: document, roots: sink.settings.roots) else { return }
        for problem in FrontMatterFields.problems(in: object) {
            sink.report(problem.message, path: document.path, range: problem.range, pointer: problem.pointer,
                        help: problem.help, fix: problem.repair.flatMap { Self.fix($0, at: problem.range, in: document) })
        }
    }

    /// The edit of a repair: a tag rewritten in lowercase kebab-case, or a repeated tag removed.
    static func fix(_ repair: FrontMatterRepair, at range: SourceRange, in document: LintDocument) -> Fix? {
        switch repair {
        case .replace(let text, let safe):
            return Fix(message: "write `\(text)`", applicability: safe ? .safe : .unsafe, edits: [
                Fix.Edit(path: document.path, startOffset: range.start.offset, endOffset: range.end.offset,
                         replacement: TextEdit.yamlScalar(text)),
            ])
        case .removeItem(let index, let list):
            guard let edit = TextEdit.removeItem(index, of: list, in: document.file) else { return nil }
            return Fix(message: "remove the repeated tag", applicability: .safe, edits: [edit])
        }
    }
}
