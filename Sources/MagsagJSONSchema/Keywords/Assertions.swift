import MagsagSource

enum Keywords {
    /// Whether `object` has a member `name` (scans small objects instead of copying members out).
    @inline(__always) static func has(_ object: SourceObject, _ name: String) -> Bool {
        if object.count > 8 { return object[name] != nil }
        let members = object.members
        for i in members.indices where members[i].key == name { return true }
        return false
    }

    /// JSON Schema's integer: mathematically integral (1.0 is an integer).
    static func isInteger(_ n: JSONNumber) -> Bool {
        if n.writtenInteger != nil { return true }
        let double = n.double
        if double.isFinite, abs(double) < 9.0e15 { return double == double.rounded(.towardZero) }
        return DecimalText(n.text)?.isInteger ?? n.isInteger
    }
}

extension Evaluator {
    /// `type`, `enum`, `const`: keywords that look at any instance.
    func genericAssertion(_ keyword: KeywordNode, _ node: SchemaNode, _ instance: SourceValue, _ ip: PathNode?, _ kp: PathNode?) -> Bool {
        func fail(_ message: @autoclosure () -> String) -> Bool {
            if collect { report(node, keyword, instance, ip, kp, message: message()) }
            return false
        }
        switch keyword.kind {
        case .type(let types):
            if types.admits(instance) { return true }
            return fail("expected \(Messages.typeList(types)), got \(Messages.describeWithType(instance))")
        case .enumeration(let values, let strings):
            if case .string(let text) = instance.kind {
                // A string equals only the strings among the values.
                for candidate in strings where JSONEquality.sameScalars(candidate, text) { return true }
            } else {
                for value in values where JSONEquality.equal(value, instance) { return true }
            }
            return fail("\(Messages.describe(instance)) is not one of the allowed values: \(Messages.list(values))")
        case .const(let value):
            if JSONEquality.equal(value, instance) { return true }
            return fail("\(Messages.describe(instance)) is not the required value \(Messages.describe(value))")
        default:
            return true
        }
    }

    /// `multipleOf`, `maximum`, `minimum` (and their exclusive forms).
    func numberAssertion(_ keyword: KeywordNode, _ node: SchemaNode, _ n: JSONNumber, _ instance: SourceValue, _ ip: PathNode?, _ kp: PathNode?) -> Bool {
        func fail(_ message: @autoclosure () -> String) -> Bool {
            if collect { report(node, keyword, instance, ip, kp, message: message()) }
            return false
        }
        switch keyword.kind {
        case .multipleOf(let divisor):
            if divisor.divides(n) { return true }
            return fail("\(n.text) is not a multiple of \(divisor.number.text)")
        case .maximum(let limit, let exclusive):
            let c = limit.compare(instance: n)
            if c < 0 || (c == 0 && !exclusive) { return true }
            return fail(exclusive ? "\(n.text) is not less than the exclusive maximum of \(limit.number.text)"
                                  : "\(n.text) is greater than the maximum of \(limit.number.text)")
        case .minimum(let limit, let exclusive):
            let c = limit.compare(instance: n)
            if c > 0 || (c == 0 && !exclusive) { return true }
            return fail(exclusive ? "\(n.text) is not greater than the exclusive minimum of \(limit.number.text)"
                                  : "\(n.text) is less than the minimum of \(limit.number.text)")
        default:
            return true
        }
    }

