internal import MagsagSource

/// The default, rustc-style output for people:
///
/// ```text
/// error[duplicate-key]: duplicate key "name"
///  --> catalog/agents/main/a/agent.yaml:3:1
///   |
/// 3 | name: other
///   | ^^^^ duplicated here
///   |
///  ::: catalog/agents/main/a/agent.yaml:1:1
///   |
/// 1 | name: main
///   | ---- first defined here
///   |
///   = help: remove one of the two keys
///
/// found 1 error in 3 files
/// ```
///
/// The primary location is underlined with `^` on the first line of its range (at least one caret),
/// related locations with `-`; columns are Unicode scalars, tabs are expanded to `tabWidth`, and
/// control characters in snippets are shown as `�` so file content cannot drive the terminal.
/// Without source text for a path only the location line is printed (its label in parentheses).
/// Characters inside the diagnostic's `redactions` (spans of the primary file) are printed as `*`,
/// so a snippet never shows a secret.
/// ANSI colours are used only when `ReportContext.color` is true.
public struct HumanReporter: Reporter {
    /// Columns per tab stop when expanding tabs in snippets.
    public var tabWidth: Int

    /// - Parameter tabWidth: columns per tab stop (at least 1).
    public init(tabWidth: Int = 4) {
        self.tabWidth = max(1, tabWidth)
    }

    /// Renders every diagnostic followed by a blank line, then the summary line.
    public func render(_ diagnostics: [Diagnostic], context: ReportContext) -> String {
        let style = TerminalStyle(enabled: context.color)
        // Diagnostics render independently: a long report (tens of thousands of findings in a large
        // repository) is rendered in chunks on all cores and joined in order.
        let chunk = Self.renderChunk
        let ranges = stride(from: 0, to: diagnostics.count, by: chunk).map { $0..<min($0 + chunk, diagnostics.count) }
        let render = { @Sendable (range: Range<Int>) -> String in
            var out = ""
            for diagnostic in diagnostics[range] {
                out += renderDiagnostic(diagnostic, context: context, style: style)
                out += "\n"
            }
            return out
        }
        let pieces = ranges.count > 1 ? Parallel.map(ranges, render) : ranges.map(render)
        var out = ""
        out.reserveCapacity(pieces.reduce(0) { $0 + $1.utf8.count } + 64)
        for piece in pieces { out += piece }
        out += style.bold(ReportSupport.summary(diagnostics, filesChecked: context.filesChecked)) + "\n"
        return out
    }

    /// Diagnostics per rendering task.
    static let renderChunk = 512

    private struct Block {
        var location: Location
        var isPrimary: Bool
        var lineText: String?
    }

    private func renderDiagnostic(_ diagnostic: Diagnostic, context: ReportContext, style: TerminalStyle) -> String {
        let locations = [(diagnostic.primary, true)] + diagnostic.related.map { ($0, false) }
        let blocks = locations.map { location, isPrimary in
            let line = location.range.start.line
            let text = context.sources(location.path)?.lineIndex.lineText(line)
            let redactions = location.path == diagnostic.primary.path ? diagnostic.redactions : []
            return Block(location: location, isPrimary: isPrimary, lineText: text.map { Self.redact($0, line: line, redactions) })
        }
        let width = blocks.filter { $0.lineText != nil }
            .map { String($0.location.range.start.line).count }.max() ?? 1
        let pad = String(repeating: " ", count: width)
        let emptyGutter = pad + " " + style.gutter("|")

        var out = style.severity(diagnostic.severity, "\(diagnostic.severity.rawValue)[\(diagnostic.ruleID)]")
        out += style.bold(": " + ReportSupport.printable(diagnostic.message)) + "\n"
        var lastHadSnippet = false
        for block in blocks {
            if lastHadSnippet { out += emptyGutter + "\n" }
            let start = block.location.range.start
            let arrow = block.isPrimary ? "-->" : ":::"
            out += pad + style.gutter(arrow) + " \(ReportSupport.printable(block.location.path)):\(start.line):\(start.column)"
            guard let lineText = block.lineText else {
                if let label = block.location.label { out += " (\(ReportSupport.printable(label)))" }
                out += "\n"
                lastHadSnippet = false
                continue
            }
            out += "\n" + emptyGutter + "\n"
            let line = SnippetLine(lineText, tabWidth: tabWidth)
            let number = String(start.line)
            let numberPad = String(repeating: " ", count: width - number.count)
            out += style.gutter(number + numberPad + " |") + (line.display.isEmpty ? "" : " " + line.display) + "\n"
            out += emptyGutter + " " + carets(for: block, line: line, style: style, severity: diagnostic.severity) + "\n"
            lastHadSnippet = true
        }
        var trailer: [String] = diagnostic.notes.map { style.bold("note") + ": " + $0 }
        if let help = diagnostic.help { trailer.append(style.bold("help") + ": " + help) }
        if let fix = diagnostic.fix {
            trailer.append(style.bold("fix available") + " (\(fix.applicability.rawValue)): " + fix.message)
        }
        if !trailer.isEmpty {
            if lastHadSnippet { out += emptyGutter + "\n" }
            for line in trailer { out += pad + " " + style.gutter("=") + " " + line + "\n" }
        }
        return out
    }

