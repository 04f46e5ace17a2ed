/// The `format` values the engine can assert.
enum FormatKind: String, Sendable, CaseIterable {
    case date, time, dateTime = "date-time", duration, email, idnEmail = "idn-email", hostname
    case idnHostname = "idn-hostname", ipv4, ipv6, uri, uriReference = "uri-reference", iri
    case iriReference = "iri-reference", uriTemplate = "uri-template", uuid, regex
    case jsonPointer = "json-pointer", relativeJSONPointer = "relative-json-pointer"

    func check(_ s: String) -> Bool {
        switch self {
        case .date: return DateFormats.date(Array(s.utf8))
        case .time: return DateFormats.time(Array(s.utf8))
        case .dateTime: return DateFormats.dateTime(Array(s.utf8))
        case .duration: return DateFormats.duration(Array(s.utf8))
        case .email: return NetworkFormats.email(s, international: false)
        case .idnEmail: return NetworkFormats.email(s, international: true)
        case .hostname: return NetworkFormats.hostname(s, international: false)
        case .idnHostname: return NetworkFormats.hostname(s, international: true)
        case .ipv4: return NetworkFormats.ipv4(Substring(s))
        case .ipv6: return NetworkFormats.ipv6(s)
        case .uri: return URIFormats.uri(s, absolute: true, international: false)
        case .uriReference: return URIFormats.uri(s, absolute: false, international: false)
        case .iri: return URIFormats.uri(s, absolute: true, international: true)
        case .iriReference: return URIFormats.uri(s, absolute: false, international: true)
        case .uriTemplate: return URIFormats.uriTemplate(s)
        case .uuid: return URIFormats.uuid(s)
        case .regex: return ECMARegex.isValid(s)
        case .jsonPointer: return URIFormats.jsonPointer(s)
        case .relativeJSONPointer: return URIFormats.relativeJSONPointer(s)
        }
    }
}

enum DateFormats {
    private static func digits(_ b: [UInt8], _ from: Int, _ count: Int) -> Int? {
        guard from + count <= b.count else { return nil }
        var v = 0
        for k in from..<(from + count) {
            guard b[k] >= 48, b[k] <= 57 else { return nil }
            v = v * 10 + Int(b[k] - 48)
        }
        return v
    }

    static func date(_ b: [UInt8]) -> Bool {
        guard b.count == 10, b[4] == 45, b[7] == 45, let y = digits(b, 0, 4), let m = digits(b, 5, 2), let d = digits(b, 8, 2) else { return false }
        guard (1...12).contains(m), d >= 1 else { return false }
        let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return d <= days[m - 1]
    }

    static func time(_ b: [UInt8]) -> Bool {
        guard b.count >= 9, b[2] == 58, b[5] == 58, let h = digits(b, 0, 2), let mi = digits(b, 3, 2), let s = digits(b, 6, 2) else { return false }
        guard h <= 23, mi <= 59, s <= 60 else { return false }
        var i = 8
        if i < b.count, b[i] == 46 {
            i += 1
            let start = i
            while i < b.count, b[i] >= 48, b[i] <= 57 { i += 1 }
            guard i > start else { return false }
        }
        guard i < b.count else { return false }
        var offsetMinutes = 0
        if b[i] == 90 || b[i] == 122 { // Z z
            guard i + 1 == b.count else { return false }
        } else if b[i] == 43 || b[i] == 45 {
            guard b.count == i + 6, b[i + 3] == 58, let oh = digits(b, i + 1, 2), let om = digits(b, i + 4, 2), oh <= 23, om <= 59 else { return false }
            offsetMinutes = (oh * 60 + om) * (b[i] == 43 ? 1 : -1)
        } else {
            return false
        }
        if s == 60 {
            var utc = (h * 60 + mi - offsetMinutes) % 1440
            if utc < 0 { utc += 1440 }
            return utc == 23 * 60 + 59
        }
        return true
    }

    static func dateTime(_ b: [UInt8]) -> Bool {
        guard b.count > 11, b[10] == 84 || b[10] == 116 else { return false }
        return date(Array(b[0..<10])) && time(Array(b[11...]))
    }

    /// RFC 3339 appendix A (ISO 8601 durations): units in order, without gaps.
    static func duration(_ b: [UInt8]) -> Bool {
        guard b.first == 80 else { return false } // P
        var i = 1
        func units(_ order: [UInt8]) -> [Int]? {
            var found: [Int] = []
            while i < b.count, b[i] != 84 {
                let start = i
                while i < b.count, b[i] >= 48, b[i] <= 57 { i += 1 }
                guard i > start, i < b.count, let position = order.firstIndex(of: b[i]) else { return nil }
                if let last = found.last, position != last + 1 { return nil }
                found.append(position)
                i += 1
            }
            return found
        }
        if b.count > 1, b.last == 87 { // PnW
            return b.count > 2 && b[1..<(b.count - 1)].allSatisfy { $0 >= 48 && $0 <= 57 }
        }
        guard let date = units([89, 77, 68]) else { return false } // Y M D
        if i == b.count { return !date.isEmpty }
        guard b[i] == 84 else { return false }
        i += 1
        guard let time = units([72, 77, 83]), !time.isEmpty, i == b.count else { return false } // H M S
        return true
    }
}
