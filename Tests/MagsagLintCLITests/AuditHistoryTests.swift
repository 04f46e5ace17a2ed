import Foundation
import Testing

/// `audit --history N` on ``TrendRepository``: the trend per commit, the snapshots of the Markdown and
/// JSON reports, the progress bar (only on a TTY) and the options around it.
@Suite(.serialized) struct AuditHistoryTests {
    /// The report date: the last commit's, so the report's scores are the trend's last point.
    static let today = "2026-02-19"

    /// `Tests/Snapshots/<name>.txt`, recorded when missing or with `RECORD_SNAPSHOTS=1`.
    static func assertSnapshot(_ text: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let url = CLI.projectRoot.appendingPathComponent("Tests/Snapshots/\(name).txt")
        let stored = (try? Data(contentsOf: url)).map { String(decoding: $0, as: UTF8.self) }
        guard let stored, ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] != "1" else {
            try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try? Data(text.utf8).write(to: url)
            Issue.record("snapshot \(name) recorded at \(url.path); re-run", sourceLocation: sourceLocation)
            return
        }
        let expected = stored.split(separator: "\n", omittingEmptySubsequences: false)
        let actual = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard expected != actual else { return }
        let index = Array(zip(expected, actual)).firstIndex { $0 != $1 } ?? min(expected.count, actual.count)
        Issue.record("""
            snapshot \(name) differs at line \(index + 1) (set RECORD_SNAPSHOTS=1 to re-record)
            expected: \(index < expected.count ? String(expected[index]) : "<end>")
            actual:   \(index < actual.count ? String(actual[index]) : "<end>")
            """, sourceLocation: sourceLocation)
    }

    @Test func trendFollowsTheHistory() throws {
        let repository = try TrendRepository()
        defer { repository.remove() }
        let started = Date()
        let output = try CLI.run(["audit", "--history", "50", "--format", "json", "--today", Self.today, repository.root])
        let seconds = Date().timeIntervalSince(started)
        #expect(output.status == 0, "\(output.stderr)")
        // A hang guard, not a speed test (speed is measured in bench/).
        #expect(seconds < 120, "audit --history 50 took \(seconds) s")
        #expect(!output.stderr.contains("\r"), "no progress bar when stderr is not a terminal")
        let object = try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any]
        let trend = try #require(object?["trend"] as? [[String: Any]])
        #expect(trend.count == TrendRepository.commits)
        #expect(trend.compactMap { $0["commit"] as? String } == repository.ids, "oldest first, every commit")
        for (index, point) in trend.enumerated() {
            let number = index + 1
            let broken = TrendRepository.brokenLink.contains(number) ? 1 : 0
            let stale = TrendRepository.staleGuide.contains(number) ? 1 : 0
            let todos = TrendRepository.openTodo.contains(number) ? 1 : 0
            #expect(point["date"] as? String == TrendRepository.date(number))
            #expect(point["brokenLinks"] as? Int == broken, "commit \(number)")
            #expect(point["staleDocs"] as? Int == stale, "commit \(number)")
            #expect(point["openTodos"] as? Int == todos, "commit \(number)")
            #expect(point["stalePlans"] as? Int == 0, "commit \(number)")
            #expect(point["findings"] as? Int == broken + stale, "commit \(number): \(point)")
            let scores = point["scores"] as? [String: Int]
            if broken + stale == 0 {
                #expect(scores?["overall"] == 100, "commit \(number)")
            } else {
                #expect((scores?["docs"] ?? 100) < 100, "commit \(number)")
            }
        }
    }

    @Test func markdownAndJSONSnapshots() throws {
        let repository = try TrendRepository()
        defer { repository.remove() }
        for format in ["markdown", "json"] {
            let output = try CLI.run(["audit", "--history", "50", "--format", format, "--today", Self.today, repository.root])
            #expect(output.status == 0, "\(output.stderr)")
            // The temporary folder's name is the only run-dependent text.
            Self.assertSnapshot(output.stdout.replacing(repository.root, with: "<root>"), named: "audit-history-\(format)")
        }
    }

    @Test func htmlHasTheTrendChartAndTable() throws {
        let repository = try TrendRepository()
        defer { repository.remove() }
        let output = try CLI.run(["audit", "--history", "50", "--format", "html", "--today", Self.today, repository.root])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout.contains("<h2 id=\"history-50-commits\">History (50 commits)</h2>"))
        #expect(output.stdout.contains("aria-label=\"Stale docs and open to-dos per commit\""))
        #expect(output.stdout.contains("<polyline class=\"line open-todos\""))
        #expect(output.stdout.contains("<th scope=\"col\" data-type=\"num\">Open to-dos</th>"))
    }

    /// `scripts/check-audit-html` in headless Chromium: no console message, the sorting script ran, the
    /// graph and the trend charts are present. Skipped (exit 77) without Chromium.
    @Test func htmlPassesTheBrowserCheck() throws {
        let repository = try TrendRepository()
        defer { repository.remove() }
        let page = repository.folder.appendingPathComponent("report.html").path
        let output = try CLI.run(["audit", "--history", "50", "--format", "html", "--output", page, "--today", Self.today, repository.root])
        #expect(output.status == 0, "\(output.stderr)")
        let process = Process()
        process.executableURL = CLI.projectRoot.appendingPathComponent("scripts/check-audit-html")
        process.arguments = [page]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let log = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect([0, 77].contains(process.terminationStatus), "\(log)")
    }

    @Test func progressBarOnATerminal() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/script") else { return }
        let repository = try TrendRepository()
        defer { repository.remove() }
        let report = repository.folder.appendingPathComponent("report.json").path
        // `script` gives the command a pseudo-terminal: its stderr is a TTY there.
        let command = [CLI.executable.path, "audit", "--history", "50", "--format", "json", "--output", report,
                       "--today", Self.today, repository.root].map { "'\($0)'" }.joined(separator: " ")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        process.arguments = ["-qefc", command, "/dev/null"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let terminal = String(decoding: data, as: UTF8.self)
        #expect(process.terminationStatus == 0, "\(terminal)")
        #expect(terminal.contains("\r[" + String(repeating: "#", count: 30) + "] 50/50 done"), "\(terminal.suffix(400))")
        #expect(terminal.contains(" 1/50 "))
        let json = try String(contentsOfFile: report, encoding: .utf8)
        #expect(!json.contains("\r") && !json.contains("50/50"), "the report holds no progress output")
    }

    @Test func historyOptions() throws {
        let repository = try TrendRepository()
        defer { repository.remove() }
        #expect(try CLI.run(["audit", "--history", "0", repository.root]).status == 2)
        let plain = try CLI.temporaryFolder(["docs/README.md": "# Docs\n"])
        defer { try? FileManager.default.removeItem(at: plain) }
        let noGit = try CLI.run(["audit", "--history", "3", plain.path])
        #expect(noGit.status == 2)
        #expect(noGit.stderr.contains("not inside a git repository"))
        // More commits asked than exist: every commit, oldest first.
        let all = try CLI.run(["audit", "--history", "500", "--format", "json", "--today", Self.today, repository.root])
        let object = try JSONSerialization.jsonObject(with: Data(all.stdout.utf8)) as? [String: Any]
        #expect((object?["trend"] as? [Any])?.count == 50)
        // --history-file and --history N together; the old --history FILE form and --history-file clash.
        let file = repository.folder.appendingPathComponent("scores.jsonl").path
        let both = try CLI.run(["audit", "--history", "2", "--history-file", file, "--today", Self.today, repository.root])
        #expect(both.status == 0, "\(both.stderr)")
        #expect(both.stdout.contains("History (2 commits)"))
        #expect(try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n").count == 1)
        #expect(try CLI.run(["audit", "--history", file, "--history-file", file, repository.root]).status == 2)
        // Without --history N the JSON has no trend key (the report shape is unchanged).
        let none = try CLI.run(["audit", "--format", "json", "--today", Self.today, repository.root])
        #expect(!none.stdout.contains("\"trend\""))
    }
}
