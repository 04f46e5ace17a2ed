import Foundation
import Testing

/// This repository's own catalog, docs and ExecPlans pass magsag-lint; each finding fails at its place.
@Suite struct SelfLintTests {
    @Test func repositoryLintsClean() throws {
        let output = try CLI.run(["check", "--format", "concise", "--fail-level", "warning", CLI.projectRoot.path])
        let findings = output.stdout.split(separator: "\n").filter { $0.contains("[") && $0.contains("]:") }
        for finding in findings {
            Issue.record("self-lint: \(finding)")
        }
        #expect(output.status == 0, "magsag-lint check on this repository exited \(output.status): \(output.stderr)")
    }
}
