import MagsagLintCore
import MagsagSource

/// Inline code spans that look like repository paths (`catalog/policies/flow_governance.yaml`).
///
/// Deliberately conservative: a span that might be a placeholder, glob, command, URL, runtime output
/// or an instruction to create a file is not a path mention.
enum PathMention {
    /// Characters that make a span something other than a plain path.
    static let excluded = Set("<>{}*?$~@#:=|\\\"'(),;[]!%^`&+ \t")
    /// Runtime output folders whose files never exist in a snapshot.
    static let runtimeFolders = [".runs", ".work"]
    /// Words near a mention that mean the file is hypothetical, generated, moved or gone.
    static let hypotheticalContext = [
        "create", "generat", "will be", "new file", "add ", "adds ", "write ", "writes ", "output", "produce",
        "rename", "move", "remov", "delet", "deprecat", "former", "legacy", "old ", "e.g.", "for example", "such as",
        "example", "temporar", "tmp", "another repo", "other repo", "upstream", "instead of", "no longer", "retired",
    ]

    /// The path a code span mentions, nil when the span does not look like a repository path.
    static func candidate(_ text: String) -> String? {
        guard text.utf8Contains("/"), !text.utf8Contains("..."), !text.contains(where: { excluded.contains($0) }),
              !LinkTarget.hasScheme(text), !text.hasPrefix("-"), !text.hasPrefix("//") else { return nil }
        var path = Substring(text)
        if path.hasPrefix("/") { path = path.dropFirst() }
        let segments = path.asciiSplit("/", omittingEmptySubsequences: false)
        guard let last = segments.last, segments.count >= 2 else { return nil }
        // Only leading `..`/`.` segments, no empty segment except a trailing one.
        var seenName = false
        for (index, segment) in segments.enumerated() {
            if segment.isEmpty, index != segments.count - 1 { return nil }
            if segment == "." || segment == ".." {
                if seenName { return nil }
            } else if !segment.isEmpty {
                seenName = true
            }
            if runtimeFolders.contains(where: { segment.hasPrefix($0) }) { return nil }
        }
        guard seenName else { return nil }
        if !last.isEmpty {
            guard let dot = last.lastIndex(of: "."), dot != last.startIndex else { return nil }
            let ext = last[last.index(after: dot)...]
            guard (1...8).contains(ext.count), ext.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }),
                  ext.contains(where: \.isLetter) else { return nil }
        }
        return String(path)
    }

    /// Whether the line around a mention says the path is hypothetical.
    static func isHypothetical(line: String) -> Bool {
        let lower = line.lowercased()
        return hypotheticalContext.contains { lower.contains($0) }
    }

    /// Line ranges of sections whose heading mentions examples (sample files are hypothetical).
    static func exampleSections(of document: LintDocument) -> [ClosedRange<Int>] {
        guard let markdown = document.markdown else { return [] }
        var ranges: [ClosedRange<Int>] = []
        let headings = markdown.headings
        for (index, heading) in headings.enumerated() where heading.text.lowercased().utf8Contains("example") {
            let next = headings[(index + 1)...].first { $0.level <= heading.level }
            let last = (next?.range.start.line ?? document.file.lineIndex.lineCount + 1) - 1
            if heading.range.start.line <= last { ranges.append(heading.range.start.line...last) }
        }
        return ranges
    }

    /// Whether the span is a caption naming the code block below it (`` `docs/a.md`: `` then a fence).
    static func isCodeBlockCaption(line: Int, span: String, in file: SourceFile) -> Bool {
        guard let text = file.lineIndex.lineText(line)?.trimmingBlanks() else { return false }
        let caption = text.trimming(":*_ ")
        guard caption == "`\(span)`" else { return false }
        var next = line + 1
        while let following = file.lineIndex.lineText(next), following.trimmingBlanks().isEmpty { next += 1 }
        guard let following = file.lineIndex.lineText(next) else { return false }
        return MarkdownLines.fenceMarker(following) != nil
    }

    /// Line ranges of "Removed" sections in a changelog (their paths are gone on purpose).
    static func removedSections(of document: LintDocument) -> [ClosedRange<Int>] {
        let name = document.path.asciiSplit("/").last.map { $0.lowercased() } ?? ""
        guard name.hasPrefix("changelog"), let markdown = document.markdown else { return [] }
        var ranges: [ClosedRange<Int>] = []
        let headings = markdown.headings
        for (index, heading) in headings.enumerated() where heading.text.lowercased() == "removed" {
            let next = headings[(index + 1)...].first { $0.level <= heading.level }
            let last = (next?.range.start.line ?? document.file.lineIndex.lineCount + 1) - 1
            if heading.range.start.line <= last { ranges.append(heading.range.start.line...last) }
        }
        return ranges
    }
}
