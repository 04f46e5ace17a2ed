import MagsagCatalog
import MagsagLintCore
import MagsagRunner

/// A rule reporting one check of the runner's shared report: it starts after the rules that need nothing
/// from the report, which keep the cores busy while it is built (see `RepositoryRule.startOrder`).
public protocol RunnerReportRule: RepositoryRule {}

extension RunnerReportRule {
    public static var startOrder: Int { 1 }
}

extension RunnerCheck {
    /// Report this check's findings of the snapshot's run (computed once per run, shared by the runner's rules).
    func report(_ repository: RepositoryIndex, into sink: inout DiagnosticSink) {
        for finding in Runner.report(of: repository, layout: CatalogLayout(roots: sink.settings.roots)).findings where finding.check == self && repository.linted.contains(finding.location.path) {
            sink.report(finding.message, path: finding.location.path, range: finding.location.range, pointer: finding.location.pointer,
                        related: finding.related, notes: finding.notes, help: finding.help,
                        severity: finding.severity == defaultSeverity ? nil : finding.severity)
        }
    }
}

/// Shared example files for the runner's rules.
enum RunnerExamples {
    static let mag = "catalog/agents/main/a-mag/agent.yaml"
    static let sag = "catalog/agents/sub/b-sag/agent.yaml"
    static let magFixture = "catalog/agents/main/a-mag/fixtures/basic.yaml"
    static let sagFixture = "catalog/agents/sub/b-sag/fixtures/basic.yaml"
    static let stringQ = #"{"type": "object", "properties": {"q": {"type": "string"}}}"#

    /// A MAG declaring `dependency` (and optionally more YAML), and a SAG at 1.0.0 with `sagExtra`.
    static func pair(dependency: String = "magsag://sub.b-sag@^1.0.0", magExtra: String = "", sagExtra: String = "") -> [String: String] {
        [
            mag: "version: 1.0.0\ndepends_on:\n  sub_agents:\n    - \(dependency)\n" + magExtra,
            sag: "version: 1.0.0\ncontracts:\n  input_schema: catalog/contracts/b_in.schema.json\n" + sagExtra,
            "catalog/contracts/b_in.schema.json": stringQ,
        ]
    }

    /// A fixture with one call to `target`.
    static func call(_ target: String, input: String = "{q: x}", output: String = "{r: 1}", usage: String = "", top: String = "") -> String {
        "name: basic\n\(top)input: {}\ncalls:\n  - agent: \(target)\n    input: \(input)\n    output: \(output)\n\(usage)expect:\n  status: success\n  output: {}\n"
    }
}
