import MagsagLintCore
import MagsagSource

/// Where the catalog lives; MAGSAG defaults.
package struct CatalogLayout: Sendable {
    /// The catalog root folder.
    package var catalog = "catalog"
    /// Folders holding MCP server configs (`<id>.yaml`), current form first.
    package var mcpServerFolders = ["tools/adk/servers", ".mcp/servers"]

    package static let `default` = CatalogLayout()

    package init() {}

    /// The layout of the configured roots (`roots.catalog`, `roots.mcp`).
    package init(roots: Configuration.Roots) {
        catalog = roots.catalog.hasSuffix("/") ? String(roots.catalog.dropLast()) : roots.catalog
        mcpServerFolders = roots.mcp.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
    }

    package var agents: String { catalog + "/agents" }
    package var skills: String { catalog + "/skills" }
    package var contracts: String { catalog + "/contracts" }
    package var evals: String { catalog + "/evals" }
    package var agentsRegistry: String { catalog + "/registry/agents.yaml" }
    package var skillsRegistry: String { catalog + "/registry/skills.yaml" }
    /// Identifies the layout in memoization keys (folder order does not matter: folders do not nest).
    package var memoKey: String { catalog + "|" + mcpServerFolders.sorted().joined(separator: "|") }
    package var policies: String { catalog + "/policies" }
    package var routing: String { catalog + "/routing" }
    package var tools: String { catalog + "/tools" }
    package var schemas: String { catalog + "/_schemas" }
}

/// One `agent.yaml`.
///
/// Its content (root and dependencies) is read on first use: a run over a few changed files of a large
/// snapshot (a hook) lists every agent by its folder, and parses only the descriptors its rules ask for.
///
/// A class: models copy agents into their lists and hand them to rules by the hundred thousand, and a
/// copy of the value counted five references.
package final class CatalogAgent: Sendable {
    /// The descriptor's root value.
    package var root: CatalogField { content.value.root }
    /// The descriptor's path.
    package let path: String
    /// The folder holding `agent.yaml`.
    package let folder: String
    /// The folder's last component (the slug the descriptor must declare).
    package let folderName: String
    /// `main` or `sub` from the folder; nil for templates.
    package let folderKind: CatalogReference.Kind?
    /// `main.<folder>` or `sub.<folder>`, the key references resolve by (made once: models ask for it
    /// for every agent, several times a run).
    package let key: String?
    /// Whether the agent lives under `agents/_template/`.
    package let isTemplate: Bool
    /// Every reference in `depends_on`.
    package var dependencies: [CatalogDependency] { content.value.dependencies }
    /// Whether the descriptor was parsed (or its content asked for) already.
    package var isLoaded: Bool { content.isLoaded }
    private let content: LazyContent

    package init(path: String, folder: String, folderName: String, folderKind: CatalogReference.Kind?, isTemplate: Bool,
                 load: @escaping @Sendable () -> CatalogField) {
        self.path = path
        self.folder = folder
        self.folderName = folderName
        self.folderKind = folderKind
        key = folderKind.map { "\($0.rawValue).\(folderName)" }
        self.isTemplate = isTemplate
        content = LazyContent {
            let root = load()
            var dependencies: [CatalogDependency] = []
            for (list, implied) in [("sub_agents", CatalogReference.Kind.sub), ("skills", .skill)] {
                for element in root.descendant("depends_on", list)?.elements ?? [] {
                    if let dependency = CatalogDependency(element, list: list, implied: implied) { dependencies.append(dependency) }
                }
            }
            return (root, dependencies)
        }
    }

    /// The root and dependencies, computed once by whichever thread asks first.
    private final class LazyContent: Sendable {
        private let load: @Sendable () -> (root: CatalogField, dependencies: [CatalogDependency])
        private let state = Locked<(root: CatalogField, dependencies: [CatalogDependency])?>(nil)

        init(_ load: @escaping @Sendable () -> (root: CatalogField, dependencies: [CatalogDependency])) { self.load = load }

        var isLoaded: Bool { state.withLock { $0 != nil } }

        var value: (root: CatalogField, dependencies: [CatalogDependency]) {
            if let loaded = state.withLock({ $0 }) { return loaded }
            // Computed outside the lock (parsing may take a while); the first result stored wins.
            let computed = load()
            return state.withLock { current in
                if let current { return current }
                current = computed
                return computed
            }
        }
    }

    package var slug: CatalogField? { root.child("slug") }
    package var version: CatalogField? { root.child("version") }
    package var role: CatalogField? { root.child("role") }
    /// Whether `deprecated: true`.
    package var isDeprecated: Bool { root.child("deprecated")?.isTrue == true }
    /// The kind the agent plays: its folder's, else its declared `role`.
    package var effectiveKind: CatalogReference.Kind? {
        folderKind ?? role?.string.flatMap(CatalogReference.Kind.init(rawValue:))
    }
}

