/// Parses ECMA-262 pattern syntax (Unicode mode, with lenient identity escapes of punctuation).
struct RegexParser {
    private let s: [UInt32]
    private var i = 0
    private(set) var groupCount = 0
    private var maxBackreference = 0
    private var names: [String: Int] = [:]
    private var depth = 0
    static let maxDepth = 100

    init(_ pattern: String) {
        s = pattern.unicodeScalars.map(\.value)
    }

    mutating func parse() throws(RegexSyntaxError) -> RegexNode {
        let node = try disjunction()
        if i < s.count { throw err(s[i] == 41 ? "unmatched ')'" : "unexpected character") }
        if maxBackreference > groupCount { throw err("backreference to a group that does not exist") }
        return node
    }

    private func err(_ message: String) -> RegexSyntaxError { RegexSyntaxError(message: message, offset: i) }
    private var peek: UInt32? { i < s.count ? s[i] : nil }
    private func peek(_ offset: Int) -> UInt32? { i + offset < s.count ? s[i + offset] : nil }
    private mutating func eat(_ c: Character) -> Bool {
        if let p = peek, let v = c.unicodeScalars.first?.value, p == v { i += 1; return true }
        return false
    }

    private mutating func disjunction() throws(RegexSyntaxError) -> RegexNode {
        depth += 1
        defer { depth -= 1 }
        if depth > Self.maxDepth { throw err("groups nested too deeply") }
        var alternatives = [try alternative()]
        while eat("|") { alternatives.append(try alternative()) }
        return alternatives.count == 1 ? alternatives[0] : .alternation(alternatives)
    }

    private mutating func alternative() throws(RegexSyntaxError) -> RegexNode {
        var items: [RegexNode] = []
        while let c = peek, c != 124, c != 41 { // '|' ')'
            items.append(try term())
        }
        return items.isEmpty ? .empty : (items.count == 1 ? items[0] : .sequence(items))
    }

    private mutating func term() throws(RegexSyntaxError) -> RegexNode {
        guard let c = peek else { throw err("unexpected end") }
        switch c {
        case 94: i += 1; return .lineStart // ^
        case 36: i += 1; return .lineEnd // $
        case 92 where peek(1) == 98: i += 2; return .wordBoundary(negated: false) // \b
        case 92 where peek(1) == 66: i += 2; return .wordBoundary(negated: true) // \B
        case 40 where peek(1) == 63 && (peek(2) == 61 || peek(2) == 33): // (?= (?!
            let negated = peek(2) == 33
            i += 3
            let body = try disjunction()
            guard eat(")") else { throw err("missing ')'") }
            return try quantifier(.look(body, ahead: true, negated: negated), allowed: true)
        case 40 where peek(1) == 63 && peek(2) == 60 && (peek(3) == 61 || peek(3) == 33): // (?<= (?<!
            let negated = peek(3) == 33
            i += 4
            let body = try disjunction()
            guard eat(")") else { throw err("missing ')'") }
            return .look(body, ahead: false, negated: negated)
        default:
            let atom = try self.atom()
            return try quantifier(atom, allowed: true)
        }
    }

    private mutating func quantifier(_ atom: RegexNode, allowed: Bool) throws(RegexSyntaxError) -> RegexNode {
        guard let c = peek else { return atom }
        var minimum = 0
        var maximum: Int?
        switch c {
        case 42: i += 1 // *
        case 43: i += 1; minimum = 1 // +
        case 63: i += 1; maximum = 1 // ?
        case 123: // {
            let save = i
            i += 1
            guard let lo = number() else { i = save; throw err("lone '{' (escape it as \\{)") }
            minimum = lo
            maximum = lo
            if eat(",") { maximum = number() }
            guard eat("}") else { i = save; throw err("malformed quantifier") }
            if let maximum, maximum < minimum { throw err("numbers out of order in {} quantifier") }
        default:
            return atom
        }
        let greedy = !eat("?")
        if let next = peek, next == 42 || next == 43 || next == 63 || next == 123 { throw err("nothing to repeat") }
        return .quantified(atom, min: minimum, max: maximum, greedy: greedy)
    }

    private mutating func number() -> Int? {
        var value = 0
        var any = false
        while let c = peek, c >= 48, c <= 57 {
            value = min(value * 10 + Int(c - 48), 1_000_000)
            any = true
            i += 1
        }
        return any ? value : nil
    }

    private mutating func atom() throws(RegexSyntaxError) -> RegexNode {
        guard let c = peek else { throw err("unexpected end") }
        switch c {
        case 46: i += 1; return .any
        case 40: // (
            i += 1
            if eat("?") {
                if eat(":") {
                    let body = try disjunction()
                    guard eat(")") else { throw err("missing ')'") }
                    return .group(body, capture: nil)
                }
                if eat("<") {
                    var name = ""
                    while let n = peek, n != 62 { name.unicodeScalars.append(Unicode.Scalar(n) ?? "?"); i += 1 }
                    guard eat(">"), !name.isEmpty else { throw err("malformed group name") }
                    groupCount += 1
                    let index = groupCount
                    if names[name] != nil { throw err("duplicate group name") }
                    names[name] = index
                    let body = try disjunction()
                    guard eat(")") else { throw err("missing ')'") }
                    return .group(body, capture: index)
                }
                throw err("invalid group")
            }
            groupCount += 1
            let index = groupCount
            let body = try disjunction()
            guard eat(")") else { throw err("missing ')'") }
            return .group(body, capture: index)
        case 91: return .set(try charClass())
        case 92: return try atomEscape()
        case 42, 43, 63: throw err("nothing to repeat")
        case 123: throw err("lone '{' (escape it as \\{)")
        case 125: throw err("lone '}' (escape it as \\})")
        case 93: throw err("lone ']' (escape it as \\])")
        default:
            i += 1
            return .char(c)
        }
    }

