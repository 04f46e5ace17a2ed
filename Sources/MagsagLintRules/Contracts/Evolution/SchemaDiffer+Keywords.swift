import MagsagSource

/// Keyword-by-keyword comparisons.
extension SchemaDiffer {
    /// A keyword whose presence constrains: added narrows, removed widens, a change is `changed`.
    mutating func compareConstraint(_ name: String, _ base: SchemaKeyword?, _ head: SchemaKeyword?, at location: SchemaLocation,
                                    changed: SchemaChange.Effect, addedEffect: SchemaChange.Effect = .narrowing) {
        switch (base, head) {
        case (nil, let b?): emit(addedEffect, "\(name) \(Self.show(b.value)) added", at: location)
        case (let a?, nil): emit(addedEffect == .narrowing ? .widening : addedEffect, "\(name) \(Self.show(a.value)) removed", at: location)
        case (let a?, let b?):
            if SchemaCanonical.text(a.value, depth: 0) != SchemaCanonical.text(b.value, depth: 0) {
                emit(changed, "\(name) changed from \(Self.show(a.value)) to \(Self.show(b.value))", at: location)
            }
        default: break
        }
    }

    mutating func compareFlag(_ name: String, _ base: SchemaKeyword?, _ head: SchemaKeyword?, at location: SchemaLocation) {
        let a = Self.data(base)?.boolValue ?? false
        let b = Self.data(head)?.boolValue ?? false
        if a != b { emit(b ? .narrowing : .widening, "\(name) changed from \(a) to \(b)", at: location) }
    }

    mutating func compareBound(_ name: String, _ base: SchemaKeyword?, _ head: SchemaKeyword?, at location: SchemaLocation, lower: Bool) {
        let a = Self.data(base), b = Self.data(head)
        if a?.boolValue != nil || b?.boolValue != nil {
            // Draft 4 `exclusiveMinimum: true` modifies `minimum`: true is the stricter form.
            return compareFlag(name, base, head, at: location)
        }
        switch (a?.numberValue?.double, b?.numberValue?.double) {
        case (nil, let y?) where a == nil: emit(.narrowing, "\(name) \(Self.show(y)) added", at: location)
        case (let x?, nil) where b == nil: emit(.widening, "\(name) \(Self.show(x)) removed", at: location)
        case (let x?, let y?):
            guard x != y else { return }
            let stricter = lower ? y > x : y < x
            emit(stricter ? .narrowing : .widening, "\(name) \(y > x ? "raised" : "lowered") from \(Self.show(x)) to \(Self.show(y))", at: location)
        default:
            compareConstraint(name, base, head, at: location, changed: .unknown)
        }
    }

    mutating func compareMultipleOf(_ base: SchemaKeyword?, _ head: SchemaKeyword?, at location: SchemaLocation) {
        guard let x = Self.data(base)?.numberValue?.double, let y = Self.data(head)?.numberValue?.double, x > 0, y > 0 else {
            return compareConstraint("multipleOf", base, head, at: location, changed: .unknown)
        }
        guard x != y else { return }
        let effect: SchemaChange.Effect = Self.divides(x, y) ? .narrowing : Self.divides(y, x) ? .widening : .both
        emit(effect, "multipleOf changed from \(Self.show(x)) to \(Self.show(y))", at: location)
    }

    mutating func compareTypes(_ base: SchemaKeyword?, _ head: SchemaKeyword?, at location: SchemaLocation) {
        let a = Self.types(base), b = Self.types(head)
        guard a != b else { return }
        let describe = { (set: Set<String>?) in set.map { "[" + $0.sorted().joined(separator: ", ") + "]" } ?? "any" }
        let narrower = Self.covers(a, b), wider = Self.covers(b, a)
        if narrower && wider { return }
        let effect: SchemaChange.Effect = narrower ? .narrowing : wider ? .widening : .both
        emit(effect, "type changed from \(describe(a)) to \(describe(b))", at: location)
    }

