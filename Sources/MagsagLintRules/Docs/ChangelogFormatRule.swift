import MagsagLintCore
import MagsagSource

/// Checks CHANGELOG.md against Keep a Changelog.
public struct ChangelogFormatRule: RepositoryRule {
    public init() {}

    public static let description = RuleDescription(
        id: "changelog-format",
        name: "Changelog format",
        category: .docs,
        defaultSeverity: .warning,
        summary: "CHANGELOG.md does not follow Keep a Changelog",
        rationale: """
            Release tooling and readers rely on the Keep a Changelog shape: an `## [Unreleased]` section first, \
            release headings `## [x.y.z] - YYYY-MM-DD` newest first (versions and dates descending), only the \
            subsections Added, Changed, Deprecated, Removed, Fixed and Security (one level below the releases, each \
            at most once per release), and link references that point at something (a repository path that exists, \
            or a version heading that has one). A release heading at another level is reported as such. Changelogs \
            that put releases at `###` set the option `release-level: 3`.
            """,
        fix: "Rewrite the heading in the standard form, or move the section to its place. `--fix` adds a missing `## [Unreleased]` section.",
        triggeringExamples: [
            Example("CHANGELOG.md", """
                ↓# Changelog

                ## [1.0.0] - 2025-02-01

                ↓### Improvements

                ↓## [1.1.0] - 2025-03-01

                ↓## Version 0.9

                ## [0.8.0] - 2025-01-01

                [1.0.0]: https://example.com/compare/v0.8.0...v1.0.0
                [0.8.0]: ↓docs/releases/0.8.0.md

                """),
            Example("CHANGELOG.md", """
                ↓# Changelog

                All notable changes.

                ## [1.0.0] - 2025-02-01

                ### Fixed

                - Bugs.

                """, fixed: """
                # Changelog

                All notable changes.

                ## [Unreleased]

                ## [1.0.0] - 2025-02-01

                ### Fixed

                - Bugs.

                """, note: "`--fix` adds an empty `[Unreleased]` section above the newest release"),
        ],
        nonTriggeringExamples: [
            Example("CHANGELOG.md", """
                # Changelog

                ## [Unreleased]

                ### Added

                - Things.

                ## [1.0.0] - 2025-02-01

                ### Fixed

                - Bugs.

                ## [1.0.0-rc.1] - 2025-01-15

                [Unreleased]: https://example.com/compare/v1.0.0...HEAD
                [1.0.0]: https://example.com/compare/v1.0.0-rc.1...v1.0.0
                [1.0.0-rc.1]: https://example.com/releases/v1.0.0-rc.1

                """),
            Example("docs/CHANGELOG.md", "# Not the authoritative changelog\n"),
        ])

