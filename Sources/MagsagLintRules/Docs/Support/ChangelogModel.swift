import MagsagLintCore
import MagsagSource

/// A Keep a Changelog release heading: `## [1.2.3] - 2025-01-01` or `## [Unreleased]`.
struct ChangelogRelease {
    var line: Int
    var range: SourceRange
    var isUnreleased: Bool
    var version: [Int]
    var prerelease: String?
    var versionText: String
    var date: CalendarDate?

    /// Parse the raw text of a `## ` line (link markup kept), nil when it is not a release heading.
    static func parse(_ raw: String, line: Int, range: SourceRange) -> ChangelogRelease? {
        var text = Substring(raw.trimmingBlanks())
        guard text.hasPrefix("## ") else { return nil }
        text = text.dropFirst(3).drop { $0 == " " }
        guard text.hasPrefix("["), let close = text.firstIndex(of: "]") else { return nil }
        let label = text[text.index(after: text.startIndex)..<close]
        var rest = text[text.index(after: close)...]
        if rest.hasPrefix("("), let end = rest.firstIndex(of: ")") { rest = rest[rest.index(after: end)...] }
        if label.lowercased() == "unreleased" {
            guard rest.trimmingBlanks().isEmpty else { return nil }
            return ChangelogRelease(line: line, range: range, isUnreleased: true, version: [], versionText: "Unreleased")
        }
        var core = Substring(label)
        var prerelease: String?
        if let plus = core.firstIndex(of: "+") { core = core[..<plus] }
        if let dash = core.firstIndex(of: "-") {
            prerelease = String(core[core.index(after: dash)...])
            core = core[..<dash]
        }
        let parts = core.asciiSplit(".", omittingEmptySubsequences: false).map { Int($0) }
        guard parts.count == 3, parts.allSatisfy({ $0 != nil }) else { return nil }
        let trimmed = rest.trimmingBlanks()
        guard trimmed.hasPrefix("- ") else { return nil }
        guard let date = CalendarDate.parse(trimmed.dropFirst(2).trimmingBlanks()) else { return nil }
        return ChangelogRelease(
            line: line, range: range, isUnreleased: false, version: parts.compactMap { $0 }, prerelease: prerelease,
            versionText: String(label), date: date)
    }

    init(line: Int, range: SourceRange, isUnreleased: Bool, version: [Int], prerelease: String? = nil,
         versionText: String, date: CalendarDate? = nil) {
        self.line = line
        self.range = range
        self.isUnreleased = isUnreleased
        self.version = version
        self.prerelease = prerelease
        self.versionText = versionText
        self.date = date
    }

    /// Semantic-version precedence (pre-releases before their release; identifiers compared as text).
    static func precedes(_ lhs: ChangelogRelease, _ rhs: ChangelogRelease) -> Bool {
        if lhs.version != rhs.version { return lhs.version.lexicographicallyPrecedes(rhs.version) }
        switch (lhs.prerelease, rhs.prerelease) {
        case (nil, nil), (nil, _?): return false
        case (_?, nil): return true
        case (let a?, let b?): return a < b
        }
    }
}

/// The Keep a Changelog vocabulary.
enum Changelog {
    static let path = "CHANGELOG.md"
    static let subsections = ["Added", "Changed", "Deprecated", "Removed", "Fixed", "Security"]

    /// The heading level of releases: the rule option `release-level` (2 or 3), else 2.
    static func releaseLevel(_ sink: DiagnosticSink) -> Int {
        let level = sink.intOption("release-level", default: 2)
        return (2...3).contains(level) ? level : 2
    }
}
