import MagsagCatalog
import MagsagLintCore
import MagsagSource

/// The permission levels and tool patterns of a permission policy file (`default_permission`,
/// `server_defaults`, `categories.<name>.{permission, tools}`, `tools`, and the same under
/// `environments.<name>`).
enum PermissionPolicy {
    /// Levels of policy files.
    static let levels: Set<String> = ["ALWAYS", "REQUIRE_APPROVAL", "NEVER"]
    /// Levels of an agent's `policies.tools` map, with the policy level each one means.
    static let agentLevels: [String: String] = ["allow": "ALWAYS", "require-approval": "REQUIRE_APPROVAL", "deny": "NEVER"]

    /// One level value and what it governs.
    struct Level {
        var field: CatalogField
        /// `default_permission`, `server_defaults`, `category`, `tool`.
        var kind: Kind
        /// Category name, server id, or tool pattern.
        var subject: String?
        /// The category's tool patterns.
        var patterns: [String] = []

        enum Kind { case defaultPermission, serverDefault, category, tool }
    }

    /// A tool pattern and where it is written (a list element, or a mapping key).
    struct Pattern {
        var text: String
        var path: String
        var range: SourceRange
        var pointer: JSONPointer
    }

    /// The root scope (nil name) and each `environments.<name>` scope.
    static func scopes(_ root: CatalogField) -> [(name: String?, field: CatalogField)] {
        var scopes: [(name: String?, field: CatalogField)] = [(nil, root)]
        for member in root.child("environments")?.members ?? [] where member.field.value.objectValue != nil {
            scopes.append((member.key, member.field))
        }
        return scopes
    }

    /// Every level in `scope`.
    static func levels(in scope: CatalogField) -> [Level] {
        var result: [Level] = []
        if let field = scope.child("default_permission") { result.append(Level(field: field, kind: .defaultPermission)) }
        for member in scope.child("server_defaults")?.members ?? [] {
            result.append(Level(field: member.field, kind: .serverDefault, subject: member.key))
        }
        for member in scope.child("categories")?.members ?? [] {
            guard let permission = member.field.child("permission") else { continue }
            let patterns = member.field.child("tools")?.elements.compactMap(\.string) ?? []
            result.append(Level(field: permission, kind: .category, subject: member.key, patterns: patterns))
        }
        for member in scope.child("tools")?.members ?? [] {
            let field = member.field.value.objectValue != nil ? member.field.child("permission") : member.field
            if let field { result.append(Level(field: field, kind: .tool, subject: member.key)) }
        }
        return result
    }

    /// Every tool pattern in `scope`.
    static func patterns(in scope: CatalogField) -> [Pattern] {
        var result: [Pattern] = []
        for member in scope.child("categories")?.members ?? [] {
            for element in member.field.child("tools")?.elements ?? [] {
                if let text = element.string { result.append(Pattern(text: text, path: element.path, range: element.range, pointer: element.pointer)) }
            }
        }
        for member in scope.child("tools")?.members ?? [] {
            result.append(Pattern(text: member.key, path: member.field.path, range: member.field.keyRange ?? member.field.range,
                                  pointer: member.field.pointer))
        }
        return result
    }

    /// The lowercase words of a name (`run_shell_command`, `deleteRepo`, `*.drop_*`).
    static func words(_ text: String) -> [String] {
        var words: [String] = []
        var current = ""
        var previousLower = false
        for character in text {
            guard character.isLetter || character.isNumber else {
                if !current.isEmpty { words.append(current) }
                current = ""
                previousLower = false
                continue
            }
            if character.isUppercase, previousLower, !current.isEmpty {
                words.append(current)
                current = ""
            }
            current += character.lowercased()
            previousLower = character.isLowercase
        }
        if !current.isEmpty { words.append(current) }
        return words
    }

    /// Words that make a category or tool destructive or code-executing.
    static let dangerousWords: Set<String> = [
        "delete", "deletion", "destroy", "destructive", "dangerous", "drop", "remove", "purge", "truncate", "wipe",
        "erase", "kill", "terminate", "exec", "execute", "execution", "shell", "command", "commands", "eval", "rm",
    ]

    /// Whether a name or tool pattern is destructive or executes code.
    static func isDangerous(_ name: String) -> Bool {
        words(name).contains { dangerousWords.contains($0) }
    }

    /// Whether an environment name is production-like (`prod`, `production`, `prd`).
    static func isProduction(_ name: String) -> Bool {
        words(name).contains { ["prod", "production", "prd"].contains($0) }
    }
}
