import MagsagCatalog
import MagsagJSONSchema
import MagsagLintCore
import MagsagSource

/// One catalog file to validate structurally, with the schemas that may govern it.
struct CatalogSchemaTarget {
    var path: String
    var value: SourceValue
    /// `<catalog>/_schemas/<file>`: the law when the repository has it.
    var repositorySchema: String
    /// The schema shipped in the binary, used when the repository has none.
    var builtIn: BuiltInCatalogSchema?
    /// A file under a `_template/` folder: placeholders are allowed, structure is enforced.
    var isTemplate: Bool
}

/// Which catalog files `schema-violation` validates, and against what.
enum CatalogSchemaTargets {
    /// Every linted descriptor, policy and routing file of the catalog, in a deterministic order.
    static func all(in repository: RepositoryIndex, settings: LintSettings) -> [CatalogSchemaTarget] {
        let catalog = CatalogModel.of(repository, settings: settings)
        let schemaFolder = catalog.layout.schemas + "/"
        var targets: [CatalogSchemaTarget] = []
        for descriptor in catalog.descriptors(including: repository.linted.contains) {
            targets.append(CatalogSchemaTarget(
                path: descriptor.root.path, value: descriptor.root.value,
                repositorySchema: schemaFolder + descriptor.kind.schemaFileName,
                builtIn: BuiltInCatalogSchema(descriptor.kind.rawValue), isTemplate: descriptor.isTemplate))
        }
        // A policy `<stem>.yaml` follows `_schemas/<stem>.schema.json` when there is one; the flow
        // governance policy follows `_schemas/policy.schema.json` (MAGSAG's name for it), else the built-in;
        // permission policies follow the built-in permission schema.
        for path in catalog.toolDescriptors where repository.linted.contains(path) {
            guard let root = repository.documents[path]?.root else { continue }
            targets.append(CatalogSchemaTarget(path: path, value: root, repositorySchema: schemaFolder + "tool_descriptor.schema.json",
                                               builtIn: .toolDescriptor, isTemplate: path.contains("/_template/")))
        }
        let policies = catalog.layout.policies + "/"
        let routing = catalog.layout.routing + "/"
        for path in repository.sortedLinted where DocumentKind.of(path: path) == .yaml {
            guard let root = repository.documents[path]?.root else { continue }
            if let name = path.dropPrefix(policies), !name.contains("/") {
                let stem = String(name.prefix { $0 != "." })
                let own = schemaFolder + stem + ".schema.json"
                if repository.documents[own] != nil {
                    targets.append(CatalogSchemaTarget(path: path, value: root, repositorySchema: own, builtIn: nil, isTemplate: false))
                } else if stem.hasPrefix("flow_governance") {
                    targets.append(CatalogSchemaTarget(path: path, value: root, repositorySchema: schemaFolder + "policy.schema.json",
                                                       builtIn: .policy, isTemplate: false))
                } else if stem.contains("permission") {
                    targets.append(CatalogSchemaTarget(path: path, value: root, repositorySchema: own, builtIn: .permissions, isTemplate: false))
                }
            } else if path.hasPrefix(routing) {
                targets.append(CatalogSchemaTarget(path: path, value: root, repositorySchema: schemaFolder + "routing.schema.json",
                                                   builtIn: .routing, isTemplate: path.contains("/_template/")))
            }
        }
        return targets
    }
}

/// Placeholders that templates carry on purpose (`<slug>`, `{{name}}`, `{name}`, `TODO`, `TBD`, `FIXME`).
enum TemplatePlaceholder {
    /// Whether `text` contains a placeholder.
    static func contains(_ text: String) -> Bool {
        if text.contains("{{") && text.contains("}}") { return true }
        if let open = text.firstIndex(of: "<"), text[open...].contains(">") { return true }
        if let open = text.firstIndex(of: "{"), text[open...].contains("}") { return true }
        return ["TODO", "TBD", "FIXME"].contains { text.contains($0) }
    }

    /// Whether a validation error is only about a placeholder: its value is a placeholder string, or
    /// the unexpected property is a placeholder key.
    static func excuses(_ error: ValidationError, in root: SourceValue) -> Bool {
        if let text = root.value(at: error.instanceLocation)?.stringValue, contains(text) { return true }
        if error.keyword == "additionalProperties" || error.keyword == "unevaluatedProperties" || error.keyword == "propertyNames",
           let key = error.instanceLocation.tokens.last, contains(key) { return true }
        return false
    }
}
