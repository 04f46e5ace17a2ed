import MagsagLintCore
import MagsagSource

/// Narrowing a rule's work to the agents whose findings a run can keep. An agent's descriptor is parsed
/// the first time its content is asked for (see `CatalogAgent`), so a run over a few changed files of a
/// large snapshot (a hook, a CI diff) parses the descriptors it lints and those that can refer to them,
/// found by a byte search, instead of every descriptor. In a whole-snapshot run every file is linted and
/// nothing is narrowed.
extension CatalogModel {
    /// `resolvableDependencies` of the non-template agents `include` accepts (asked before the agent's
    /// descriptor is read), then the registry dependencies `registry` accepts (resolving a reference to
    /// an agent reads the agent's descriptor: a registry listing every agent would read them all).
    /// Made one pair at a time as the caller walks them: as a list, each pair held a copy of its agent
    /// beside the reference (about 250 bytes), and the rules walking them at once held 21 MB at 10,000
    /// agents, at the moment the heap peaked.
    package func resolvableDependencies(of include: @escaping (Int, CatalogAgent) -> Bool,
                                        registry: @escaping (CatalogDependency) -> Bool) -> ResolvableDependencies {
        ResolvableDependencies(agents: agents, registry: registryDependencies, include: include, registryFilter: registry)
    }

    /// Above this many names, `agentIndices(mentioning:)` returns every agent instead of searching.
    package static let maximumNeedles = 64

    /// Indices of the non-template agents whose descriptor bytes could spell one of `needles`: the bytes
    /// contain a needle, or a YAML escape or tag (`\`, `!!`) that could write one another way. Every
    /// agent when a needle is empty or there are more than 64; none when there are no needles. Read on
    /// all cores, not parsed.
    package func agentIndices(mentioning needles: Set<String>, in repository: RepositoryIndex) -> Set<Int> {
        guard !needles.isEmpty else { return [] }
        let all = agents, documents = agentDocuments
        let candidates = all.indices.filter { !all[$0].isTemplate }
        // Many needles (a whole-snapshot run names every agent) cost more to search than to read: all.
        if needles.contains("") || needles.count > Self.maximumNeedles { return Set(candidates) }
        let sorted = needles.sorted()
        let question = MentionQuestion(needles: sorted, snapshot: ObjectIdentifier(repository))
        if let known = mentionAnswers.withLock({ $0[question] }) { return known }
        let patterns = Self.mentionPatterns(sorted)
        let hits = Parallel.map(candidates) { i -> Bool in
            // A descriptor that cannot be read says nothing: its own findings come from elsewhere.
            (i < documents.count ? documents[i] : repository.documents[all[i].path])?.contains(anyOf: patterns) ?? false
        }
        let found = Set(zip(candidates, hits).compactMap { $1 ? $0 : nil })
        mentionAnswers.withLock { $0[question] = found }
        return found
    }

    /// The files (manifests and cards) of non-template skills whose bytes could spell one of `needles`,
    /// as `agentIndices(mentioning:in:)` finds descriptors: read on all cores, not parsed; every file when
    /// a needle is empty or there are more than `maximumNeedles`, none when there are no needles.
    package func skillPaths(mentioning needles: Set<String>, in repository: RepositoryIndex) -> Set<String> {
        guard !needles.isEmpty else { return [] }
        let files = skills.filter { !$0.isTemplate }.flatMap { skill in
            [(skill.manifestPath, skill.manifestDocument), (skill.cardPath, skill.cardDocument)]
                .compactMap { path, document in path.map { ($0, document) } }
        }
        if needles.contains("") || needles.count > Self.maximumNeedles { return Set(files.map(\.0)) }
        let patterns = Self.mentionPatterns(needles.sorted())
        let hits = Parallel.map(files) { _, document in document?.contains(anyOf: patterns) ?? false }
        return Set(zip(files, hits).compactMap { $1 ? $0.0 : nil })
    }

    /// The byte patterns of YAML text that could spell one of `names`: the names, and the escapes and
    /// tags (`\`, `!!`) that could write one another way.
    static func mentionPatterns(_ names: [String]) -> NeedleSet {
        NeedleSet(names.map { Array($0.utf8) } + [Array("\\".utf8), Array("!!".utf8)])
    }

