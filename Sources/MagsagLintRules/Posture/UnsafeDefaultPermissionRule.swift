import MagsagCatalog
import MagsagLintCore
import MagsagSource

/// Reports permission policies that grant destructive or code-executing tools `ALWAYS`, or let a
/// production environment default to `ALWAYS`.
public struct UnsafeDefaultPermissionRule: FileRule {
    public init() {}

    public static let description = RuleDescription(
        id: "unsafe-default-permission",
        name: "Unsafe default permission",
        category: .security,
        defaultSeverity: .error,
        summary: "A permission policy allows destructive or executing tools without approval, or defaults production to ALWAYS",
        rationale: """
            `ALWAYS` lets an agent call a tool with no human in the loop. For tools that delete, drop, \
            truncate or execute commands (categories or tool patterns whose words include `delete`, `drop`, \
            `destroy`, `purge`, `exec`, `shell`, `command`, `dangerous`, …), one bad plan is an outage. And in \
            a production-like environment (`prod`, `production`, `prd` in its name), `default_permission` and \
            `server_defaults` decide every tool nobody thought about; `ALWAYS` there, written or inherited from \
            the top-level default, approves them all. Files: `catalog/policies/*permissions*.yaml`.
            """,
        fix: "Use `REQUIRE_APPROVAL` (or `NEVER`) for destructive and executing tools, and for production defaults.",
        triggeringExamples: [
            Example("catalog/policies/tool_permissions.yaml", """
                default_permission: REQUIRE_APPROVAL
                categories:
                  dangerous:
                    permission: ↓ALWAYS
                    tools: ["*.delete_*"]
                  maintenance:
                    permission: ↓ALWAYS
                    tools: ["pg.run_shell_command"]
                environments:
                  production:
                    default_permission: ↓ALWAYS
                """),
            Example("catalog/policies/mcp_permissions.yaml", """
                default_permission: ALWAYS
                environments:
                  ↓prod:
                    server_defaults:
                      github: REQUIRE_APPROVAL
                """, note: "The production environment inherits the top-level ALWAYS."),
        ],
        nonTriggeringExamples: [
            Example("catalog/policies/tool_permissions.yaml", """
                default_permission: REQUIRE_APPROVAL
                categories:
                  read_only:
                    permission: ALWAYS
                    tools: ["*.read_*", "*.list_*"]
                  dangerous:
                    permission: NEVER
                    tools: ["*.delete_*", "*.drop_*"]
                environments:
                  development:
                    default_permission: ALWAYS
                  production:
                    default_permission: REQUIRE_APPROVAL
                """),
        ])

    public func check(_ document: LintDocument, into sink: inout DiagnosticSink) {
        guard PosturePaths.isPermissionPolicy(document.path, catalog: sink.settings.roots.catalog), let value = document.root,
              value.objectValue != nil else { return }
        let root = CatalogField(path: document.path, value: value)
        let topDefault = root.child("default_permission")?.string
        for scope in PermissionPolicy.scopes(root) {
            let production = scope.name.map(PermissionPolicy.isProduction) ?? false
            for level in PermissionPolicy.levels(in: scope.field) where level.field.string == "ALWAYS" {
                switch level.kind {
                case .category:
                    let name = level.subject ?? ""
                    if let dangerous = ([name] + level.patterns).first(where: PermissionPolicy.isDangerous) {
                        report(level.field, "category '\(name)' (\(dangerous == name ? "destructive or executing" : "includes '\(dangerous)'")) is ALWAYS allowed", into: &sink)
                    }
                case .tool:
                    if let pattern = level.subject, PermissionPolicy.isDangerous(pattern) {
                        report(level.field, "tool '\(pattern)' is destructive or executing and is ALWAYS allowed", into: &sink)
                    }
                case .defaultPermission where production:
                    report(level.field, "production environment '\(scope.name ?? "")' defaults to ALWAYS", into: &sink)
                case .serverDefault where production:
                    report(level.field, "production environment '\(scope.name ?? "")' allows server '\(level.subject ?? "")' by default", into: &sink)
                default:
                    break
                }
            }
            if production, topDefault == "ALWAYS", scope.field.child("default_permission") == nil,
               let key = root.child("environments")?.child(scope.name ?? "") {
                var anchor = key
                anchor.value.range = key.keyRange ?? key.range
                report(anchor, "production environment '\(scope.name ?? "")' inherits default_permission ALWAYS", into: &sink)
            }
        }
    }

    private func report(_ field: CatalogField, _ message: String, into sink: inout DiagnosticSink) {
        sink.report(message, at: field, label: "no approval", help: "use REQUIRE_APPROVAL or NEVER")
    }
}
