/// An npm/node-semver version range (`^1.2.0`, `>=1.0.0 <2.0.0 || 3.x`, `1.2 - 2.3.4`), desugared into
/// sets of primitive comparators the way node-semver does it.
package struct VersionRange: Sendable, Hashable, CustomStringConvertible {
    /// A primitive comparison against one version.
    package struct Comparator: Sendable, Hashable {
        package enum Operator: String, Sendable, Hashable { case lt = "<", le = "<=", gt = ">", ge = ">=", eq = "=" }
        package var op: Operator
        package var version: SemanticVersion

        func matches(_ candidate: SemanticVersion) -> Bool {
            switch op {
            case .lt: candidate < version
            case .le: candidate <= version
            case .gt: candidate > version
            case .ge: candidate >= version
            case .eq: candidate == version
            }
        }
    }

    /// Why a range did not parse.
    package struct ParseError: Error, Sendable, Hashable {
        package var message: String
    }

    /// Alternatives (`||`); each is a conjunction of comparators. An empty conjunction matches any
    /// release version.
    package var alternatives: [[Comparator]]
    /// The range as written.
    package var text: String

    /// Parse `text`; throws a `ParseError` naming the unsupported operator or malformed part.
    /// Parses are memoized per process (the same few ranges recur across a catalog).
    package init(parsing text: String) throws(ParseError) {
        self = try Self.memo.value(text) { text in
            Result { () throws(ParseError) in try VersionRange(parsingUncached: text) }
        }.get()
    }

    private static let memo = ParseMemo<String, Result<VersionRange, ParseError>>()

    init(parsingUncached text: String) throws(ParseError) {
        self.text = text
        var alternatives: [[Comparator]] = []
        for part in text.split(separator: "||", omittingEmptySubsequences: false) {
            alternatives.append(try VersionRange.parseConjunction(part))
        }
        self.alternatives = alternatives
    }

    /// Whether `version` satisfies the range (node-semver rules: a prerelease version only matches a
    /// conjunction in which some comparator names a prerelease of the same `major.minor.patch`).
    package func isSatisfied(by version: SemanticVersion) -> Bool {
        alternatives.contains { set in
            guard set.allSatisfy({ $0.matches(version) }) else { return false }
            guard version.isPrerelease else { return true }
            return set.contains { $0.version.isPrerelease && $0.version.core == version.core }
        }
    }

    package var description: String { text }

    // MARK: Parsing

    private static func parseConjunction(_ raw: Substring) throws(ParseError) -> [Comparator] {
        let tokens = tokenize(raw)
        if tokens.isEmpty { return [] }
        if tokens.count == 3, tokens[1] == "-" {
            let low = try Partial(parsing: tokens[0])
            let high = try Partial(parsing: tokens[2])
            return low.lowerBound(inclusive: true) + high.upperBound(inclusive: true)
        }
        if tokens.contains("-") { throw ParseError(message: "malformed hyphen range '\(raw.trimmed)'") }
        var out: [Comparator] = []
        for token in tokens { out += try parseSimple(token) }
        return out
    }

    /// Split on whitespace, gluing a lone operator to the version after it (`>= 1.2.3`).
    private static func tokenize(_ raw: Substring) -> [String] {
        var tokens: [String] = []
        var pendingOperator = ""
        for word in raw.split(whereSeparator: { $0 == " " || $0 == "\t" }) {
            let text = String(word)
            if text.allSatisfy({ "<>=~^!".contains($0) }) {
                pendingOperator += text
            } else {
                tokens.append(pendingOperator + text)
                pendingOperator = ""
            }
        }
        if !pendingOperator.isEmpty { tokens.append(pendingOperator) }
        return tokens
    }

    private static func parseSimple(_ token: String) throws(ParseError) -> [Comparator] {
        let operatorEnd = token.firstIndex { !"<>=~^!".contains($0) } ?? token.endIndex
        let op = String(token[..<operatorEnd])
        let rest = Substring(token[operatorEnd...])
        guard !rest.isEmpty else { throw ParseError(message: "operator '\(op)' has no version") }
        let partial = try Partial(parsing: rest)
        switch op {
        case "", "=": return partial.exact()
        case ">=": return partial.lowerBound(inclusive: true)
        case ">": return partial.lowerBound(inclusive: false)
        case "<=": return partial.upperBound(inclusive: true)
        case "<": return partial.upperBound(inclusive: false)
        case "~", "~>": return partial.tilde()
        case "^": return partial.caret()
        default: throw ParseError(message: "unsupported operator '\(op)'")
        }
    }
}

/// A possibly partial version (`1`, `1.2`, `1.x`, `*`, `1.2.3-beta`) as ranges write it.
private struct Partial {
    package var major: Int?
    package var minor: Int?
    package var patch: Int?
    package var prerelease: [SemanticVersion.Identifier] = []