    /// Whether `text` is made of ASCII letters, digits, `-`, `_` and `.` only (and is not empty): a YAML
    /// string of these characters is written as is in a file's bytes, unless an escape (`\`) or a tag
    /// (`!!`) spells it another way.
    package static func isPlainName(_ text: String) -> Bool {
        !text.isEmpty && text.utf8AllBytes { byte in
            (byte >= 0x30 && byte <= 0x39) || ((byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A)
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".")
        }
    }

    /// The non-template skill a reference names `name`: the first (in path order) whose folder is named
    /// so, else the first whose manifest declares `id: skill.<name>`.
    package func skillIndex(named name: String) -> Int? {
        if let i = skillsByFolderName[name] { return i }
        switch declaredSkillNames {
        case .known(let names): return names[name]
        case .searched: return skillIndices(named: name).first { !skills[$0].isTemplate }
        }
    }

    /// Indices of the skills (templates included) whose `name` is `name`, in path order. Over a deferred
    /// snapshot this reads only the skills whose folder has that name or whose manifest's bytes could
    /// spell it (they contain it, or an escape or a tag that could write it another way), and the answer
    /// is kept for the run.
    package func skillIndices(named name: String) -> [Int] {
        let all = skills
        guard case .searched(let answers) = declaredSkillNames else {
            return all.indices.filter { all[$0].name == name }
        }
        if let known = answers.withLock({ $0[name] }) { return known }
        // A name of plain characters is spelled as is in the manifest's bytes unless an escape or a tag
        // writes it another way; any other name (quotes, spaces, line folding) reads every manifest.
        let plain = Self.isPlainName(name)
        let patterns = Self.mentionPatterns([name])
        let candidates = all.indices.filter { all[$0].folderName == name || all[$0].manifestDocument != nil }
        let mayMatch = Parallel.map(candidates) { i -> Bool in
            let skill = all[i]
            if skill.folderName == name || !plain { return true }
            return skill.manifestDocument?.contains(anyOf: patterns) ?? false
        }
        let found = zip(candidates, mayMatch).compactMap { i, may in may && all[i].name == name ? i : nil }
        answers.withLock { $0[name] = found }
        return found
    }

    /// The names a reference to an agent or skill changed since the base could be written with (the
    /// agent's folder name; the skill's name and folder name; every registered skill when the skills
    /// registry changed). Empty without a base.
    package func changedTargetNames(in repository: RepositoryIndex) -> Set<String> {
        guard repository.hasBase else { return [] }
        var names: Set<String> = []
        for agent in agents where !agent.isTemplate && repository.changedSinceBase(agent.path) { names.insert(agent.folderName) }
        for skill in skills where !skill.isTemplate {
            if skill.paths.contains(where: repository.changedSinceBase) {
                names.insert(skill.name)
                names.insert(skill.folderName)
            }
        }
        if let registry = skillsRegistry, repository.changedSinceBase(registry.path) {
            for id in registeredSkills.keys { names.insert(id.hasPrefix("skill.") ? String(id.dropFirst(6)) : id) }
        }
        return names
    }
}

/// The references a catalog can resolve, as pairs of the agent writing one (nil for the agents registry)
/// and the reference, in order: the non-template agents' `depends_on` (of the agents `include` accepts,
/// asked before an agent's descriptor is read), then the registry's (those `registryFilter` accepts).
package struct ResolvableDependencies: Sequence {
    let agents: [CatalogAgent]
    let registry: [CatalogDependency]
    let include: (Int, CatalogAgent) -> Bool
    let registryFilter: (CatalogDependency) -> Bool

    package struct Iterator: IteratorProtocol {
        let source: ResolvableDependencies
        /// The agent being walked and its references (read once per agent).
        var agent = -1
        var dependencies: [CatalogDependency] = []
        var position = 0
        /// The next registry reference, once the agents are done.
        var registryNext = 0

        package mutating func next() -> (owner: CatalogAgent?, dependency: CatalogDependency)? {
            while agent < source.agents.count {
                if agent >= 0, position < dependencies.count {
                    position += 1
                    return (source.agents[agent], dependencies[position - 1])
                }
                agent += 1
                position = 0
                dependencies = []
                if agent < source.agents.count {
                    let candidate = source.agents[agent]
                    if !candidate.isTemplate, source.include(agent, candidate) { dependencies = candidate.dependencies }
                }
            }
            while registryNext < source.registry.count {
                registryNext += 1
                if source.registryFilter(source.registry[registryNext - 1]) { return (nil, source.registry[registryNext - 1]) }
            }
            return nil
        }
    }

    package func makeIterator() -> Iterator { Iterator(source: self) }
}
