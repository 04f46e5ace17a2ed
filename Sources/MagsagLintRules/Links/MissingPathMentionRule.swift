import MagsagLintCore
import MagsagSource

/// Reports inline-code repository paths that resolve to nothing.
public struct MissingPathMentionRule: RepositoryRule {
    public init() {}

    public static let description = RuleDescription(
        id: "missing-path-mention",
        name: "Missing path mention",
        category: .links,
        defaultSeverity: .warning,
        summary: "An inline-code repository path in prose names a file or folder that does not exist",
        rationale: """
            Docs and plans name files in backticks far more often than they link them, and refactors leave those \
            names behind. A span counts as a path when it has a `/`, ends in a file extension or `/`, and either \
            starts with an existing top-level folder or is written relative to the document; it must resolve from \
            the repository root or the document's folder. Placeholders (`<slug>`, `{x}`, `*`, `...`), URLs, \
            runtime folders (`.runs/`, `.work`), lines that talk about creating, generating, moving or removing \
            files, captions of code blocks, sections about examples, and "Removed" sections of changelogs are \
            skipped. Paths that are hypothetical on purpose (the file a template tells you to create) go in the \
            option `allow`, a list of globs matched against the path as written and as resolved: \
            `options: {missing-path-mention: {allow: ['docs/development/plans/my-feature.md', 'catalog/agents/example-*/**']}}`.
            """,
        fix: "Update the path to where the file lives now, or drop the mention.",
        triggeringExamples: [
            Example(files: [
                "docs/guide.md": "Policies live in `↓catalog/policies/flow.yaml` and `↓docs/gone/`.\n",
                "catalog/policies/other.yaml": "a: 1\n",
            ], linted: ["docs/guide.md"]),
        ],
        nonTriggeringExamples: [
            Example(files: [
                "docs/guide.md": """
                    See `catalog/policies/other.yaml`, `docs/guide.md`, `../AGENTS.md`, `sibling.md` and `catalog/`.
                    Templates: `catalog/agents/<slug>/agent.yaml`, `docs/*.md`, `https://x.io/a.md`, `.runs/out.json`.
                    Not paths: `a/b`, `npm run build`, `key: value/x.md`, `ops/scripts/setup.sh` (no such top-level folder).
                    Create `docs/new/file.md` for the next plan.

                    ```
                    `catalog/missing.yaml`
                    ```
                    """,
                "docs/sibling.md": "# S\n",
                "AGENTS.md": "# A\n",
                "catalog/policies/other.yaml": "a: 1\n",
            ], linted: ["docs/guide.md"]),
            Example(files: [
                "docs/rules/r.md": "# R\n\n## Triggering examples\n\n`catalog/x.yaml`:\n\n```yaml\na: 1\n```\n",
                "docs/guide.md": "# G\n\n`catalog/y.yaml`:\n\n```yaml\na: 1\n```\n",
                "catalog/z.yaml": "a: 1\n",
            ]),
            Example(files: [
                "CHANGELOG.md": "# Changelog\n\n## [1.0.0] - 2025-01-01\n\n### Removed\n\n- `docs/old.md`.\n",
                "docs/a.md": "# A\n",
            ]),
        ])

    public func check(_ repository: RepositoryIndex, into sink: inout DiagnosticSink) {
        let topLevel = repository.topLevelDirectories
        let allowed = sink.stringsOption("allow").compactMap(Glob.init)
        for (path, document) in repository.sortedLintedDocuments {
            guard LinkScope.isChecked(document),
                  let markdown = document.markdown, !markdown.codeSpans.isEmpty else { continue }
            let skipped = PathMention.removedSections(of: document) + PathMention.exampleSections(of: document)
            for span in markdown.codeSpans {
                guard let mention = PathMention.candidate(span.text),
                      !skipped.contains(where: { $0.contains(span.range.start.line) }),
                      !PathMention.isCodeBlockCaption(line: span.range.start.line, span: span.text, in: document.file)
                else { continue }
                let relative = mention.hasPrefix(".")
                let fromRoot = relative ? nil : LinkTarget.normalize(from: nil, relative: mention)
                let fromDocument = LinkTarget.normalize(from: path, relative: mention)
                let resolved = [fromRoot, fromDocument].compactMap { $0 }
                if resolved.contains(where: { $0.isEmpty || Self.exists($0, in: repository) }) { continue }
                if !allowed.isEmpty, ([mention] + resolved).contains(where: { path in allowed.contains { $0.matches(path) } }) { continue }
                // Only paths anchored in this repository: a known top-level folder, or a relative path
                // whose folder exists.
                if relative {
                    guard let target = fromDocument, let slash = target.lastIndex(of: "/"),
                          repository.directoryExists(String(target[..<slash])) else { continue }
                } else {
                    guard let first = mention.asciiSplit("/").first, topLevel.contains(String(first)) else { continue }
                }
                if let line = document.file.lineIndex.lineText(span.range.start.line), PathMention.isHypothetical(line: line) {
                    continue
                }
                sink.report(
                    "`\(span.text)` does not exist in the repository", path: path, range: span.range,
                    notes: ["looked for \(resolved.joined(separator: " and "))"],
                    help: "update the path to the file's current location, or remove the mention")
            }
        }
    }

    /// Exists as a file or folder, in any letter case (case is `case-mismatch-link`'s business for links
    /// and too uncertain for prose).
    static func exists(_ path: String, in repository: RepositoryIndex) -> Bool {
        if repository.fileExists(path) || repository.directoryExists(path) { return true }
        return LinkIndex.byLowercasedPath(repository)[path.lowercased()] != nil
    }
}
