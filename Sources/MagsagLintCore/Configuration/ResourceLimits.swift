import MagsagSource

/// Bounds on what one file or one schema may cost (`limits` in `.magsag-lint.yaml`); exceeding one is a
/// diagnostic that names it, never a crash or a hang. The per-file size bound is `max-file-size`, the
/// runner's time and output bounds live under `runner`.
public struct ResourceLimits: Sendable, Equatable {
    /// Deepest nesting of JSON and YAML values (and of instances followed by schema validation).
    public var nestingDepth = 512
    /// Most values a YAML stream may produce, counting every alias expansion (billion laughs).
    public var aliasExpansion = 1_000_000
    /// Backtracking steps one `pattern` match may take.
    public var patternSteps = 1_000_000
    /// Estimated memory the cross-file index may hold, in MiB (parsed documents kept for repository
    /// rules). Beyond it, files are still checked one by one but cross-file rules are skipped.
    public var indexMemoryMiB = 4096

    /// `indexMemoryMiB` in bytes.
    public var indexMemoryBytes: Int { indexMemoryMiB << 20 }

    public init() {}

    static let keys = ["nesting-depth", "alias-expansion", "pattern-steps", "index-memory"]

    /// The JSON Schema of the `limits` key.
    static var schema: String {
        func bound(_ maximum: Int, _ text: String) -> String {
            "{\"type\": \"integer\", \"minimum\": 1, \"maximum\": \(maximum), \"description\": \"\(text)\"}"
        }
        return "{\"type\": \"object\", \"additionalProperties\": false, \"description\": \"Resource bounds; exceeding one is a finding.\", "
            + "\"properties\": {\"nesting-depth\": \(bound(100_000, "Deepest JSON/YAML nesting (default 512; YAML stops at 1000)."))"
            + ", \"alias-expansion\": \(bound(100_000_000, "Most YAML values per stream, aliases expanded (default 1000000)."))"
            + ", \"pattern-steps\": \(bound(1_000_000_000, "Backtracking steps per pattern match (default 1000000)."))"
            + ", \"index-memory\": \(bound(1_048_576, "Estimated memory of the cross-file index in MiB (default 4096); beyond it cross-file rules are skipped."))}}"
    }

    /// Parse a `limits` mapping into `limits`; returns the problems found (message, where, help).
    static func parse(_ value: SourceValue, into limits: inout ResourceLimits) -> [(String, SourceRange, String?)] {
        guard let object = value.objectValue else {
            return [("`limits` must be a mapping", value.range, "for example `limits: {nesting-depth: 256}`")]
        }
        var problems: [(String, SourceRange, String?)] = []
        let maxima = ["nesting-depth": 100_000, "alias-expansion": 100_000_000, "pattern-steps": 1_000_000_000, "index-memory": 1_048_576]
        for member in object.members {
            guard let maximum = maxima[member.key] else {
                problems.append(("unknown limits key \"\(member.key)\"", member.keyRange, "use \(keys.joined(separator: ", "))"))
                continue
            }
            guard let number = member.value.numberValue?.intValue, number >= 1, number <= maximum else {
                problems.append(("`limits.\(member.key)` must be a whole number from 1 to \(maximum)", member.value.range, nil))
                continue
            }
            switch member.key {
            case "nesting-depth": limits.nestingDepth = number
            case "alias-expansion": limits.aliasExpansion = number
            case "index-memory": limits.indexMemoryMiB = number
            default: limits.patternSteps = number
            }
        }
        return problems
    }

    /// YAML lines for `config --dump`.
    var dump: String {
        "limits:\n  nesting-depth: \(nestingDepth)\n  alias-expansion: \(aliasExpansion)\n  pattern-steps: \(patternSteps)\n  index-memory: \(indexMemoryMiB)\n"
    }

    /// The YAML loader's options under these limits.
    public var yamlOptions: YAMLLoader.Options {
        YAMLLoader.Options(maxNodes: aliasExpansion, maxDepth: nestingDepth)
    }
}
