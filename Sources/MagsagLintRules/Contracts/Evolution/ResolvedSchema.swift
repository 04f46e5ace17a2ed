import MagsagSource

/// Where a piece of a resolved schema is written.
struct SchemaLocation: Sendable, Hashable {
    var path: String
    var range: SourceRange
    var pointer: JSONPointer
}

/// A schema with every `$ref` inlined (a recursive ref becomes `.cycle`), keeping for each keyword
/// the file and range it came from.
struct SchemaNode: Sendable {
    enum Body: Sendable {
        case boolean(Bool)
        case object([SchemaKeyword])
        /// A `$ref` back to a schema being expanded: compared by target.
        case cycle(String)
        /// A `$ref` that does not resolve on this side (or expansion stopped at the size budget).
        case unresolved(String)
    }

    var body: Body
    var location: SchemaLocation

    /// The keyword named `name`, for object schemas.
    func keyword(_ name: String) -> SchemaKeyword? {
        guard case .object(let keywords) = body else { return nil }
        return keywords.first { $0.name == name }
    }
}

/// One keyword of an object schema.
struct SchemaKeyword: Sendable {
    var name: String
    var value: SchemaKeywordValue
    /// Where the key is written (reports on a changed keyword start here).
    var keyLocation: SchemaLocation
    /// Where the value is written.
    var valueLocation: SchemaLocation
}

/// A keyword's value: a subschema, a list or map of subschemas, or plain data.
indirect enum SchemaKeywordValue: Sendable {
    case schema(SchemaNode)
    case schemas([SchemaNode])
    case schemaMap([(key: String, node: SchemaNode, keyLocation: SchemaLocation)])
    case data(SourceValue)
}

/// Builds `SchemaNode`s from a snapshot, inlining `$ref`s with a cycle guard and a size budget.
struct SchemaResolver {
    let snapshot: SchemaSnapshot
    /// Nodes left before expansion stops (guards against exponential ref fan-out).
    var budget = 20_000
    /// Every file the expansion read.
    private(set) var visited: Set<String> = []
    private var stack: Set<String> = []

    init(snapshot: SchemaSnapshot) { self.snapshot = snapshot }

    static let singleKeywords: Set<String> = [
        "additionalProperties", "unevaluatedProperties", "additionalItems", "unevaluatedItems", "not",
        "propertyNames", "contains", "if", "then", "else", "contentSchema",
    ]
    static let arrayKeywords: Set<String> = ["allOf", "anyOf", "oneOf", "prefixItems"]
    static let mapKeywords: Set<String> = ["properties", "patternProperties", "dependentSchemas"]
    /// Keywords that do not constrain instances (or only organise the document).
    static let annotations: Set<String> = [
        "title", "description", "examples", "default", "$comment", "deprecated", "readOnly", "writeOnly",
        "$id", "$schema", "$anchor", "$dynamicAnchor", "$recursiveAnchor", "$defs", "definitions", "$vocabulary",
        "contentMediaType", "contentEncoding",
    ]

    /// The resolved schema at the root of the document at `path`; nil when the document is missing.
    mutating func root(of path: String) -> SchemaNode? {
        guard let value = snapshot.documents[path] else { return nil }
        visited.insert(path)
        return node(value, path: path, pointer: .root, depth: 0)
    }

    mutating func node(_ value: SourceValue, path: String, pointer: JSONPointer, depth: Int) -> SchemaNode {
        let location = SchemaLocation(path: path, range: value.range, pointer: pointer)
        budget -= 1
        guard let object = value.objectValue else {
            return SchemaNode(body: .boolean(value.boolValue ?? true), location: location)
        }
        guard depth < 128, budget > 0 else { return SchemaNode(body: .unresolved("<schema too large to compare>"), location: location) }
        var keywords: [SchemaKeyword] = []
        var reference: SchemaNode?
        for member in object.members {
            let keyLocation = SchemaLocation(path: path, range: member.keyRange, pointer: pointer.appending(member.key))
            let valueLocation = SchemaLocation(path: path, range: member.value.range, pointer: pointer.appending(member.key))
            if member.key == "$ref", let ref = member.value.stringValue {
                reference = expand(ref, from: path, depth: depth, at: keyLocation)
                continue
            }
            let child = keywordValue(member.key, member.value, path: path, pointer: pointer.appending(member.key), depth: depth)
            keywords.append(SchemaKeyword(name: member.key, value: child, keyLocation: keyLocation, valueLocation: valueLocation))
        }
        guard let reference else { return SchemaNode(body: .object(keywords), location: location) }
        return merge(reference, into: keywords, location: location, legacy: Self.isLegacy(snapshot.documents[path]))
    }

