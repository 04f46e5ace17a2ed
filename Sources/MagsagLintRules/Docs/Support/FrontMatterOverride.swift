import MagsagJSONSchema
import MagsagLintCore
import MagsagSource

/// The configuration's `front-matter-schema`: a repository JSON Schema that replaces the built-in
/// front-matter specification for `missing-front-matter-field` (its `required` failures) and
/// `invalid-front-matter-field` (every other failure).
enum FrontMatterOverride {
    /// What the front-matter rules check against in this run.
    enum Source {
        /// The built-in specification.
        case builtIn
        /// The configured schema, compiled.
        case schema(path: String, compiled: CompiledSchema)
        /// The configured schema is missing or does not compile.
        case unusable(path: String, reason: String)
    }

    static func source(_ settings: LintSettings, in repository: RepositoryIndex) -> Source {
        guard let path = settings.frontMatterSchema else { return .builtIn }
        guard repository.documents[path] != nil else { return .unusable(path: path, reason: "it does not exist") }
        switch RepositorySchemas.of(repository).compiled(path: path) {
        case .success(let schema): return .schema(path: path, compiled: schema)
        case .failure(let error): return .unusable(path: path, reason: "it does not compile: \(error)")
        }
    }

    /// The schema's failures for one document's front-matter, split into `required` ones and the rest.
    static func failures(of document: LintDocument, against schema: CompiledSchema,
                         roots: Configuration.Roots = .init()) -> (missing: [ValidationError], invalid: [ValidationError]) {
        guard document.kind == .markdown, FrontMatterScope.isChecked(document.path, roots: roots),
              let value = document.frontMatter else { return ([], []) }
        let errors = schema.validate(value)
        return (errors.filter { $0.keyword == "required" }, errors.filter { $0.keyword != "required" })
    }

    /// Report an unusable schema once, on the configuration file.
    static func reportUnusable(_ path: String, _ reason: String, into sink: inout DiagnosticSink) {
        sink.report("front-matter schema \(path) cannot be used: \(reason)", path: ConfigurationLoader.fileName, range: .fileStart,
                    help: "point `front-matter-schema` at a JSON Schema file of the repository, or remove it to use the built-in specification")
    }
}
