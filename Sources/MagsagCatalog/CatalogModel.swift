import MagsagLintCore
import MagsagSource

/// The catalog of one snapshot (agents, skills, registries, contracts, MCP servers, evals), built once
/// per run and shared by every catalog rule.
package struct CatalogModel: Sendable {
    package var layout: CatalogLayout
    /// Every `agent.yaml` (templates included), in path order.
    package var agents: [CatalogAgent] = []
    /// Each agent's descriptor document, by the same index (looked up once, for byte searches over
    /// every descriptor).
    package var agentDocuments: [LintDocument?] = []
    /// `agentIndices(mentioning:in:)`'s answers by needle set (and the snapshot asked about): several
    /// rules and the runner ask about the same changed names, and each question reads every descriptor.
    let mentionAnswers = Locked<[MentionQuestion: Set<Int>]>([:])
    /// Every skill folder (templates included), in path order.
    package var skills: [CatalogSkill] = []
    /// `registry/agents.yaml`'s root.
    package var agentsRegistry: CatalogField?
    /// `registry/skills.yaml`'s root.
    package var skillsRegistry: CatalogField?
    /// References in the agents registry (`default`, `main_agent`, `variants[].main_agent`) and in
    /// routing policies (`routes[].agent`, `routes[].main_agent`).
    package var registryDependencies: [CatalogDependency] = []
    /// Contract files under `catalog/contracts/`, in path order.
    package var contracts: [String] = []
    /// MCP server configs, in path order.
    package var mcpServers: [CatalogMCPServer] = []
    /// `evals/<slug>/eval.yaml` roots, in path order.
    package var evals: [CatalogField] = []
    /// Tool descriptors (`tools/**/*.json`), in path order.
    package var toolDescriptors: [String] = []
    /// Routing policies (`routing/**/*.yaml`, templates excluded) roots, in path order.
    package var routing: [CatalogField] = []

    /// Non-template agents by `main.<slug>` / `sub.<slug>` (from their folders).
    package var agentsByKey: [String: Int] = [:]
    /// Non-template skills by folder name (the first in path order).
    package var skillsByFolderName: [String: Int] = [:]
    /// Non-template skills by declared name (id without `skill.`) where no folder has that name: all of
    /// them when the snapshot was parsed up front, else found and kept name by name (see
    /// `skillIndex(named:)`).
    var declaredSkillNames: DeclaredSkillNames = .known([:])
    /// Skills-registry entries by `id` (first occurrence).
    package var registeredSkills: [String: CatalogField] = [:]
    /// Registered skill ids whose `location` folder exists, with the normalised location.
    package var existingLocations: [String: String] = [:]
    /// Configured MCP server ids.
    package var mcpServerIDs: Set<String> = []
    /// Whether any path exists at all under the MCP server folders.
    package var hasMCPServerFolder = false

    /// The snapshot's catalog, built on first use and shared for the rest of the run.
    package static func of(_ repository: RepositoryIndex) -> CatalogModel {
        of(repository, layout: .default)
    }

    /// The snapshot's catalog under the configured roots (`roots.catalog`, `roots.mcp`).
    package static func of(_ repository: RepositoryIndex, settings: LintSettings) -> CatalogModel {
        of(repository, layout: CatalogLayout(roots: settings.roots))
    }

    /// The snapshot's catalog laid out as `layout`, built once per run and layout.
    package static func of(_ repository: RepositoryIndex, layout: CatalogLayout) -> CatalogModel {
        repository.memoized("catalog|" + layout.memoKey) {
            CatalogModel($0, layout: layout)
        }
    }

    package init(_ repository: RepositoryIndex, layout: CatalogLayout) {
        self.layout = layout
        let paths = repository.deleted.isEmpty ? repository.sortedAllPaths
            : repository.sortedAllPaths.filter { !repository.deleted.contains($0) }
        // The folder prefixes, built once rather than for every path.
        let agentsFolder = layout.agents + "/", skillsFolder = layout.skills + "/", contractsFolder = layout.contracts + "/"
        let evalsFolder = layout.evals + "/", toolsFolder = layout.tools + "/", routingFolder = layout.routing + "/"
        let serverFolders = layout.mcpServerFolders.map { $0 + "/" }
        // Only paths under the catalog's folders (and the two registry files) can become part of it: in a
        // large snapshot those lie in a few ranges of the sorted listing, found by binary search, and the
        // agents' range needs one suffix test per path. Each chosen path then goes through the same tests
        // as before, in path order. A non-ASCII folder walks every path.
        var chosen: [Int] = []
        var everything = false
        func add(_ folder: String, where keep: ((String) -> Bool)? = nil) {
            var folder = folder
            while folder.hasSuffix("/") { folder.removeLast() }
            guard let range = RepositoryIndex.range(under: folder, in: paths) else { everything = true; return }
            if let keep { chosen += range.filter { keep(paths[$0]) } } else { chosen += range }
        }
        add(layout.agents) { $0.hasSuffix("/agent.yaml") }
        for folder in [layout.skills, layout.contracts, layout.evals, layout.tools, layout.routing] + layout.mcpServerFolders {
            add(folder)
        }
        for registry in [layout.agentsRegistry, layout.skillsRegistry] {
            if let at = RepositoryIndex.index(of: registry, in: paths) { chosen.append(at) }
        }
        // Sorted and deduplicated in place (folders may nest): cheaper than hashing tens of thousands of
        // indices into a set and sorting that.
        chosen.sort()
        var unique: [Int] = []
        unique.reserveCapacity(chosen.count)
        for index in chosen where unique.last != index { unique.append(index) }
        let candidates: [String] = everything ? paths : unique.map { paths[$0] }
        // Every folder and file name the tests below use is ASCII unless the configured roots are not:
        // then an ASCII path is tested on its bytes (one character a byte), which answers as the string's
        // own methods do and costs a fraction of them (the catalog walks every agent and skill path).
        let layoutIsASCII = ([agentsFolder, skillsFolder, contractsFolder, evalsFolder, toolsFolder, routingFolder,
                              layout.agentsRegistry, layout.skillsRegistry] + serverFolders).allSatisfy(\.isASCIIText)
        func tests(_ path: String) -> PathTests { PathTests(path, ascii: layoutIsASCII && path.isASCIIText) }
        // Read (deferred) documents of the catalog's own files on all cores before walking them in order;
        // agents' descriptors and skills' files too when the whole snapshot is at hand. Over a deferred
        // snapshot (a run over a few changed files), they are read when a rule first asks for their content.
        repository.prefetch(candidates.filter { path in
            let path = tests(path)
            return (path.hasSuffix(".yaml") || path.hasSuffix(".yml") || path.hasSuffix("/SKILL.md"))
                && !(repository.hasDeferred && (path.hasPrefix(agentsFolder) && path.hasSuffix("/agent.yaml")
                                                || path.hasPrefix(skillsFolder)))
        })
        var skillFolders: [String: CatalogSkill] = [:]
        for candidate in candidates {
            let path = tests(candidate)
            // Only the files the catalog keeps are read (a deferred document loads on first use).
            func root() -> CatalogField { CatalogModel.root(of: candidate, in: repository) }
            if path.hasSuffix("/agent.yaml"), let rest = path.dropPrefix(agentsFolder) {
                addAgent(path: candidate, components: rest.asciiSplit("/"), repository: repository)
            } else if let rest = path.dropPrefix(skillsFolder) {
                CatalogModel.addSkillFile(path: candidate, components: rest.asciiSplit("/"),
                                          document: repository.documents[candidate], into: &skillFolders)
            } else if path.hasPrefix(contractsFolder), path.hasSuffix(".schema.json") {
                contracts.append(candidate)
            } else if candidate == layout.agentsRegistry {
                agentsRegistry = root()
            } else if candidate == layout.skillsRegistry {
                skillsRegistry = root()
            } else if let rest = path.dropPrefix(evalsFolder), rest.asciiSplit("/").count == 2,
                      rest.hasSuffix("/eval.yaml") || rest.hasSuffix("/eval.yml") {
                evals.append(root())
            } else if path.hasPrefix(toolsFolder), path.hasSuffix(".json") {
                toolDescriptors.append(candidate)
            } else if let rest = path.dropPrefix(routingFolder), !("/" + rest).utf8Contains("/_template/"),
                      path.hasSuffix(".yaml") || path.hasSuffix(".yml") {
                routing.append(root())
            } else if let folder = serverFolders.first(where: { path.hasPrefix($0) }) {
                hasMCPServerFolder = true
                let name = String(candidate.dropFirst(folder.count))
                guard !name.utf8Contains("/") else { continue }
                for suffix in [".yaml", ".yml"] where name.hasSuffix(suffix) {
                    mcpServers.append(CatalogMCPServer(root: root(), stem: String(name.dropLast(suffix.count))))
                }
            }
        }
        skills = skillFolders.keys.sorted().compactMap { skillFolders[$0] }
        index(repository)
    }

    /// The first value of the document at `path` as a field (a null at the file start when the
    /// file is missing, unparsed or empty).
    package static func root(of path: String, in repository: RepositoryIndex) -> CatalogField {
        let value = repository.documents[path]?.root ?? SourceValue(.null, range: .fileStart)
        return CatalogField(path: path, value: value)
    }

    private mutating func addAgent(path: String, components: [Substring], repository: RepositoryIndex) {
        guard components.count >= 3 else { return }
        let folder = String(path.dropLast("/agent.yaml".count))
        let folderName = String(components[components.count - 2])
        let isTemplate = components[0] == "_template"
        let kind: CatalogReference.Kind?
        switch components[0] {
        case "main" where components.count == 3: kind = .main
        case "sub" where components.count == 3: kind = .sub
        case "_template": kind = nil
        default: return
        }
        // The closure holds the document, not the index (which holds this model: no cycle).
        let document = repository.documents[path]
        agentDocuments.append(document)
        agents.append(CatalogAgent(path: path, folder: folder, folderName: folderName, folderKind: kind, isTemplate: isTemplate) {
            CatalogField(path: path, value: document?.root ?? SourceValue(.null, range: .fileStart))
        })
    }

    private static func addSkillFile(path: String, components: [Substring], document: LintDocument?,
                                     into folders: inout [String: CatalogSkill]) {
        guard let file = components.last, file == "skill.yaml" || file == "SKILL.md" else { return }
        let isTemplate = components.first == "_template"
        guard components.count == 2 || (isTemplate && components.count == 3) else { return }
        let folder = String(path.dropLast(file.count + 1))
        let folderName = String(components[components.count - 2])
        var skill = folders[folder] ?? CatalogSkill(folder: folder, folderName: folderName, isTemplate: isTemplate)
        if file == "skill.yaml" {
            skill.manifestPath = path
            skill.manifestDocument = document
        } else {
            skill.cardPath = path
            skill.cardDocument = document
        }
        folders[folder] = skill
    }

    private mutating func index(_ repository: RepositoryIndex) {
        for (i, agent) in agents.enumerated() where !agent.isTemplate {
            if let key = agent.key, agentsByKey[key] == nil { agentsByKey[key] = i }
        }
        for (i, skill) in skills.enumerated() where !skill.isTemplate {
            if skillsByFolderName[skill.folderName] == nil { skillsByFolderName[skill.folderName] = i }
        }
        // The names skills declare (`id: skill.<name>`) need their manifests: at hand in a whole-snapshot
        // run, asked for name by name over a deferred one (`skillIndex(named:)`).
        if !repository.hasDeferred {
            var names: [String: Int] = [:]
            for (i, skill) in skills.enumerated() where !skill.isTemplate {
                if skillsByFolderName[skill.name] == nil, names[skill.name] == nil { names[skill.name] = i }
            }
            declaredSkillNames = .known(names)
        } else {
            declaredSkillNames = .searched(Locked([:]))
        }
        for entry in skillsRegistry?.child("skills")?.elements ?? [] {
            guard let id = entry.child("id")?.string, registeredSkills[id] == nil else { continue }
            registeredSkills[id] = entry
            if let location = entry.child("location")?.string, let normalized = RepositoryPath.normalize(location),
               repository.directoryExists(normalized) {
                existingLocations[id] = normalized
            }
        }
        for server in mcpServers {
            mcpServerIDs.insert(server.id)
            mcpServerIDs.insert(server.stem)
        }
        for policy in routing {
            for route in policy.child("routes")?.elements ?? [] {
                for key in ["agent", "main_agent"] {
                    if let field = route.child(key), let dependency = CatalogDependency(field, list: key, implied: .main) {
                        registryDependencies.append(dependency)
                    }
                }
            }
        }
        for task in agentsRegistry?.child("tasks")?.elements ?? [] {
            for key in ["default", "main_agent"] {
                if let field = task.child(key), let dependency = CatalogDependency(field, list: key, implied: .main) {
                    registryDependencies.append(dependency)
                }
            }
            for variant in task.child("variants")?.elements ?? [] {
                if let field = variant.child("main_agent"),
                   let dependency = CatalogDependency(field, list: "main_agent", implied: .main) {
                    registryDependencies.append(dependency)
                }
            }
        }
    }
}

