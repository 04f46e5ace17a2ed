import MagsagLintCore
import MagsagSource

/// Reports sandbox policies that list no forbidden functions.
public struct MissingForbiddenFunctionsRule: RepositoryRule {
    public init() {}

    public static let description = RuleDescription(
        id: "missing-forbidden-functions",
        name: "Missing forbidden functions",
        category: .security,
        defaultSeverity: .warning,
        summary: "A sandbox policy lists no forbidden functions",
        rationale: """
            The sandbox policies (`tools/security/policy/*.yaml`; option `policy-folders`) say which functions \
            agent and skill code must never call (`forbidden_functions`, also spelled `forbidden_calls`, \
            `denied_functions`, `blocked_functions`, `disallowed_functions`; at the top level or in a `sandbox`, \
            `runtime`, `policy` or `spec` object). Without the list, `forbidden-function-call` has nothing to \
            enforce and `eval` or `child_process.exec` in a skill goes unnoticed. The rule reports a policy with \
            an empty list, and every policy of a folder where no policy has one. A YAML file without any \
            sandbox setting (`network`, limits, forbidden functions) is not a sandbox policy.
            """,
        fix: "List the dangerous functions: `forbidden_functions: [eval, Function, child_process.exec, child_process.execSync, os.system, subprocess.*]`.",
        triggeringExamples: [
            Example("tools/security/policy/sandbox.yaml", "↓network: none\nlimits:\n  memory_mb: 512\n"),
            Example("tools/security/policy/sandbox.yaml", "network: none\nlimits: {cpu: 1}\n↓forbidden_functions: []\n"),
        ],
        nonTriggeringExamples: [
            Example("tools/security/policy/sandbox.yaml", "network: none\nlimits: {cpu: 1}\nforbidden_functions: [eval]\n"),
            Example(files: [
                "tools/security/policy/network.yaml": "network: none\nlimits: {cpu: 1}\n",
                "tools/security/policy/code.yaml": "forbidden_functions: [eval, os.system]\n",
            ], note: "Settings may be split across the files of a folder."),
        ])

    public func check(_ repository: RepositoryIndex, into sink: inout DiagnosticSink) {
        for policy in SandboxPolicies.all(in: repository, settings: sink.settings) where repository.linted.contains(policy.path) {
            guard let member = policy.member(SandboxPolicy.forbiddenKeys), policy.forbidden.isEmpty else { continue }
            sink.report("sandbox policy lists no forbidden functions", path: policy.path, range: member.keyRange,
                        label: "empty list", help: "list the functions agent and skill code must not call (`eval`, `child_process.exec`, `os.system`)")
        }
        for policy in SandboxPolicies.lacking(SandboxPolicy.forbiddenKeys, in: repository, settings: sink.settings) {
            sink.report("sandbox policy lists no forbidden functions", path: policy.path, range: policy.anchor,
                        label: "no `forbidden_functions`", help: "add `forbidden_functions: [eval, child_process.exec, os.system]`")
        }
    }
}