    public func check(_ repository: RepositoryIndex, into sink: inout DiagnosticSink) {
        guard repository.linted.contains(Changelog.path), let document = repository.documents[Changelog.path],
              let markdown = document.markdown else { return }
        let file = document.file
        let path = Changelog.path
        let level = Changelog.releaseLevel(sink)
        let hashes = String(repeating: "#", count: level)
        var releases: [ChangelogRelease] = []
        var inRelease = false
        var subsections: Set<String> = []
        for heading in markdown.headings {
            let raw = file.lineIndex.lineText(heading.range.start.line) ?? ""
            // Releases are parsed as `## ` headings whatever the configured level.
            let body = raw.trimmingBlanks().drop { $0 == "#" }
            let release = ChangelogRelease.parse("## " + body.trimmingBlanks(), line: heading.range.start.line, range: heading.range)
            if heading.level == level {
                guard let release else {
                    inRelease = false
                    sink.report(
                        "heading `\(heading.text)` is not a release heading", path: path, range: heading.range,
                        help: "write `\(hashes) [x.y.z] - YYYY-MM-DD` or `\(hashes) [Unreleased]`")
                    continue
                }
                inRelease = true
                subsections = []
                releases.append(release)
            } else if release != nil {
                sink.report(
                    "release heading `\(heading.text)` is a level-\(heading.level) heading; releases are level-\(level) (`\(hashes) `) headings",
                    path: path, range: heading.range, help: "write `\(hashes) \(body.trimmingBlanks())`")
                if heading.level < level { inRelease = false }
            } else if heading.level == level + 1, inRelease {
                if !Changelog.subsections.contains(heading.text) {
                    let known = Changelog.subsections.first { $0.lowercased() == heading.text.lowercased().trimming(": ") }
                    sink.report(
                        "subsection `\(heading.text)` is not one of \(Changelog.subsections.joined(separator: ", "))",
                        path: path, range: heading.range,
                        help: known.map { "write `\(hashes)# \($0)`" } ?? "file the entries under a standard subsection")
                } else if !subsections.insert(heading.text).inserted {
                    sink.report(
                        "subsection `\(heading.text)` appears twice in the same release", path: path, range: heading.range,
                        help: "merge the entries into the first `\(heading.text)` subsection")
                }
            } else if heading.level < level {
                inRelease = false
            }
        }
        let unreleased = releases.firstIndex(where: \.isUnreleased)
        if unreleased == nil {
            let at = markdown.headings.first { $0.level == 1 }?.range ?? .fileStart
            sink.report("changelog has no `## [Unreleased]` section", path: path, range: at,
                        help: "add `## [Unreleased]` above the newest release", fix: Self.addUnreleased(document))
        } else if let unreleased, unreleased != 0 {
            sink.report("`[Unreleased]` is not the first section", path: path, range: releases[unreleased].range,
                        help: "move `## [Unreleased]` above every release")
        }
        var previous: ChangelogRelease?
        for release in releases where !release.isUnreleased {
            if let newer = previous {
                if !ChangelogRelease.precedes(release, newer) {
                    sink.report(
                        "release \(release.versionText) is listed below \(newer.versionText)", path: path,
                        range: release.range, help: "list releases newest first")
                } else if let date = release.date, let newerDate = newer.date, date > newerDate {
                    sink.report(
                        "release \(release.versionText) is dated after the newer release \(newer.versionText)", path: path,
                        range: release.range, help: "check both release dates")
                }
            }
            previous = release
        }
        checkReferences(document, releases: releases, repository: repository, into: &sink)
    }

    /// An empty `## [Unreleased]` section, above the first `##` heading (or at the end when there is
    /// none): an empty section is what Keep a Changelog starts with, so adding it changes no entry.
    static func addUnreleased(_ document: LintDocument) -> Fix? {
        guard let markdown = document.markdown else { return nil }
        let file = document.file
        let newline = TextEdit.lineEnding(of: file.bytes)
        let section = "## [Unreleased]" + newline
        let edit: Fix.Edit
        if let first = markdown.headings.first(where: { $0.level == 2 }) {
            let starts = file.lineIndex.lineStarts
            guard starts.indices.contains(first.range.start.line - 1) else { return nil }
            let start = starts[first.range.start.line - 1]
            edit = Fix.Edit(path: file.path, startOffset: start, endOffset: start, replacement: section + newline)
        } else {
            let endsWithNewline = file.bytes.last == 0x0A || file.bytes.last == 0x0D
            let lead = file.bytes.isEmpty ? "" : (endsWithNewline ? newline : newline + newline)
            edit = Fix.Edit(path: file.path, startOffset: file.bytes.count, endOffset: file.bytes.count, replacement: lead + section)
        }
        return Fix(message: "add an empty `## [Unreleased]` section", applicability: .safe, edits: [edit])
    }

    /// Link reference definitions (`[1.0.0]: url`) with a relative URL must resolve.
    private func checkReferences(
        _ document: LintDocument, releases: [ChangelogRelease], repository: RepositoryIndex, into sink: inout DiagnosticSink
    ) {
        let file = document.file
        for (line, text) in MarkdownLines.linesOutsideFences(of: file) {
            guard text.hasPrefix("["), let close = text.firstIndex(of: "]"),
                  text[text.index(after: close)...].hasPrefix(":") else { continue }
            let rest = text[text.index(close, offsetBy: 2)...]
            let url = rest.trimmingBlanks().asciiSplit(" ").first.map(String.init) ?? ""
            guard case .path(let target, _, _) = LinkTarget.resolve(url, from: Changelog.path),
                  !repository.fileExists(target), !repository.directoryExists(target) else { continue }
            let column = text.distance(from: text.startIndex, to: rest.startIndex) + (rest.count - rest.drop { $0 == " " }.count) + 1
            let start = file.lineIndex.position(line: line, column: column)
            sink.report(
                "link reference `\(text[..<text.index(after: close)])` points at \(target), which does not exist",
                path: Changelog.path, range: SourceRange(at: start), help: "point the reference at an existing file or a URL")
        }
    }
}