extension String {
    /// The rest of the string after `prefix`, or nil when it does not start with it.
    package func dropPrefix(_ prefix: String) -> String? {
        guard hasPrefix(prefix) else { return nil }
        // Where the prefix's bytes begin this text and an ASCII byte follows them (no combining mark or
        // LF joining its last character), the rest starts right after those bytes: `dropFirst` walks
        // the prefix character by character, about a thousand instructions a path.
        let count = prefix.utf8.count
        let bytesMatch = utf8.withContiguousStorageIfAvailable { bytes in
            prefix.utf8.withContiguousStorageIfAvailable { head -> Bool in
                guard bytes.count >= count, count > 0, bytes.prefix(count).elementsEqual(head) else { return false }
                guard bytes.count > count else { return true }
                let next = bytes[count]
                return next < 0x80 && !(next == 0x0A && head[count - 1] == 0x0D)
            } ?? false
        } ?? false
        if bytesMatch { return String(self[utf8.index(startIndex, offsetBy: count)...]) }
        return String(dropFirst(prefix.count))
    }
}

/// One question `CatalogModel.agentIndices(mentioning:in:)` answered.
struct MentionQuestion: Hashable, Sendable {
    var needles: [String]
    var snapshot: ObjectIdentifier
}

/// Skills by declared name: the first non-template skill of each (where no folder has the name), or
/// every skill of each name asked about so far.
enum DeclaredSkillNames: Sendable {
    case known([String: Int])
    case searched(Locked<[String: [Int]]>)
}
