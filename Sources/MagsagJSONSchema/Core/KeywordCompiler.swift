import MagsagSource

/// Compiles the keywords of one schema object, per dialect and vocabularies.
struct KeywordCompiler {
    let compiler: Compiler
    let document: SchemaDocument
    let resource: SchemaResource
    let node: SchemaNode
    let object: SourceObject

    var dialect: Dialect { resource.dialect }

    private func error(_ message: String, _ keyword: String) -> SchemaError {
        SchemaError(message, documentURI: document.uri, pointer: JSONPointer(tokens: node.pointer + [keyword]),
                    range: object[keyword]?.range ?? node.range)
    }

    /// The subschema at `tokens` below this node (`value`: the schema there, when at hand).
    private func sub(_ tokens: [String], _ value: SourceValue? = nil) throws(SchemaError) -> SchemaNode {
        try compiler.node(document, Self.joined(node.pointer, tokens), value: value)
    }

    /// `base + tokens` in an array of exactly their count: every node keeps its pointer for the run, and
    /// `+` left up to half of each one unused (9 MB of a cold check's heap at 10,000 agents).
    static func joined(_ base: [String], _ tokens: [String]) -> [String] {
        [String](exactly: base.count + tokens.count) { buffer in
            _ = buffer.initialize(fromContentsOf: base)
            _ = buffer[base.count...].initialize(fromContentsOf: tokens)
        }
    }

    private func subArray(_ keyword: String) throws(SchemaError) -> [SchemaNode] {
        guard let elements = object[keyword]?.arrayValue else { throw error("\(keyword) must be an array of schemas", keyword) }
        var nodes: [SchemaNode] = []
        for i in elements.indices { nodes.append(try sub([keyword, String(i)], elements[i])) }
        return nodes
    }

    private func count(_ keyword: String) throws(SchemaError) -> Int {
        guard let n = object[keyword]?.numberValue, n.isInteger, n.double >= 0 else {
            throw error("\(keyword) must be a non-negative integer", keyword)
        }
        return n.intValue ?? Int.max
    }

    private func number(_ keyword: String) throws(SchemaError) -> SchemaNumber {
        guard let n = object[keyword]?.numberValue else { throw error("\(keyword) must be a number", keyword) }
        return SchemaNumber(n)
    }

    private func regex(_ source: String, _ keyword: String) throws(SchemaError) -> ECMARegex {
        do {
            return try ECMARegex.shared(source)
        } catch {
            throw self.error("invalid regular expression \"\(source)\" in \(keyword): \(error.message)", keyword)
        }
    }

    private func ref(_ keyword: String, dynamic: Bool = false) throws(SchemaError) -> RefSlot {
        guard let text = object[keyword]?.stringValue else { throw error("\(keyword) must be a string", keyword) }
        let slot = RefSlot(uri: URIs.resolve(text, against: resource.baseURI))
        compiler.addRef(slot, owner: node, keyword: keyword, dynamic: dynamic)
        return slot
    }

    func compile() throws(SchemaError) {
        let vocab = resource.vocabularies
        var out: [KeywordNode] = []
        var late: [KeywordNode] = []
        // The member being compiled: its keywords take its range without looking the name up again.
        var currentKey = "", currentSpan = node.span
        func add(_ name: String, _ kind: Keyword) {
            let span = name == currentKey ? currentSpan : object[name]?.span ?? node.span
            out.append(KeywordNode(name: name, span: span, kind: kind))
        }

        if dialect.refOverridesSiblings, object["$ref"] != nil {
            add("$ref", .ref(try ref("$ref")))
            node.setKeywords(out)
            return
        }
        if dialect >= .draft2020_12, let anchor = object["$dynamicAnchor"]?.stringValue { node.dynamicAnchor = anchor }
        let itemsIsArray = object["items"]?.arrayValue != nil
        for member in object.members {
            let key = member.key
            // One lookup tells which of the compilers below can know the key (most keys: none).
            guard let role = KeywordRole.of[ByteKey(key)] else { continue }
            let value = member.value
            currentKey = key
            currentSpan = value.span
            if role.contains(.reference) {
                switch key {
                case "$ref": add(key, .ref(try ref(key)))
                case "$dynamicRef" where dialect >= .draft2020_12: add(key, .dynamicRef(try ref(key, dynamic: true)))
                case "$recursiveRef" where dialect == .draft2019_09: add(key, .recursiveRef(try ref(key)))
                default: break
                }
            }
            if role.contains(.validation), vocab.contains(.validation) { try validation(key, value, add) }
            if role.contains(.applicator), vocab.contains(.applicator) { try applicator(key, value, itemsIsArray: itemsIsArray, add) }
            if role.contains(.unevaluated), vocab.contains(.unevaluated), dialect >= .draft2019_09 {
                if key == "unevaluatedProperties" {
                    late.append(KeywordNode(name: key, span: value.span, kind: .unevaluatedProperties(try sub([key], value))))
                } else if key == "unevaluatedItems" {
                    late.append(KeywordNode(name: key, span: value.span, kind: .unevaluatedItems(try sub([key], value))))
                }
            }
            if key == "format", let name = value.stringValue, vocab.contains(.formatAnnotation) || vocab.contains(.formatAssertion) {
                let assert = compiler.options.assertFormat || vocab.contains(.formatAssertion)
                if assert, let kind = FormatKind(rawValue: name) { add(key, .format(kind, name: name)) }
            }
        }
        node.hasUnevaluated = !late.isEmpty
        node.setKeywords(out + late)
    }

