import MagsagSource

/// Which way a contract carries data, seen from the agent or skill that declares it.
enum ContractDirection: String, Sendable, Hashable, CaseIterable {
    /// An input schema: the declarer accepts data its callers send.
    case accepting
    /// An output schema: the declarer produces data its callers read.
    case producing
}

/// How bad a change is for one direction.
enum ChangeClassification: Int, Sendable, Hashable, Comparable {
    /// Only titles, descriptions, examples and other annotations changed.
    case annotation
    /// The contract changed without breaking anyone in this direction.
    case compatible
    /// The tool cannot decide (e.g. a changed pattern): someone may break.
    case possiblyBreaking
    /// Some data valid before is now rejected (input) or some data now produced was not promised (output).
    case breaking

    static func < (lhs: ChangeClassification, rhs: ChangeClassification) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// One difference between a base and a head schema.
struct SchemaChange: Sendable, Hashable {
    /// What the change does to the set of valid instances.
    enum Effect: String, Sendable, Hashable {
        /// Fewer instances are valid.
        case narrowing
        /// More instances are valid.
        case widening
        /// Some instances become valid, others invalid.
        case both
        /// A new optional property under an open object: compatible both ways by convention.
        case addition
        /// Cannot be decided from the two schemas alone.
        case unknown
        /// Only annotations changed.
        case annotation

        /// The effect seen through a `not`.
        var inverted: Effect {
            switch self {
            case .narrowing: .widening
            case .widening: .narrowing
            default: self
            }
        }
    }

    var effect: Effect
    /// What changed, in words ("maximum lowered from 10 to 5").
    var summary: String
    /// Where to report it in the head snapshot.
    var location: SchemaLocation

    /// The classification for an accepting (input) or producing (output) schema.
    func classification(for direction: ContractDirection) -> ChangeClassification {
        switch (effect, direction) {
        case (.annotation, _): .annotation
        case (.addition, _): .compatible
        case (.unknown, _): .possiblyBreaking
        case (.both, _): .breaking
        case (.narrowing, .accepting), (.widening, .producing): .breaking
        case (.narrowing, .producing), (.widening, .accepting): .compatible
        }
    }
}

/// Canonical text of JSON values and schemas, for equality that ignores formatting, key order,
/// number spelling (`1` = `1.0`) and, for schemas, annotations and where refs were written.
enum SchemaCanonical {
    static func text(_ value: SourceValue) -> String {
        switch value.kind {
        case .null: return "null"
        case .bool(let flag): return flag ? "true" : "false"
        case .number(let number): return number.double.isFinite ? "\(number.double)" : number.text
        case .string(let string): return "\"" + string.replacing("\\", with: "\\\\").replacing("\"", with: "\\\"") + "\""
        case .array(let elements): return "[" + elements.map(text).joined(separator: ",") + "]"
        case .object(let object):
            let members = object.members.sorted { $0.key < $1.key }.map { text(SourceValue(.string($0.key), range: .fileStart)) + ":" + text($0.value) }
            return "{" + members.joined(separator: ",") + "}"
        }
    }

    static func text(_ node: SchemaNode, depth: Int = 0) -> String {
        guard depth < 64 else { return "…" }
        switch node.body {
        case .boolean(let flag): return flag ? "true" : "false"
        case .cycle(let key): return "cycle(\(key))"
        case .unresolved(let ref): return "ref(\(ref))"
        case .object(let keywords):
            let parts = keywords.filter { !SchemaResolver.annotations.contains($0.name) }.sorted { $0.name < $1.name }.map { keyword in
                keyword.name + ":" + text(keyword.value, depth: depth + 1)
            }
            return parts.isEmpty ? "true" : "{" + parts.joined(separator: ",") + "}"
        }
    }

    static func text(_ value: SchemaKeywordValue, depth: Int) -> String {
        switch value {
        case .data(let data): return text(data)
        case .schema(let node): return text(node, depth: depth)
        case .schemas(let nodes): return "[" + nodes.map { text($0, depth: depth) }.joined(separator: ",") + "]"
        case .schemaMap(let entries):
            return "{" + entries.sorted { $0.key < $1.key }.map { $0.key + ":" + text($0.node, depth: depth) }.joined(separator: ",") + "}"
        }
    }
}
