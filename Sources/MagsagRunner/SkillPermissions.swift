import MagsagCatalog
import MagsagLintCore
import MagsagSource

/// Whether the MCP servers a skill's `mcp:<server>` permissions need are allowed by the permission policies
/// in force: the root scope of every `<catalog>/policies/*.yaml` holding `default_permission` or
/// `server_defaults` (`tool_permissions.yaml`, `mcp_permissions.yaml`), and the calling agent's
/// `policies.tools` map. Environment overrides (`environments.<name>`) are not applied: a run has no environment.
struct SkillPermissions: Sendable {
    /// Why a server is refused, and the field that refuses it.
    struct Denial: Sendable {
        var reason: String
        var field: CatalogField
    }

    private var policies: [CatalogField] = []

    init(_ repository: RepositoryIndex, catalogRoot: String = "catalog") {
        let prefix = catalogRoot + "/policies/"
        // The policies lie together in the sorted listing (found by binary search; every path when the
        // folder is not ASCII), each tested as before.
        let sorted = repository.sortedPaths
        let range = RepositoryIndex.range(under: catalogRoot + "/policies", in: sorted) ?? sorted.indices
        for path in sorted[range] where path.hasPrefix(prefix) && (path.hasSuffix(".yaml") || path.hasSuffix(".yml")) {
            guard !repository.deleted.contains(path), let root = repository.documents[path]?.root, root.objectValue != nil else { continue }
            let field = CatalogField(path: path, value: root)
            if field.child("default_permission") != nil || field.child("server_defaults") != nil { policies.append(field) }
        }
    }

    /// The first policy file refusing every tool of `server`.
    func denial(server: String) -> Denial? {
        for policy in policies {
            guard let level = policy.descendant("server_defaults", server) ?? policy.child("default_permission"),
                  level.string?.uppercased() == "NEVER" else { continue }
            var granted = false
            for member in policy.child("categories")?.members ?? [] {
                guard let permission = member.field.child("permission")?.string?.uppercased(), permission != "NEVER" else { continue }
                granted = granted || (member.field.child("tools")?.elements ?? []).contains { Self.servesTools(pattern: $0.string ?? "", of: server) }
            }
            for member in policy.child("tools")?.members ?? [] {
                let permission = (member.field.child("permission") ?? member.field).string?.uppercased()
                granted = granted || (permission != nil && permission != "NEVER" && Self.servesTools(pattern: member.key, of: server))
            }
            if !granted {
                let name = level.pointer.tokens.joined(separator: ".")
                return Denial(reason: "\(policy.path) refuses every tool of '\(server)' (\(name): NEVER, and no category or tool grants one)", field: level)
            }
        }
        return nil
    }

    /// The caller's `policies.tools` entry denying every tool of `server` (`<server>.*: deny` or `*: deny`)
    /// when no entry of that server allows a tool.
    static func callerDenial(_ tools: [(key: String, field: CatalogField)], server: String) -> Denial? {
        var denial: Denial?
        for entry in tools {
            let level = entry.field.string?.lowercased()
            if (entry.key == "\(server).*" || entry.key == "*") && level == "deny" {
                denial = denial ?? Denial(reason: "the caller's policies.tools denies '\(entry.key)'", field: entry.field)
            } else if servesTools(pattern: entry.key, of: server), level == "allow" || level == "require-approval" {
                return nil
            }
        }
        return denial
    }

    /// Whether a `<server>.<tool>` glob pattern can match a tool of `server`.
    static func servesTools(pattern: String, of server: String) -> Bool {
        let serverPart = pattern.split(separator: ".", maxSplits: 1).first.map(String.init) ?? pattern
        return pattern == "*" || glob(Array(serverPart.unicodeScalars), Array(server.unicodeScalars))
    }

    /// Anchored glob: `*` any run, `?` one character (linear-time two-pointer matcher).
    static func glob(_ pattern: [Unicode.Scalar], _ text: [Unicode.Scalar]) -> Bool {
        var p = 0, t = 0, star = -1, mark = 0
        while t < text.count {
            if p < pattern.count && (pattern[p] == "?" || pattern[p] == text[t]) {
                p += 1; t += 1
            } else if p < pattern.count && pattern[p] == "*" {
                star = p; mark = t; p += 1
            } else if star >= 0 {
                p = star + 1; mark += 1; t = mark
            } else {
                return false
            }
        }
        while p < pattern.count && pattern[p] == "*" { p += 1 }
        return p == pattern.count
    }
}

extension Runner {
    /// Findings for a call from `caller` to the skill `skill` at `target` when a policy refuses one of the
    /// MCP servers the skill's permissions need.
    func permissionFindings(caller: RunnerNode, skill: RunnerNode, at target: @autoclosure () -> Location) -> [RunnerFinding] {
        var findings: [RunnerFinding] = []
        for permission in skill.mcpPermissions {
            guard let text = permission.string, text.hasPrefix("mcp:") else { continue }
            let server = String(text.dropFirst(4))
            guard let denial = permissions.denial(server: server) ?? SkillPermissions.callerDenial(caller.toolPolicies, server: server) else { continue }
            findings.append(RunnerFinding(
                .skillPermission, "'\(skill.key)' needs '\(text)' but \(denial.reason)", at: target(),
                related: [permission.location("permission declared here"), denial.field.location("refused here")],
                help: "grant the skill's tools in the policy, or call a skill that needs no refused server"))
        }
        return findings
    }
}
