import MagsagSource

/// A schema resource as seen by one compiled schema (its dynamic anchors compiled).
final class CompiledResource: @unchecked Sendable {
    let baseURI: String
    /// The URI of the document the resource is written in (its nodes' `documentURI`).
    let documentURI: String
    let dialect: Dialect
    let recursiveAnchor: Bool
    var root: SchemaNode?
    @exclusivity(unchecked) var dynamicAnchors: [String: SchemaNode] = [:]

    init(baseURI: String, documentURI: String, dialect: Dialect, recursiveAnchor: Bool) {
        self.baseURI = baseURI
        self.documentURI = documentURI
        self.dialect = dialect
        self.recursiveAnchor = recursiveAnchor
    }
}

/// One compiled (sub)schema: a boolean schema or an ordered list of keyword nodes.
///
/// About 200,000 of them at 10,000 agents, kept for the run: the stored properties are declared eight
/// bytes wide first and the narrow ones last, so that they share one word (Swift lays a class out in
/// declaration order), and what every node of a resource shares lives in its `CompiledResource`.
final class SchemaNode: @unchecked Sendable {
    /// The keywords, grouped for evaluation in one list: those for any instance type (references,
    /// applicators, type/enum/const) in order, then those that only apply to objects, arrays, strings
    /// and numbers (`unevaluated*` last among theirs). One list and its group ends, where a list per
    /// group cost up to six allocations a node (12 MB of 200,000 nodes at 10,000 agents).
    ///
    /// Held as unmanaged references this node retained once (`setKeywords`) and releases in `deinit`:
    /// evaluation reads them without a retain and a release each. Both cores evaluate the same shared
    /// contracts, and every such count was an atomic write to a cache line the other core also wrote.
    @exclusivity(unchecked) private var keywordRefs: [Unmanaged<KeywordNode>] = []
    /// The keywords, as a new array (for error paths; evaluation uses `withKeyword`).
    var keywords: [KeywordNode] { keywordRefs.map { $0.takeUnretainedValue() } }

    /// Keyword `index` (in evaluation order), lent to `body` without a reference count.
    @inline(__always)
    func withKeyword<T>(_ index: Int, _ body: (KeywordNode) throws -> T) rethrows -> T {
        try keywordRefs[index]._withUnsafeGuaranteedRef(body)
    }
    /// Where the generic, object, array and string groups end in `keywords` (numbers run to the end).
    @exclusivity(unchecked) private var groupEnds: (generic: UInt16, object: UInt16, array: UInt16, string: UInt16) = (0, 0, 0, 0)
    /// The object keywords fused for the `isValid` fast path (nil: use `objectKeywords`).
    @exclusivity(unchecked) private(set) var objectPlan: ObjectPlan?

    /// Where in `keywords` the keywords for any instance type lie, in order (`type` keywords included:
    /// their sets are also intersected into `types`, which quiet evaluation tests first and then skips
    /// them); then those of the other groups. Positions, not slices: an evaluation reads the one list.
    var generic: Range<Int> { 0..<Int(groupEnds.generic) }
    var objectKeywords: Range<Int> { Int(groupEnds.generic)..<Int(groupEnds.object) }
    var arrayKeywords: Range<Int> { Int(groupEnds.object)..<Int(groupEnds.array) }
    var stringKeywords: Range<Int> { Int(groupEnds.array)..<Int(groupEnds.string) }
    var numberKeywords: Range<Int> { Int(groupEnds.string)..<keywordRefs.count }

    /// Store `list` (compiled in order) grouped for evaluation, keeping each group's order, in a list of
    /// exactly its count.
    func setKeywords(_ list: [KeywordNode]) {
        var starts = (generic: 0, object: 0, array: 0, string: 0, number: 0)
        for keyword in list {
            switch keyword.group {
            case .generic: starts.object += 1; fallthrough
            case .object: starts.array += 1; fallthrough
            case .array: starts.string += 1; fallthrough
            case .string: starts.number += 1
            case .number: break
            }
        }
        // At most one keyword of each name, so a few dozen: far below the bound of the ends' type.
        groupEnds = (UInt16(starts.object), UInt16(starts.array), UInt16(starts.string), UInt16(starts.number))
        var types = TypeSet.all
        for old in keywordRefs { old.release() }
        keywordRefs = [Unmanaged<KeywordNode>](exactly: list.count) { buffer in
            guard let base = buffer.baseAddress else { return }
            for keyword in list {
                let slot: Int
                switch keyword.group {
                case .generic:
                    slot = starts.generic; starts.generic += 1
                    if let set = keyword.typeSet { types.formIntersection(set.expanded) }
                case .object: slot = starts.object; starts.object += 1
                case .array: slot = starts.array; starts.array += 1
                case .string: slot = starts.string; starts.string += 1
                case .number: slot = starts.number; starts.number += 1
                }
                (base + slot).initialize(to: Unmanaged.passRetained(keyword))
            }
        }
        self.types = types
        objectPlan = ObjectPlan.make(keywords[objectKeywords])
    }

