import Foundation
import MagsagGit
public import MagsagSource

/// What rules may know of the configuration.
public struct LintSettings: Sendable {
    /// Today's date as `YYYY-MM-DD`, for staleness and future-date checks.
    public var today: String
    public var staleAfterDays: Int
    /// Path of the tag vocabulary document.
    public var taxonomy: String
    public var roots: Configuration.Roots
    /// Options by rule id, as written in the configuration.
    public var options: [String: SourceValue]
    /// The version bump contract changes need.
    public var versionPolicy = VersionPolicy()
    /// A repository JSON Schema replacing the built-in front-matter specification, when configured.
    public var frontMatterSchema: String?
    /// ExecPlan skeletons and plan indexes, when configured.
    public var execPlans = ExecPlanSettings()

    public init(today: String = LintSettings.currentUTCDate(), staleAfterDays: Int = 90,
                taxonomy: String = "docs/governance/taxonomy.md", roots: Configuration.Roots = .init(),
                options: [String: SourceValue] = [:]) {
        self.today = today
        self.staleAfterDays = staleAfterDays
        self.taxonomy = taxonomy
        self.roots = roots
        self.options = options
    }

    /// Defaults, with `today` from `MAGSAG_LINT_TODAY` when set (reproducible runs and tests).
    public static var `default`: LintSettings {
        var settings = LintSettings()
        if let value = ProcessEnvironment.value("MAGSAG_LINT_TODAY"), value.count == 10 { settings.today = value }
        return settings
    }

    /// The current date in UTC as `YYYY-MM-DD`.
    public static func currentUTCDate() -> String {
        if let value = ProcessEnvironment.value("MAGSAG_LINT_TODAY"), value.count == 10 { return value }
        let seconds = Int(Date().timeIntervalSince1970)
        return civilDate(daysSinceEpoch: seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400)
    }

    /// `YYYY-MM-DD` for a day count since 1970-01-01 (proleptic Gregorian).
    public static func civilDate(daysSinceEpoch days: Int) -> String {
        let (y, m, d) = civil(fromDayNumber: days)
        func pad(_ n: Int, _ width: Int) -> String {
            let s = String(n)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))"
    }

    /// Year, month and day of a day count since 1970-01-01 (H. Hinnant's civil-from-days).
    public static func civil(fromDayNumber days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    /// Days since 1970-01-01 of a calendar date (negative before; not validated).
    public static func dayNumber(year: Int, month: Int, day: Int) -> Int {
        let yy = month <= 2 ? year - 1 : year
        let era = (yy >= 0 ? yy : yy - 399) / 400
        let yoe = yy - era * 400
        let mp = month > 2 ? month - 3 : month + 9
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// Days since 1970-01-01 of a `YYYY-MM-DD` date; nil when it is not a real calendar date.
    public static func daysSinceEpoch(_ date: String) -> Int? {
        let parts = date.asciiSplit("-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
              (1...12).contains(m), d >= 1 else { return nil }
        let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
        let lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        guard d <= lengths[m - 1] else { return nil }
        return dayNumber(year: y, month: m, day: d)
    }
}