    private func validation(_ key: String, _ value: SourceValue, _ add: (String, Keyword) -> Void) throws(SchemaError) {
        switch key {
        case "type":
            var set: TypeSet = []
            guard let names = value.stringValue.map({ [$0] }) ?? value.arrayValue?.compactMap(\.stringValue),
                  names.count == (value.arrayValue?.count ?? 1) else {
                throw error("type must be a type name or an array of type names", key)
            }
            for name in names {
                guard let t = TypeSet.named(name) else { throw error("unknown type \"\(name)\"", key) }
                set.insert(t)
            }
            add(key, .type(set))
        case "enum":
            guard let values = value.arrayValue else { throw error("enum must be an array", key) }
            add(key, .enumeration(values, strings: values.compactMap(\.stringValue)))
        case "const" where dialect >= .draft6: add(key, .const(value))
        case "multipleOf":
            let n = try number(key)
            guard n.number.double > 0 else { throw error("multipleOf must be greater than 0", key) }
            add(key, .multipleOf(n))
        case "maximum":
            let exclusive = dialect == .draft4 && object["exclusiveMaximum"]?.boolValue == true
            add(key, .maximum(try number(key), exclusive: exclusive))
        case "minimum":
            let exclusive = dialect == .draft4 && object["exclusiveMinimum"]?.boolValue == true
            add(key, .minimum(try number(key), exclusive: exclusive))
        case "exclusiveMaximum" where dialect >= .draft6: add(key, .maximum(try number(key), exclusive: true))
        case "exclusiveMinimum" where dialect >= .draft6: add(key, .minimum(try number(key), exclusive: true))
        case "maxLength": add(key, .maxLength(try count(key)))
        case "minLength": add(key, .minLength(try count(key)))
        case "pattern":
            guard let source = value.stringValue else { throw error("pattern must be a string", key) }
            add(key, .pattern(try regex(source, key), source: source))
        case "maxItems": add(key, .maxItems(try count(key)))
        case "minItems": add(key, .minItems(try count(key)))
        case "uniqueItems": if value.boolValue == true { add(key, .uniqueItems) }
        case "maxProperties": add(key, .maxProperties(try count(key)))
        case "minProperties": add(key, .minProperties(try count(key)))
        case "required":
            guard let names = value.arrayValue?.compactMap(\.stringValue) else {
                if dialect <= .draft4, value.boolValue != nil { return }
                throw error("required must be an array of strings", key)
            }
            add(key, .required(names))
        case "dependentRequired" where dialect >= .draft2019_09:
            guard let map = value.objectValue else { throw error("dependentRequired must be an object", key) }
            add(key, .dependentRequired(map.members.map { ($0.key, $0.value.arrayValue?.compactMap(\.stringValue) ?? []) }))
        case "dependencies":
            guard let map = value.objectValue else { throw error("dependencies must be an object", key) }
            let names = map.members.compactMap { m in m.value.arrayValue.map { (m.key, $0.compactMap(\.stringValue)) } }
            if !names.isEmpty { add(key, .dependentRequired(names)) }
        default:
            break
        }
    }

