/// A path glob: `*` matches within one path segment, `**` across segments, `?` one character,
/// `[abc]`/`[a-z]`/`[!a]` a character class. A pattern without `/` matches the file name anywhere
/// (like `.gitignore`); a trailing `/` matches everything below a folder.
public struct Glob: Sendable, Hashable, CustomStringConvertible {
    public let pattern: String
    private let tokens: [Token]

    private enum Token: Hashable {
        case literal(Character)
        case any            // *
        case anyDeep        // **
        case one            // ?
        case set([ClosedRange<Character>], negated: Bool)
    }

    /// Parse a pattern; nil when a `[` class is not closed.
    public init?(_ pattern: String) {
        var source = pattern
        if source.hasSuffix("/") { source += "**" }
        if !source.utf8Contains("/") { source = "**/" + source }
        if source.hasPrefix("/") { source.removeFirst() }
        var tokens: [Token] = []
        var chars = Array(source)[...]
        while let c = chars.popFirst() {
            switch c {
            case "*":
                if chars.first == "*" {
                    chars.removeFirst()
                    // `**/` also matches zero folders.
                    if chars.first == "/" { chars.removeFirst(); tokens.append(.anyDeep); tokens.append(.literal("/")); continue }
                    tokens.append(.anyDeep)
                } else {
                    tokens.append(.any)
                }
            case "?": tokens.append(.one)
            case "[":
                var negated = false
                if chars.first == "!" || chars.first == "^" { negated = true; chars.removeFirst() }
                var ranges: [ClosedRange<Character>] = []
                var closed = false
                var first = true
                while let d = chars.popFirst() {
                    if d == "]", !first { closed = true; break }
                    first = false
                    if chars.first == "-", chars.count > 1, let end = chars.dropFirst().first, end != "]" {
                        chars.removeFirst(2)
                        if d <= end { ranges.append(d...end) }
                    } else {
                        ranges.append(d...d)
                    }
                }
                guard closed else { return nil }
                tokens.append(.set(ranges, negated: negated))
            case "\\":
                if let next = chars.popFirst() { tokens.append(.literal(next)) }
            default: tokens.append(.literal(c))
            }
        }
        self.pattern = pattern
        self.tokens = tokens
    }

    public var description: String { pattern }

    /// Whether a repository-relative path matches.
    public func matches(_ path: String) -> Bool {
        let text = Array(path)
        var memo: [Int: Bool] = [:]
        return match(0, 0, text, &memo)
    }

    private func match(_ t: Int, _ p: Int, _ text: [Character], _ memo: inout [Int: Bool]) -> Bool {
        let key = t * (text.count + 1) + p
        if let known = memo[key] { return known }
        let result: Bool
        if t == tokens.count {
            result = p == text.count
        } else {
            switch tokens[t] {
            case .literal(let c):
                result = p < text.count && text[p] == c && match(t + 1, p + 1, text, &memo)
            case .one:
                result = p < text.count && text[p] != "/" && match(t + 1, p + 1, text, &memo)
            case .set(let ranges, let negated):
                if p < text.count, text[p] != "/" {
                    let inSet = ranges.contains { $0.contains(text[p]) }
                    result = inSet != negated && match(t + 1, p + 1, text, &memo)
                } else {
                    result = false
                }
            case .any:
                var q = p
                var found = match(t + 1, q, text, &memo)
                while !found, q < text.count, text[q] != "/" {
                    q += 1
                    found = match(t + 1, q, text, &memo)
                }
                result = found
            case .anyDeep:
                // `**/` followed by the literal `/`: allow skipping the slash for zero folders.
                if t + 1 < tokens.count, tokens[t + 1] == .literal("/"), match(t + 2, p, text, &memo) {
                    result = true
                } else {
                    var q = p
                    var found = match(t + 1, q, text, &memo)
                    while !found, q < text.count {
                        q += 1
                        found = match(t + 1, q, text, &memo)
                    }
                    result = found
                }
            }
        }
        memo[key] = result
        return result
    }
}
