import Foundation
import MagsagJSONSchema
import MagsagSource
import Testing

/// Runs the official JSON-Schema-Test-Suite (read in place; remotes served from disk).
@Suite struct ConformanceTests {
    struct Outcome {
        var passed = 0
        var total = 0
        var failures: [String] = []
    }

    static let drafts: [(String, Dialect)] = [
        ("draft4", .draft4), ("draft6", .draft6), ("draft7", .draft7), ("draft2019-09", .draft2019_09), ("draft2020-12", .draft2020_12),
    ]

    /// Required-test misses that are accepted, by "draft/file: group / test", with the reason.
    static let knownGaps: [String: String] = [:]

    static func run(directory: String, dialect: Dialect, draft: String, assertFormat: Bool) -> Outcome {
        var outcome = Outcome()
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { $0.hasSuffix(".json") }.sorted()
        for file in files {
            guard let groups = TestSupport.load(directory + "/" + file)?.arrayValue else {
                outcome.failures.append("\(file): cannot load")
                continue
            }
            for (g, group) in groups.enumerated() {
                let description = group["description"]?.stringValue ?? "group \(g)"
                let tests = group["tests"]?.arrayValue ?? []
                guard let schema = group["schema"] else { continue }
                let registry = SchemaRegistry(defaultDialect: dialect)
                registry.map(prefix: "http://localhost:1234/", toDirectory: TestSupport.suiteRoot + "/remotes")
                let uri = "https://conformance.magsag.test/\(draft)/\(file)/\(g)"
                var compiled: CompiledSchema?
                var compileError: SchemaError?
                do {
                    try registry.add(schema, uri: uri)
                    compiled = try registry.compile(uri: uri, options: ValidationOptions(assertFormat: assertFormat))
                } catch {
                    compileError = error
                }
                for test in tests {
                    outcome.total += 1
                    let name = "\(draft)/\(file): \(description) / \(test["description"]?.stringValue ?? "?")"
                    guard let data = test["data"], let expected = test["valid"]?.boolValue else { continue }
                    guard let compiled else {
                        outcome.failures.append("\(name) [schema error: \(compileError?.description ?? "?")]")
                        continue
                    }
                    let fast = compiled.isValid(data)
                    let errors = compiled.validate(data)
                    if fast == expected && errors.isEmpty == expected {
                        outcome.passed += 1
                    } else {
                        outcome.failures.append("\(name) [expected \(expected), isValid \(fast), errors \(errors.count): \(errors.first?.description ?? "")]")
                    }
                }
            }
        }
        return outcome
    }

    @Test func officialSuite() {
        var unlisted: [String] = []
        for (draft, dialect) in Self.drafts {
            let base = TestSupport.suiteRoot + "/tests/" + draft
            let required = Self.run(directory: base, dialect: dialect, draft: draft, assertFormat: false)
            let optional = Self.run(directory: base + "/optional", dialect: dialect, draft: draft + "/optional", assertFormat: false)
            let format = Self.run(directory: base + "/optional/format", dialect: dialect, draft: draft + "/optional/format", assertFormat: true)
            print("\(draft): \(required.passed)/\(required.total) required; optional \(optional.passed)/\(optional.total) (\(optional.total - optional.passed) misses); optional/format \(format.passed)/\(format.total) (\(format.total - format.passed) misses)")
            for failure in required.failures {
                let known = Self.knownGaps.keys.contains { failure.hasPrefix($0) }
                if !known { unlisted.append(failure) }
            }
            if ProcessInfo.processInfo.environment["SCHEMA_SUITE_VERBOSE"] != nil {
                for failure in optional.failures + format.failures { print("  optional miss: \(failure)") }
            }
        }
        for failure in unlisted { print("  REQUIRED MISS: \(failure)") }
        #expect(unlisted.isEmpty, "\(unlisted.count) required conformance tests failed")
    }
}
