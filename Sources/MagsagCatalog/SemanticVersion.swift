/// A Semantic Versioning 2.0.0 version (`1.2.3-beta.1+build`), ordered by SemVer precedence.
package struct SemanticVersion: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// One dot-separated prerelease identifier.
    package enum Identifier: Sendable, Hashable, Comparable {
        case numeric(Int)
        case alphanumeric(String)

        package static func < (lhs: Identifier, rhs: Identifier) -> Bool {
            switch (lhs, rhs) {
            case (.numeric(let a), .numeric(let b)): a < b
            case (.numeric, .alphanumeric): true
            case (.alphanumeric, .numeric): false
            case (.alphanumeric(let a), .alphanumeric(let b)): Array(a.utf8).lexicographicallyPrecedes(Array(b.utf8))
            }
        }

        var text: String {
            switch self {
            case .numeric(let n): String(n)
            case .alphanumeric(let s): s
            }
        }
    }

    package var major: Int
    package var minor: Int
    package var patch: Int
    package var prerelease: [Identifier]
    /// Build metadata (ignored for precedence).
    package var build: [String]

    package init(_ major: Int, _ minor: Int, _ patch: Int, prerelease: [Identifier] = [], build: [String] = []) {
        self.major = major
        self.minor = minor
        self.patch = patch
        self.prerelease = prerelease
        self.build = build
    }

    /// Parse a strict SemVer 2.0.0 string (no `v` prefix, no leading zeros); nil when invalid. Parses
    /// are memoized per process (descriptors and fixtures repeat the same versions).
    package init?(_ text: String) {
        guard let parsed = Self.memo.value(text, SemanticVersion.init(parsingUncached:)) else { return nil }
        self = parsed
    }

    private static let memo = ParseMemo<String, SemanticVersion?>()

    init?(parsingUncached text: String) {
        var core = Substring(text)
        var build: [String] = []
        if let plus = core.firstIndex(of: "+") {
            let parts = core[core.index(after: plus)...].asciiSplit(".", omittingEmptySubsequences: false)
            guard parts.allSatisfy(SemanticVersion.isIdentifier) else { return nil }
            build = parts.map(String.init)
            core = core[..<plus]
        }
        var prerelease: [Identifier] = []
        if let dash = core.firstIndex(of: "-") {
            guard let parsed = SemanticVersion.parsePrerelease(core[core.index(after: dash)...]) else { return nil }
            prerelease = parsed
            core = core[..<dash]
        }
        let numbers = core.asciiSplit(".", omittingEmptySubsequences: false)
        guard numbers.count == 3,
              let major = SemanticVersion.numericPart(numbers[0]),
              let minor = SemanticVersion.numericPart(numbers[1]),
              let patch = SemanticVersion.numericPart(numbers[2]) else { return nil }
        self.init(major, minor, patch, prerelease: prerelease, build: build)
    }

    /// Parse dot-separated prerelease identifiers; nil when one is empty, malformed or a numeric
    /// identifier has a leading zero.
    package static func parsePrerelease(_ text: Substring) -> [Identifier]? {
        var out: [Identifier] = []
        for part in text.asciiSplit(".", omittingEmptySubsequences: false) {
            guard isIdentifier(part) else { return nil }
            if part.allSatisfy(\.isASCIIDigit) {
                guard let number = numericPart(part) else { return nil }
                out.append(.numeric(number))
            } else {
                out.append(.alphanumeric(String(part)))
            }
        }
        return out
    }

    /// A non-negative decimal without leading zeros that fits an `Int`.
    package static func numericPart(_ text: Substring) -> Int? {
        guard !text.isEmpty, text.count <= 18, text.allSatisfy(\.isASCIIDigit) else { return nil }
        if text.count > 1, text.hasPrefix("0") { return nil }
        return Int(text)
    }

    package static func isIdentifier(_ text: Substring) -> Bool {
        !text.isEmpty && text.allSatisfy { $0.isASCIIDigit || ($0.isASCII && $0.isLetter) || $0 == "-" }
    }

    /// Whether the version has prerelease identifiers.
    package var isPrerelease: Bool { !prerelease.isEmpty }

    /// `major.minor.patch` without prerelease or build.
    package var core: SemanticVersion { SemanticVersion(major, minor, patch) }

    package static func < (lhs: SemanticVersion, rhs: SemanticVersion) -> Bool {
        if (lhs.major, lhs.minor, lhs.patch) != (rhs.major, rhs.minor, rhs.patch) {
            return (lhs.major, lhs.minor, lhs.patch) < (rhs.major, rhs.minor, rhs.patch)
        }
        switch (lhs.prerelease.isEmpty, rhs.prerelease.isEmpty) {
        case (true, true), (true, false): return false
        case (false, true): return true
        case (false, false): return lhs.prerelease.lexicographicallyPrecedes(rhs.prerelease)
        }
    }

    /// Precedence equality: build metadata is ignored.
    package static func == (lhs: SemanticVersion, rhs: SemanticVersion) -> Bool {
        (lhs.major, lhs.minor, lhs.patch) == (rhs.major, rhs.minor, rhs.patch) && lhs.prerelease == rhs.prerelease
    }

    package func hash(into hasher: inout Hasher) {
        hasher.combine(major)
        hasher.combine(minor)
        hasher.combine(patch)
        hasher.combine(prerelease)
    }

    package var description: String {
        var text = "\(major).\(minor).\(patch)"
        if !prerelease.isEmpty { text += "-" + prerelease.map(\.text).joined(separator: ".") }
        if !build.isEmpty { text += "+" + build.joined(separator: ".") }
        return text
    }
}

extension Character {
    /// `0`–`9` only (not other Unicode digits).
    package var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