    /// `maxLength`, `minLength`, `pattern`, `format`.
    func stringAssertion(_ keyword: KeywordNode, _ node: SchemaNode, _ s: String, _ instance: SourceValue, _ ip: PathNode?, _ kp: PathNode?) -> Bool {
        func fail(_ message: @autoclosure () -> String) -> Bool {
            if collect { report(node, keyword, instance, ip, kp, message: message()) }
            return false
        }
        switch keyword.kind {
        case .maxLength(let limit):
            if s.utf8.count <= limit { return true }
            let length = s.unicodeScalars.count
            if length <= limit { return true }
            return fail("\(Messages.describe(instance)) is longer than \(limit) character\(limit == 1 ? "" : "s") (\(length))")
        case .minLength(let limit):
            if limit == 0 { return true }
            // Every scalar takes 1 to 4 UTF-8 bytes: most strings are decided without counting scalars.
            let bytes = s.utf8.count
            if bytes >= limit, (bytes + 3) / 4 >= limit { return true }
            let length = s.unicodeScalars.count
            if length >= limit { return true }
            return fail("\(Messages.describe(instance)) is shorter than \(limit) character\(limit == 1 ? "" : "s") (\(length))")
        case .pattern(let regex, let source):
            switch regex.search(s, stepLimit: options.regexStepLimit) {
            case .match: return true
            case .noMatch: return fail("\(Messages.describe(instance)) does not match pattern \"\(source)\"")
            case .stepLimitExceeded:
                return fail("pattern \"\(source)\" exceeded the regex step limit (\(options.regexStepLimit)) on \(Messages.describe(instance)); simplify the pattern")
            }
        case .format(let format, let name):
            if format.check(s) { return true }
            return fail("\(Messages.describe(instance)) is not a valid \(name)")
        default:
            return true
        }
    }

    /// `maxItems`, `minItems`, `uniqueItems`.
    func arrayAssertion(_ keyword: KeywordNode, _ node: SchemaNode, _ a: [SourceValue], _ instance: SourceValue, _ ip: PathNode?, _ kp: PathNode?) -> Bool {
        func fail(_ message: @autoclosure () -> String) -> Bool {
            if collect { report(node, keyword, instance, ip, kp, message: message()) }
            return false
        }
        switch keyword.kind {
        case .maxItems(let limit):
            if a.count <= limit { return true }
            return fail("array has \(a.count) items, more than the maximum of \(limit)")
        case .minItems(let limit):
            if a.count >= limit { return true }
            return fail("array has \(a.count) item\(a.count == 1 ? "" : "s"), fewer than the minimum of \(limit)")
        case .uniqueItems:
            guard let (i, j) = Self.firstDuplicate(a) else { return true }
            return fail("array items \(i) and \(j) are equal; items must be unique")
        default:
            return true
        }
    }

    /// `maxProperties`, `minProperties`, `required`, `dependentRequired` (and array-valued `dependencies`).
    func objectAssertion(_ keyword: KeywordNode, _ node: SchemaNode, _ o: SourceObject, _ instance: SourceValue, _ ip: PathNode?, _ kp: PathNode?) -> Bool {
        func fail(_ message: @autoclosure () -> String) -> Bool {
            if collect { report(node, keyword, instance, ip, kp, message: message()) }
            return false
        }
        switch keyword.kind {
        case .maxProperties(let limit):
            if o.count <= limit { return true }
            return fail("object has \(o.count) properties, more than the maximum of \(limit)")
        case .minProperties(let limit):
            if o.count >= limit { return true }
            return fail("object has \(o.count) propert\(o.count == 1 ? "y" : "ies"), fewer than the minimum of \(limit)")
        case .required(let names):
            var ok = true
            for name in names where !Keywords.has(o, name) {
                ok = false
                guard collect else { return false }
                report(node, keyword, instance, ip, kp, message: "missing required property \"\(name)\"")
            }
            return ok
        case .dependentRequired(let dependencies):
            var ok = true
            for (trigger, names) in dependencies where Keywords.has(o, trigger) {
                for name in names where !Keywords.has(o, name) {
                    ok = false
                    guard collect else { return false }
                    report(node, keyword, instance, ip, kp, message: "missing property \"\(name)\", required when \"\(trigger)\" is present")
                }
            }
            return ok
        default:
            return true
        }
    }

    static func firstDuplicate(_ a: [SourceValue]) -> (Int, Int)? {
        if a.count < 2 { return nil }
        if a.count <= 16 {
            for i in 0..<a.count {
                for j in (i + 1)..<a.count where JSONEquality.equal(a[i], a[j]) { return (i, j) }
            }
            return nil
        }
        var buckets: [Int: [Int]] = [:]
        for (j, value) in a.enumerated() {
            var hasher = Hasher()
            JSONEquality.hash(value, into: &hasher)
            let h = hasher.finalize()
            if let previous = buckets[h] {
                for i in previous where JSONEquality.equal(a[i], value) { return (i, j) }
            }
            buckets[h, default: []].append(j)
        }
        return nil
    }
}
