import MagsagCatalog
import MagsagLintCore
import MagsagLintRules
import MagsagSource

/// Runs a rule over an `Example` and compares reported positions with the `↓` markers.
enum ExampleHarness {
    struct Marker: Hashable, CustomStringConvertible {
        var path: String
        var line: Int
        var column: Int
        var description: String { "\(path):\(line):\(column)" }
    }

    /// Strip markers from every file, remembering where they were.
    static func strip(_ example: Example) -> (files: [String: String], markers: Set<Marker>) {
        var files: [String: String] = [:]
        var markers: Set<Marker> = []
        for (path, content) in example.files {
            var clean = ""
            var line = 1
            var column = 1
            var previousWasCR = false
            for character in content {
                if character == Example.marker {
                    markers.insert(Marker(path: path, line: line, column: column))
                    continue
                }
                clean.append(character)
                if character == "\n" || character == "\r\n" {
                    line += 1
                    column = 1
                } else if character == "\r" {
                    line += 1
                    column = 1
                    previousWasCR = true
                    continue
                } else {
                    column += character.unicodeScalars.count
                }
                previousWasCR = false
            }
            _ = previousWasCR
            files[path] = clean
        }
        return (files, markers)
    }

    /// The configuration examples run with: a fixed date, every opt-in rule enabled.
    static var configuration: Configuration {
        var configuration = Configuration()
        configuration.today = "2026-11-25"
        configuration.enabled = Set(BuiltInRules.all.map { $0.description.id })
        return configuration
    }

    /// Apply the fixes of `rule` to an example until nothing changes, as `check --fix` does; returns
    /// every file without markers afterwards, and whether the fixes settled.
    static func fix(_ rule: any Rule.Type, on example: Example, includeUnsafe: Bool) -> (files: [String: String], converged: Bool) {
        let (files, _) = strip(example)
        let linted = example.linted.isEmpty ? nil : example.linted
        let fileSet = example.base.map { FileSet.inMemory(files, base: $0, linted: linted) } ?? FileSet.inMemory(files, linted: linted)
        let linter = Linter(rules: BuiltInRules.all, configuration: configuration)
        let result = FixApplier.fixAll(fileSet, includeUnsafe: includeUnsafe) { set in
            linter.lint(set).diagnostics.filter { $0.ruleID == rule.description.id }
        }
        var after = files
        for (path, bytes) in result.files { after[path] = String(decoding: bytes, as: UTF8.self) }
        return (after, result.converged)
    }

    /// Lint an example with one rule and return the positions reported by that rule.
    static func run(_ rule: any Rule.Type, on example: Example) -> (reported: [Marker], markers: Set<Marker>, diagnostics: [Diagnostic]) {
        let (files, markers) = strip(example)
        let linted = example.linted.isEmpty ? nil : example.linted
        let fileSet = example.base.map { FileSet.inMemory(files, base: $0, linted: linted) } ?? FileSet.inMemory(files, linted: linted)
        let result = Linter(rules: BuiltInRules.all, configuration: configuration).lint(fileSet)
        let own = result.diagnostics.filter { $0.ruleID == rule.description.id }
        let reported = own.map { Marker(path: $0.primary.path, line: $0.primary.range.start.line, column: $0.primary.range.start.column) }
        return (reported, markers, own)
    }
}
