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
        for skill in catalog.skills where skill.manifestIsLinted(in: repository) {
            check(skill.manifest?.child("entrypoint"), template: skill.isTemplate, into: &sink)
        }
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

    /// `[@scope/]package#ident(.ident)*` or `module(.module)*:ident`, decided on the UTF-8 bytes: every
    /// character allowed is ASCII, so a byte at or above 0x80 is never part of a valid entrypoint (the
    /// Character-level version cost 29,000 instructions per entrypoint).
    static func isValid(_ text: String) -> Bool {
        let bytes = text.utf8
        if let hash = bytes.firstIndex(of: UInt8(ascii: "#")) {
            return isPackageName(text[..<hash].utf8) && isDottedPath(text[bytes.index(after: hash)...].utf8)
        }
        guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")) else { return false }
        let attribute = text[bytes.index(after: colon)...].utf8
        return !attribute.contains(UInt8(ascii: ":")) && isDottedPath(text[..<colon].utf8) && isIdentifier(attribute)
    }

    /// An npm package name: `name` or `@scope/name`, each part lowercase letters, digits and `-._~`, not
    /// starting with `.` or `_`.
    private static func isPackageName(_ name: Substring.UTF8View) -> Bool {
        func isSegment(_ part: Substring.UTF8View) -> Bool {
            guard let first = part.first, first != UInt8(ascii: "."), first != UInt8(ascii: "_") else { return false }
            return part.allSatisfy { byte in
                (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte) || byte == 0x2D || byte == 0x2E || byte == 0x5F || byte == 0x7E
            }
        }
        guard name.first == UInt8(ascii: "@") else { return !name.contains(UInt8(ascii: "/")) && isSegment(name) }
        let rest = name.dropFirst()
        guard let slash = rest.firstIndex(of: UInt8(ascii: "/")) else { return false }
        let package = rest[rest.index(after: slash)...]
        return !package.contains(UInt8(ascii: "/")) && isSegment(rest[..<slash]) && isSegment(package)
    }

    /// Identifiers joined by single dots.
    private static func isDottedPath(_ path: Substring.UTF8View) -> Bool {
        var atStart = true
        for byte in path {
            if byte == UInt8(ascii: ".") {
                guard !atStart else { return false }
                atStart = true
                continue
            }
            if atStart, (0x30...0x39).contains(byte) { return false }
            guard isIdentifierByte(byte) else { return false }
            atStart = false
        }
        return !atStart
    }

    /// ASCII letters, digits, `_` and `$`, not starting with a digit.
    private static func isIdentifier(_ name: Substring.UTF8View) -> Bool {
        guard let first = name.first, !(0x30...0x39).contains(first) else { return false }
        return name.allSatisfy(isIdentifierByte)
    }

    @inline(__always)
    private static func isIdentifierByte(_ byte: UInt8) -> Bool {
        (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte) || byte == 0x5F || byte == 0x24
    }
}
