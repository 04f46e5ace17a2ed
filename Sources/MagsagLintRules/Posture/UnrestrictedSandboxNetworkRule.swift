import MagsagLintCore
import MagsagSource

/// Reports sandbox policies that allow network access without a written justification, or do not say.
public struct UnrestrictedSandboxNetworkRule: RepositoryRule {
    public init() {}

    public static let description = RuleDescription(
        id: "unrestricted-sandbox-network",
        name: "Unrestricted sandbox network",
        category: .security,
        defaultSeverity: .warning,
        summary: "A sandbox policy allows network access without a justification, or does not set it",
        rationale: """
            Network access is how a prompt-injected agent exfiltrates data and fetches a second stage; sandboxes \
            should default to none. The sandbox policies (`tools/security/policy/*.yaml`; option \
            `policy-folders`) must set `network` (also `networking`, `network_access`, `egress`; at the top \
            level or in a `sandbox`, `runtime`, `policy` or `spec` object) to `none` (or `disabled`, `off`, \
            `deny`, `isolated`, `false`, or an object with `mode: none` or `enabled: false`). Anything else (an \
            allowlist, `bridge`, `host`, `true`) needs a non-empty `justification` (or `reason`, `rationale`) in \
            the network object or a `network_justification` beside it. A folder where no policy sets the network \
            is reported on each of its policies: runtimes allow the network by default.
            """,
        fix: "Set `network: none`; when access is needed, narrow it to an allowlist and say why: `network: {mode: allowlist, allow: [api.example.com], justification: \"…\"}`.",
        triggeringExamples: [
            Example("tools/security/policy/sandbox.yaml", "network: ↓bridge\nlimits: {cpu: 1}\nforbidden_functions: [eval]\n"),
            Example("tools/security/policy/sandbox.yaml", "network:\n  mode: ↓allowlist\n  allow: [api.example.com]\nlimits: {cpu: 1}\n"),
            Example("tools/security/policy/sandbox.yaml", "↓limits: {cpu: 1}\nforbidden_functions: [eval]\n"),
        ],
        nonTriggeringExamples: [
            Example("tools/security/policy/sandbox.yaml", "network: none\nlimits: {cpu: 1}\nforbidden_functions: [eval]\n"),
            Example("tools/security/policy/fetcher.yaml", """
                runtime:
                  network:
                    mode: allowlist
                    allow: [registry.npmjs.org]
                    justification: the fetch skill downloads packages for review
                  limits: {cpu: 1}
                """),
            Example("tools/security/policy/sandbox.yaml", "network: host\nnetwork_justification: local metrics exporter only\nlimits: {cpu: 1}\n"),
        ])

    private static let closed: Set<String> = ["none", "disabled", "off", "deny", "denied", "isolated", "false", "no", "blocked"]
    private static let modeKeys = ["mode", "policy", "access", "type", "egress"]

    public func check(_ repository: RepositoryIndex, into sink: inout DiagnosticSink) {
        for policy in SandboxPolicies.all(in: repository, settings: sink.settings) where repository.linted.contains(policy.path) {
            guard let member = policy.member(SandboxPolicy.networkKeys), let open = Self.openSetting(member.value) else { continue }
            if Self.isJustified(member.value) || Self.hasText(policy.settings["network_justification"]) { continue }
            sink.report("sandbox policy allows network access without a justification", path: policy.path, range: open.range,
                        label: "network open", help: "set `network: none`, or add a `justification` explaining why access is needed")
        }
        for policy in SandboxPolicies.lacking(SandboxPolicy.networkKeys, in: repository, settings: sink.settings) {
            sink.report("sandbox policy does not set network access", path: policy.path, range: policy.anchor,
                        label: "no `network`", help: "add `network: none` (runtimes allow the network by default)")
        }
    }

    /// The value that opens the network, or nil when the setting closes it.
    static func openSetting(_ value: SourceValue) -> SourceValue? {
        if let flag = value.boolValue { return flag ? value : nil }
        if let text = value.stringValue { return closed.contains(text.lowercased()) ? nil : value }
        guard let object = value.objectValue else { return value }
        if object["enabled"]?.boolValue == false { return nil }
        if let mode = modeKeys.lazy.compactMap({ object[$0] }).first(where: { $0.stringValue != nil || $0.boolValue != nil }) {
            return openSetting(mode)
        }
        return object.members.first?.value ?? value
    }

    static func isJustified(_ value: SourceValue) -> Bool {
        guard let object = value.objectValue else { return false }
        return SandboxPolicy.justificationKeys.contains { hasText(object[$0]) }
    }

    static func hasText(_ value: SourceValue?) -> Bool {
        guard let text = value?.stringValue else { return false }
        return text.contains { !$0.isWhitespace }
    }
}
