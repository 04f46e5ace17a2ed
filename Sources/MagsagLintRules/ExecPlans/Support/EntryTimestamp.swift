/// The timestamp an ExecPlan log entry starts with.
struct EntryTimestamp {
    enum Format: Equatable {
        /// `[2025-10-20 15:30 UTC]`
        case bracketed
        /// `2025-11-01T12:00:00Z`
        case iso8601

        var example: String {
            switch self {
            case .bracketed: "[YYYY-MM-DD HH:MM UTC]"
            case .iso8601: "YYYY-MM-DDTHH:MM:SSZ"
            }
        }
    }

    var format: Format
    /// Seconds since 1970-01-01, for ordering.
    var seconds: Int
    var text: String

    /// The timestamp at the start of `text`, nil when there is none or it names no real time.
    static func parse(_ text: String) -> EntryTimestamp? {
        let scalars = Array(text.unicodeScalars)
        func string(_ range: Range<Int>) -> String? {
            guard range.upperBound <= scalars.count else { return nil }
            var view = String.UnicodeScalarView()
            view.append(contentsOf: scalars[range])
            return String(view)
        }
        func number(_ range: Range<Int>) -> Int? {
            guard let digits = string(range), digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber) else { return nil }
            return Int(digits)
        }
        func time(date: String?, hour: Int?, minute: Int?, second: Int) -> Int? {
            guard let date, let day = CalendarDate.parse(date), let hour, let minute,
                  (0...23).contains(hour), (0...59).contains(minute), (0...60).contains(second) else { return nil }
            return day.dayNumber * 86_400 + hour * 3600 + minute * 60 + second
        }
        if scalars.first == "[" {
            guard string(11..<12) == " ", string(14..<15) == ":", string(17..<22) == " UTC]",
                  let seconds = time(date: string(1..<11), hour: number(12..<14), minute: number(15..<17), second: 0),
                  let written = string(0..<22) else { return nil }
            return EntryTimestamp(format: .bracketed, seconds: seconds, text: written)
        }
        guard string(10..<11) == "T", string(13..<14) == ":", string(16..<17) == ":", string(19..<20) == "Z",
              let second = number(17..<19),
              let seconds = time(date: string(0..<10), hour: number(11..<13), minute: number(14..<16), second: second),
              let written = string(0..<20) else { return nil }
        return EntryTimestamp(format: .iso8601, seconds: seconds, text: written)
    }
}
