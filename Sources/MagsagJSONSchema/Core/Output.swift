import Foundation
import MagsagSource

/// The standard output formats of JSON Schema 2020-12 §12 ("Output Formatting").
public enum OutputFormat: String, Sendable, CaseIterable {
    /// Only `valid`.
    case flag
    /// A flat list of output units.
    case basic
    /// Output units nested following the schema structure.
    case detailed
}

/// One output unit (2020-12 §12.3); independent of `SourceValue`, encodable to the standard JSON shape.
public struct OutputUnit: Sendable, Hashable, Codable {
    /// Overall (or this unit's) validity.
    public var valid: Bool
    /// JSON pointer through the schema, following references.
    public var keywordLocation: String?
    /// Absolute URI of the keyword.
    public var absoluteKeywordLocation: String?
    /// JSON pointer into the instance.
    public var instanceLocation: String?
    /// The message, on leaf units.
    public var error: String?
    /// Nested units (basic: flat list; detailed: grouped by schema location).
    public var errors: [OutputUnit]?

    /// A unit with the given fields.
    public init(valid: Bool, keywordLocation: String? = nil, absoluteKeywordLocation: String? = nil,
                instanceLocation: String? = nil, error: String? = nil, errors: [OutputUnit]? = nil) {
        self.valid = valid
        self.keywordLocation = keywordLocation
        self.absoluteKeywordLocation = absoluteKeywordLocation
        self.instanceLocation = instanceLocation
        self.error = error
        self.errors = errors
    }

    /// The unit as JSON text (keys sorted, pretty-printed).
    public func jsonText() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(self) else { return "{\"valid\":\(valid)}" }
        return String(decoding: data, as: UTF8.self)
    }
}

extension CompiledSchema {
    /// Validate and render the result in a standard output format.
    public func output(_ instance: SourceValue, format: OutputFormat) -> OutputUnit {
        if format == .flag { return OutputUnit(valid: isValid(instance)) }
        return Self.output(errors: validate(instance), format: format)
    }

    /// Render already-collected errors in a standard output format.
    public static func output(errors: [ValidationError], format: OutputFormat) -> OutputUnit {
        if errors.isEmpty { return OutputUnit(valid: true) }
        func unit(_ e: ValidationError) -> OutputUnit {
            OutputUnit(valid: false, keywordLocation: e.keywordLocation.description, absoluteKeywordLocation: e.absoluteKeywordLocation,
                       instanceLocation: e.instanceLocation.description, error: e.note.map { e.message + " (" + $0 + ")" } ?? e.message)
        }
        switch format {
        case .flag:
            return OutputUnit(valid: false)
        case .basic:
            return OutputUnit(valid: false, keywordLocation: "", instanceLocation: "", errors: errors.map(unit))
        case .detailed:
            return OutputUnit(valid: false, keywordLocation: "", instanceLocation: "", errors: nest(errors.map { ($0.keywordLocation.tokens.dropLast(), unit($0)) }, depth: 0))
        }
    }

    /// Group units by the schema path that holds their keyword, one level of tokens at a time.
    private static func nest(_ items: [(ArraySlice<String>, OutputUnit)], depth: Int) -> [OutputUnit] {
        var result: [OutputUnit] = []
        var groups: [(String, [(ArraySlice<String>, OutputUnit)])] = []
        for item in items {
            if item.0.count <= depth {
                result.append(item.1)
                continue
            }
            let token = item.0[item.0.startIndex + depth]
            if let index = groups.firstIndex(where: { $0.0 == token }) { groups[index].1.append(item) } else { groups.append((token, [item])) }
        }
        for (_, members) in groups {
            let children = nest(members, depth: depth + 1)
            if children.count == 1, let only = children.first {
                result.append(only)
            } else {
                let path = JSONPointer(tokens: Array(members[0].0.prefix(depth + 1))).description
                result.append(OutputUnit(valid: false, keywordLocation: path, instanceLocation: members[0].1.instanceLocation, errors: children))
            }
        }
        return result
    }
}
