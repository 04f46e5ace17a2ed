enum URIFormats {
    private static let unreserved = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")
    private static let subDelims = Set("!$&'()*+,;=")

    /// RFC 3986 / 3987 syntax check (lenient about authority details).
    static func uri(_ s: String, absolute: Bool, international: Bool) -> Bool {
        let scalars = Array(s.unicodeScalars)
        var i = 0
        while i < scalars.count {
            let c = scalars[i]
            if c == "%" {
                guard i + 2 < scalars.count, Character(scalars[i + 1]).isHexDigit, Character(scalars[i + 2]).isHexDigit else { return false }
                i += 3
                continue
            }
            if !c.isASCII {
                guard international, c.properties.generalCategory != .control, !c.properties.isWhitespace else { return false }
            } else {
                let ch = Character(c)
                guard unreserved.contains(ch) || subDelims.contains(ch) || ":/?#[]@".contains(ch) else { return false }
            }
            i += 1
        }
        let ref = URIReference(s)
        if absolute, ref.scheme == nil { return false }
        if ref.scheme == nil, let colon = ref.path.firstIndex(of: ":"), !ref.path[..<colon].utf8Contains("/") { return false }
        if s.filter({ $0 == "#" }).count > 1 { return false }
        if ref.path.utf8Contains("[") || ref.path.utf8Contains("]") || (ref.query ?? "").utf8Contains("[") || (ref.query ?? "").utf8Contains("]")
            || (ref.fragment ?? "").utf8Contains("[") || (ref.fragment ?? "").utf8Contains("]") {
            return false
        }
        if let authority = ref.authority {
            let parts = authority.asciiSplit("@", omittingEmptySubsequences: false)
            guard parts.count <= 2 else { return false }
            if parts.count == 2, parts[0].utf8Contains("[") || parts[0].utf8Contains("]") { return false }
            let hostPort = parts.last.map(String.init) ?? ""
            if hostPort.hasPrefix("[") {
                guard let close = hostPort.firstIndex(of: "]") else { return false }
                let inside = hostPort[hostPort.index(after: hostPort.startIndex)..<close]
                if !inside.lowercased().hasPrefix("v"), !NetworkFormats.ipv6(String(inside)) { return false }
                let rest = hostPort[hostPort.index(after: close)...]
                if !rest.isEmpty, !(rest.hasPrefix(":") && rest.dropFirst().allSatisfy(\.isNumber)) { return false }
            } else if hostPort.utf8Contains("[") || hostPort.utf8Contains("]") {
                return false
            } else if let colon = hostPort.firstIndex(of: ":") {
                guard hostPort[hostPort.index(after: colon)...].allSatisfy({ $0.isASCII && $0.isNumber }) else { return false }
            }
        }
        return true
    }

    static func uriTemplate(_ s: String) -> Bool {
        var inside = false
        var expression = ""
        for c in s {
            if c == "{" {
                guard !inside else { return false }
                inside = true
                expression = ""
            } else if c == "}" {
                guard inside, !expression.isEmpty else { return false }
                inside = false
                var body = Substring(expression)
                if let first = body.first, "+#./;?&=,!@|".contains(first) { body = body.dropFirst() }
                for variable in body.asciiSplit(",", omittingEmptySubsequences: false) {
                    var name = variable
                    if name.hasSuffix("*") { name = name.dropLast() }
                    if let colon = name.firstIndex(of: ":") {
                        let length = name[name.index(after: colon)...]
                        guard !length.isEmpty, length.count <= 4, !length.hasPrefix("0"), length.allSatisfy({ $0.isASCII && $0.isNumber }) else { return false }
                        name = name[..<colon]
                    }
                    guard !name.isEmpty, !name.hasPrefix("."), !name.hasSuffix("."), !name.utf8Contains(".."),
                          name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." || $0 == "%" }) else { return false }
                }
            } else if inside {
                expression.append(c)
            } else if c.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) || c == " " || c == "\"" || c == "<" || c == ">" || c == "\\" || c == "^" || c == "`" || c == "|" {
                return false
            }
        }
        return !inside
    }

    static func uuid(_ s: String) -> Bool {
        let b = Array(s.utf8)
        guard b.count == 36 else { return false }
        for (i, c) in b.enumerated() {
            if i == 8 || i == 13 || i == 18 || i == 23 {
                guard c == 45 else { return false }
            } else {
                guard (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102) else { return false }
            }
        }
        return true
    }

    static func jsonPointer(_ s: String) -> Bool {
        if s.isEmpty { return true }
        guard s.hasPrefix("/") else { return false }
        let scalars = Array(s.unicodeScalars)
        for (i, c) in scalars.enumerated() where c == "~" {
            guard i + 1 < scalars.count, scalars[i + 1] == "0" || scalars[i + 1] == "1" else { return false }
        }
        return true
    }

    static func relativeJSONPointer(_ s: String) -> Bool {
        let digits = s.prefix(while: { $0.isASCII && $0.isNumber })
        guard !digits.isEmpty else { return false }
        if digits.count > 1, digits.hasPrefix("0") { return false }
        var rest = s.dropFirst(digits.count)
        if rest.hasPrefix("+") || rest.hasPrefix("-") {
            rest = rest.dropFirst()
            let shift = rest.prefix(while: { $0.isASCII && $0.isNumber })
            guard !shift.isEmpty, !(shift.count > 1 && shift.hasPrefix("0")) else { return false }
            rest = rest.dropFirst(shift.count)
        }
        return rest == "#" || jsonPointer(String(rest))
    }
}
