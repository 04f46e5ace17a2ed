import MagsagSource

/// The ExecPlan skeletons and plan indexes (`execplans` in `.magsag-lint.yaml`); unset values keep the
/// MAGSAG defaults (the long form as the repository's plan template orders it, the short form of
/// `docs/_templates/execplan.md`, and the indexes `docs/development/PLANS.md` and `docs/architecture/plans.md`).
public struct ExecPlanSettings: Sendable, Equatable {
    /// The long-form `##` sections, in order.
    public var sections: [String]?
    /// The short-form `##` sections, in order.
    public var shortSections: [String]?
    /// Files whose "Active Plans" / "Completed Plans" lists index the plans.
    public var indexes: [String]?

    public init() {}

    static let keys = ["sections", "short-sections", "indexes"]

    /// The JSON Schema of the `execplans` key.
    static var schema: String {
        let list = "{\"type\": \"array\", \"items\": {\"type\": \"string\", \"minLength\": 1}}"
        return "{\"type\": \"object\", \"additionalProperties\": false, \"description\": \"ExecPlan skeletons and plan indexes.\", "
            + "\"properties\": {\"sections\": \(list), \"short-sections\": \(list), \"indexes\": \(list)}}"
    }

    /// Parse an `execplans` mapping into `settings`; returns the problems found (message, where, help).
    static func parse(_ value: SourceValue, into settings: inout ExecPlanSettings) -> [(String, SourceRange, String?)] {
        guard let object = value.objectValue else {
            return [("`execplans` must be a mapping", value.range, "for example `execplans: {sections: [Purpose, Plan of Work]}`")]
        }
        var problems: [(String, SourceRange, String?)] = []
        for member in object.members {
            guard keys.contains(member.key) else {
                problems.append(("unknown execplans key \"\(member.key)\"", member.keyRange, "use \(keys.joined(separator: ", "))"))
                continue
            }
            guard let elements = member.value.arrayValue,
                  let texts = Optional(elements.compactMap(\.stringValue)), texts.count == elements.count,
                  !texts.isEmpty, texts.allSatisfy({ !$0.isEmpty }) else {
                problems.append(("`execplans.\(member.key)` must be a non-empty list of non-empty strings", member.value.range, nil))
                continue
            }
            switch member.key {
            case "sections": settings.sections = texts
            case "short-sections": settings.shortSections = texts
            default:
                if let bad = texts.first(where: { $0.hasPrefix("/") || $0.split(separator: "/").contains("..") }) {
                    problems.append(("`execplans.indexes` entry \"\(bad)\" must be a path inside the repository", member.value.range, nil))
                } else {
                    settings.indexes = texts
                }
            }
        }
        return problems
    }

    /// YAML lines for `config --dump` (nothing when every value is the default).
    var dump: String {
        guard sections != nil || shortSections != nil || indexes != nil else { return "" }
        func list(_ values: [String]) -> String { "[" + values.map { "'" + $0.replacing("'", with: "''") + "'" }.joined(separator: ", ") + "]" }
        var out = "execplans:\n"
        if let sections { out += "  sections: \(list(sections))\n" }
        if let shortSections { out += "  short-sections: \(list(shortSections))\n" }
        if let indexes { out += "  indexes: \(list(indexes))\n" }
        return out
    }
}
