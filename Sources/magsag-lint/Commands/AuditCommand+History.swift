import Foundation
import MagsagGit
import MagsagLintCore
import MagsagLintRules

extension AuditCommand {
    /// `--history N`: audit each of the last `commits` commits of HEAD's first-parent history, oldest
    /// first. Each commit's tree is read through libgit2 into memory (no checkout, nothing written);
    /// unchanged trees and blobs are read once, and unchanged files are parsed once. Every commit is linted with the current configuration
    /// and audited at its own committer date (UTC), so staleness is what it was then.
    static func trend(_ root: String, configuration: Configuration, commits: Int) throws -> [AuditTrendPoint] {
        let source = try HistorySource(root: root, scope: configuration.scope, maxFileSize: configuration.maxFileSize)
        let history = try source.commits(limit: commits)
        let knownRuleIDs = Set(BuiltInRules.descriptions.map(\.id))
        var progress = ProgressBar(total: history.count, enabled: ProgressBar.stderrIsTerminal)
        var points: [AuditTrendPoint] = []
        let documents = DocumentCache()
        for (index, commit) in history.enumerated() {
            progress.update(done: index, label: "\(commit.id.prefix(7)) \(commit.subject)")
            let date = LintSettings.civilDate(daysSinceEpoch: Int((Double(commit.time) / 86_400).rounded(.down)))
            var atCommit = configuration
            atCommit.today = date
            let files = try source.fileSet(at: commit.id)
            var linter = Linter(rules: BuiltInRules.all, configuration: atCommit, knownRuleIDs: knownRuleIDs)
            linter.documentCache = documents
            let result = linter.lint(files)
            let report = AuditBuilder(
                repository: result.index, diagnostics: result.diagnostics, settings: atCommit.settings, commit: commit.id
            ).build()
            points.append(AuditTrendPoint(report, commit: commit.id, subject: commit.subject, date: date))
        }
        progress.finish()
        return points
    }
}

/// A one-line progress bar on standard error, redrawn in place with `\r`. Drawn only when standard
/// error is a terminal, so captured or redirected output never holds it.
struct ProgressBar {
    var total: Int
    var enabled: Bool
    private var lastLine = ""

    init(total: Int, enabled: Bool) {
        self.total = total
        self.enabled = enabled && total > 0
    }

    /// Whether file descriptor 2 is a TTY.
    static var stderrIsTerminal: Bool { isatty(2) == 1 }

    /// `[#####.....]  12/50 label`, cut to the terminal width.
    static func line(done: Int, total: Int, label: String, width: Int) -> String {
        let cells = 30
        let filled = total > 0 ? min(cells, done * cells / total) : 0
        let counter = "\(String(repeating: " ", count: max(0, String(total).count - String(done).count)))\(done)/\(total)"
        var line = "[" + String(repeating: "#", count: filled) + String(repeating: ".", count: cells - filled) + "] "
            + counter + " " + label.replacing("\n", with: " ")
        let limit = max(cells + 12, width - 1)
        if line.count > limit { line = String(line.prefix(limit - 1)) + "…" }
        return line
    }

    /// The terminal's width from `COLUMNS`, else 80.
    static var width: Int {
        ProcessEnvironment.value("COLUMNS").flatMap { Int($0) }.map { max(20, $0) } ?? 80
    }

    mutating func update(done: Int, label: String) {
        guard enabled else { return }
        draw(Self.line(done: done, total: total, label: label, width: Self.width))
    }

    /// Show the full bar, then clear the line so the report starts on a clean one.
    mutating func finish() {
        guard enabled else { return }
        draw(Self.line(done: total, total: total, label: "done", width: Self.width))
        write("\r" + String(repeating: " ", count: lastLine.count) + "\r")
    }

    private mutating func draw(_ line: String) {
        let padding = String(repeating: " ", count: max(0, lastLine.count - line.count))
        write("\r" + line + padding)
        lastLine = line
    }

    private func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