    deinit {
        for keyword in keywordRefs { keyword.release() }
    }

    let resource: CompiledResource
    /// The URI of the document the schema is written in.
    var documentURI: String { resource.documentURI }
    /// Location in the document.
    let pointer: [String]
    /// Location relative to the resource root (for absolute keyword locations): `pointer` without the
    /// resource root's own tokens. Made when asked (an error's location), not kept per node.
    var resourcePointer: ArraySlice<String> { pointer.dropFirst(Int(resourceDepth)) }
    /// Where the schema is written (`range` works out lines and columns for an error).
    let span: SourceSpan
    var range: SourceRange { span.range }
    /// Value of `$dynamicAnchor` on this node, if any.
    var dynamicAnchor: String?
    /// `locationHash(documentURIHash:pointer:)`: nodes compiled from one location (in different
    /// compilations, shared through the registry cache) are told apart from others by location, not
    /// by identity, so the recursion guard behaves as if each location had one node.
    let location: Int
    /// How many leading tokens of `pointer` locate the resource root.
    private let resourceDepth: UInt32
    /// `true`/`false` schemas.
    @exclusivity(unchecked) var boolean: Bool?
    @exclusivity(unchecked) private(set) var types = TypeSet.all
    /// Whether annotation collection is needed here (`unevaluated*` present).
    @exclusivity(unchecked) var hasUnevaluated = false

    init(resource: CompiledResource, pointer: [String], resourceDepth: Int, span: SourceSpan, location: Int) {
        self.resource = resource
        self.pointer = pointer
        self.resourceDepth = UInt32(min(resourceDepth, pointer.count))
        self.span = span
        self.location = location
    }

    /// The location's hash, from the document URI's own hash (`SchemaDocument.uriHash`) and the pointer.
    static func locationHash(documentURIHash: Int, pointer: [String]) -> Int {
        var hasher = Hasher()
        hasher.combine(documentURIHash)
        hasher.combine(pointer)
        return hasher.finalize()
    }

    /// Whether both nodes were compiled from the same place of the same document.
    @inline(__always) func sameLocation(_ other: SchemaNode) -> Bool {
        self === other || (location == other.location && pointer == other.pointer && documentURI == other.documentURI)
    }

    /// `base#/pointer` for a keyword of this node.
    func absoluteLocation(of keyword: [String]) -> String {
        let pointer = JSONPointer(tokens: Array(resourcePointer) + keyword).description
        return resource.baseURI + "#" + URIs.encodeFragment(pointer)
    }
}

/// A keyword with its location in the schema (a class: iterating keywords costs one retain each).
final class KeywordNode: Sendable {
    let name: String
    /// Where the keyword's value is written (`range` works out lines and columns for an error).
    let span: SourceSpan
    var range: SourceRange { span.range }
    let kind: Keyword
    /// The evaluation group of `kind`, told once (reading `kind` from the node copies its payload).
    let group: Group
    /// The types of a `type` keyword (whose set quiet evaluation already tested through the node's
    /// type set), nil for any other keyword.
    let typeSet: TypeSet?

    /// Which instances a keyword looks at: any, or only objects, arrays, strings or numbers.
    enum Group: UInt8 {
        case generic, object, array, string, number
    }

    init(name: String, span: SourceSpan, kind: Keyword) {
        self.name = name
        self.span = span
        self.kind = kind
        switch kind {
        case .properties, .patternProperties, .additionalProperties, .propertyNames, .dependentSchemas, .unevaluatedProperties,
             .maxProperties, .minProperties, .required, .dependentRequired:
            group = .object
        case .prefixItems, .items, .contains, .unevaluatedItems, .maxItems, .minItems, .uniqueItems:
            group = .array
        case .maxLength, .minLength, .pattern, .format:
            group = .string
        case .multipleOf, .maximum, .minimum:
            group = .number
        default:
            group = .generic
        }
        if case .type(let set) = kind { typeSet = set } else { typeSet = nil }
    }
}

/// Property name → value lookup that scans small tables instead of hashing.
struct NameTable<Value>: @unchecked Sendable {
    private(set) var allNames: [String] = []
    private(set) var allValues: [Value] = []
    private var index: [ByteKey: Int]?

