import Foundation
import Testing

/// `limits` in `.magsag-lint.yaml` moves the nesting, alias-expansion and pattern-step bounds; exceeding
/// one is a finding naming the bound, and a bad value is a configuration finding at its line.
@Suite struct ResourceLimitsTests {
    static let deep = #"{"a": {"b": {"c": {"d": {"e": 1}}}}}"#

    @Test func nestingDepthIsConfigurable() throws {
        let relaxed = try CLI.temporaryFolder(["docs/deep.json": Self.deep])
        defer { try? FileManager.default.removeItem(at: relaxed) }
        #expect(try CLI.run(["check", "--all", "--format", "concise", relaxed.path]).status == 0)

        let strict = try CLI.temporaryFolder(["docs/deep.json": Self.deep, ".magsag-lint.yaml": "version: 1\nlimits:\n  nesting-depth: 3\n"])
        defer { try? FileManager.default.removeItem(at: strict) }
        let result = try CLI.run(["check", "--all", "--format", "concise", strict.path])
        #expect(result.status == 1)
        #expect(result.stdout.contains("docs/deep.json") && result.stdout.contains("nesting deeper than 3 levels"), "\(result.stdout)")
    }

    @Test func aliasExpansionIsConfigurable() throws {
        let yaml = "a: &a [1, 2, 3, 4]\nb: &b [*a, *a, *a, *a]\nc: [*b, *b, *b, *b]\n"
        let folder = try CLI.temporaryFolder(["docs/laughs.yaml": yaml, ".magsag-lint.yaml": "version: 1\nlimits:\n  alias-expansion: 20\n"])
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try CLI.run(["check", "--all", "--format", "concise", folder.path])
        #expect(result.status == 1)
        #expect(result.stdout.contains("docs/laughs.yaml:") && result.stdout.contains("exceeds the limit of 20 values"), "\(result.stdout)")
        let defaults = try CLI.temporaryFolder(["docs/laughs.yaml": yaml])
        defer { try? FileManager.default.removeItem(at: defaults) }
        #expect(try CLI.run(["check", "--all", "--format", "concise", defaults.path]).status == 0)
    }

    @Test func patternStepsAreConfigurable() throws {
        let schema = #"{"$schema": "http://json-schema.org/draft-07/schema#", "type": "string", "pattern": "^(a|aa)+$", "examples": ["aaaaaaaaaaaaaaaaaaaaaaaaab"]}"#
        let folder = try CLI.temporaryFolder(["catalog/contracts/x.schema.json": schema,
                                              ".magsag-lint.yaml": "version: 1\nlimits:\n  pattern-steps: 50\n"])
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try CLI.run(["check", "--format", "concise", folder.path])
        #expect(result.stdout.contains("exceeded the regex step limit (50)"), "\(result.stdout)")
    }

    @Test func badLimitsAreConfigurationFindings() throws {
        let folder = try CLI.temporaryFolder([".magsag-lint.yaml": "version: 1\nlimits:\n  nesting-depth: 0\n  speed: 3\n"])
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try CLI.run(["check", "--format", "concise", folder.path])
        #expect(result.stdout.contains(".magsag-lint.yaml:3:"), "\(result.stdout)")
        #expect(result.stdout.contains("limits.nesting-depth"), "\(result.stdout)")
        #expect(result.stdout.contains("unknown limits key \"speed\""), "\(result.stdout)")
        let dump = try CLI.run(["config", "--dump", folder.path])
        #expect(dump.stdout.contains("limits:\n  nesting-depth: 512"), "\(dump.stdout)")
    }
}
