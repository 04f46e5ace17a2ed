import MagsagCatalog
import MagsagLintCore
import MagsagSource

/// Reports permission levels outside their vocabulary: `ALWAYS|REQUIRE_APPROVAL|NEVER` in policy
/// files, `allow|require-approval|deny` in an agent's `policies.tools`.
public struct InvalidPermissionLevelRule: FileRule {
    public init() {}

    public static let description = RuleDescription(
        id: "invalid-permission-level",
        name: "Invalid permission level",
        category: .policies,
        defaultSeverity: .error,
        summary: "A permission level is not one of its file's vocabulary",
        rationale: """
            Two vocabularies coexist: policy files (`catalog/policies/*permissions*.yaml`: `default_permission`, \
            `server_defaults`, `categories.*.permission`, `tools`, and the same under `environments`) use \
            `ALWAYS`, `REQUIRE_APPROVAL` and `NEVER`; an agent's `policies.tools` map uses `allow`, \
            `require-approval` and `deny`. A value from the other vocabulary, a different case or a typo is not \
            understood by the enforcer, which then falls back to a default the author did not choose.
            """,
        fix: "Use the file's vocabulary; the help names the equivalent value.",
        triggeringExamples: [
            Example("catalog/policies/tool_permissions.yaml", """
                default_permission: ↓require-approval
                categories:
                  write:
                    permission: ↓Always
                    tools: ["*.write_*"]
                """),
            Example("catalog/agents/main/a-mag/agent.yaml", """
                slug: a-mag
                policies:
                  tools:
                    github.*: ↓ALWAYS
                    pg.query: allow
                """),
        ],
        nonTriggeringExamples: [
            Example("catalog/policies/tool_permissions.yaml", """
                default_permission: REQUIRE_APPROVAL
                server_defaults:
                  github: NEVER
                categories:
                  read_only:
                    permission: ALWAYS
                    tools: ["*.read_*"]
                """),
            Example("catalog/agents/main/a-mag/agent.yaml", """
                slug: a-mag
                policies:
                  tools:
                    github.*: require-approval
                    pg.query: allow
                """),
        ])

    public func check(_ document: LintDocument, into sink: inout DiagnosticSink) {
        // The paths first: the root and its field are looked at only for the two kinds of file read.
        let catalog = sink.settings.roots.catalog
        let isPolicy = PosturePaths.isPermissionPolicy(document.path, catalog: catalog)
        guard isPolicy || PosturePaths.isAgentDescriptor(document.path, catalog: catalog),
              let value = document.root, value.objectValue != nil else { return }
        let root = CatalogField(path: document.path, value: value)
        if isPolicy {
            for scope in PermissionPolicy.scopes(root) {
                for level in PermissionPolicy.levels(in: scope.field) {
                    let text = level.field.scalarText ?? ""
                    guard !PermissionPolicy.levels.contains(text) else { continue }
                    let mapped = PermissionPolicy.agentLevels[text.lowercased()]
                        ?? PermissionPolicy.levels.first { $0.lowercased() == text.lowercased().replacing("-", with: "_") }
                    sink.report("'\(text)' is not a policy permission level", at: level.field, label: "unknown level",
                                help: mapped.map { "write \($0)" } ?? "use ALWAYS, REQUIRE_APPROVAL or NEVER")
                }
            }
        } else {
            for member in root.descendant("policies", "tools")?.members ?? [] {
                let text = member.field.scalarText ?? ""
                guard PermissionPolicy.agentLevels[text] == nil else { continue }
                let mapped = PermissionPolicy.agentLevels.first { $0.value == text.uppercased().replacing("-", with: "_") }?.key
                    ?? PermissionPolicy.agentLevels.keys.first { $0 == text.lowercased() }
                sink.report("'\(text)' is not an agent tool permission", at: member.field, label: "unknown level",
                            help: mapped.map { "write \($0)" } ?? "use allow, require-approval or deny")
            }
        }
    }
}
