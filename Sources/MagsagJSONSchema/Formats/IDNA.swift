/// Best-effort IDNA 2008 checks (RFC 5890–5893) and Punycode (RFC 3492) for the hostname formats.
enum IDNA {
    private static let base = 36, tmin = 1, tmax = 26, skew = 38, damp = 700

    private static func adapt(_ delta: Int, _ points: Int, _ first: Bool) -> Int {
        var d = first ? delta / damp : delta / 2
        d += d / points
        var k = 0
        while d > ((base - tmin) * tmax) / 2 {
            d /= base - tmin
            k += base
        }
        return k + (base - tmin + 1) * d / (d + skew)
    }

    static func decode(_ input: String) -> [UInt32]? {
        let chars = Array(input.unicodeScalars)
        var output: [UInt32] = []
        var pos = 0
        if let dash = chars.lastIndex(of: "-") {
            for c in chars[..<dash] {
                guard c.isASCII else { return nil }
                output.append(c.value)
            }
            pos = dash + 1
        }
        var n = 128, i = 0, bias = 72
        while pos < chars.count {
            let oldi = i
            var w = 1
            var k = base
            while true {
                guard pos < chars.count else { return nil }
                let c = chars[pos].value
                pos += 1
                let digit: Int
                switch c {
                case 97...122: digit = Int(c - 97)
                case 65...90: digit = Int(c - 65)
                case 48...57: digit = Int(c - 22)
                default: return nil
                }
                let (next, overflow) = i.addingReportingOverflow(digit * w)
                guard !overflow, next < 0x7FFF_FFFF else { return nil }
                i = next
                let t = k <= bias ? tmin : (k >= bias + tmax ? tmax : k - bias)
                if digit < t { break }
                w *= base - t
                guard w < 0x7FFF_FFFF else { return nil }
                k += base
            }
            bias = adapt(i - oldi, output.count + 1, oldi == 0)
            n += i / (output.count + 1)
            i %= output.count + 1
            guard n <= 0x10FFFF else { return nil }
            output.insert(UInt32(n), at: i)
            i += 1
        }
        return output
    }

    static func encode(_ input: [UInt32]) -> String {
        func digit(_ d: Int) -> Character { Character(Unicode.Scalar(UInt8(d < 26 ? d + 97 : d + 22))) }
        var output = ""
        for c in input where c < 128 { output.unicodeScalars.append(Unicode.Scalar(UInt8(c))) }
        let b = output.unicodeScalars.count
        var h = b
        if b > 0 { output.append("-") }
        var n = 128, delta = 0, bias = 72
        while h < input.count {
            let m = Int(input.filter { Int($0) >= n }.min() ?? 0)
            delta += (m - n) * (h + 1)
            n = m
            for c in input {
                if Int(c) < n { delta += 1 }
                if Int(c) == n {
                    var q = delta
                    var k = base
                    while true {
                        let t = k <= bias ? tmin : (k >= bias + tmax ? tmax : k - bias)
                        if q < t { break }
                        output.append(digit(t + (q - t) % (base - t)))
                        q = (q - t) / (base - t)
                        k += base
                    }
                    output.append(digit(q))
                    bias = adapt(delta, h + 1, h == b)
                    delta = 0
                    h += 1
                }
            }
            delta += 1
            n += 1
        }
        return output
    }

    static func isRTL(_ c: UInt32) -> Bool {
        (0x0590...0x08FF).contains(c) && !(0x0660...0x0669).contains(c) && !(0x06F0...0x06F9).contains(c)
            || (0xFB1D...0xFDFF).contains(c) || (0xFE70...0xFEFF).contains(c)
    }

    private static func isEN(_ c: UInt32) -> Bool { (48...57).contains(c) || (0x06F0...0x06F9).contains(c) }
    private static func isAN(_ c: UInt32) -> Bool { (0x0660...0x0669).contains(c) }
    private static func isGreek(_ c: UInt32) -> Bool { (0x0370...0x03FF).contains(c) || (0x1F00...0x1FFF).contains(c) }
    private static func isHebrew(_ c: UInt32) -> Bool { (0x0590...0x05FF).contains(c) }