    private func applicator(_ key: String, _ value: SourceValue, itemsIsArray: Bool, _ add: (String, Keyword) -> Void) throws(SchemaError) {
        switch key {
        case "allOf": add(key, .allOf(try subArray(key)))
        case "anyOf": add(key, .anyOf(try subArray(key)))
        case "oneOf": add(key, .oneOf(try subArray(key)))
        case "not": add(key, .not(try sub([key], value)))
        case "if" where dialect >= .draft7:
            let then = object["then"] != nil ? try sub(["then"]) : nil
            let els = object["else"] != nil ? try sub(["else"]) : nil
            add(key, .conditional(if: try sub([key], value), then: then, else: els))
        case "properties":
            guard let map = value.objectValue else { throw error("properties must be an object", key) }
            var nodes: [(String, SchemaNode)] = []
            for m in map.members { nodes.append((m.key, try sub([key, m.key], m.value))) }
            add(key, .properties(NameTable(nodes)))
        case "patternProperties":
            guard let map = value.objectValue else { throw error("patternProperties must be an object", key) }
            var list: [(ECMARegex, String, SchemaNode)] = []
            for m in map.members { list.append((try regex(m.key, key), m.key, try sub([key, m.key], m.value))) }
            add(key, .patternProperties(list))
        case "additionalProperties":
            let names = NameTable((object["properties"]?.objectValue?.keys ?? []).map { ($0, true) })
            var patterns: [ECMARegex] = []
            for p in object["patternProperties"]?.objectValue?.keys ?? [] { patterns.append(try regex(p, "patternProperties")) }
            add(key, .additionalProperties(try sub([key], value), names: names, patterns: patterns))
        case "propertyNames" where dialect >= .draft6: add(key, .propertyNames(try sub([key], value)))
        case "dependentSchemas" where dialect >= .draft2019_09:
            guard let map = value.objectValue else { throw error("dependentSchemas must be an object", key) }
            var list: [(String, SchemaNode)] = []
            for m in map.members { list.append((m.key, try sub([key, m.key], m.value))) }
            add(key, .dependentSchemas(list))
        case "dependencies":
            guard let map = value.objectValue else { return }
            var list: [(String, SchemaNode)] = []
            for m in map.members where m.value.arrayValue == nil { list.append((m.key, try sub([key, m.key], m.value))) }
            if !list.isEmpty { add(key, .dependentSchemas(list)) }
        case "prefixItems" where dialect >= .draft2020_12: add(key, .prefixItems(try subArray(key)))
        case "items":
            if dialect >= .draft2020_12 {
                add(key, .items(try sub([key], value), from: object["prefixItems"]?.arrayValue?.count ?? 0))
            } else if itemsIsArray {
                add(key, .prefixItems(try subArray(key)))
            } else {
                add(key, .items(try sub([key], value), from: 0))
            }
        case "additionalItems" where dialect <= .draft2019_09 && itemsIsArray:
            add(key, .items(try sub([key], value), from: object["items"]?.arrayValue?.count ?? 0))
        case "contains" where dialect >= .draft6:
            var minimum = 1
            var maximum: Int?
            if dialect >= .draft2019_09, resource.vocabularies.contains(.validation) {
                if object["minContains"] != nil { minimum = try count("minContains") }
                if object["maxContains"] != nil { maximum = try count("maxContains") }
            }
            add(key, .contains(try sub([key], value), min: minimum, max: maximum, annotates: dialect >= .draft2020_12))
        default:
            break
        }
    }
}

/// Which part of `KeywordCompiler.compile` handles a member name (names absent here compile to nothing).
struct KeywordRole: OptionSet {
    let rawValue: UInt8
    static let reference = KeywordRole(rawValue: 1)
    static let validation = KeywordRole(rawValue: 2)
    static let applicator = KeywordRole(rawValue: 4)
    static let unevaluated = KeywordRole(rawValue: 8)
    static let format = KeywordRole(rawValue: 16)

    /// Every keyword `compile` knows (per dialect and vocabulary it may still ignore some), by the bytes
    /// of its name (JSON compares member names by code points; asked for every member of every schema
    /// object compiled, where hashing the text cost about three times as much).
    static let of: [ByteKey: KeywordRole] = {
        var table: [ByteKey: KeywordRole] = [:]
        let groups: [(KeywordRole, [String])] = [
            (.reference, ["$ref", "$dynamicRef", "$recursiveRef"]),
            (.validation, ["type", "enum", "const", "multipleOf", "maximum", "minimum", "exclusiveMaximum", "exclusiveMinimum",
                           "maxLength", "minLength", "pattern", "maxItems", "minItems", "uniqueItems", "maxProperties",
                           "minProperties", "required", "dependentRequired", "dependencies"]),
            (.applicator, ["allOf", "anyOf", "oneOf", "not", "if", "properties", "patternProperties", "additionalProperties",
                           "propertyNames", "dependentSchemas", "dependencies", "prefixItems", "items", "additionalItems", "contains"]),
            (.unevaluated, ["unevaluatedProperties", "unevaluatedItems"]),
            (.format, ["format"]),
        ]
        for (role, names) in groups {
            for name in names { table[ByteKey(name), default: []].formUnion(role) }
        }
        return table
    }()
}
