import MagsagSource

/// Compares a base and a head schema (both with `$ref`s inlined), walking properties, items and
/// combinators in parallel, and lists every change with what it does to the set of valid instances.
/// Pure: the result depends only on the two trees.
struct SchemaDiffer {
    private(set) var changes: [SchemaChange] = []
    /// Whether the walk is inside an odd number of `not`s (narrowing there widens the whole).
    var inverted = false

    /// Every change from `base` to `head`, in head document order.
    static func diff(base: SchemaNode, head: SchemaNode) -> [SchemaChange] {
        var differ = SchemaDiffer()
        differ.compare(base, head, name: "schema")
        return differ.changes
    }

    mutating func emit(_ effect: SchemaChange.Effect, _ summary: String, at location: SchemaLocation) {
        changes.append(SchemaChange(effect: inverted ? effect.inverted : effect, summary: summary, location: location))
    }

    /// Compare two subschemas; `name` says what they are in messages ("property 'id'", "items").
    mutating func compare(_ base: SchemaNode, _ head: SchemaNode, name: String) {
        switch (base.body, head.body) {
        case (.boolean(let a), .boolean(let b)):
            if a != b { emit(a ? .narrowing : .widening, "\(name) changed from \(a) to \(b)", at: head.location) }
        case (.boolean(true), .object(let keywords)):
            compareObjects([], keywords, head: head.location)
        case (.object(let keywords), .boolean(true)):
            compareObjects(keywords, [], head: head.location)
        case (.boolean(false), _):
            emit(.widening, "\(name) no longer rejects every value", at: head.location)
        case (_, .boolean(false)):
            emit(.narrowing, "\(name) now rejects every value", at: head.location)
        case (.object(let a), .object(let b)):
            compareObjects(a, b, head: head.location)
        case (.cycle(let a), .cycle(let b)):
            if a != b { emit(.unknown, "recursive $ref of \(name) now points elsewhere", at: head.location) }
        case (.unresolved(let a), .unresolved(let b)):
            if a != b { emit(.unknown, "$ref of \(name) changed from '\(a)' to '\(b)' and cannot be resolved", at: head.location) }
        case (.unresolved(let ref), _), (_, .unresolved(let ref)):
            emit(.unknown, "\(name) changed and its $ref '\(ref)' cannot be resolved", at: head.location)
        default:
            if SchemaCanonical.text(base) != SchemaCanonical.text(head) {
                emit(.unknown, "\(name) changed around a recursive $ref", at: head.location)
            }
        }
    }

    /// Compare the keywords of two object schemas.
    mutating func compareObjects(_ base: [SchemaKeyword], _ head: [SchemaKeyword], head node: SchemaLocation) {
        var baseByName: [String: SchemaKeyword] = [:]
        for keyword in base where baseByName[keyword.name] == nil { baseByName[keyword.name] = keyword }
        var headByName: [String: SchemaKeyword] = [:]
        for keyword in head where headByName[keyword.name] == nil { headByName[keyword.name] = keyword }
        var names: [String] = []
        var seen: Set<String> = []
        for keyword in head + base where seen.insert(keyword.name).inserted { names.append(keyword.name) }
        let context = ObjectContext(base: baseByName, head: headByName, node: node)
        for name in names {
            compareKeyword(name, base: baseByName[name], head: headByName[name], context: context)
        }
    }

    /// Both sides' keywords by name, and the head object's location (for removed keywords).
    struct ObjectContext {
        var base: [String: SchemaKeyword]
        var head: [String: SchemaKeyword]
        var node: SchemaLocation
    }

    static let lowerBounds: Set<String> = ["minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties", "minContains"]
    static let upperBounds: Set<String> = ["maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties", "maxContains"]
    /// Subschema keywords where an absent keyword means `true`.
    static let openByDefault: Set<String> = [
        "additionalProperties", "unevaluatedProperties", "additionalItems", "unevaluatedItems", "propertyNames",
        "contentSchema", "items", "then", "else",
    ]

