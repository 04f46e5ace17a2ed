import MagsagSource

/// The object keywords of one schema fused into a single pass over the members, for the `isValid`
/// fast path: `properties`, `additionalProperties` (without `patternProperties`), `required`,
/// `minProperties`, `maxProperties`. Built once per schema node; nil when the node has other object
/// keywords (those take the keyword-by-keyword path, which also builds errors and annotations).
final class ObjectPlan: @unchecked Sendable {
    /// Declared property names and their schemas (same order). The schemas are held unretained: the
    /// keywords they come from belong to the node that owns this plan, so they live as long as it, and
    /// evaluation reads them without reference counting (see `SchemaNode.withKeyword`).
    let names: [String]
    let schemas: [Unmanaged<SchemaNode>]
    private let index: [ByteKey: Int]?
    /// Bit `j` set when `names[j]` is required.
    let requiredMask: UInt64
    /// Required names without a `properties` entry.
    let otherRequired: [String]
    /// The `additionalProperties` schema, when the keyword is present (unretained, as `schemas`).
    let additional: Unmanaged<SchemaNode>?
    let minProperties: Int
    let maxProperties: Int

    private init(names: [String], schemas: [Unmanaged<SchemaNode>], requiredMask: UInt64, otherRequired: [String],
                 additional: Unmanaged<SchemaNode>?, minProperties: Int, maxProperties: Int) {
        self.names = names
        self.schemas = schemas
        var map: [ByteKey: Int]?
        if names.count > 8 {
            var built: [ByteKey: Int] = [:]
            for (i, name) in names.enumerated() { built[ByteKey(name)] = i }
            map = built
        }
        self.index = map
        self.requiredMask = requiredMask
        self.otherRequired = otherRequired
        self.additional = additional
        self.minProperties = minProperties
        self.maxProperties = maxProperties
    }

    /// Index of `key` in `names`, or -1.
    @inline(__always) func find(_ key: String) -> Int {
        if let index { return index[ByteKey(key)] ?? -1 }
        for j in names.indices where ByteKey.same(names[j], key) { return j }
        return -1
    }

    /// The plan for `keywords` (a node's object keywords), or nil when they cannot be fused.
    static func make(_ keywords: ArraySlice<KeywordNode>) -> ObjectPlan? {
        if keywords.isEmpty { return nil }
        var properties: NameTable<SchemaNode>?
        var additional: (SchemaNode, NameTable<Bool>)?
        var required: [String] = []
        var minimum = 0, maximum = Int.max
        for keyword in keywords {
            switch keyword.kind {
            case .properties(let table):
                if properties != nil { return nil }
                properties = table
            case .additionalProperties(let schema, let names, let patterns):
                if additional != nil || !patterns.isEmpty { return nil }
                additional = (schema, names)
            case .required(let names): required += names
            case .minProperties(let n): minimum = max(minimum, n)
            case .maxProperties(let n): maximum = min(maximum, n)
            default: return nil
            }
        }
        let names = properties?.allNames ?? []
        let schemas = properties?.allValues ?? []
        if names.count > 64 { return nil }
        // `additionalProperties` must exempt exactly the declared properties.
        if let (_, exempt) = additional {
            if exempt.allNames.count != names.count || !names.allSatisfy({ exempt.contains($0) }) { return nil }
        }
        var mask: UInt64 = 0
        var other: [String] = []
        for name in required {
            if let j = names.firstIndex(where: { ByteKey.same($0, name) }) { mask |= UInt64(1) << UInt64(j) } else if !other.contains(where: { ByteKey.same($0, name) }) { other.append(name) }
        }
        return ObjectPlan(names: names, schemas: schemas.map { Unmanaged.passUnretained($0) }, requiredMask: mask,
                          otherRequired: other, additional: additional.map { Unmanaged.passUnretained($0.0) },
                          minProperties: minimum, maxProperties: maximum)
    }
}

extension Evaluator {
    /// Whether `object` passes the fused object keywords (no errors, no annotations).
    func objectFast(_ plan: ObjectPlan, _ object: SourceObject) -> Bool {
        let members = object.members
        if members.count < plan.minProperties || members.count > plan.maxProperties { return false }
        var seen: UInt64 = 0
        for i in members.indices {
            let j = plan.find(members[i].key)
            if j >= 0 {
                seen |= UInt64(1) << UInt64(j)
                if !plan.schemas[j]._withUnsafeGuaranteedRef({ validateChild($0, members[i].value, nil, nil) }) { return false }
            } else if let additional = plan.additional {
                let valid = additional._withUnsafeGuaranteedRef { schema in
                    schema.boolean != false && validateChild(schema, members[i].value, nil, nil)
                }
                if !valid { return false }
            }
        }
        if seen & plan.requiredMask != plan.requiredMask { return false }
        for name in plan.otherRequired where !Keywords.has(object, name) { return false }
        return true
    }
}