    package init(parsing raw: some StringProtocol) throws(VersionRange.ParseError) {
        var text = Substring(raw)
        if text.hasPrefix("v") || text.hasPrefix("V") { text = text.dropFirst() }
        if let plus = text.firstIndex(of: "+") { text = text[..<plus] }
        if let dash = text.firstIndex(of: "-") {
            guard let pre = SemanticVersion.parsePrerelease(text[text.index(after: dash)...]) else {
                throw .init(message: "malformed prerelease in '\(raw)'")
            }
            prerelease = pre
            text = text[..<dash]
        }
        let parts = text.asciiSplit(".", omittingEmptySubsequences: false)
        guard (1...3).contains(parts.count) else { throw .init(message: "malformed version '\(raw)'") }
        var numbers: [Int?] = []
        var sawWildcard = false
        for part in parts {
            if part == "x" || part == "X" || part == "*" {
                sawWildcard = true
                numbers.append(nil)
            } else if let n = SemanticVersion.numericPart(part), !sawWildcard {
                numbers.append(n)
            } else {
                throw .init(message: "malformed version '\(raw)'")
            }
        }
        major = numbers[0]
        minor = numbers.count > 1 ? numbers[1] : nil
        patch = numbers.count > 2 ? numbers[2] : nil
        if patch == nil, !prerelease.isEmpty { throw .init(message: "prerelease on a partial version '\(raw)'") }
    }

    package typealias C = VersionRange.Comparator
    package static let none = [C(op: .lt, version: SemanticVersion(0, 0, 0, prerelease: [.numeric(0)]))]

    private func floor() -> SemanticVersion { SemanticVersion(major ?? 0, minor ?? 0, patch ?? 0, prerelease: prerelease) }

    /// The first version above every version this partial names (`1.2` → `1.3.0-0`); nil for `*`.
    private func ceiling() -> SemanticVersion? {
        guard let major else { return nil }
        guard let minor else { return SemanticVersion(major + 1, 0, 0, prerelease: [.numeric(0)]) }
        guard patch != nil else { return SemanticVersion(major, minor + 1, 0, prerelease: [.numeric(0)]) }
        return nil
    }

    package func exact() -> [C] {
        if major == nil { return [] }
        if let ceiling = ceiling() { return [C(op: .ge, version: floor()), C(op: .lt, version: ceiling)] }
        return [C(op: .eq, version: floor())]
    }

    package func lowerBound(inclusive: Bool) -> [C] {
        if major == nil { return inclusive ? [] : Partial.none }
        if inclusive || ceiling() == nil { return [C(op: inclusive ? .ge : .gt, version: floor())] }
        // `>1.2` means above every 1.2.x: `>=1.3.0`.
        guard let ceiling = ceiling() else { return [] }
        return [C(op: .ge, version: ceiling.core)]
    }

    package func upperBound(inclusive: Bool) -> [C] {
        if major == nil { return inclusive ? [] : Partial.none }
        if let ceiling = ceiling() {
            return [C(op: .lt, version: inclusive ? ceiling : SemanticVersion(major ?? 0, minor ?? 0, 0, prerelease: [.numeric(0)]))]
        }
        return [C(op: inclusive ? .le : .lt, version: floor())]
    }

    package func tilde() -> [C] {
        guard let major else { return [] }
        let upper = minor.map { SemanticVersion(major, $0 + 1, 0, prerelease: [.numeric(0)]) }
            ?? SemanticVersion(major + 1, 0, 0, prerelease: [.numeric(0)])
        return [C(op: .ge, version: floor()), C(op: .lt, version: upper)]
    }

    package func caret() -> [C] {
        guard let major else { return [] }
        let upper: SemanticVersion
        if major > 0 || minor == nil {
            upper = SemanticVersion(major + 1, 0, 0, prerelease: [.numeric(0)])
        } else if let minor, minor > 0 || patch == nil {
            upper = SemanticVersion(0, minor + 1, 0, prerelease: [.numeric(0)])
        } else {
            upper = SemanticVersion(0, 0, (patch ?? 0) + 1, prerelease: [.numeric(0)])
        }
        return [C(op: .ge, version: floor()), C(op: .lt, version: upper)]
    }
}

extension Substring {
    package var trimmed: String { String(self).trimmingWhitespace }
}

extension String {
    /// The string without leading and trailing spaces, tabs and newlines.
    package var trimmingWhitespace: String {
        // ASCII text (version ranges nearly always are) trimmed on its bytes: walking Characters costs
        // about 1,200 instructions a call. Any other text by Characters, so that a space a combining
        // mark joins stays, as before.
        let ascii: String?? = utf8.withContiguousStorageIfAvailable { bytes -> String? in
            if bytes.contains(where: { $0 >= 0x80 }) { return nil }
            var start = 0, end = bytes.count
            func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) }
            while start < end, isSpace(bytes[start]) { start += 1 }
            while end > start, isSpace(bytes[end - 1]) { end -= 1 }
            return start == 0 && end == bytes.count ? String(self) : String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
        }
        if let ascii = ascii ?? nil { return ascii }
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0.isNewline }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[first...last])
    }
}
