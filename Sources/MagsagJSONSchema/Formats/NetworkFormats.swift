enum NetworkFormats {
    static func ipv4(_ s: Substring) -> Bool {
        let parts = s.asciiSplit(".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return false }
        for part in parts {
            guard !part.isEmpty, part.count <= 3, part.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return false }
            if part.count > 1, part.hasPrefix("0") { return false }
            guard let v = Int(part), v <= 255 else { return false }
        }
        return true
    }

    static func ipv6(_ s: String) -> Bool {
        guard !s.isEmpty, s.utf8.allSatisfy({ $0 < 128 }) else { return false }
        var text = Substring(s)
        var groups = 0
        var tailIPv4 = false
        if let lastColon = text.lastIndex(of: ":"), text[text.index(after: lastColon)...].utf8Contains(".") {
            guard ipv4(text[text.index(after: lastColon)...]) else { return false }
            tailIPv4 = true
            groups += 2
            text = text[...lastColon]
            if text.hasSuffix("::") { } else { text = text.dropLast() }
        }
        let doubleColons = text.components(separatedBy: "::").count - 1
        guard doubleColons <= 1 else { return false }
        let pieces: [Substring]
        if doubleColons == 1 {
            let halves = text.components(separatedBy: "::")
            pieces = halves.flatMap { $0.isEmpty ? [] : $0.asciiSplit(":", omittingEmptySubsequences: false).map { Substring($0) } }
        } else {
            pieces = text.isEmpty && tailIPv4 ? [] : text.asciiSplit(":", omittingEmptySubsequences: false)
        }
        for piece in pieces {
            guard !piece.isEmpty, piece.count <= 4, piece.allSatisfy(\.isHexDigit) else { return false }
        }
        groups += pieces.count
        return doubleColons == 1 ? groups <= 7 : groups == 8
    }

    static func hostname(_ s: String, international: Bool) -> Bool {
        guard !s.isEmpty else { return false }
        var host = s
        if international { host = String(s.map { "。．｡".contains($0) ? "." : $0 }) }
        var decodedLabels: [[UInt32]] = []
        var asciiLength = 0
        for label in host.asciiSplit(".", omittingEmptySubsequences: false) {
            let scalars = label.unicodeScalars.map(\.value)
            var decoded = scalars
            if label.lowercased().hasPrefix("xn--") {
                guard label.unicodeScalars.allSatisfy(\.isASCII), let u = IDNA.decode(String(label.dropFirst(4))),
                      u.contains(where: { $0 >= 128 }), IDNA.encode(u).lowercased() == label.dropFirst(4).lowercased() else { return false }
                decoded = u
                asciiLength += label.utf8.count
                guard label.utf8.count <= 63 else { return false }
            } else if scalars.contains(where: { $0 >= 128 }) {
                guard international else { return false }
                let aLabel = "xn--" + IDNA.encode(scalars)
                guard aLabel.utf8.count <= 63 else { return false }
                asciiLength += aLabel.utf8.count
            } else {
                guard scalars.count <= 63 else { return false }
                asciiLength += scalars.count
            }
            guard IDNA.validLabel(decoded) else { return false }
            decodedLabels.append(decoded)
        }
        asciiLength += decodedLabels.count - 1
        guard asciiLength <= 253 else { return false }
        if decodedLabels.contains(where: { $0.contains(where: IDNA.isRTL) }) {
            for label in decodedLabels where !IDNA.validBidiLabel(label) { return false }
        }
        return true
    }

    static func email(_ s: String, international: Bool) -> Bool {
        guard let at = s.lastIndex(of: "@") else { return false }
        let local = s[..<at]
        let domain = s[s.index(after: at)...]
        guard !local.isEmpty, !domain.isEmpty else { return false }
        if local.hasPrefix("\"") {
            guard local.count >= 2, local.hasSuffix("\"") else { return false }
        } else {
            guard !local.hasPrefix("."), !local.hasSuffix("."), !local.utf8Contains("..") else { return false }
            let allowed = Set("!#$%&'*+-/=?^_`{|}~.")
            for c in local {
                if c.isASCII {
                    guard c.isLetter || c.isNumber || allowed.contains(c) else { return false }
                } else if !international {
                    return false
                }
            }
        }
        if domain.hasPrefix("[") {
            guard domain.hasSuffix("]") else { return false }
            let literal = domain.dropFirst().dropLast()
            if literal.lowercased().hasPrefix("ipv6:") { return ipv6(String(literal.dropFirst(5))) }
            return ipv4(literal)
        }
        return hostname(String(domain), international: international)
    }
}