    mutating func compareEnum(_ base: SchemaKeyword?, _ head: SchemaKeyword?, at location: SchemaLocation) {
        guard let a = Self.data(base)?.arrayValue, let b = Self.data(head)?.arrayValue else {
            return compareConstraint("enum", base, head, at: location, changed: .unknown)
        }
        let baseValues = Set(a.map(SchemaCanonical.text))
        let headValues = Set(b.map(SchemaCanonical.text))
        let added = b.filter { !baseValues.contains(SchemaCanonical.text($0)) }
        let removed = a.filter { !headValues.contains(SchemaCanonical.text($0)) }
        if !removed.isEmpty { emit(.narrowing, "enum value\(removed.count == 1 ? "" : "s") \(Self.list(removed)) removed", at: location) }
        if let first = added.first {
            let at = head.map { SchemaLocation(path: $0.valueLocation.path, range: first.range, pointer: $0.valueLocation.pointer) } ?? location
            emit(.widening, "enum value\(added.count == 1 ? "" : "s") \(Self.list(added)) added", at: at)
        }
    }

    mutating func compareRequired(_ base: SchemaKeyword?, _ head: SchemaKeyword?, at location: SchemaLocation, node: SchemaLocation) {
        let a = Self.data(base)?.arrayValue ?? [], b = Self.data(head)?.arrayValue ?? []
        let baseNames = Set(a.compactMap(\.stringValue)), headNames = Set(b.compactMap(\.stringValue))
        for value in b {
            guard let name = value.stringValue, !baseNames.contains(name) else { continue }
            let at = head.map { SchemaLocation(path: $0.valueLocation.path, range: value.range, pointer: $0.valueLocation.pointer) } ?? location
            emit(.narrowing, "property '\(name)' became required", at: at)
        }
        for name in a.compactMap(\.stringValue) where !headNames.contains(name) {
            emit(.widening, "property '\(name)' is no longer required", at: location)
        }
    }

    mutating func compareDependentRequired(_ base: SchemaKeyword?, _ head: SchemaKeyword?, at location: SchemaLocation) {
        let a = Self.data(base)?.objectValue, b = Self.data(head)?.objectValue
        for key in Set((a?.keys ?? []) + (b?.keys ?? [])).sorted() {
            let x = Set(a?[key]?.arrayValue?.compactMap(\.stringValue) ?? []), y = Set(b?[key]?.arrayValue?.compactMap(\.stringValue) ?? [])
            if !y.subtracting(x).isEmpty { emit(.narrowing, "dependentRequired of '\(key)' now requires \(y.subtracting(x).sorted().joined(separator: ", "))", at: location) }
            if !x.subtracting(y).isEmpty { emit(.widening, "dependentRequired of '\(key)' no longer requires \(x.subtracting(y).sorted().joined(separator: ", "))", at: location) }
        }
    }

    // MARK: - Values

    static func data(_ keyword: SchemaKeyword?) -> SourceValue? {
        if case .data(let value)? = keyword?.value { return value }
        return nil
    }

    /// The `type` set; nil when absent (any type).
    static func types(_ keyword: SchemaKeyword?) -> Set<String>? {
        guard let value = data(keyword) else { return nil }
        if let name = value.stringValue { return [name] }
        return Set(value.arrayValue?.compactMap(\.stringValue) ?? [])
    }

    /// Whether every type `inner` allows is allowed by `outer` (nil = any type; integer ⊂ number).
    static func covers(_ outer: Set<String>?, _ inner: Set<String>?) -> Bool {
        guard let outer else { return true }
        guard let inner else { return false }
        return inner.allSatisfy { outer.contains($0) || ($0 == "integer" && outer.contains("number")) }
    }

    /// Whether `y` is a whole multiple of `x`.
    static func divides(_ x: Double, _ y: Double) -> Bool {
        let ratio = y / x
        return ratio.isFinite && abs(ratio - ratio.rounded()) < 1e-9
    }

    static func show(_ value: SchemaKeywordValue) -> String {
        if case .data(let data) = value { return show(data) }
        return "schema"
    }

    static func show(_ value: SourceValue) -> String {
        let text = SchemaCanonical.text(value)
        if case .number(let number) = value.kind { return number.text }
        return text.count > 40 ? String(text.prefix(37)) + "..." : text
    }

    static func show(_ number: Double) -> String {
        number == number.rounded() && abs(number) < 1e15 ? String(Int(number)) : "\(number)"
    }

    static func list(_ values: [SourceValue]) -> String {
        let shown = values.prefix(5).map(show).joined(separator: ", ")
        return values.count > 5 ? shown + ", ..." : shown
    }
}
