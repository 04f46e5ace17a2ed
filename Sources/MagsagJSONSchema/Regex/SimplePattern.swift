/// An anchored pattern made of single-character atoms with counts (`^[A-Z]{2}$`, `^[a-z0-9-]+$`,
/// `^[a-z]+-[0-9]+$`), decided in one left-to-right pass over ASCII bytes without backtracking.
///
/// Only built when greedy matching is exact: every atom with a variable count is disjoint from each
/// atom that may follow it, up to and including the first that must match at least once, so where a
/// run of one atom ends is never in doubt. The answer equals the backtracking matcher's whenever that
/// matcher stays within its step bound (`ECMARegex` uses this pass only for inputs short enough that
/// it would); non-ASCII input is left to the general matcher.
struct SimplePattern: Sendable {
    /// One atom: its ASCII members as a 128-bit set, and how many times it repeats.
    struct Atom: Sendable {
        let low: UInt64
        let high: UInt64
        let min: Int
        let max: Int

        @inline(__always) func contains(_ byte: UInt8) -> Bool {
            byte < 64 ? (low >> UInt64(byte)) & 1 != 0 : (high >> UInt64(byte - 64)) & 1 != 0
        }

        func disjoint(from other: Atom) -> Bool { low & other.low == 0 && high & other.high == 0 }
    }

    let atoms: [Atom]
    let anchoredEnd: Bool

    /// The pass for a parsed pattern, or nil when the pattern is not of this shape.
    static func make(_ tree: RegexNode) -> SimplePattern? {
        guard case .sequence(let items) = tree, case .lineStart? = items.first else { return nil }
        var body = items.dropFirst()
        var anchoredEnd = false
        if case .lineEnd? = body.last {
            anchoredEnd = true
            body = body.dropLast()
        }
        var atoms: [Atom] = []
        for item in body {
            switch item {
            case .quantified(let inner, let minimum, let maximum, _):
                guard let (low, high) = members(inner) else { return nil }
                atoms.append(Atom(low: low, high: high, min: minimum, max: maximum ?? Int.max))
            default:
                guard let (low, high) = members(item) else { return nil }
                atoms.append(Atom(low: low, high: high, min: 1, max: 1))
            }
        }
        if atoms.isEmpty { return nil }
        for i in atoms.indices where atoms[i].min != atoms[i].max {
            for j in (i + 1)..<atoms.count {
                if !atoms[i].disjoint(from: atoms[j]) { return nil }
                if atoms[j].min > 0 { break }
            }
        }
        return SimplePattern(atoms: atoms, anchoredEnd: anchoredEnd)
    }

    /// The ASCII characters a single-character node matches.
    private static func members(_ node: RegexNode) -> (UInt64, UInt64)? {
        let test: (UInt32) -> Bool
        switch node {
        case .char(let c): test = { $0 == c }
        case .any: test = { !CharClassItem.isLineTerminator($0) }
        case .set(let set): test = { set.contains($0) }
        default: return nil
        }
        var low: UInt64 = 0, high: UInt64 = 0
        for c in 0..<UInt32(128) where test(c) {
            if c < 64 { low |= UInt64(1) << UInt64(c) } else { high |= UInt64(1) << UInt64(c - 64) }
        }
        return (low, high)
    }

    /// Whether `bytes` match from the start; nil when a non-ASCII byte had to be looked at.
    func matches(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool? {
        let count = bytes.count
        var at = 0
        for atom in atoms {
            var n = 0
            while n < atom.max, at < count {
                let byte = bytes[at]
                if byte >= 128 { return nil }
                if !atom.contains(byte) { break }
                n += 1
                at += 1
            }
            if n < atom.min {
                if at < count, bytes[at] >= 128 { return nil }
                return false
            }
        }
        return !anchoredEnd || at == count
    }
}
