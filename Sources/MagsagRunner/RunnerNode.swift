import MagsagCatalog
import MagsagJSONSchema
import MagsagLintCore
import MagsagSource

/// An agent or skill as the runner sees it: as the owner of fixtures and as a callee.
///
/// A class: a node has about twenty references, every lookup of one (each fixture, each recorded
/// call) copied it and counted each of them, and a table of 10,000 nodes held them inline.
final class RunnerNode: Sendable {
    /// A contract and its compiled schema (nil when it is missing or does not compile).
    struct Contract: Sendable {
        var path: String
        var field: CatalogField
        /// The schema, compiled on first use: a run replaying a few fixtures compiles only the
        /// contracts they reach.
        let compiled: LazySchema

        var schema: CompiledSchema? { compiled.schema }
    }

    /// A contract's schema, compiled by the first caller (others wait and share it).
    final class LazySchema: Sendable {
        private let path: String
        /// The store compiling the schema; nil when the file is missing or no store was given.
        private let store: ContractStore?
        private let state = Locked<CompiledSchema??>(nil)

        init(path: String, store: ContractStore?) {
            self.path = path
            self.store = store
        }

        var schema: CompiledSchema? {
            state.withLock { known in
                if let known { return known }
                let made = store?.schema(at: path)
                known = .some(made)
                return made
            }
        }
    }

    /// A limit and the field declaring it.
    struct Limit: Sendable {
        var value: Double
        var field: CatalogField
    }

    /// `main.<slug>`, `sub.<slug>` or `skill.<id>`.
    let key: String
    let folder: String
    /// The descriptor (agent.yaml, skill.yaml or SKILL.md).
    let path: String
    let isTemplate: Bool
    let isAgent: Bool
    let input: Contract?
    let output: Contract?
    let dependencies: [CatalogDependency]
    let tokenBudget: Limit?
    let timeBudgetMS: Limit?
    /// `evaluation.retry_policy.max_attempts` (1 when absent), with its field.
    let maxAttempts: Int
    let maxAttemptsField: CatalogField?
    let version: CatalogField?
    let isDeprecated: Bool
    let deprecatedMessage: String?
    /// Whether the skill holds `mcp:*` permissions.
    let usesMCP: Bool
    /// A skill's `permissions` entries starting with `mcp:`.
    let mcpPermissions: [CatalogField]
    /// An agent's `policies.tools` map (`<server>.<tool>` glob → allow | require-approval | deny).
    let toolPolicies: [(key: String, field: CatalogField)]
    /// Contract paths as written (resolved), for affected-agent selection.
    var contractPaths: [String] { [input?.path, output?.path].compactMap { $0 } }

    static func contract(_ root: CatalogField?, _ group: String, _ name: String, in repository: RepositoryIndex,
                         store: ContractStore?) -> Contract? {
        guard let field = root?.descendant(group, name), let text = field.string, ContractPath.looksLikePath(text),
              let path = ContractPath(field: field, member: "\(group).\(name)").resolved(in: repository) else { return nil }
        return Contract(path: path, field: field, compiled: LazySchema(path: path, store: repository.fileExists(path) ? store : nil))
    }

    static func limit(_ field: CatalogField?, scale: Double = 1) -> Limit? {
        guard let field, let number = field.value.numberValue?.double, number.isFinite else { return nil }
        return Limit(value: number * scale, field: field)
    }

    init(agent: CatalogAgent, in repository: RepositoryIndex, store: ContractStore?) {
        let root = agent.root
        key = agent.key ?? "main.\(agent.folderName)"
        folder = agent.folder
        path = agent.path
        isTemplate = agent.isTemplate
        isAgent = true
        input = Self.contract(root, "contracts", "input_schema", in: repository, store: store)
        output = Self.contract(root, "contracts", "output_schema", in: repository, store: store)
        dependencies = agent.dependencies
        tokenBudget = Self.limit(root.descendant("budgets", "tokens"))
        let times = [Self.limit(root.descendant("budgets", "time_s"), scale: 1000),
                     Self.limit(root.descendant("budgets", "timeout_seconds"), scale: 1000)].compactMap { $0 }
        timeBudgetMS = times.min { $0.value < $1.value }
        if let field = root.descendant("evaluation", "retry_policy", "max_attempts"), let value = field.value.numberValue?.intValue {
            maxAttempts = value
            maxAttemptsField = field
        } else {
            maxAttempts = 1
            maxAttemptsField = nil
        }
        version = agent.version
        isDeprecated = agent.isDeprecated
        deprecatedMessage = root.child("deprecated_message")?.string
        usesMCP = false
        mcpPermissions = []
        toolPolicies = root.descendant("policies", "tools")?.members ?? []
    }

    init(skill: CatalogSkill, in repository: RepositoryIndex, store: ContractStore?) {
        key = "skill.\(skill.name)"
        folder = skill.folder
        path = skill.primaryPath
        isTemplate = skill.isTemplate
        isAgent = false
        let manifest = skill.manifest
        input = Self.contract(manifest, "contracts", "input_schema", in: repository, store: store)
            ?? Self.contract(skill.card, "iface", "input_schema", in: repository, store: store)
        output = Self.contract(manifest, "contracts", "output_schema", in: repository, store: store)
            ?? Self.contract(skill.card, "iface", "output_schema", in: repository, store: store)
        dependencies = []
        tokenBudget = nil
        timeBudgetMS = Self.limit(manifest?.descendant("resource_config", "timeout_ms"))
        maxAttempts = 1
        maxAttemptsField = nil
        version = skill.version
        isDeprecated = skill.isDeprecated
        deprecatedMessage = manifest?.child("deprecated_message")?.string
        let permissions = (manifest?.child("permissions")?.elements ?? []).filter { $0.string?.hasPrefix("mcp:") == true }
        mcpPermissions = permissions
        usesMCP = !permissions.isEmpty
            || skill.card?.descendant("mcp", "server_ref")?.string != nil
        toolPolicies = []
    }
}