    private mutating func keywordValue(_ name: String, _ value: SourceValue, path: String, pointer: JSONPointer, depth: Int) -> SchemaKeywordValue {
        if Self.annotations.contains(name) { return .data(value) }
        let arrayShaped = Self.arrayKeywords.contains(name) || (name == "items" && value.arrayValue != nil)
        if Self.singleKeywords.contains(name) || (name == "items" && !arrayShaped) {
            return .schema(node(value, path: path, pointer: pointer, depth: depth + 1))
        }
        if arrayShaped, let elements = value.arrayValue {
            return .schemas(elements.enumerated().map { node($0.element, path: path, pointer: pointer.appending($0.offset), depth: depth + 1) })
        }
        if Self.mapKeywords.contains(name) || (name == "dependencies" && value.objectValue != nil), let object = value.objectValue {
            var entries: [(key: String, node: SchemaNode, keyLocation: SchemaLocation)] = []
            for member in object.members where name != "dependencies" || member.value.arrayValue == nil {
                let entryPointer = pointer.appending(member.key)
                entries.append((member.key, node(member.value, path: path, pointer: entryPointer, depth: depth + 1),
                                SchemaLocation(path: path, range: member.keyRange, pointer: entryPointer)))
            }
            if name == "dependencies", entries.count != object.count { return .data(value) }
            return .schemaMap(entries)
        }
        return .data(value)
    }

    private mutating func expand(_ ref: String, from path: String, depth: Int, at location: SchemaLocation) -> SchemaNode {
        guard let target = snapshot.resolve(ref, from: path) else {
            return SchemaNode(body: .unresolved(ref), location: location)
        }
        let key = target.path + "#" + target.pointer.description
        visited.insert(target.path)
        guard !stack.contains(key) else { return SchemaNode(body: .cycle(key), location: location) }
        stack.insert(key)
        defer { stack.remove(key) }
        return node(target.value, path: target.path, pointer: target.pointer, depth: depth + 1)
    }

    /// `$ref` next to other keywords: drafts 4–7 ignore the siblings; later drafts apply both, which
    /// is a flat merge when the keyword sets are disjoint and an `allOf` otherwise.
    private func merge(_ reference: SchemaNode, into keywords: [SchemaKeyword], location: SchemaLocation, legacy: Bool) -> SchemaNode {
        let constraining = keywords.filter { !Self.annotations.contains($0.name) }
        if legacy || constraining.isEmpty { return reference }
        switch reference.body {
        case .object(let targetKeywords):
            let names = Set(constraining.map(\.name))
            if !targetKeywords.contains(where: { names.contains($0.name) }) {
                return SchemaNode(body: .object(targetKeywords + keywords), location: location)
            }
        case .boolean(true):
            return SchemaNode(body: .object(keywords), location: location)
        default:
            break
        }
        var merged = keywords
        if let at = merged.firstIndex(where: { $0.name == "allOf" }), case .schemas(let list) = merged[at].value {
            merged[at].value = .schemas(list + [reference])
        } else {
            merged.append(SchemaKeyword(name: "allOf", value: .schemas([reference]), keyLocation: reference.location, valueLocation: reference.location))
        }
        return SchemaNode(body: .object(merged), location: location)
    }

    /// Whether the document declares draft 4, 6 or 7 (where `$ref` siblings are ignored).
    static func isLegacy(_ root: SourceValue?) -> Bool {
        guard let schema = root?["$schema"]?.stringValue else { return false }
        return ["draft-04", "draft-06", "draft-07"].contains { schema.contains($0) }
    }
}
