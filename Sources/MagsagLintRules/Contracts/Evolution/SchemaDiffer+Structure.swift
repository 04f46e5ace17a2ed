import MagsagSource

/// Properties, maps of subschemas, combinator lists and tuples.
extension SchemaDiffer {
    /// `properties`, read together with `additionalProperties` (what a missing property falls back to)
    /// and `patternProperties` (which may already cover a new name: undecidable without the regex).
    mutating func compareProperties(_ context: ObjectContext) {
        let base = Self.entries(context.base["properties"]), head = Self.entries(context.head["properties"])
        let propertiesAt = context.head["properties"]?.keyLocation ?? context.node
        let patterns = context.base["patternProperties"] != nil || context.head["patternProperties"] != nil
        let baseByKey = Dictionary(base.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
        let headByKey = Dictionary(head.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
        for entry in head {
            let name = "property '\(entry.key)'"
            if let old = baseByKey[entry.key] {
                compare(old.node, entry.node, name: name)
                continue
            }
            if patterns { emit(.unknown, "\(name) added next to patternProperties", at: entry.keyLocation); continue }
            switch Self.fallback(context.base["additionalProperties"]) {
            case nil: emit(.addition, "optional \(name) added", at: entry.keyLocation)
            case let node?:
                if case .boolean(false) = node.body {
                    emit(.widening, "\(name) added where additional properties were rejected", at: entry.keyLocation)
                } else {
                    compare(node, entry.node, name: name)
                }
            }
        }
        for entry in base where headByKey[entry.key] == nil {
            let name = "property '\(entry.key)'"
            if patterns { emit(.unknown, "\(name) removed next to patternProperties", at: propertiesAt); continue }
            switch Self.fallback(context.head["additionalProperties"]) {
            case nil: emit(.widening, "\(name) removed (any value is now allowed)", at: propertiesAt)
            case let node?:
                if case .boolean(false) = node.body {
                    emit(.narrowing, "\(name) removed while additional properties are rejected", at: propertiesAt)
                } else {
                    var moved = node
                    moved.location = propertiesAt
                    compare(entry.node, moved, name: name)
                }
            }
        }
    }

    /// The schema a property not listed in `properties` must match; nil when anything goes.
    private static func fallback(_ keyword: SchemaKeyword?) -> SchemaNode? {
        guard case .schema(let node)? = keyword?.value else { return nil }
        if case .boolean(true) = node.body { return nil }
        if case .object(let keywords) = node.body, keywords.allSatisfy({ SchemaResolver.annotations.contains($0.name) }) { return nil }
        return node
    }

    static func entries(_ keyword: SchemaKeyword?) -> [(key: String, node: SchemaNode, keyLocation: SchemaLocation)] {
        if case .schemaMap(let entries)? = keyword?.value { return entries }
        return []
    }

    /// `patternProperties`, `dependentSchemas`, `dependencies`: entries added narrow, removed widen,
    /// kept entries are compared.
    mutating func compareSchemaMap(_ name: String, _ base: SchemaKeyword?, _ head: SchemaKeyword?, at location: SchemaLocation) {
        guard case .schemaMap? = base?.value ?? head?.value, base == nil || Self.isMap(base), head == nil || Self.isMap(head) else {
            return compareConstraint(name, base, head, at: location, changed: .unknown)
        }
        let old = Self.entries(base), new = Self.entries(head)
        let oldByKey = Dictionary(old.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
        let newKeys = Set(new.map(\.key))
        // A new pattern can also widen (it may admit names additionalProperties rejected): undecidable.
        let addedEffect: SchemaChange.Effect = name == "patternProperties" ? .unknown : .narrowing
        for entry in new {
            if let previous = oldByKey[entry.key] {
                compare(previous.node, entry.node, name: "\(name) '\(entry.key)'")
            } else {
                emit(addedEffect, "\(name) '\(entry.key)' added", at: entry.keyLocation)
            }
        }
        for entry in old where !newKeys.contains(entry.key) {
            emit(addedEffect == .narrowing ? .widening : addedEffect, "\(name) '\(entry.key)' removed", at: location)
        }
    }

    private static func isMap(_ keyword: SchemaKeyword?) -> Bool {
        if case .schemaMap? = keyword?.value { return true }
        return false
    }

    /// `allOf` / `anyOf` / `oneOf`: identical branches are matched whatever their order; one edited
    /// branch is compared with its counterpart; only additions or only removals are classified;
    /// anything else is a rewrite the tool cannot judge.
    mutating func compareList(_ name: String, _ base: SchemaKeyword?, _ head: SchemaKeyword?, at location: SchemaLocation,
                              added: SchemaChange.Effect, absentIsEmpty: Bool) {
        let removed: SchemaChange.Effect = added == .narrowing ? .widening : .narrowing
        if !absentIsEmpty, base == nil || head == nil {
            // A whole anyOf/oneOf appearing is a new constraint; disappearing lifts one.
            return emit(base == nil ? .narrowing : .widening, "\(name) \(base == nil ? "added" : "removed")", at: location)
        }
        let old = Self.nodes(base), new = Self.nodes(head)
        var unmatchedNew = Array(new.indices)
        var unmatchedOld: [Int] = []
        for (i, node) in old.enumerated() {
            let text = SchemaCanonical.text(node)
            if let at = unmatchedNew.firstIndex(where: { SchemaCanonical.text(new[$0]) == text }) {
                unmatchedNew.remove(at: at)
            } else {
                unmatchedOld.append(i)
            }
        }
        if unmatchedOld.count == unmatchedNew.count {
            for (i, j) in zip(unmatchedOld, unmatchedNew) { compare(old[i], new[j], name: "\(name) branch \(j)") }
        } else if unmatchedOld.isEmpty {
            for j in unmatchedNew { emit(added, "\(name) branch \(j) added", at: new[j].location) }
        } else if unmatchedNew.isEmpty {
            emit(removed, "\(name) branch\(unmatchedOld.count == 1 ? "" : "es") removed", at: location)
        } else {
            emit(.unknown, "\(name) rewritten (\(unmatchedOld.count) branches replaced by \(unmatchedNew.count))", at: location)
        }
    }

    static func nodes(_ keyword: SchemaKeyword?) -> [SchemaNode] {
        switch keyword?.value {
        case .schemas(let nodes)?: return nodes
        case .schema(let node)?: return [node]
        default: return []
        }
    }

    /// `prefixItems` and array-form `items`: positions compared pairwise; a new position constrains.
    mutating func compareTuple(_ name: String, _ base: SchemaKeyword?, _ head: SchemaKeyword?, at location: SchemaLocation) {
        guard case .schemas? = base?.value ?? head?.value, base == nil || Self.isList(base), head == nil || Self.isList(head) else {
            return emit(.unknown, "\(name) changed between a single schema and a tuple", at: location)
        }
        let old = Self.nodes(base), new = Self.nodes(head)
        for i in 0..<min(old.count, new.count) { compare(old[i], new[i], name: "\(name) position \(i)") }
        if new.count > old.count {
            for j in old.count..<new.count { emit(.narrowing, "\(name) position \(j) added", at: new[j].location) }
        } else if old.count > new.count {
            emit(.widening, "\(name) position\(old.count - new.count == 1 ? "" : "s") \(new.count)... removed", at: location)
        }
    }

    private static func isList(_ keyword: SchemaKeyword?) -> Bool {
        if case .schemas? = keyword?.value { return true }
        return false
    }
}
