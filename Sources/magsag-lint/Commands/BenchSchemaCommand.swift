import ArgumentParser
import Foundation
import MagsagJSONSchema
import MagsagLintCore
import MagsagSource

/// `magsag-lint bench-schema` (hidden): the in-process JSON Schema engine benchmark used by `bench/schema`.
///
/// Reads a manifest `{"map": {PREFIX: DIR}, "groups": [{"schema": PATH, "instances": PATH}]}` where each
/// instances file is a JSON array whose elements are the instances. Files are parsed once, outside the
/// timings; then, best of `--reps`: compile every schema (fresh registry) and validate every instance,
/// both with full error collection (`validate`) and with the `isValid` fast path. Prints one JSON object.
struct BenchSchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-schema", abstract: "In-process JSON Schema engine benchmark (used by bench/schema).", shouldDisplay: false)

    @Option(name: .long, help: "The manifest file.")
    var manifest: String?

    @Option(name: .long, help: "Instead of a manifest: compile every *.schema.json of this repository, as the linter does.")
    var compileRepo: String?

    @Option(name: .long, help: "Best of N.")
    var reps = 3

    @Option(name: .long, help: "Repeat each validation pass until it has run this many seconds.")
    var minTime = 0.2

    private struct Group {
        let uri: String
        let schema: SourceValue
        let instances: [SourceValue]
    }

    func run() throws {
        if let compileRepo {
            try benchCompile(repository: compileRepo)
            return
        }
        guard let manifest, let data = FileManager.default.contents(atPath: manifest),
              let object = try JSONSerialization.jsonObject(with: data) as? [String: Any],
              let groupList = object["groups"] as? [[String: String]] else {
            throw LintError(code: "io", message: "cannot read the manifest \(manifest ?? "(none)")")
        }
        let maps = (object["map"] as? [String: String]) ?? [:]
        var groups: [Group] = []
        for entry in groupList {
            guard let schemaPath = entry["schema"], let instancesPath = entry["instances"],
                  let schema = ValidateCommand.load(schemaPath)?.root,
                  case .array(let instances)? = ValidateCommand.load(instancesPath)?.root?.kind else {
                throw LintError(code: "io", message: "cannot load a group of \(manifest)")
            }
            let uri = SchemaRegistry.fileURI(forPath: URL(fileURLWithPath: schemaPath).standardizedFileURL.path)
            groups.append(Group(uri: uri, schema: schema, instances: instances))
        }
        let count = groups.reduce(0) { $0 + $1.instances.count }
        let clock = ContinuousClock()
        func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18 }

        func compileAll() throws -> [CompiledSchema] {
            let registry = SchemaRegistry(defaultDialect: .draft2020_12)
            registry.yamlLoader = { path in ValidateCommand.load(path)?.root }
            for (prefix, directory) in maps { registry.map(prefix: prefix, toDirectory: directory) }
            var compiled: [CompiledSchema] = []
            for group in groups {
                do {
                    try registry.add(group.schema, uri: group.uri)
                    compiled.append(try registry.compile(uri: group.uri))
                } catch {
                    throw LintError(code: "schema", message: "\(group.uri): \(error.message)")
                }
            }
            return compiled
        }

        var bestCompile = Double.infinity, bestValidate = Double.infinity, bestIsValid = Double.infinity
        var invalid = 0, errorCount = 0, invalidFast = 0
        for _ in 0..<max(1, reps) {
            let start = clock.now
            let compiled = try compileAll()
            bestCompile = min(bestCompile, seconds(clock.now - start))

            var passes = 0
            let validateStart = clock.now
            repeat {
                invalid = 0
                errorCount = 0
                for (schema, group) in zip(compiled, groups) {
                    for instance in group.instances {
                        let errors = schema.validate(instance)
                        if !errors.isEmpty { invalid += 1; errorCount += errors.count }
                    }
                }
                passes += 1
            } while seconds(clock.now - validateStart) < minTime
            bestValidate = min(bestValidate, seconds(clock.now - validateStart) / Double(passes))

            passes = 0
            let fastStart = clock.now
            repeat {
                invalidFast = 0
                for (schema, group) in zip(compiled, groups) {
                    for instance in group.instances where !schema.isValid(instance) { invalidFast += 1 }
                }
                passes += 1
            } while seconds(clock.now - fastStart) < minTime
            bestIsValid = min(bestIsValid, seconds(clock.now - fastStart) / Double(passes))
        }
        let result: [String: Any] = [
            "schemas": groups.count, "instances": count,
            "compile_s": bestCompile, "validate_s": bestValidate, "is_valid_s": bestIsValid,
            "total_s": bestCompile + bestValidate,
            "invalid": invalid, "errors": errorCount, "invalid_is_valid": invalidFast,
        ]
        let json = try JSONSerialization.data(withJSONObject: result, options: [.sortedKeys])
        Terminal.write(String(decoding: json, as: UTF8.self) + "\n")
        if invalid != invalidFast { throw LintError(code: "bench", message: "validate and isValid disagree (\(invalid) vs \(invalidFast))") }
    }
}