/// A reference written in a catalog file, with the list it appears in.
package struct CatalogDependency: Sendable {
    /// The string value.
    package var field: CatalogField
    /// The member naming the list or field (`sub_agents`, `skills`, `default`, `main_agent`, `target_agents`).
    package var list: String
    /// The parsed reference, or why it could not be parsed.
    package var reference: Result<CatalogReference, CatalogReference.ParseError>

    /// Parse the string at `field` (nil when it is not a string).
    package init?(_ field: CatalogField, list: String, implied: CatalogReference.Kind) {
        guard let text = field.string else { return nil }
        self.field = field
        self.list = list
        do throws(CatalogReference.ParseError) {
            reference = .success(try CatalogReference(parsing: text, implied: implied))
        } catch {
            reference = .failure(error)
        }
    }

    /// The parsed reference when it parsed.
    package var parsed: CatalogReference? { try? reference.get() }
}

/// One skill folder: `skill.yaml`, `SKILL.md` front-matter, or both.
///
/// The files are parsed the first time their content is asked for (`manifest`, `card`, `id`, `name`,
/// ...), as agents' descriptors are: a run over a few changed files of a large snapshot parses the
/// skills it lints and those a byte search cannot rule out, not all of them. Their paths are known
/// without reading them.
package struct CatalogSkill: Sendable {
    package var folder: String
    package var folderName: String
    package var isTemplate: Bool
    /// The path of `skill.yaml` when it exists.
    package var manifestPath: String?
    /// The path of `SKILL.md` when it exists.
    package var cardPath: String?
    /// The documents at those paths (nil when the snapshot has none there: the root is then a null).
    var manifestDocument: LintDocument?
    var cardDocument: LintDocument?

    package init(folder: String, folderName: String, isTemplate: Bool) {
        self.folder = folder
        self.folderName = folderName
        self.isTemplate = isTemplate
    }

    /// `skill.yaml`'s root (a null at the file start when it is empty or did not parse).
    package var manifest: CatalogField? {
        guard let manifestPath else { return nil }
        return CatalogField(path: manifestPath, value: manifestDocument?.root ?? SourceValue(.null, range: .fileStart))
    }
    /// `SKILL.md`'s front-matter, when it is a mapping.
    package var card: CatalogField? {
        guard let cardPath, let value = cardDocument?.root, value.objectValue != nil else { return nil }
        return CatalogField(path: cardPath, value: value)
    }
    /// Whether `repository` lints the skill's manifest (a rule whose findings land there reads it then).
    package func manifestIsLinted(in repository: RepositoryIndex) -> Bool {
        manifestPath.map(repository.linted.contains) ?? false
    }
    /// Whether `repository` lints the skill's card.
    package func cardIsLinted(in repository: RepositoryIndex) -> Bool {
        cardPath.map(repository.linted.contains) ?? false
    }
    /// Whether `path` is one of the skill's two files.
    package func owns(_ path: String) -> Bool { path == manifestPath || path == cardPath }
    /// The skill's files, manifest first.
    package var paths: [String] { [manifestPath, cardPath].compactMap { $0 } }

    /// The file to report skill-level findings on.
    package var primaryPath: String { manifestPath ?? cardPath ?? folder }
    /// `skill.yaml`'s `id`.
    package var id: CatalogField? { manifest?.child("id") }
    /// The name references use: the declared id without `skill.`, else the folder name.
    package var name: String {
        if let id = id?.string, id.hasPrefix("skill.") { return String(id.dropFirst(6)) }
        return folderName
    }
    package var version: CatalogField? { manifest?.child("version") }
    package var isDeprecated: Bool { manifest?.child("deprecated")?.isTrue == true }
}

/// One MCP server config.
package struct CatalogMCPServer: Sendable {
    package var root: CatalogField
    /// The file name without `.yaml`/`.yml`.
    package var stem: String
    package var path: String { root.path }
    /// The declared id, else the stem.
    package var id: String { root.child("id")?.scalarText ?? stem }
}

/// One agent or skill a reference resolved to.
package struct CatalogTarget: Sendable {
    package var kind: CatalogReference.Kind
    package var name: String
    /// The descriptor file (agent.yaml, skill.yaml, SKILL.md or the skills registry).
    package var path: String
    /// The target's version field, when it declares one.
    package var version: CatalogField?
    package var isDeprecated: Bool
    /// The agent's index in `CatalogModel.agents`, for agents.
    package var agentIndex: Int?
}