    private mutating func atomEscape() throws(RegexSyntaxError) -> RegexNode {
        i += 1 // backslash
        guard let c = peek else { throw err("\\ at end of pattern") }
        if c >= 49, c <= 57 { // \1-\9
            let n = number() ?? 0
            maxBackreference = max(maxBackreference, n)
            return .backreference(n)
        }
        if c == 107, peek(1) == 60 { // \k<name>
            i += 2
            var name = ""
            while let n = peek, n != 62 { name.unicodeScalars.append(Unicode.Scalar(n) ?? "?"); i += 1 }
            guard eat(">") else { throw err("malformed \\k") }
            guard let index = names[name] else { throw err("unknown group name in \\k") }
            return .backreference(index)
        }
        switch try classEscape(inClass: false) {
        case .scalar(let v): return .char(v)
        case .item(let item): return .set(CharSet(classes: [item]))
        }
    }

    private enum Escape { case scalar(UInt32), item(CharClassItem) }

    private mutating func classEscape(inClass: Bool) throws(RegexSyntaxError) -> Escape {
        guard let c = peek else { throw err("\\ at end of pattern") }
        i += 1
        switch c {
        case 100: return .item(.digit(negated: false)) // d
        case 68: return .item(.digit(negated: true))
        case 119: return .item(.word(negated: false)) // w
        case 87: return .item(.word(negated: true))
        case 115: return .item(.space(negated: false)) // s
        case 83: return .item(.space(negated: true))
        case 116: return .scalar(9) // t
        case 110: return .scalar(10) // n
        case 118: return .scalar(11) // v
        case 102: return .scalar(12) // f
        case 114: return .scalar(13) // r
        case 98 where inClass: return .scalar(8) // [\b]
        case 45 where inClass: return .scalar(45) // [\-]
        case 48: // \0
            if let n = peek, n >= 48, n <= 57 { throw err("invalid octal escape") }
            return .scalar(0)
        case 99: // \cX
            guard let l = peek, (l >= 65 && l <= 90) || (l >= 97 && l <= 122) else { throw err("invalid \\c escape") }
            i += 1
            return .scalar(l % 32)
        case 120: // \xHH
            guard let v = hex(count: 2) else { throw err("invalid \\x escape") }
            return .scalar(v)
        case 117: // \uHHHH, \u{H…}
            if eat("{") {
                var v: UInt32 = 0
                var digits = 0
                while let h = peek, let d = hexDigit(h) { v = v &* 16 &+ d; digits += 1; i += 1; if v > 0x10FFFF { throw err("\\u{} out of range") } }
                guard digits > 0, eat("}") else { throw err("invalid \\u{} escape") }
                return .scalar(v)
            }
            guard let v = hex(count: 4) else { throw err("invalid \\u escape") }
            if v >= 0xD800, v <= 0xDBFF, peek == 92, peek(1) == 117 {
                let save = i
                i += 2
                if let low = hex(count: 4), low >= 0xDC00, low <= 0xDFFF {
                    return .scalar(0x10000 + ((v - 0xD800) << 10) + (low - 0xDC00))
                }
                i = save
            }
            return .scalar(v)
        case 112, 80: // \p{…} \P{…}
            guard eat("{") else { throw err("invalid \\p escape") }
            var name = ""
            while let n = peek, n != 125 { name.unicodeScalars.append(Unicode.Scalar(n) ?? "?"); i += 1 }
            guard eat("}"), let property = UnicodeProperty(name) else { throw err("unknown Unicode property \\p{\(name)}") }
            return .item(.property(property, negated: c == 80))
        default:
            // Identity escapes: syntax characters and other ASCII punctuation; letters and digits are errors.
            if c < 128, let scalar = Unicode.Scalar(c), !Character(scalar).isLetter, !Character(scalar).isNumber {
                return .scalar(c)
            }
            if c >= 128 { return .scalar(c) }
            throw err("invalid escape \\\(Unicode.Scalar(c).map { String(Character($0)) } ?? "?")")
        }
    }

    private func hexDigit(_ c: UInt32) -> UInt32? {
        switch c {
        case 48...57: c - 48
        case 65...70: c - 55
        case 97...102: c - 87
        default: nil
        }
    }

    private mutating func hex(count: Int) -> UInt32? {
        var v: UInt32 = 0
        for k in 0..<count {
            guard let h = peek(k), let d = hexDigit(h) else { return nil }
            v = v * 16 + d
        }
        i += count
        return v
    }

    private mutating func charClass() throws(RegexSyntaxError) -> CharSet {
        i += 1 // [
        var set = CharSet()
        if eat("^") { set.negated = true }
        while true {
            guard let c = peek else { throw err("missing ']'") }
            if c == 93 { i += 1; return set }
            let low = try classAtom()
            if peek == 45, let next = peek(1), next != 93 { // range a-b
                i += 1
                let high = try classAtom()
                guard case .scalar(let a) = low, case .scalar(let b) = high else { throw err("invalid character class range") }
                guard a <= b else { throw err("range out of order in character class") }
                set.ranges.append(a...b)
                continue
            }
            switch low {
            case .scalar(let v): set.ranges.append(v...v)
            case .item(let item): set.classes.append(item)
            }
        }
    }

    private mutating func classAtom() throws(RegexSyntaxError) -> Escape {
        guard let c = peek else { throw err("missing ']'") }
        if c == 92 {
            i += 1
            return try classEscape(inClass: true)
        }
        i += 1
        return .scalar(c)
    }
}
