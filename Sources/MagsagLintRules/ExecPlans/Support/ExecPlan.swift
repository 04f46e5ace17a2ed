import MagsagLintCore
import MagsagSource

/// One ExecPlan: its level-2 sections and which skeleton it follows.
struct ExecPlan: Sendable {
    /// A `## ` section.
    struct Section {
        var heading: MarkdownDocument.Heading
        var key: String
        /// Lines after the heading up to the next heading of level 1 or 2 (nil when empty).
        var lines: ClosedRange<Int>?
    }

    /// Which skeleton a plan follows.
    enum Form { case long, short }

    var document: LintDocument
    var sections: [Section]
    var form: Form
    /// The expected sections of `form`, in order.
    var skeleton: [String]

    /// Where whole-plan findings go: the title heading, else the start of the body.
    var anchorRange: SourceRange {
        if let title = document.markdown?.headings.first(where: { $0.level == 1 }) { return title.range }
        guard let markdown = document.markdown else { return .fileStart }
        return SourceRange(at: document.file.position(ofOffset: markdown.bodyByteRange.lowerBound))
    }

    /// The first section whose key is one of `keys`.
    func section(_ keys: String...) -> Section? {
        sections.first { keys.contains($0.key) }
    }

    /// Top-level list items of a section.
    func items(of section: Section) -> [ListItem] {
        guard let lines = section.lines else { return [] }
        return MarkdownLines.listItems(in: document.file, lines: lines)
    }

    /// Every linted ExecPlan of the snapshot, in path order.
    static func linted(in repository: RepositoryIndex, folder: String = ExecPlanLayout.folder,
                       settings: ExecPlanSettings = ExecPlanSettings()) -> [ExecPlan] {
        // Six rules read the plans: they are read once per folder and section forms.
        let key = ["execplans.linted", folder, (settings.sections ?? ["\u{2}default"]).joined(separator: "\u{1}"),
                   (settings.shortSections ?? ["\u{2}default"]).joined(separator: "\u{1}")].joined(separator: "\u{0}")
        return repository.memoized(key) { repository in plans(in: repository, folder: folder, settings: settings) }
    }

    private static func plans(in repository: RepositoryIndex, folder: String, settings: ExecPlanSettings) -> [ExecPlan] {
        let longForm = ExecPlanLayout.longForm(in: repository, settings: settings)
        let shortForm = ExecPlanLayout.shortForm(settings)
        return repository.sortedLinted.compactMap { path in
            guard ExecPlanLayout.isPlan(path, folder: folder), let document = repository.documents[path] else { return nil }
            return ExecPlan(document, longForm: longForm, shortForm: shortForm)
        }
    }

    init?(_ document: LintDocument, longForm: [String], shortForm: [String] = ExecPlanLayout.shortForm) {
        guard let markdown = document.markdown else { return nil }
        self.document = document
        let headings = markdown.headings
        let lastLine = document.file.lineIndex.lineCount
        var sections: [Section] = []
        for (index, heading) in headings.enumerated() where heading.level == 2 {
            let next = headings[(index + 1)...].first { $0.level <= 2 }
            let first = heading.range.end.line + 1
            let last = (next?.range.start.line ?? lastLine + 1) - 1
            sections.append(Section(
                heading: heading, key: ExecPlanLayout.key(heading.text), lines: first <= last ? first...last : nil))
        }
        self.sections = sections
        let present = Set(sections.map(\.key))
        let longKeys = Set(longForm.map(ExecPlanLayout.key))
        let shortKeys = Set(shortForm.map(ExecPlanLayout.key))
        let longScore = Double(present.intersection(longKeys).count) / Double(max(1, longKeys.count))
        let shortScore = Double(present.intersection(shortKeys).count) / Double(max(1, shortKeys.count))
        self.form = shortScore > longScore ? .short : .long
        self.skeleton = form == .short ? shortForm : longForm
    }

    /// Whether the plan says it is finished: `status: deprecated`, or a Status section that starts
    /// with "Complete", "Completed" or "Done".
    var isComplete: Bool {
        if document.frontMatter?["status"]?.stringValue == "deprecated" { return true }
        guard let status = section("status"), let lines = status.lines else { return false }
        for line in lines {
            guard let text = document.file.lineIndex.lineText(line)?.trimmingBlanks(), !text.isEmpty else { continue }
            var words = text.lowercased().filter { $0.isLetter || $0 == " " }.asciiSplit(" ")
            if words.first == "status" { words.removeFirst() }
            return ["complete", "completed", "done"].contains(words.first.map(String.init) ?? "")
        }
        return false
    }
}
