import MagsagSource

/// A path (instance or schema) as an immutable linked list; only built when errors are collected.
final class PathNode: @unchecked Sendable {
    let parent: PathNode?
    let token: String

    init(_ parent: PathNode?, _ token: String) {
        self.parent = parent
        self.token = token
    }

    static func root() -> PathNode { shared }
    /// The empty path (immutable, so one instance serves every evaluation).
    private static let shared = PathNode(nil, "")

    var pointer: JSONPointer {
        var tokens: [String] = []
        var current: PathNode? = self
        while let node = current, node.parent != nil {
            tokens.append(node.token)
            current = node.parent
        }
        return JSONPointer(tokens: tokens.reversed())
    }

    var depth: Int {
        var n = 0
        var current = parent
        while let node = current { n += 1; current = node.parent }
        return n
    }
}

/// What a (valid) schema evaluation covered, for `unevaluatedProperties` / `unevaluatedItems`.
struct Annotations {
    var allProperties = false
    var properties: Set<String> = []
    var allItems = false
    var itemPrefix = 0
    var items: Set<Int> = []

    mutating func merge(_ other: Annotations) {
        if other.allProperties { allProperties = true } else if !other.properties.isEmpty { properties.formUnion(other.properties) }
        if other.allItems { allItems = true }
        itemPrefix = max(itemPrefix, other.itemPrefix)
        if !other.items.isEmpty { items.formUnion(other.items) }
    }

    func evaluatedProperty(_ name: String) -> Bool { allProperties || properties.contains(name) }
    func evaluatedItem(_ index: Int) -> Bool { allItems || index < itemPrefix || items.contains(index) }
}

/// One validation run: the dynamic scope, the recursion guard and (optionally) collected errors.
final class Evaluator {
    let options: ValidationOptions
    /// Whether errors (and paths) are built; false on the `isValid` fast path and while deciding a
    /// subschema whose errors would be discarded (`not`, `if`, `contains`, `anyOf`/`oneOf` branches).
    @exclusivity(unchecked) var collect: Bool
    @exclusivity(unchecked) var errors: [ValidationError] = []
    @exclusivity(unchecked) var scopes: [CompiledResource] = []
    /// Whether the dynamic scope must be tracked (the schema uses `$dynamicRef`/`$recursiveRef`).
    let tracksScopes: Bool
    /// References being followed: target location hash, instance depth, target (kept alive by the schema).
    @exclusivity(unchecked) private var active: [(location: Int, depth: Int, node: Unmanaged<SchemaNode>)] = []
    @exclusivity(unchecked) var instanceDepth = 0

    init(options: ValidationOptions, collect: Bool, tracksScopes: Bool) {
        self.options = options
        self.collect = collect
        self.tracksScopes = tracksScopes
        // One allocation for the reference guard instead of regrowing it at the first few `$ref`s.
        active.reserveCapacity(8)
    }

    /// Run `body` without building errors or paths (for a result that only matters as a boolean).
    @inline(__always) func quietly<T>(_ body: () -> T) -> T {
        let collecting = collect
        collect = false
        defer { collect = collecting }
        return body()
    }

    @inline(__always) func child(_ path: PathNode?, _ token: @autoclosure () -> String) -> PathNode? {
        guard let path else { return nil }
        return PathNode(path, token())
    }

    @inline(__always) func child(_ path: PathNode?, _ a: String, _ b: @autoclosure () -> String) -> PathNode? {
        guard let path else { return nil }
        return PathNode(PathNode(path, a), b())
    }

