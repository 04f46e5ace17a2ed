import MagsagCatalog
import MagsagLintCore
import MagsagSource

/// Reports `entrypoint`s that are neither `<package>#<export.path>` nor `<module>:<attribute>`.
public struct InvalidEntrypointRule: RepositoryRule {
    public init() {}

    public static let description = RuleDescription(
        id: "invalid-entrypoint",
        name: "Invalid entrypoint",
        category: .catalog,
        defaultSeverity: .error,
        summary: "An agent, skill or skills-registry entrypoint is not a package export reference",
        rationale: """
            The runtime loads an agent or skill from its entrypoint: an npm package and a dotted export path \
            (`@magsag/catalog#agents.offerOrchestratorMag`), or in older Python catalogs a module and an \
            attribute (`agdd.skills.lookup:run`). Anything else fails only when the agent is first invoked.
            """,
        fix: "Write `@scope/package#path.to.export` (or `package.module:attribute` in Python catalogs).",
        triggeringExamples: [
            Example("catalog/agents/main/a-mag/agent.yaml", "entrypoint: ↓agents/a-mag/index.ts\n"),
            Example("catalog/skills/lookup/skill.yaml", "entrypoint: ↓\"@magsag/catalog#skills..lookup\"\n"),
            Example("catalog/registry/skills.yaml", "skills:\n  - id: skill.a\n    entrypoint: ↓\"@Magsag/catalog#a\"\n"),
        ],
        nonTriggeringExamples: [
            Example("catalog/agents/main/a-mag/agent.yaml", "entrypoint: \"@magsag/catalog#agents.offerOrchestratorMag\"\n"),
            Example("catalog/skills/lookup/skill.yaml", "entrypoint: agdd.skills.lookup:run\n"),
            Example("catalog/agents/_template/mag-template/agent.yaml", "entrypoint: \"@magsag/catalog#agents.<yourAgent>\"\n"),
        ])

    public func check(_ repository: RepositoryIndex, into sink: inout DiagnosticSink) {
        let catalog = CatalogModel.of(repository, settings: sink.settings)
        for agent in catalog.agents where repository.linted.contains(agent.path) { check(agent.root.child("entrypoint"), template: agent.isTemplate, into: &sink) }
        for skill in catalog.skills { check(skill.manifest?.child("entrypoint"), template: skill.isTemplate, into: &sink) }
        for entry in catalog.skillsRegistry?.child("skills")?.elements ?? [] {
            check(entry.child("entrypoint"), template: false, into: &sink)
        }
    }

    private func check(_ field: CatalogField?, template: Bool, into sink: inout DiagnosticSink) {
        guard let field else { return }
        let text = field.string ?? ""
        if template, text.utf8Contains("<") || text.utf8Contains("{") { return }
        guard !Self.isValid(text) else { return }
        sink.report("entrypoint '\(field.scalarText ?? field.value.typeName)' is not a package export reference", at: field,
                    label: "invalid entrypoint", help: "write @scope/package#path.to.export")
    }

    /// `[@scope/]package#ident(.ident)*` or `module(.module)*:ident`.
    static func isValid(_ text: String) -> Bool {
        if let hash = text.firstIndex(of: "#") {
            return isPackageName(text[..<hash]) && isDottedPath(text[text.index(after: hash)...])
        }
        let parts = text.asciiSplit(":", omittingEmptySubsequences: false)
        return parts.count == 2 && isDottedPath(parts[0]) && isIdentifier(parts[1])
    }

    private static func isPackageName(_ name: Substring) -> Bool {
        let segment: (Substring) -> Bool = { part in
            guard let first = part.first, first != ".", first != "_" else { return false }
            return part.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || "-._~".contains($0) }
        }
        if name.hasPrefix("@") {
            let parts = name.dropFirst().asciiSplit("/", omittingEmptySubsequences: false)
            return parts.count == 2 && parts.allSatisfy(segment)
        }
        return !name.utf8Contains("/") && segment(name)
    }

    private static func isDottedPath(_ path: Substring) -> Bool {
        let parts = path.asciiSplit(".", omittingEmptySubsequences: false)
        return !parts.isEmpty && parts.allSatisfy(isIdentifier)
    }

    private static func isIdentifier(_ name: Substring) -> Bool {
        guard let first = name.first, !first.isASCIIDigit else { return false }
        return name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "$") }
    }
}
