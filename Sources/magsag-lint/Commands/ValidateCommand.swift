import ArgumentParser
import Foundation
import MagsagJSONSchema
import MagsagLintCore
import MagsagLintRules
import MagsagSource

/// `magsag-lint validate`: JSON Schema validation of JSON or YAML files, with positions.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Validate JSON or YAML instances against a JSON Schema, reporting the file, line and column of each error.",
        discussion: """
            Reads local files only: `$ref`s resolve through the schema's own folder, --ref-root folders and --map \
            prefixes; remote schemas are never fetched. Exit 0 when every instance is valid, 1 when one is not, \
            2 on a schema or usage error.
            """)

    @Option(name: .long, help: "The schema file (JSON or YAML).")
    var schema: String

    @Option(name: .long, help: "Dialect for a schema without $schema: draft4, draft6, draft7, draft2019-09, draft2020-12 (default).")
    var dialect: String?

    @Flag(name: .long, help: "Treat `format` as an assertion.")
    var assertFormat = false

    @Flag(name: .long, help: "Validate the given files as schemas against their dialect's metaschema.")
    var checkMetaschema = false

    @Option(name: .long, help: "A folder whose JSON/YAML schemas are registered by path and $id (repeatable).")
    var refRoot: [String] = []

    @Option(name: .long, help: "PREFIX=PATH: serve URIs starting with PREFIX from PATH (a folder, or one file for an exact URI). Repeatable.")
    var map: [String] = []

    @Option(name: .long, help: "Output format: human, concise, json, sarif or github.")
    var format: OutputFormat = .human

    @Argument(help: "Instance files (JSON or YAML).")
    var instances: [String] = []

    func validate() throws {
        if instances.isEmpty, !checkMetaschema { throw ValidationError("give at least one instance file") }
        if let dialect, Self.dialect(named: dialect) == nil {
            throw ValidationError("unknown dialect '\(dialect)'; use draft4, draft6, draft7, draft2019-09 or draft2020-12")
        }
        for entry in map where !entry.utf8Contains("=") { throw ValidationError("--map takes PREFIX=PATH, got '\(entry)'") }
    }

    static func dialect(named name: String) -> Dialect? {
        switch name.lowercased().replacing("_", with: "-") {
        case "draft4", "draft-04", "4": .draft4
        case "draft6", "draft-06", "6": .draft6
        case "draft7", "draft-07", "7": .draft7
        case "draft2019-09", "2019-09": .draft2019_09
        case "draft2020-12", "2020-12": .draft2020_12
        default: nil
        }
    }

    func run() throws {
        let registry = SchemaRegistry(defaultDialect: dialect.flatMap(Self.dialect(named:)) ?? .draft2020_12)
        registry.yamlLoader = { path in Self.load(path)?.root }
        for root in refRoot { try register(folder: root, in: registry) }
        for entry in map {
            let parts = entry.asciiSplit("=", maxSplits: 1).map(String.init)
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: parts[1], isDirectory: &isDirectory), !isDirectory.boolValue {
                guard let value = Self.load(parts[1])?.root else { throw LintError(code: "schema", message: "cannot parse \(parts[1])") }
                do { try registry.add(value, uri: parts[0]) } catch { throw LintError(code: "schema", message: "cannot register \(parts[1]): \(error.message)") }
            } else {
                registry.map(prefix: parts[0], toDirectory: URL(fileURLWithPath: parts[1]).standardizedFileURL.path)
            }
        }
        var diagnostics: [Diagnostic] = []
        var sources: [String: SourceFile] = [:]
        let schemaURI = try register(file: schema, in: registry, sources: &sources)
        if checkMetaschema {
            for path in [schema] + instances {
                let uri = path == schema ? schemaURI : try register(file: path, in: registry, sources: &sources)
                do {
                    for error in try registry.metaschemaCheck(uri: uri) {
                        diagnostics.append(Diagnostic(ruleID: InvalidSchemaRule.id, severity: .error, message: error.message,
                                                      primary: Location(path: path, range: error.instanceRange, pointer: error.instanceLocation)))
                    }
                } catch {
                    throw LintError(code: "schema", message: "\(path): \(error.message)")
                }
            }
            return try finish(diagnostics, sources: sources, files: instances.count + 1)
        }
        let compiled: CompiledSchema
        do {
            compiled = try registry.compile(uri: schemaURI, options: ValidationOptions(assertFormat: assertFormat))
        } catch {
            let at = error.range.map { ":\($0.start.line):\($0.start.column)" } ?? ""
            throw LintError(code: "schema", message: "\(schema)\(at): \(error.message)")
        }
        for path in instances {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw LintError(code: "io", message: "cannot read \(path)")
            }
            let document = LintDocument(file: SourceFile(path: path, bytes: Array(data)), kind: Self.kind(of: path))
            sources[path] = document.file
            if let issue = document.issues.first(where: { $0.kind != .duplicateKey }) ?? (document.root == nil ? document.issues.first : nil) {
                let rule = document.kind == .yaml ? InvalidYAMLRule.id : InvalidJSONRule.id
                diagnostics.append(Diagnostic(ruleID: rule, severity: .error, message: issue.message, primary: Location(path: path, range: issue.range)))
                continue
            }
            guard let value = document.root else {
                diagnostics.append(Diagnostic(ruleID: InvalidYAMLRule.id, severity: .error, message: "the file holds no document", primary: .file(path)))
                continue
            }
            for error in compiled.validate(value) {
                var related: [Location] = []
                if let range = error.schemaRange { related.append(Location(path: schema, range: range, label: "`\(error.keyword)` declared here")) }
                diagnostics.append(Diagnostic(
                    ruleID: SchemaViolationRule.id, severity: .error, message: error.message,
                    primary: Location(path: path, range: error.instanceRange, pointer: error.instanceLocation, label: "violates `\(error.keyword)`"),
                    related: related, notes: ["schema location: \(error.keywordLocation)"] + (error.note.map { [$0] } ?? [])))
            }
        }
        try finish(diagnostics, sources: sources, files: instances.count)
    }

    private func finish(_ diagnostics: [Diagnostic], sources: [String: SourceFile], files: Int) throws {
        let sorted = diagnostics.sorted(by: Diagnostic.ordered)
        let context = ReportContext(toolVersion: MagsagLint.version, rules: BuiltInRules.descriptions, sources: { sources[$0] },
                                    color: format == .human && Terminal.useColor(), filesChecked: files)
        Terminal.write(Reporters.reporter(for: format.reportFormat).render(sorted, context: context))
        if !sorted.isEmpty { throw ExitCode(ExitStatus.findings) }
    }

    static func kind(of path: String) -> DocumentKind {
        let kind = DocumentKind.of(path: path)
        return kind == .yaml ? .yaml : .json
    }

    static func load(_ path: String) -> LintDocument? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return LintDocument(file: SourceFile(path: path, bytes: Array(data)), kind: kind(of: path))
    }

    /// Register one file under its `file://` URI; a broken schema is a usage error (exit 2).
    private func register(file path: String, in registry: SchemaRegistry, sources: inout [String: SourceFile]) throws -> String {
        guard let document = Self.load(path) else { throw LintError(code: "io", message: "cannot read \(path)") }
        sources[path] = document.file
        guard let root = document.root, !document.issues.contains(where: { $0.kind != .duplicateKey }) else {
            let issue = document.issues.first
            throw LintError(code: "schema", message: "\(path)\(issue.map { ":\($0.range.start.line):\($0.range.start.column)" } ?? ""): \(issue?.message ?? "not a JSON or YAML document")")
        }
        let uri = SchemaRegistry.fileURI(forPath: URL(fileURLWithPath: path).standardizedFileURL.path)
        do { try registry.add(root, uri: uri) } catch { throw LintError(code: "schema", message: "\(path): \(error.message)") }
        return uri
    }

    private func register(folder: String, in registry: SchemaRegistry) throws {
        let base = URL(fileURLWithPath: folder).standardizedFileURL
        guard let enumerator = FileManager.default.enumerator(at: base, includingPropertiesForKeys: [.isRegularFileKey]) else {
            throw LintError(code: "io", message: "cannot read the folder \(folder)")
        }
        while let url = enumerator.nextObject() as? URL {
            let kind = DocumentKind.of(path: url.path)
            guard kind == .json || kind == .yaml, let root = Self.load(url.path)?.root else { continue }
            try? registry.add(root, uri: SchemaRegistry.fileURI(forPath: url.path))
        }
    }
}