    init(_ pairs: [(String, Value)]) {
        // Both lists made at their final size (appending grew them by doubling, spare room and all: the
        // tables were 10.5 MB of a cold check's heap at 10,000 agents).
        allNames.reserveCapacity(pairs.count)
        allValues.reserveCapacity(pairs.count)
        for (name, value) in pairs {
            if let at = allNames.firstIndex(where: { ByteKey.same($0, name) }) { allValues[at] = value; continue }
            allNames.append(name)
            allValues.append(value)
        }
        if allNames.count > 8 {
            var map: [ByteKey: Int] = [:]
            for (i, name) in allNames.enumerated() { map[ByteKey(name)] = i }
            index = map
        }
    }

    @inline(__always) subscript(name: String) -> Value? {
        if let index { return index[ByteKey(name)].map { allValues[$0] } }
        for i in allNames.indices where ByteKey.same(allNames[i], name) { return allValues[i] }
        return nil
    }

    @inline(__always) func contains(_ name: String) -> Bool {
        if let index { return index[ByteKey(name)] != nil }
        for candidate in allNames where ByteKey.same(candidate, name) { return true }
        return false
    }
}

/// A `$ref`-like target filled in after compilation (cycles allowed).
final class RefSlot: @unchecked Sendable {
    let uri: String
    @exclusivity(unchecked) var target: SchemaNode?
    /// For `$dynamicRef`: the anchor name when the static target carries a matching `$dynamicAnchor`.
    @exclusivity(unchecked) var dynamicName: String?

    init(uri: String) { self.uri = uri }
}

/// JSON types as a bit set (`integer` distinct from `number`).
struct TypeSet: OptionSet, Sendable {
    let rawValue: UInt8
    static let null = TypeSet(rawValue: 1)
    static let boolean = TypeSet(rawValue: 2)
    static let integer = TypeSet(rawValue: 4)
    static let number = TypeSet(rawValue: 8)
    static let string = TypeSet(rawValue: 16)
    static let array = TypeSet(rawValue: 32)
    static let object = TypeSet(rawValue: 64)

    /// Every type.
    static let all: TypeSet = [.null, .boolean, .integer, .number, .string, .array, .object]

    /// The set with `integer` added when `number` is in it (so that intersections keep integers).
    var expanded: TypeSet { contains(.number) ? union(.integer) : self }

    static func named(_ name: String) -> TypeSet? {
        switch name {
        case "null": .null
        case "boolean": .boolean
        case "integer": .integer
        case "number": .number
        case "string": .string
        case "array": .array
        case "object": .object
        default: nil
        }
    }

    var names: [String] {
        let all: [(TypeSet, String)] = [(.null, "null"), (.boolean, "boolean"), (.integer, "integer"), (.number, "number"),
                                        (.string, "string"), (.array, "array"), (.object, "object")]
        return all.filter { contains($0.0) }.map(\.1)
    }

    @inline(__always) func admits(_ value: SourceValue) -> Bool {
        switch value.kind {
        case .null: return contains(.null)
        case .bool: return contains(.boolean)
        case .string: return contains(.string)
        case .array: return contains(.array)
        case .object: return contains(.object)
        case .number(let n):
            if contains(.number) { return true }
            return contains(.integer) && Keywords.isInteger(n)
        }
    }
}

/// The compiled keywords.
enum Keyword: Sendable {
    case ref(RefSlot)
    case dynamicRef(RefSlot)
    case recursiveRef(RefSlot)
    case type(TypeSet)
    /// The values, and those of them that are strings (compared first against string instances).
    case enumeration([SourceValue], strings: [String])
    case const(SourceValue)
    case multipleOf(SchemaNumber)
    case maximum(SchemaNumber, exclusive: Bool)
    case minimum(SchemaNumber, exclusive: Bool)
    case maxLength(Int)
    case minLength(Int)
    case pattern(ECMARegex, source: String)
    case maxItems(Int)
    case minItems(Int)
    case uniqueItems
    case maxProperties(Int)
    case minProperties(Int)
    case required([String])
    case dependentRequired([(String, [String])])
    case properties(NameTable<SchemaNode>)
    case patternProperties([(ECMARegex, String, SchemaNode)])
    /// Boxed (`indirect`): its 40 bytes of payload were the largest, and every keyword was as large.
    indirect case additionalProperties(SchemaNode, names: NameTable<Bool>, patterns: [ECMARegex])
    case propertyNames(SchemaNode)
    case prefixItems([SchemaNode])
    case items(SchemaNode, from: Int)
    case contains(SchemaNode, min: Int, max: Int?, annotates: Bool)
    case allOf([SchemaNode])
    case anyOf([SchemaNode])
    case oneOf([SchemaNode])
    case not(SchemaNode)
    case conditional(if: SchemaNode, then: SchemaNode?, else: SchemaNode?)
    case dependentSchemas([(String, SchemaNode)])
    case unevaluatedProperties(SchemaNode)
    case unevaluatedItems(SchemaNode)
    case format(FormatKind, name: String)
}
