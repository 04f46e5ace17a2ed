import MagsagSource

/// Walks a document's subschemas, recording schema resources (`$id`), anchors and dialect switches.
struct Indexer {
    let registry: SchemaRegistry
    let document: SchemaDocument

    mutating func indexRoot() throws(SchemaError) {
        let root = document.root
        var dialect = registry.defaultDialect
        var vocabularies = Vocabularies.all
        if let meta = root["$schema"]?.stringValue {
            (dialect, vocabularies) = try registry.dialectLocked(metaschema: meta, pointer: [], documentURI: document.uri)
        }
        var base = document.uri
        if let id = Self.identifier(root, dialect: dialect) { base = URIs.resolve(id, against: base) }
        let (baseNoFragment, _) = URIs.split(base)
        let resource = SchemaResource(baseURI: baseNoFragment, document: document, pointer: [], dialect: dialect, vocabularies: vocabularies)
        document.resources.append(resource)
        try walk(root, pointer: [], resource: resource, isResourceRoot: true)
    }

    /// The `$id` (or `id`) of a schema object, honouring draft ≤7 "`$ref` hides siblings" and ignoring
    /// fragment-only ids (which are anchors).
    static func identifier(_ value: SourceValue, dialect: Dialect) -> String? {
        guard let object = value.objectValue, let id = object[dialect.idKeyword]?.stringValue else { return nil }
        if dialect.refOverridesSiblings, object["$ref"] != nil { return nil }
        if id.hasPrefix("#") { return nil }
        return id
    }

    private func walk(_ value: SourceValue, pointer: [String], resource: SchemaResource, isResourceRoot: Bool) throws(SchemaError) {
        guard let object = value.objectValue else { return }
        var current = resource
        if !isResourceRoot, let id = Self.identifier(value, dialect: resource.dialect) {
            var dialect = resource.dialect
            var vocabularies = resource.vocabularies
            if let meta = object["$schema"]?.stringValue, resource.dialect >= .draft2019_09 {
                (dialect, vocabularies) = try registry.dialectLocked(metaschema: meta, pointer: pointer, documentURI: document.uri)
            }
            let base = URIs.stripFragment(URIs.resolve(id, against: resource.baseURI))
            current = SchemaResource(baseURI: base, document: document, pointer: pointer, dialect: dialect, vocabularies: vocabularies)
            document.resources.append(current)
            if let fragment = URIs.split(URIs.resolve(id, against: resource.baseURI)).fragment, !fragment.isEmpty, dialect <= .draft7 {
                current.anchors[fragment] = pointer
            }
        }
        let dialect = current.dialect
        if dialect <= .draft7, let id = object[dialect.idKeyword]?.stringValue, object["$ref"] == nil || !dialect.refOverridesSiblings {
            // `"$id": "#name"` (or "other.json#name") declares a plain-name anchor in drafts 6/7 (and `id` in 4).
            let (idBase, fragment) = URIs.split(id)
            if let fragment, !fragment.isEmpty, idBase.isEmpty { current.anchors[fragment] = pointer }
        }
        if dialect >= .draft2019_09 {
            if let anchor = object["$anchor"]?.stringValue { current.anchors[anchor] = pointer }
            if dialect >= .draft2020_12, let anchor = object["$dynamicAnchor"]?.stringValue {
                current.anchors[anchor] = pointer
                current.dynamicAnchors[anchor] = pointer
            }
            if dialect == .draft2019_09, object["$recursiveAnchor"]?.boolValue == true, current.pointer == pointer {
                current.recursiveAnchor = true
            }
        }
        try SubschemaKeywords.forEach(in: object, dialect: dialect) { (child, tokens) throws(SchemaError) in
            try walk(child, pointer: pointer + tokens, resource: current, isResourceRoot: false)
        }
    }
}
