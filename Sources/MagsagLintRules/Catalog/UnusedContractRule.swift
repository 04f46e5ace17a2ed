import MagsagCatalog
import MagsagLintCore
import MagsagSource

/// Warns about contract schemas nothing references.
public struct UnusedContractRule: RepositoryRule {
    public init() {}

    public static let description = RuleDescription(
        id: "unused-contract",
        name: "Unused contract",
        category: .contracts,
        defaultSeverity: .warning,
        summary: "A schema under catalog/contracts is referenced by no agent, skill, catalog file or other schema",
        rationale: """
            Contracts outlive the agents that used them: an orphaned schema still looks authoritative, gets \
            edited, and misleads whoever reads it. References count from agent and skill contracts, SKILL.md \
            iface, any catalog YAML value, and `$ref`s (relative refs resolve against the file's path and its \
            `$id`; absolute refs through the local `$id` map). Fixtures and skill examples hold instance \
            data: a `$ref` key there is data, not a reference.
            """,
        fix: "Delete the schema, or reference it from the agent or skill it describes.",
        triggeringExamples: [
            Example(files: [
                "catalog/agents/main/a-mag/agent.yaml": "contracts:\n  input_schema: catalog/contracts/a_input.schema.json\n",
                "catalog/contracts/a_input.schema.json": "{\"type\": \"object\"}",
                "catalog/contracts/old.schema.json": "↓{\"type\": \"object\"}",
            ]),
            Example(files: [
                "catalog/agents/main/a-mag/agent.yaml": "contracts:\n  input_schema: catalog/contracts/a_input.schema.json\n",
                "catalog/contracts/a_input.schema.json": "{\"type\": \"object\"}",
                "catalog/agents/main/a-mag/fixtures/basic.json": "{\"input\": {\"$ref\": \"../../../../contracts/old.schema.json\"}}",
                "catalog/contracts/old.schema.json": "↓{\"type\": \"object\"}",
            ]),
        ],
        nonTriggeringExamples: [
            Example(files: [
                "catalog/agents/main/a-mag/agent.yaml": "contracts:\n  input_schema: catalog/contracts/a_input.schema.json\n",
                "catalog/contracts/a_input.schema.json":
                    "{\"$id\": \"https://magsag.ai/schemas/a_input.schema.json\", \"properties\": {\"m\": {\"$ref\": \"money.schema.json\"}}}",
                "catalog/contracts/money.schema.json":
                    "{\"$id\": \"https://magsag.ai/schemas/money.schema.json\", \"$ref\": \"https://magsag.ai/schemas/common.schema.json#/definitions/x\"}",
                "catalog/contracts/common.schema.json": "{\"$id\": \"https://magsag.ai/schemas/common.schema.json\"}",
                "catalog/skills/s/contracts/input.schema.json": "{\"$ref\": \"../../../contracts/shared/id.schema.json\"}",
                "catalog/contracts/shared/id.schema.json": "{\"type\": \"string\"}",
            ]),
        ])

    public func check(_ repository: RepositoryIndex, into sink: inout DiagnosticSink) {
        let catalog = CatalogModel.of(repository, settings: sink.settings)
        // Findings land on the contract itself: only linted contracts are looked at.
        let contracts = catalog.contracts.filter(repository.linted.contains)
        guard !contracts.isEmpty, !catalog.agents.isEmpty || !catalog.skills.isEmpty else { return }
        // A run over a few changed files asks only about its contracts (parsing only the schemas that can
        // name them); a whole run builds the index of every `$ref`.
        var used = (repository.hasDeferred ? SchemaReferenceIndex.referenced(among: Set(contracts), in: repository) : nil)
            ?? SchemaReferenceIndex.of(repository).referenced
        // A value naming a contract holds its file name: only descriptors and skill files whose bytes can
        // spell the file name of a contract still unaccounted for are read.
        let names = Set(contracts.filter { !used.contains($0) }.map(SchemaReferenceIndex.lastComponent))
        let naming = Set(catalog.agentIndices(mentioning: names, in: repository).map { catalog.agents[$0].path })
            .union(catalog.skillPaths(mentioning: names, in: repository))
        let skillsFolder = catalog.layout.skills + "/"
        let isDescriptor = { (path: String) in path.hasSuffix("/agent.yaml") || path.hasPrefix(skillsFolder) }
        for contract in ContractPath.all(in: catalog, including: { !isDescriptor($0) || naming.contains($0) }) {
            if let path = contract.resolved(in: repository) { used.insert(path) }
        }
        let candidates = Set(contracts).subtracting(used)
        guard !candidates.isEmpty else { return }
        // Any string value in a catalog YAML file that names the contract counts as a use.
        let needles = NeedleSet(candidates.map { Array(SchemaReferenceIndex.lastComponent($0).utf8) } + [Array("\\".utf8), Array("!!".utf8)])
        let catalogFolder = catalog.layout.catalog + "/"
        let descriptors = repository.sortedDocuments(kind: .yaml) { $0.hasPrefix(catalogFolder) }
        let named = Parallel.map(descriptors) { document -> Set<String> in
            var found: Set<String> = []
            guard needles.needles.count > CatalogModel.maximumNeedles || document.contains(anyOf: needles)
            else { return found }
            for value in document.values { Self.collectStrings(value, matching: candidates, into: &found, depth: 0) }
            // A descriptor that does not parse may still name the contract: do not cascade its error.
            if document.issues.contains(where: { $0.kind == .invalidYAML }), let text = document.file.text {
                for path in candidates where text.utf8Contains(path) { found.insert(path) }
            }
            return found
        }
        for set in named { used.formUnion(set) }
        for path in contracts where !used.contains(path) {
            let range = repository.documents[path]?.root?.range ?? .fileStart
            sink.report("contract '\(path)' is not referenced by any agent, skill or schema", path: path,
                        range: SourceRange(at: range.start), label: "unused",
                        help: "delete it, or reference it from the agent or skill it describes")
        }
    }

    static func collectStrings(_ value: SourceValue, matching candidates: Set<String>, into used: inout Set<String>, depth: Int) {
        guard depth < 256 else { return }
        switch value.kind {
        case .string(let text):
            if let path = RepositoryPath.normalize(text.trimmingWhitespace), candidates.contains(path) { used.insert(path) }
        case .object(let object):
            for member in object.members { collectStrings(member.value, matching: candidates, into: &used, depth: depth + 1) }
        case .array(let elements):
            for element in elements { collectStrings(element, matching: candidates, into: &used, depth: depth + 1) }
        default:
            break
        }
    }
}
