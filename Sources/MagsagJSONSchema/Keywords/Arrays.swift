import MagsagSource

extension Evaluator {
    /// Applicators over array elements.
    func arrayApplicator(_ keyword: KeywordNode, _ node: SchemaNode, _ elements: [SourceValue], _ instance: SourceValue,
                         _ ip: PathNode?, _ kp: PathNode?, _ annotations: inout Annotations?) -> Bool {
        var ok = true
        switch keyword.kind {
        case .prefixItems(let schemas):
            let n = min(schemas.count, elements.count)
            for i in 0..<n where !validateChild(schemas[i], elements[i], child(ip, String(i)), child(kp, keyword.name, String(i))) {
                ok = false
                if !collect { return false }
            }
            if let current = annotations?.itemPrefix, current < n { annotations?.itemPrefix = n }
        case .items(let schema, let from):
            guard elements.count > from else { return true }
            if schema.boolean == false {
                if collect {
                    report(node, keyword, instance, ip, kp,
                           message: from == 0 ? "array must be empty (\(keyword.name) is false)"
                                              : "array has \(elements.count) items, at most \(from) allowed (\(keyword.name) is false)")
                }
                return false
            }
            for i in from..<elements.count where !validateChild(schema, elements[i], child(ip, String(i)), child(kp, keyword.name)) {
                ok = false
                if !collect { return false }
            }
            annotations?.allItems = true
        case .contains(let schema, let minimum, let maximum, let annotates):
            var matches = 0
            let collecting = collect
            collect = false
            for i in elements.indices {
                if validateChild(schema, elements[i], nil, nil) {
                    matches += 1
                    if annotates { annotations?.items.insert(i) }
                    if maximum == nil, annotations == nil, matches >= minimum { break }
                }
            }
            collect = collecting
            if matches < minimum {
                ok = false
                if collect {
                    report(node, keyword, instance, ip, kp, message: minimum == 1
                        ? "array does not contain an item matching the contains schema"
                        : "array contains \(matches) item\(matches == 1 ? "" : "s") matching the contains schema, fewer than minContains \(minimum)")
                }
            } else if let maximum, matches > maximum {
                ok = false
                if collect {
                    report(node, keyword, instance, ip, kp, message: "array contains \(matches) items matching the contains schema, more than maxContains \(maximum)")
                }
            }
            if ok, annotates, matches == elements.count { annotations?.allItems = true }
        case .unevaluatedItems(let schema):
            let seen = annotations ?? Annotations()
            if seen.allItems { return true }
            for i in elements.indices where !seen.evaluatedItem(i) {
                if schema.boolean == false {
                    ok = false
                    guard collect else { return false }
                    report(node, keyword, elements[i], child(ip, String(i)), kp, message: "item \(i) is not allowed (unevaluatedItems is false)")
                    continue
                }
                if !validateChild(schema, elements[i], child(ip, String(i)), child(kp, keyword.name)) {
                    ok = false
                    if !collect { return false }
                }
            }
            if ok { annotations?.allItems = true }
        case .maxItems, .minItems, .uniqueItems:
            return arrayAssertion(keyword, node, elements, instance, ip, kp)
        default:
            break
        }
        return ok
    }
}
