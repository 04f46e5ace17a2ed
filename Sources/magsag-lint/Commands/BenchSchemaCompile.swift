import Foundation
import MagsagJSONSchema
import MagsagLintCore
import MagsagSource

extension BenchSchemaCommand {
    /// `bench-schema --compile-repo DIR`: what the linter's contract store pays to compile a repository's
    /// contracts. Every `*.schema.json` under DIR is registered under `file:///repo/<path>` (so `$id`s
    /// and relative `$ref`s resolve as in the linter), then, best of `--reps` with a fresh registry each
    /// time, every file is compiled on all cores. Prints one JSON object.
    func benchCompile(repository: String) throws {
        let root = URL(fileURLWithPath: repository).standardizedFileURL.path
        var files: [(String, SourceValue)] = []
        let enumerator = FileManager.default.enumerator(atPath: root)
        while let relative = enumerator?.nextObject() as? String {
            guard relative.hasSuffix(".schema.json"), !relative.hasPrefix(".git/"),
                  let value = ValidateCommand.load(root + "/" + relative)?.root else { continue }
            files.append((relative, value))
        }
        files.sort { $0.0 < $1.0 }
        let clock = ContinuousClock()
        func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18 }
        var bestAdd = Double.infinity, bestCompile = Double.infinity
        var failures = 0
        for _ in 0..<max(1, reps) {
            let start = clock.now
            let registry = SchemaRegistry(defaultDialect: .draft2020_12)
            for (path, value) in files { try? registry.add(value, uri: "file:///repo/" + path) }
            bestAdd = min(bestAdd, seconds(clock.now - start))
            let compileStart = clock.now
            let results = Parallel.map(files.map(\.0)) { path in
                (try? registry.compile(uri: "file:///repo/" + path)) != nil
            }
            bestCompile = min(bestCompile, seconds(clock.now - compileStart))
            failures = results.filter { !$0 }.count
        }
        let result: [String: Any] = ["files": files.count, "add_s": bestAdd, "compile_s": bestCompile, "failures": failures]
        let json = try JSONSerialization.data(withJSONObject: result, options: [.sortedKeys])
        Terminal.write(String(decoding: json, as: UTF8.self) + "\n")
    }
}
