import MagsagLintCore
import MagsagSource

/// Reports sandbox policies without resource limits, or with a limit that does not limit.
public struct MissingSandboxLimitsRule: RepositoryRule {
    public init() {}

    public static let description = RuleDescription(
        id: "missing-sandbox-limits",
        name: "Missing sandbox limits",
        category: .security,
        defaultSeverity: .warning,
        summary: "A sandbox policy sets no resource limits, or a limit is unlimited",
        rationale: """
            Agent and skill code runs model-chosen work: without CPU, memory, time or process limits a loop or a \
            fork bomb takes the host with it. The sandbox policies (`tools/security/policy/*.yaml`; option \
            `policy-folders`) must set a non-empty `limits` (or `resources`, `resource_limits`) object, at the \
            top level or in a `sandbox`, `runtime`, `policy` or `spec` object; a folder may keep the limits in \
            one file for all. A limit that is null, zero, negative, `unlimited`, `none`, `unbounded` or `-1` is \
            reported at its value.
            """,
        fix: "Set the limits the runtime enforces, for example `limits: {cpu: 1, memory_mb: 512, timeout_s: 60, pids: 64}`.",
        triggeringExamples: [
            Example("tools/security/policy/sandbox.yaml", "↓network: none\nforbidden_functions: [eval]\n"),
            Example("tools/security/policy/sandbox.yaml", "network: none\nforbidden_functions: [eval]\nlimits:\n  cpu: 2\n  memory_mb: ↓unlimited\n  timeout_s: ↓0\n"),
            Example("tools/security/policy/sandbox.yaml", "network: none\nforbidden_functions: [eval]\n↓resources: {}\n"),
        ],
        nonTriggeringExamples: [
            Example("tools/security/policy/sandbox.yaml", "sandbox:\n  network: none\n  limits:\n    cpu: 1\n    memory_mb: 512\n    timeout_s: 60\n"),
            Example("tools/security/policy/retention.yaml", "retention_days: 30\n", note: "Not a sandbox policy."),
        ])

    private static let unlimitedWords: Set<String> = ["unlimited", "none", "unbounded", "infinite", "inf", "-1", "0", "off", "no"]

    public func check(_ repository: RepositoryIndex, into sink: inout DiagnosticSink) {
        for policy in SandboxPolicies.all(in: repository, settings: sink.settings) where repository.linted.contains(policy.path) {
            guard let member = policy.member(SandboxPolicy.limitKeys) else { continue }
            guard let limits = member.value.objectValue, !limits.isEmpty else {
                sink.report("sandbox policy sets no resource limits", path: policy.path, range: member.keyRange,
                            label: "no limits", help: "set `cpu`, `memory_mb`, `timeout_s` and `pids` limits")
                continue
            }
            for limit in limits.members where Self.isUnlimited(limit.value) {
                sink.report("sandbox limit `\(limit.key)` does not limit anything", path: policy.path, range: limit.value.range,
                            label: "unlimited", help: "set a positive bound for `\(limit.key)`")
            }
        }
        for policy in SandboxPolicies.lacking(SandboxPolicy.limitKeys, in: repository, settings: sink.settings) {
            sink.report("sandbox policy sets no resource limits", path: policy.path, range: policy.anchor,
                        label: "no `limits`", help: "add `limits: {cpu: 1, memory_mb: 512, timeout_s: 60}`")
        }
    }

    static func isUnlimited(_ value: SourceValue) -> Bool {
        if value.isNull { return true }
        if let number = value.numberValue?.double { return number <= 0 }
        if let text = value.stringValue { return unlimitedWords.contains(text.lowercased()) }
        if let flag = value.boolValue { return !flag }
        return false
    }
}
