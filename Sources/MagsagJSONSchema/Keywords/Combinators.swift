import MagsagSource

extension Evaluator {
    /// `allOf`, `anyOf`, `oneOf`, `not`, `if`/`then`/`else`.
    func combinator(_ keyword: KeywordNode, _ node: SchemaNode, _ instance: SourceValue,
                    _ ip: PathNode?, _ kp: PathNode?, _ annotations: inout Annotations?) -> Bool {
        switch keyword.kind {
        case .allOf(let schemas):
            var ok = true
            for (i, schema) in schemas.enumerated() where !validate(schema, instance, ip, child(kp, keyword.name, String(i)), &annotations) {
                ok = false
                if !collect { return false }
            }
            return ok
        case .anyOf(let schemas):
            // Decide quietly (no errors, no paths); build the errors only when the keyword fails.
            let collecting = collect
            collect = false
            var ok = false
            for schema in schemas {
                var branch: Annotations? = annotations != nil ? Annotations() : nil
                if validate(schema, instance, nil, nil, &branch) {
                    ok = true
                    guard let found = branch else { break }
                    annotations?.merge(found)
                }
            }
            collect = collecting
            if ok || !collecting { return ok }
            reportBranches(keyword, node, instance, ip, kp, failures: branchErrors(schemas, instance, ip, kp, keyword.name),
                           total: schemas.count)
            return false
        case .oneOf(let schemas):
            let collecting = collect
            collect = false
            var matched = 0
            var found: Annotations?
            for schema in schemas {
                var branch: Annotations? = annotations != nil ? Annotations() : nil
                if validate(schema, instance, nil, nil, &branch) {
                    matched += 1
                    found = branch
                    if !collecting, matched > 1 { break }
                }
            }
            collect = collecting
            if matched == 1 {
                if let found { annotations?.merge(found) }
                return true
            }
            guard collecting else { return false }
            if matched > 1 {
                // Which branches matched is only needed for this message: decided again, quietly.
                var none: Annotations?
                let matchedBranches = schemas.indices.filter { i in quietly { validate(schemas[i], instance, nil, nil, &none) } }
                report(node, keyword, instance, ip, kp, message: "\(Messages.describe(instance)) matches \(matched) schemas in oneOf (branches \(matchedBranches.map(String.init).joined(separator: ", "))) but must match exactly one")
                return false
            }
            reportBranches(keyword, node, instance, ip, kp, failures: branchErrors(schemas, instance, ip, kp, keyword.name),
                           total: schemas.count)
            return false
        case .not(let schema):
            var none: Annotations?
            let matched = quietly { validate(schema, instance, nil, nil, &none) }
            if !matched { return true }
            if collect { report(node, keyword, instance, ip, kp, message: "\(Messages.describe(instance)) must not match the schema in not") }
            return false
        case .conditional(let condition, let then, let otherwise):
            var conditionAnnotations: Annotations? = annotations != nil ? Annotations() : nil
            let holds = quietly { validate(condition, instance, nil, nil, &conditionAnnotations) }
            if holds, let found = conditionAnnotations { annotations?.merge(found) }
            guard let branch = holds ? then : otherwise else { return true }
            return validate(branch, instance, ip, child(kp, holds ? "then" : "else"), &annotations)
        default:
            return true
        }
    }

    /// Every branch's errors, for a failed `anyOf`/`oneOf` (re-run with paths; the quiet first pass built none).
    private func branchErrors(_ schemas: [SchemaNode], _ instance: SourceValue, _ ip: PathNode?, _ kp: PathNode?,
                              _ name: String) -> [(Int, [ValidationError])] {
        var failures: [(Int, [ValidationError])] = []
        for (i, schema) in schemas.enumerated() {
            let saved = errors.count
            var none: Annotations?
            _ = validate(schema, instance, ip, child(kp, name, String(i)), &none)
            failures.append((i, Array(errors[saved...])))
            errors.removeSubrange(saved...)
        }
        return failures
    }

    /// Report a failed `anyOf`/`oneOf`: one combined type error when no branch accepts the instance's
    /// type, otherwise the errors of the closest branch with a note.
    private func reportBranches(_ keyword: KeywordNode, _ node: SchemaNode, _ instance: SourceValue, _ ip: PathNode?, _ kp: PathNode?,
                                failures: [(Int, [ValidationError])], total: Int) {
        let here = ip?.pointer ?? .root
        func typeMismatch(_ errors: [ValidationError]) -> Bool {
            errors.contains { $0.keyword == "type" && $0.instanceLocation == here }
        }
        let candidates = failures.filter { !typeMismatch($0.1) && !$0.1.isEmpty }
        guard let best = candidates.min(by: { a, b in
            let da = a.1.map { $0.instanceLocation.tokens.count }.max() ?? 0
            let db = b.1.map { $0.instanceLocation.tokens.count }.max() ?? 0
            if da != db { return da > db }
            return a.1.count < b.1.count
        }) else {
            var expected: [String] = []
            for (_, errors) in failures {
                for error in errors where error.keyword == "type" && error.instanceLocation == here {
                    if let range = error.message.utf8Range(of: "expected "), let comma = error.message.utf8Range(of: ", got ") {
                        let list = String(error.message[range.upperBound..<comma.lowerBound])
                        if !expected.contains(list) { expected.append(list) }
                    }
                }
            }
            let message = expected.isEmpty
                ? "\(Messages.describe(instance)) does not match any of the \(total) schemas in \(keyword.name)"
                : "expected \(Messages.joinOr(expected)), got \(Messages.describeWithType(instance))"
            report(node, keyword, instance, ip, kp, message: message)
            return
        }
        let note = "\(keyword.name): none of the \(total) alternatives matched (\(failures.count) failed); showing the closest, branch \(best.0)"
        for var error in best.1 {
            error.note = error.note.map { note + "; " + $0 } ?? note
            errors.append(error)
        }
    }
}