    private static func category(_ c: UInt32) -> Unicode.GeneralCategory {
        Unicode.Scalar(c)?.properties.generalCategory ?? .surrogate
    }

    private static func isMark(_ c: UInt32) -> Bool {
        let g = category(c)
        return g == .nonspacingMark || g == .spacingMark || g == .enclosingMark
    }

    private static func isVirama(_ c: UInt32) -> Bool {
        Unicode.Scalar(c)?.properties.canonicalCombiningClass == .virama
    }

    /// Whether `label` (decoded scalars) is a valid IDNA 2008 U-label (or plain LDH label).
    static func validLabel(_ label: [UInt32]) -> Bool {
        guard !label.isEmpty, label.first != 45, label.last != 45 else { return false }
        if label.count >= 4, label[2] == 45, label[3] == 45, label.contains(where: { $0 >= 128 }) { return false }
        guard let first = label.first, !isMark(first) else { return false }
        let disallowed: Set<UInt32> = [0x0640, 0x07FA, 0x302E, 0x302F, 0x3031, 0x3032, 0x3033, 0x3034, 0x3035, 0x303B]
        let exceptions: Set<UInt32> = [0x00DF, 0x03C2, 0x06FD, 0x06FE, 0x0F0B, 0x3007, 0x00B7, 0x0375, 0x05F3, 0x05F4, 0x30FB, 0x200C, 0x200D]
        for (i, c) in label.enumerated() {
            if c < 128 {
                let ok = (48...57).contains(c) || (65...90).contains(c) || (97...122).contains(c) || c == 45
                if !ok { return false }
                continue
            }
            if disallowed.contains(c) { return false }
            if !exceptions.contains(c) {
                switch category(c) {
                case .lowercaseLetter, .otherLetter, .modifierLetter, .nonspacingMark, .spacingMark, .decimalNumber: break
                case .enclosingMark: if i == 0 { return false }
                default: return false
                }
            }
            let previous = i > 0 ? label[i - 1] : nil
            let next = i + 1 < label.count ? label[i + 1] : nil
            switch c {
            case 0x00B7: if previous != 0x6C || next != 0x6C { return false }
            case 0x0375: if !(next.map(isGreek) ?? false) { return false }
            case 0x05F3, 0x05F4: if !(previous.map(isHebrew) ?? false) { return false }
            case 0x30FB:
                let ok = label.contains { $0 != 0x30FB && ((0x3040...0x30FF).contains($0) || (0x4E00...0x9FFF).contains($0) || (0x3400...0x4DBF).contains($0)) }
                if !ok { return false }
            case 0x200D: if !(previous.map(isVirama) ?? false) { return false }
            case 0x200C:
                let joins = previous.map { isVirama($0) || (0x0620...0x06FF).contains($0) } ?? false
                let after = next.map { (0x0620...0x06FF).contains($0) } ?? false
                if !(previous.map(isVirama) ?? false) && !(joins && after) { return false }
            default: break
            }
        }
        if label.contains(where: isAN), label.contains(where: { (0x06F0...0x06F9).contains($0) }) { return false }
        return true
    }

    /// RFC 5893 bidi rules for one label of a domain name that contains right-to-left characters.
    static func validBidiLabel(_ label: [UInt32]) -> Bool {
        guard let first = label.first else { return false }
        if isRTL(first) {
            if label.contains(where: { c in !isRTL(c) && !isEN(c) && !isAN(c) && !isMark(c) && c != 45 && c > 0x40 && !(0x2000...0x206F).contains(c) }) { return false }
            if label.contains(where: isEN), label.contains(where: isAN) { return false }
            guard let last = label.last(where: { !isMark($0) }), isRTL(last) || isEN(last) || isAN(last) else { return false }
            return true
        }
        if isEN(first) || isAN(first) { return false }
        return !label.contains(where: { isRTL($0) || isAN($0) })
    }
}
