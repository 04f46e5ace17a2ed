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

    /// Lint an example with one rule and return the positions reported by that rule.
    static func run(_ rule: any Rule.Type, on example: Example) -> (reported: [Marker], markers: Set<Marker>, diagnostics: [Diagnostic]) {
        let (files, markers) = strip(example)
        let linted = example.linted.isEmpty ? nil : example.linted
        var configuration = Configuration()
        configuration.today = "2026-11-25"
        let result = Linter(rules: BuiltInRules.all, configuration: configuration).lint(FileSet.inMemory(files, linted: linted))
        let own = result.diagnostics.filter { $0.ruleID == rule.description.id }
        let reported = own.map { Marker(path: $0.primary.path, line: $0.primary.range.start.line, column: $0.primary.range.start.column) }
        return (reported, markers, own)
    }
}
