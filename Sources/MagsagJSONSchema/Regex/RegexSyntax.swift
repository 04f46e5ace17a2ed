/// Abstract syntax of an ECMA-262 regular expression (Unicode mode semantics).
indirect enum RegexNode {
    case empty
    case char(UInt32)
    case any
    case set(CharSet)
    case sequence([RegexNode])
    case alternation([RegexNode])
    case group(RegexNode, capture: Int?)
    case quantified(RegexNode, min: Int, max: Int?, greedy: Bool)
    case lineStart
    case lineEnd
    case wordBoundary(negated: Bool)
    case look(RegexNode, ahead: Bool, negated: Bool)
    case backreference(Int)

    /// Whether the node can match the empty string (for the empty-iteration check of loops).
    var canBeEmpty: Bool {
        switch self {
        case .empty, .lineStart, .lineEnd, .wordBoundary, .look, .backreference: return true
        case .char, .any, .set: return false
        case .sequence(let nodes): return nodes.allSatisfy(\.canBeEmpty)
        case .alternation(let nodes): return nodes.contains(where: \.canBeEmpty)
        case .group(let node, _): return node.canBeEmpty
        case .quantified(let node, let min, _, _): return min == 0 || node.canBeEmpty
        }
    }
}

/// A character class: ranges plus predefined classes, optionally negated.
struct CharSet: Sendable {
    var ranges: [ClosedRange<UInt32>] = []
    var classes: [CharClassItem] = []
    var negated = false

    func contains(_ c: UInt32) -> Bool {
        var hit = false
        for range in ranges where range.contains(c) { hit = true; break }
        if !hit {
            for item in classes where item.contains(c) { hit = true; break }
        }
        return hit != negated
    }
}

/// Predefined classes (`\d`, `\w`, `\s`, `\p{…}`), each possibly negated.
enum CharClassItem: Sendable {
    case digit(negated: Bool)
    case word(negated: Bool)
    case space(negated: Bool)
    case property(UnicodeProperty, negated: Bool)

    func contains(_ c: UInt32) -> Bool {
        switch self {
        case .digit(let n): return (c >= 48 && c <= 57) != n
        case .word(let n): return CharClassItem.isWord(c) != n
        case .space(let n): return CharClassItem.isSpace(c) != n
        case .property(let p, let n): return p.contains(c) != n
        }
    }

    static func isWord(_ c: UInt32) -> Bool {
        (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c == 95
    }

    static func isSpace(_ c: UInt32) -> Bool {
        switch c {
        case 0x09...0x0D, 0x20, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000, 0xFEFF: return true
        default: return false
        }
    }

    static func isLineTerminator(_ c: UInt32) -> Bool { c == 0x0A || c == 0x0D || c == 0x2028 || c == 0x2029 }
}

/// A syntax error in a regular expression.
public struct RegexSyntaxError: Error, Sendable, Hashable {
    /// What is wrong.
    public var message: String
    /// Scalar offset in the pattern.
    public var offset: Int
}
