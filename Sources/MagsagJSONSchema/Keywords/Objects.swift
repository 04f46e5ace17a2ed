import MagsagSource

extension Evaluator {
    /// Applicators over object members.
    func objectApplicator(_ keyword: KeywordNode, _ node: SchemaNode, _ object: SourceObject, _ instance: SourceValue,
                          _ ip: PathNode?, _ kp: PathNode?, _ annotations: inout Annotations?) -> Bool {
        var ok = true
        switch keyword.kind {
        case .properties(let schemas):
            let members = object.members
            for i in members.indices {
                guard let schema = schemas[members[i].key] else { continue }
                if annotations != nil { annotations?.properties.insert(members[i].key) }
                if !validateChild(schema, members[i].value, child(ip, members[i].key), child(kp, keyword.name, members[i].key)) {
                    ok = false
                    if !collect { return false }
                }
            }
        case .patternProperties(let list):
            for member in object.members {
                for (regex, source, schema) in list {
                    switch regex.search(member.key, stepLimit: options.regexStepLimit) {
                    case .noMatch: continue
                    case .stepLimitExceeded:
                        ok = false
                        if collect { report(node, keyword, instance, ip, kp, message: "pattern \"\(source)\" exceeded the regex step limit on property name \"\(member.key)\"") }
                        continue
                    case .match: break
                    }
                    annotations?.properties.insert(member.key)
                    if !validateChild(schema, member.value, child(ip, member.key), child(kp, keyword.name, source)) {
                        ok = false
                        if !collect { return false }
                    }
                }
            }
        case .additionalProperties(let schema, let names, let patterns):
            let members = object.members
            for i in members.indices {
                if names.contains(members[i].key) { continue }
                let member = members[i]
                if patterns.contains(where: { $0.search(member.key, stepLimit: options.regexStepLimit) != .noMatch }) { continue }
                annotations?.properties.insert(member.key)
                if schema.boolean == false {
                    ok = false
                    guard collect else { return false }
                    report(node, keyword, member.value, child(ip, member.key), kp,
                           message: "\"\(member.key)\" is not allowed (additionalProperties is false)")
                    continue
                }
                if !validateChild(schema, member.value, child(ip, member.key), child(kp, keyword.name)) {
                    ok = false
                    if !collect { return false }
                }
            }
        case .propertyNames(let schema):
            for member in object.members {
                let name = SourceValue(.string(member.key), span: member.keySpan)
                if !validateChild(schema, name, child(ip, member.key), child(kp, keyword.name)) {
                    ok = false
                    if !collect { return false }
                }
            }
        case .dependentSchemas(let list):
            for (trigger, schema) in list where Keywords.has(object, trigger) {
                if !validate(schema, instance, ip, child(kp, keyword.name, trigger), &annotations) {
                    ok = false
                    if !collect { return false }
                }
            }
        case .unevaluatedProperties(let schema):
            let seen = annotations ?? Annotations()
            if seen.allProperties { return true }
            for member in object.members where !seen.properties.contains(member.key) {
                if schema.boolean == false {
                    ok = false
                    guard collect else { return false }
                    report(node, keyword, member.value, child(ip, member.key), kp,
                           message: "\"\(member.key)\" is not allowed (unevaluatedProperties is false)")
                    continue
                }
                if !validateChild(schema, member.value, child(ip, member.key), child(kp, keyword.name)) {
                    ok = false
                    if !collect { return false }
                }
            }
            if ok { annotations?.allProperties = true }
        case .maxProperties, .minProperties, .required, .dependentRequired:
            return objectAssertion(keyword, node, object, instance, ip, kp)
        default:
            break
        }
        return ok
    }
}
