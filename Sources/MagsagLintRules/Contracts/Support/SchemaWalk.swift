import MagsagJSONSchema
import MagsagSource

/// Walks a schema document's objects with the base URI in force at each one, skipping data keywords
/// (`enum`, `const`, `examples`, `default`) whose values are instances, not schemas.
enum SchemaWalk {
    static let dataKeywords: Set<String> = ["enum", "const", "examples", "default"]

    /// Calls `visit(object, pointer, base)` for every object in `document`.
    static func objects(in document: SourceValue, documentURI: String, dialect: Dialect?,
                        visit: (SourceObject, JSONPointer, String) -> Void) {
        walk(document, pointer: .root, base: documentURI, idKey: dialect == .draft4 ? "id" : "$id", depth: 0, visit: visit)
    }

    private static func walk(_ value: SourceValue, pointer: JSONPointer, base: String, idKey: String, depth: Int,
                             visit: (SourceObject, JSONPointer, String) -> Void) {
        guard depth < 256 else { return }
        switch value.kind {
        case .object(let object):
            var here = base
            if let id = object[idKey]?.stringValue, !id.hasPrefix("#") {
                let resolved = SchemaRegistry.resolve(id, against: base)
                here = resolved.asciiSplit("#", maxSplits: 1).first.map(String.init) ?? resolved
            }
            visit(object, pointer, here)
            for member in object.members where !dataKeywords.contains(member.key) {
                walk(member.value, pointer: pointer.appending(member.key), base: here, idKey: idKey, depth: depth + 1, visit: visit)
            }
        case .array(let elements):
            for (i, element) in elements.enumerated() {
                walk(element, pointer: pointer.appending(i), base: base, idKey: idKey, depth: depth + 1, visit: visit)
            }
        default:
            return
        }
    }
}
