import MagsagLintCore
internal import Foundation

/// A proleptic Gregorian calendar date written `YYYY-MM-DD`, as front-matter dates are.
struct CalendarDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    var year: Int
    var month: Int
    var day: Int

    /// Parse exactly `YYYY-MM-DD` naming a real calendar day (`2025-02-30` is rejected).
    static func parse(_ text: some StringProtocol) -> CalendarDate? {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                let byte = bytes[index]
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10) else { return nil }
        guard (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year) else { return nil }
        return CalendarDate(year: year, month: month, day: day)
    }

    /// Whether `text` has the `YYYY-MM-DD` shape (digits and dashes), valid day or not.
    static func hasShape(_ text: some StringProtocol) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 10 else { return false }
        for (index, byte) in bytes.enumerated() {
            if index == 4 || index == 7 {
                if byte != UInt8(ascii: "-") { return false }
            } else if byte < UInt8(ascii: "0") || byte > UInt8(ascii: "9") {
                return false
            }
        }
        return true
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 (negative before).
    var dayNumber: Int { LintSettings.dayNumber(year: year, month: month, day: day) }

    /// The date `dayNumber` days after 1970-01-01.
    init(dayNumber: Int) {
        let (year, month, day) = LintSettings.civil(fromDayNumber: dayNumber)
        self.init(year: year, month: month, day: day)
    }

    init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    static func < (lhs: CalendarDate, rhs: CalendarDate) -> Bool { lhs.dayNumber < rhs.dayNumber }

    var description: String {
        func pad(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }
}

/// The date rules compare document dates with (stale and future dates).
///
/// One place: the run's `today` setting (`--today`, the configuration's `today`, `MAGSAG_LINT_TODAY`, the
/// commit date of a linted revision, else the current UTC date; see `Linter.settings`).
enum DocsToday {
    /// Today as the run's settings say (configuration `today`, `--today`, `MAGSAG_LINT_TODAY`, else
    /// the current UTC date).
    static func current(_ settings: LintSettings) -> CalendarDate {
        if let date = CalendarDate.parse(settings.today) { return date }
        let seconds = Date().timeIntervalSince1970
        return CalendarDate(dayNumber: Int((seconds / 86_400).rounded(.down)))
    }
}