    /// Evaluate `node` against `instance`. `annotations` is non-nil when the caller needs to know what
    /// was evaluated (it is only updated when the node is valid).
    func validate(_ node: SchemaNode, _ instance: SourceValue, _ ip: PathNode?, _ kp: PathNode?, _ annotations: inout Annotations?) -> Bool {
        if let boolean = node.boolean {
            if !boolean {
                if collect { report(node, keywordName: nil, range: node.range, instance, ip, kp, message: "no value is allowed here (the schema is false)", keyword: "false") }
            } else if annotations != nil {
                // `true` evaluates nothing by itself.
            }
            return boolean
        }
        let pushed = tracksScopes && scopes.last !== node.resource
        if pushed { scopes.append(node.resource) }
        defer { if pushed { scopes.removeLast() } }
        var local: Annotations? = (annotations != nil || node.hasUnevaluated) ? Annotations() : nil
        var valid = true
        if collect {
            for i in node.generic where !node.withKeyword(i, { evaluate($0, node, instance, ip, kp, &local) }) { valid = false }
        } else {
            // Quietly only the answer matters, not the order of failures: the type test comes first.
            if !node.types.admits(instance) { return false }
            for i in node.generic where !node.withKeyword(i, { $0.typeSet != nil || evaluate($0, node, instance, ip, kp, &local) }) {
                return false
            }
        }
        // One match on the instance's type, then only the keywords that apply to it.
        switch instance.kind {
        case .object(let object):
            if !collect, local == nil, let plan = node.objectPlan {
                if !objectFast(plan, object) { return false }
            } else {
                for i in node.objectKeywords where !node.withKeyword(i, { objectApplicator($0, node, object, instance, ip, kp, &local) }) {
                    valid = false
                    if !collect { return false }
                }
            }
        case .array(let elements):
            for i in node.arrayKeywords where !node.withKeyword(i, { arrayApplicator($0, node, elements, instance, ip, kp, &local) }) {
                valid = false
                if !collect { return false }
            }
        case .string(let string):
            for i in node.stringKeywords where !node.withKeyword(i, { stringAssertion($0, node, string, instance, ip, kp) }) {
                valid = false
                if !collect { return false }
            }
        case .number(let number):
            for i in node.numberKeywords where !node.withKeyword(i, { numberAssertion($0, node, number, instance, ip, kp) }) {
                valid = false
                if !collect { return false }
            }
        case .null, .bool:
            break
        }
        if valid, annotations != nil, let local { annotations?.merge(local) }
        return valid
    }

    /// Evaluate a subschema at a child instance location (property value or array element).
    ///
    /// When errors are collected, the child is first decided quietly: a valid child (the common case)
    /// then costs no path nodes at all, and only an invalid one is evaluated again to build its errors.
    /// The paths are autoclosures so that they are only built on that second evaluation.
    @inline(__always) func validateChild(_ node: SchemaNode, _ instance: SourceValue,
                                         _ ip: @autoclosure () -> PathNode?, _ kp: @autoclosure () -> PathNode?) -> Bool {
        instanceDepth += 1
        defer { instanceDepth -= 1 }
        if instanceDepth > options.maxInstanceDepth {
            if collect {
                report(node, keywordName: nil, range: node.range, instance, ip(), kp(),
                       message: "the instance is nested more than \(options.maxInstanceDepth) levels deep; validation stopped here", keyword: "depth")
            }
            return false
        }
        var none: Annotations?
        if collect {
            collect = false
            let valid = validate(node, instance, nil, nil, &none)
            collect = true
            if valid { return true }
        }
        return validate(node, instance, ip(), kp(), &none)
    }

    /// Follow a reference with the recursion guard.
    func follow(_ target: SchemaNode, _ keyword: KeywordNode, _ node: SchemaNode, _ instance: SourceValue, _ ip: PathNode?, _ kp: PathNode?, _ annotations: inout Annotations?) -> Bool {
        let depth = instanceDepth, location = target.location
        if active.contains(where: { $0.location == location && $0.depth == depth && $0.node.takeUnretainedValue().sameLocation(target) }) {
            if collect {
                report(node, keyword, instance, ip, kp, message: "\(keyword.name) recursion without progress: the schema refers to itself at the same instance location")
            }
            return false
        }
        if active.count > options.maxReferenceDepth {
            if collect {
                report(node, keyword, instance, ip, kp, message: "more than \(options.maxReferenceDepth) nested references; validation stopped here")
            }
            return false
        }
        active.append((location, depth, Unmanaged.passUnretained(target)))
        defer { active.removeLast() }
        return validate(target, instance, ip, child(kp, keyword.name), &annotations)
    }

    func report(_ node: SchemaNode, _ keyword: KeywordNode, _ instance: SourceValue, _ ip: PathNode?, _ kp: PathNode?, message: String) {
        report(node, keywordName: keyword.name, range: keyword.range, instance, ip, kp, message: message, keyword: keyword.name)
    }

    func report(_ node: SchemaNode, keywordName: String?, range: SourceRange, _ instance: SourceValue, _ ip: PathNode?, _ kp: PathNode?, message: String, keyword: String) {
        let keywordPath = keywordName.map { (kp ?? PathNode.root()).pointer.appending($0) } ?? (kp ?? PathNode.root()).pointer
        errors.append(ValidationError(
            instanceLocation: ip?.pointer ?? .root,
            instanceRange: instance.range,
            keywordLocation: keywordPath,
            absoluteKeywordLocation: node.absoluteLocation(of: keywordName.map { [$0] } ?? []),
            schemaDocumentURI: node.documentURI,
            schemaRange: range,
            keyword: keyword,
            message: message
        ))
    }
}
