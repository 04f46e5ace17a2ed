import MagsagSource

/// Which version bump a contract change needs (`version-policy` in `.magsag-lint.yaml`).
///
/// The defaults are semver's: a breaking change needs a new major version, any other change to what a
/// contract accepts or produces a new minor; below 1.0.0 each requirement moves down one level (a
/// breaking change needs a new minor, a compatible one a patch), as Cargo and npm's caret read 0.x.
public struct VersionPolicy: Sendable, Equatable {
    /// A version component to increment, weakest first.
    public enum Bump: String, Sendable, CaseIterable, Comparable {
        case none, patch, minor, major

        public static func < (lhs: Bump, rhs: Bump) -> Bool {
            allCases.firstIndex(of: lhs) ?? 0 < allCases.firstIndex(of: rhs) ?? 0
        }

        /// One level down (major → minor → patch; patch and none stay).
        public var relaxed: Bump {
            switch self {
            case .major: .minor
            case .minor, .patch: .patch
            case .none: .none
            }
        }
    }

    /// What a change that breaks callers needs (`major`, `minor` or `patch`).
    public var breaking: Bump = .major
    /// What a change the tool cannot judge needs.
    public var possiblyBreaking: Bump = .minor
    /// What a compatible change (an optional input property, a tightened output) needs; `none` lets such
    /// additions ship without a new version.
    public var compatible: Bump = .minor
    /// Whether requirements move down one level below 1.0.0 (`initial-development: relaxed`) or apply
    /// unchanged (`strict`).
    public var relaxedBelowOne = true

    public init() {}

    /// The bump a change of this severity needs from a version whose major is `major`.
    public func required(breaking isBreaking: Bool, possiblyBreaking isPossiblyBreaking: Bool = false, fromMajor major: Int) -> Bump {
        let bump = isBreaking ? breaking : (isPossiblyBreaking ? possiblyBreaking : compatible)
        return relaxedBelowOne && major == 0 ? bump.relaxed : bump
    }

    /// The configuration keys and their accepted values, for the schema and the loader.
    public static let keys: [(key: String, values: [String])] = [
        ("breaking", ["major", "minor", "patch"]),
        ("possibly-breaking", ["major", "minor", "patch", "none"]),
        ("compatible", ["major", "minor", "patch", "none"]),
        ("initial-development", ["relaxed", "strict"]),
    ]

    /// The JSON Schema of the `version-policy` key.
    static var schema: String {
        let properties = keys.map { "\"\($0.key)\": {\"enum\": [" + $0.values.map { "\"\($0)\"" }.joined(separator: ", ") + "]}" }
        return "{\"type\": \"object\", \"additionalProperties\": false, \"description\": \"The version bump contract changes need.\", "
            + "\"properties\": {" + properties.joined(separator: ", ") + "}}"
    }

    /// Parse a `version-policy` mapping into `policy`; returns the problems found (message, where, help).
    static func parse(_ value: SourceValue, into policy: inout VersionPolicy) -> [(String, SourceRange, String?)] {
        guard let object = value.objectValue else {
            return [("`version-policy` must be a mapping", value.range, "for example `version-policy: {breaking: major, compatible: minor}`")]
        }
        var problems: [(String, SourceRange, String?)] = []
        for member in object.members {
            guard let allowed = keys.first(where: { $0.key == member.key })?.values else {
                problems.append(("unknown version-policy key \"\(member.key)\"", member.keyRange, "use \(keys.map(\.key).joined(separator: ", "))"))
                continue
            }
            guard let text = member.value.stringValue, allowed.contains(text) else {
                problems.append(("`version-policy.\(member.key)` must be one of \(allowed.joined(separator: ", "))", member.value.range, nil))
                continue
            }
            switch member.key {
            case "breaking": policy.breaking = Bump(rawValue: text) ?? .major
            case "possibly-breaking": policy.possiblyBreaking = Bump(rawValue: text) ?? .minor
            case "compatible": policy.compatible = Bump(rawValue: text) ?? .minor
            default: policy.relaxedBelowOne = text == "relaxed"
            }
        }
        return problems
    }

    /// YAML lines for `config --dump`.
    var dump: String {
        "version-policy:\n  breaking: \(breaking.rawValue)\n  possibly-breaking: \(possiblyBreaking.rawValue)\n"
            + "  compatible: \(compatible.rawValue)\n  initial-development: \(relaxedBelowOne ? "relaxed" : "strict")\n"
    }
}
