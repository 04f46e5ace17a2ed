/// An RFC 6901 JSON pointer.
public struct JSONPointer: Sendable, Hashable, CustomStringConvertible {
    /// Unescaped reference tokens.
    public var tokens: [String]

    public init(tokens: [String] = []) { self.tokens = tokens }

    /// Parse the string form (`""`, `/a/b~1c`); nil when it does not start with `/` and is not empty,
    /// or when `~` is followed by anything but `0` or `1`.
    public init?(_ string: String) {
        if string.isEmpty { self.tokens = []; return }
        guard string.hasPrefix("/") else { return nil }
        var tokens: [String] = []
        for raw in string.dropFirst().asciiSplit("/", omittingEmptySubsequences: false) {
            guard let token = JSONPointer.unescape(raw) else { return nil }
            tokens.append(token)
        }
        self.tokens = tokens
    }

    /// The root pointer.
    public static let root = JSONPointer()

    /// This pointer with one more token.
    public func appending(_ token: String) -> JSONPointer {
        var copy = self
        copy.tokens.append(token)
        return copy
    }

    /// This pointer with one more array index.
    public func appending(_ index: Int) -> JSONPointer { appending(String(index)) }

    /// The string form, escaped.
    public var description: String {
        tokens.map { "/" + JSONPointer.escape($0) }.joined()
    }

    public static func escape(_ token: String) -> String {
        guard token.utf8ContainsByte(where: { $0 == 0x7E || $0 == 0x2F }) else { return token }
        return token.replacing("~", with: "~0").replacing("/", with: "~1")
    }

    public static func unescape(_ raw: Substring) -> String? {
        guard raw.utf8ContainsByte(where: { $0 == 0x7E }) else { return String(raw) }
        var out = ""
        var iterator = raw.makeIterator()
        while let c = iterator.next() {
            if c == "~" {
                switch iterator.next() {
                case "0": out.append("~")
                case "1": out.append("/")
                default: return nil
                }
            } else {
                out.append(c)
            }
        }
        return out
    }

    /// A non-negative decimal array index without leading zeros, as RFC 6901 requires.
    public static func arrayIndex(_ token: String) -> Int? {
        guard !token.isEmpty, token.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        if token.count > 1, token.hasPrefix("0") { return nil }
        return Int(token)
    }
}