    /// `text` (line `line`) with every scalar inside one of `redactions` replaced by `*`.
    static func redact(_ text: String, line: Int, _ redactions: [SourceRange]) -> String {
        let spans = redactions.compactMap { range -> ClosedRange<Int>? in
            guard range.start.line <= line, range.end.line >= line else { return nil }
            let first = range.start.line == line ? range.start.column : 1
            let last = range.end.line == line ? range.end.column - 1 : Int.max
            return first <= last ? first...last : nil
        }
        guard !spans.isEmpty else { return text }
        var out = String.UnicodeScalarView()
        for (index, scalar) in text.unicodeScalars.enumerated() {
            let column = index + 1
            out.append(spans.contains { $0.contains(column) } ? "*" : scalar)
        }
        return String(out)
    }

    private func carets(for block: Block, line: SnippetLine, style: TerminalStyle, severity: Severity) -> String {
        let range = block.location.range
        let startColumn = line.displayOffset(ofColumn: range.start.column)
        let endColumn = range.end.line == range.start.line && range.end.column > range.start.column
            ? line.displayOffset(ofColumn: range.end.column)
            : (range.end.line > range.start.line ? line.displayWidth : startColumn)
        let count = max(1, endColumn - startColumn)
        var marks = String(repeating: block.isPrimary ? "^" : "-", count: count)
        if let label = block.location.label, !label.isEmpty { marks += " " + ReportSupport.printable(label) }
        let painted = block.isPrimary ? style.severity(severity, marks) : style.gutter(marks)
        return String(repeating: " ", count: startColumn) + painted
    }
}

/// One source line prepared for display: tabs expanded, control characters replaced, and a map from
/// 1-based scalar columns to 0-based display offsets.
struct SnippetLine {
    /// The text to print.
    let display: String
    /// Display offset of the start of each scalar, plus one entry for the end of the line; nil when the
    /// line is printable ASCII without tabs, where a scalar's offset is its index.
    private let offsets: [Int]?

    init(_ text: String, tabWidth: Int) {
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) {
            self.init(display: text, offsets: nil)
        } else {
            self.init(scalarsOf: text, tabWidth: tabWidth)
        }
    }

    /// The line measured scalar by scalar (what `init` does for lines that are not plain ASCII).
    init(scalarsOf text: String, tabWidth: Int) {
        var display = ""
        var offsets: [Int] = []
        var width = 0
        for scalar in text.unicodeScalars {
            offsets.append(width)
            if scalar == "\t" {
                let spaces = tabWidth - width % tabWidth
                display += String(repeating: " ", count: spaces)
                width += spaces
            } else if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) {
                display += "\u{FFFD}"
                width += 1
            } else {
                display.unicodeScalars.append(scalar)
                width += 1
            }
        }
        offsets.append(width)
        self.init(display: display, offsets: offsets)
    }

    private init(display: String, offsets: [Int]?) {
        self.display = display
        self.offsets = offsets
    }

    /// Display width of the whole line.
    var displayWidth: Int { offsets.map { $0.last ?? 0 } ?? display.utf8.count }

    /// 0-based display offset of a 1-based scalar column; columns past the end continue one per column.
    func displayOffset(ofColumn column: Int) -> Int {
        let index = max(0, column - 1)
        guard let offsets else { return index }
        if index < offsets.count { return offsets[index] }
        return displayWidth + (index - (offsets.count - 1))
    }
}

/// ANSI styling that is a no-op when disabled.
struct TerminalStyle {
    let enabled: Bool

    func paint(_ text: String, _ code: String) -> String {
        guard enabled, !text.isEmpty else { return text }
        return "\u{1B}[\(code)m\(text)\u{1B}[0m"
    }

    func bold(_ text: String) -> String { paint(text, "1") }
    func gutter(_ text: String) -> String { paint(text, "1;34") }

    func severity(_ severity: Severity, _ text: String) -> String {
        switch severity {
        case .error: paint(text, "1;31")
        case .warning: paint(text, "1;33")
        case .info: paint(text, "1;36")
        }
    }
}
