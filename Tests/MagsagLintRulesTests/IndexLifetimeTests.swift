import Foundation
import MagsagLintCore
import MagsagLintRules
import MagsagSource
import Testing

/// A lint run's snapshot (`RepositoryIndex`, with every model memoized in it) is freed when the run's
/// result is: no memoized model may hold the index that holds it. A process that lints many times (the
/// test suite, an editor integration, `audit --history`) would otherwise keep every snapshot.
@Suite struct IndexLifetimeTests {
    @Test func everyRuleLeavesTheIndexFreeable() {
        // The files of every rule's triggering examples, so each rule's models are built.
        var files: [String: String] = [:]
        for rule in BuiltInRules.all {
            for example in rule.description.triggeringExamples {
                for (path, text) in ExampleHarness.strip(example).files where files[path] == nil { files[path] = text }
            }
        }
        weak var whole: RepositoryIndex?
        weak var changed: RepositoryIndex?
        do {
            let linter = Linter(rules: BuiltInRules.all, configuration: Configuration())
            let result = linter.lint(FileSet.inMemory(files))
            #expect(!result.diagnostics.isEmpty)
            whole = result.index
            let base = Dictionary(uniqueKeysWithValues: files.keys.sorted().prefix(40).map { ($0, "") })
            let partial = linter.lint(FileSet.inMemory(files, base: base))
            changed = partial.index
        }
        // A worker thread of the last parallel step may still hold its closure for a moment.
        var waited = 0
        while whole != nil || changed != nil, waited < 100 {
            Thread.sleep(forTimeInterval: 0.02)
            waited += 1
        }
        #expect(whole == nil, "a whole run's index outlives its result")
        #expect(changed == nil, "a run with a base keeps its index alive")
    }
}