    private mutating func compareKeyword(_ name: String, base: SchemaKeyword?, head: SchemaKeyword?, context: ObjectContext) {
        let location = head?.keyLocation ?? context.node
        if SchemaResolver.annotations.contains(name) {
            if let base, let head, SchemaCanonical.text(base.value, depth: 0) == SchemaCanonical.text(head.value, depth: 0) { return }
            emit(.annotation, "\(name) \(base == nil ? "added" : head == nil ? "removed" : "changed")", at: location)
            return
        }
        switch name {
        case "type": compareTypes(base, head, at: location)
        case "enum": compareEnum(base, head, at: location)
        case "const": compareConstraint(name, base, head, at: location, changed: .both)
        case "pattern", "format": compareConstraint(name, base, head, at: location, changed: .unknown)
        case "multipleOf": compareMultipleOf(base, head, at: location)
        case "uniqueItems": compareFlag(name, base, head, at: location)
        case "required": compareRequired(base, head, at: location, node: context.node)
        case "dependentRequired": compareDependentRequired(base, head, at: location)
        case "properties": compareProperties(context)
        case "patternProperties", "dependentSchemas", "dependencies": compareSchemaMap(name, base, head, at: location)
        case "not": compareNot(base, head, at: location)
        case "if": compareIf(base, head, at: location)
        case "allOf": compareList(name, base, head, at: location, added: .narrowing, absentIsEmpty: true)
        case "anyOf", "oneOf": compareList(name, base, head, at: location, added: .widening, absentIsEmpty: false)
        case "prefixItems": compareTuple(name, base, head, at: location)
        case "items" where Self.isTuple(base) || Self.isTuple(head): compareTuple(name, base, head, at: location)
        case "$dynamicRef", "$recursiveRef": compareConstraint(name, base, head, at: location, changed: .unknown, addedEffect: .unknown)
        default:
            if Self.lowerBounds.contains(name) || Self.upperBounds.contains(name) {
                compareBound(name, base, head, at: location, lower: Self.lowerBounds.contains(name))
            } else if Self.openByDefault.contains(name) || name == "contains" {
                compareSubschema(name, base, head, at: location, node: context.node)
            }
            // Any other keyword is unknown to validators and so constrains nothing.
        }
    }

    private static func isTuple(_ keyword: SchemaKeyword?) -> Bool {
        if case .schemas = keyword?.value { return true }
        return false
    }

    /// A keyword holding one subschema; absent means `true`, except for `contains` (absent: no
    /// constraint; present: at least one matching item).
    private mutating func compareSubschema(_ name: String, _ base: SchemaKeyword?, _ head: SchemaKeyword?, at location: SchemaLocation, node: SchemaLocation) {
        let open = Self.openByDefault.contains(name)
        let trueNode = SchemaNode(body: .boolean(true), location: node)
        switch (base?.value, head?.value) {
        case (.schema(let a)?, .schema(let b)?):
            compare(a, b, name: name)
        case (nil, .schema(let b)?):
            if open { compare(trueNode, b, name: name) } else { emit(.narrowing, "\(name) added", at: location) }
        case (.schema(let a)?, nil):
            if open { compare(a, trueNode, name: name) } else { emit(.widening, "\(name) removed", at: location) }
        default:
            compareConstraint(name, base, head, at: location, changed: .unknown)
        }
    }

    private mutating func compareNot(_ base: SchemaKeyword?, _ head: SchemaKeyword?, at location: SchemaLocation) {
        switch (base?.value, head?.value) {
        case (.schema(let a)?, .schema(let b)?):
            inverted.toggle()
            compare(a, b, name: "not")
            inverted.toggle()
        case (nil, _?): emit(.narrowing, "not added", at: location)
        case (_?, nil): emit(.widening, "not removed", at: location)
        default: break
        }
    }

    private mutating func compareIf(_ base: SchemaKeyword?, _ head: SchemaKeyword?, at location: SchemaLocation) {
        switch (base, head) {
        case (nil, _?): emit(.narrowing, "if/then/else condition added", at: location)
        case (_?, nil): emit(.widening, "if/then/else condition removed", at: location)
        case (let a?, let b?):
            if SchemaCanonical.text(a.value, depth: 0) != SchemaCanonical.text(b.value, depth: 0) {
                emit(.unknown, "if condition changed", at: location)
            }
        default: break
        }
    }
}
