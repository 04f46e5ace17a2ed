import MagsagLintCore
import MagsagSource

/// Reports front-matter without one of the required fields.
public struct MissingFrontMatterFieldRule: RepositoryRule {
    public init() {}

    public static let description = RuleDescription(
        id: "missing-front-matter-field",
        name: "Missing front-matter field",
        category: .docs,
        defaultSeverity: .error,
        summary: "Front-matter lacks a required field (title, slug, status, last_updated, last_synced, tags, summary, description)",
        rationale: """
            Every field of the MAGSAG front-matter specification feeds something: slugs name documents, status \
            and dates drive staleness, tags feed the taxonomy. A missing field silently drops the document from it. \
            With the configuration key `front-matter-schema`, the required fields are the schema's.
            """,
        fix: """
            Add the missing fields to the front-matter block. `--fix` adds the fields whose value follows \
            from the file: `title` from the first `#` heading, `last_updated` as today, and `slug` from the file \
            name for ExecPlans (named after their slug). `--unsafe-fixes` also adds `slug` from the file name \
            elsewhere, `last_synced` as today and `status: draft`, which someone should review. `tags`, \
            `summary` and `description` need a person.
            """,
        triggeringExamples: [
            Example("docs/guide.md", """
                ↓---
                title: Guide
                slug: guide
                status: living
                last_updated: 2025-01-01
                tags: [governance]
                summary: A guide.
                description: A guide to the repository.
                ---
                # Guide

                """),
            Example("catalog/skills/x/SKILL.md", "↓---\ntitle: X\nslug:\n---\n# X\n"),
            Example("docs/development/plans/ship-fixes.md", """
                ↓---
                # Plan fields
                slug:   # from the file name
                tags: [plans]
                summary: Ship the fixes.
                description: The plan for fixes.
                ---
                # Ship fixes

                """, fixed: """
                ---
                # Plan fields
                slug: ship-fixes # from the file name
                tags: [plans]
                summary: Ship the fixes.
                description: The plan for fixes.
                title: Ship fixes
                last_updated: 2026-11-25
                ---
                # Ship fixes

                """, unsafeFixed: """
                ---
                # Plan fields
                slug: ship-fixes # from the file name
                tags: [plans]
                summary: Ship the fixes.
                description: The plan for fixes.
                title: Ship fixes
                last_updated: 2026-11-25
                status: draft
                last_synced: 2026-11-25
                ---
                # Ship fixes

                """, note: "`--fix` adds the title, today's `last_updated` and a plan's slug; `--unsafe-fixes` also `status` and `last_synced`"),
            Example("docs/Design Notes.md", """
                ↓---
                title: 'Design: notes'
                tags: [governance]
                summary: Notes.
                description: Design notes.
                last_updated: 2025-01-01
                last_synced: 2025-01-01
                status: living
                ---
                # Design notes

                """, fixed: """
                ---
                title: 'Design: notes'
                tags: [governance]
                summary: Notes.
                description: Design notes.
                last_updated: 2025-01-01
                last_synced: 2025-01-01
                status: living
                ---
                # Design notes

                """, unsafeFixed: """
                ---
                title: 'Design: notes'
                tags: [governance]
                summary: Notes.
                description: Design notes.
                last_updated: 2025-01-01
                last_synced: 2025-01-01
                status: living
                slug: design-notes
                ---
                # Design notes

                """, note: "outside ExecPlans a slug from the file name is only a suggestion (`--unsafe-fixes`)"),
        ],
        nonTriggeringExamples: [
            Example("docs/guide.md", """
                ---
                title: Guide
                slug: guide
                status: living
                last_updated: 2025-01-01
                last_synced: '2025-01-01'
                tags: [governance]
                summary: A guide.
                description: A guide to the repository.
                extra_key: allowed
                ---
                # Guide

                """),
        ])

    public func check(_ repository: RepositoryIndex, into sink: inout DiagnosticSink) {
        let source = FrontMatterOverride.source(sink.settings, in: repository)
        for (path, document) in repository.sortedLintedDocuments {
            switch source {
            case .schema(let schemaPath, let schema):
                guard let block = document.markdown?.frontMatterBlock else { continue }
                for error in FrontMatterOverride.failures(of: document, against: schema, roots: sink.settings.roots).missing {
                    sink.report(error.message, path: path, range: error.instanceLocation.tokens.isEmpty ? block.openingRange : error.instanceRange,
                                pointer: error.instanceLocation, label: "front-matter starts here",
                                related: error.schemaRange.map { [Location(path: schemaPath, range: $0, label: "required here")] } ?? [],
                                help: "add the missing fields to the front-matter")
                }
            case .builtIn, .unusable:
                check(document, into: &sink)
            }
        }
    }

    /// The built-in check of one document.
    func check(_ document: LintDocument, into sink: inout DiagnosticSink) {
        guard let object = FrontMatterFields.object(of: document, roots: sink.settings.roots),
              let block = document.markdown?.frontMatterBlock else { return }
        let missing = FrontMatterFields.missing(in: object)
        guard !missing.isEmpty else { return }
        let names = missing.map { "`\($0)`" }.joined(separator: ", ")
        sink.report(
            "front-matter is missing required field\(missing.count == 1 ? "" : "s") \(names)",
            path: document.path, range: block.openingRange, label: "front-matter starts here",
            help: "add \(names) to the front-matter",
            fix: FrontMatterDerivation.fix(for: missing, in: document, settings: sink.settings))
    }
}
