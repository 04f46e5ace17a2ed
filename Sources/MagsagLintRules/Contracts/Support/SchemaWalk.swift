import MagsagJSONSchema
import MagsagSource

/// Walks a schema document's objects with the base URI in force at each one, skipping data keywords
/// (`enum`, `const`, `examples`, `default`) whose values are instances, not schemas.
enum SchemaWalk {
    /// Where the walk is: the pointer's tokens, built into a `JSONPointer` only when a visitor asks
    /// (most objects report nothing, and a pointer per object was most of the walk's allocations).
    struct Position {
        fileprivate var tokens: [String] = []
        /// The JSON pointer of the visited object.
        var pointer: JSONPointer { JSONPointer(tokens: tokens) }
    }

    /// Calls `visit(object, position, base)` for every object in `document`.
    static func objects(in document: SourceValue, documentURI: String, dialect: Dialect?,
                        visit: (SourceObject, Position, String) -> Void) {
        var position = Position()
        walk(document, position: &position, base: documentURI, idKey: dialect == .draft4 ? "id" : "$id", depth: 0, visit: visit)
    }

    private static func isDataKeyword(_ key: String) -> Bool {
        switch key {
        case "enum", "const", "examples", "default": true
        default: false
        }
    }

    /// Whether a value can hold an object (scalars are not descended into).
    private static func isContainer(_ value: SourceValue) -> Bool {
        switch value.kind {
        case .object, .array: true
        default: false
        }
    }

    private static func walk(_ value: SourceValue, position: inout Position, base: String, idKey: String, depth: Int,
                             visit: (SourceObject, Position, String) -> Void) {
        guard depth < 256 else { return }
        switch value.kind {
        case .object(let object):
            var here = base
            if let id = object[idKey]?.stringValue, !id.hasPrefix("#") {
                let resolved = SchemaRegistry.resolve(id, against: base)
                here = resolved.asciiSplit("#", maxSplits: 1).first.map(String.init) ?? resolved
            }
            visit(object, position, here)
            // Members read in place: only containers are walked, and iterating copied every member.
            object.members.withUnsafeBufferPointer { members in
                for at in members.indices where isContainer(members[at].value) && !isDataKeyword(members[at].key) {
                    position.tokens.append(members[at].key)
                    walk(members[at].value, position: &position, base: here, idKey: idKey, depth: depth + 1, visit: visit)
                    position.tokens.removeLast()
                }
            }
        case .array(let elements):
            for (i, element) in elements.enumerated() where isContainer(element) {
                position.tokens.append(String(i))
                walk(element, position: &position, base: base, idKey: idKey, depth: depth + 1, visit: visit)
                position.tokens.removeLast()
            }
        default:
            return
        }
    }
}
