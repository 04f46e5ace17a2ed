import Testing
import MagsagLintCore
import MagsagSource

/// One fixed set of diagnostics over two in-memory files (plus one path without source), rendered
/// by every reporter.
enum Fixtures {
    static let agentPath = "catalog/agents/main/a/agent.yaml"
    static let registryPath = "catalog/registry.json"
    /// Has no source: reporters must print its location without a snippet.
    static let notesPath = "docs/my notes:1.md"

    /// LF file with a multi-byte line.
    static let agent = SourceFile(path: agentPath, text: """
        name: main
        description: "Café ☕ über agent"
        name: other
        model: small

        """)

    /// CRLF file with tabs.
    static let registry = SourceFile(
        path: registryPath,
        text: "{\r\n\t\"servers\": [\r\n\t\t{ \"name\": \"x\", \"url\": \"http://example.com\" }\r\n\t]\r\n}\r\n")

    static func rule(_ id: String, _ name: String, _ severity: Severity, _ category: RuleCategory) -> RuleDescription {
        RuleDescription(
            id: id, name: name, category: category, defaultSeverity: severity,
            summary: "\(name) summary", rationale: "Why \(name.lowercased()) matters.",
            fix: "How to fix \(name.lowercased()).", triggeringExamples: [], nonTriggeringExamples: [])
    }

    static let rules: [RuleDescription] = [
        rule("duplicate-key", "Duplicate key", .error, .parsing),
        rule("vague-description", "Vague description", .warning, .catalog),
        rule("unsorted-servers", "Unsorted servers", .warning, .registries),
        rule("plain-http", "Plain HTTP", .info, .security),
        rule("missing-title", "Missing title", .error, .docs),
        rule("never-fires", "Never fires", .warning, .policies),
    ]

    static func context(color: Bool = false, rules: [RuleDescription] = rules) -> ReportContext {
        let files = [agentPath: agent, registryPath: registry]
        return ReportContext(
            toolVersion: "1.2.3-test", rules: rules, sources: { files[$0] }, color: color, filesChecked: 3)
    }

    /// Byte offset of the `occurrence`-th `needle` in `file`.
    static func offset(of needle: String, in file: SourceFile, occurrence: Int = 1) -> Int {
        let pattern = Array(needle.utf8)
        var seen = 0
        for start in 0...(file.bytes.count - pattern.count) where file.bytes[start..<start + pattern.count].elementsEqual(pattern) {
            seen += 1
            if seen == occurrence { return start }
        }
        Issue.record("\(needle) not found in \(file.path)")
        return 0
    }

    /// The range of the `occurrence`-th `needle` in `file`.
    static func span(_ needle: String, in file: SourceFile, occurrence: Int = 1) -> SourceRange {
        let start = offset(of: needle, in: file, occurrence: occurrence)
        return file.range(from: start, to: start + needle.utf8.count)
    }

    static var diagnostics: [Diagnostic] {
        let duplicateStart = offset(of: "name: other", in: agent)
        let set = [
            Diagnostic(
                ruleID: "duplicate-key", severity: .error, message: "duplicate key \"name\"",
                primary: Location(path: agentPath, range: span("name", in: agent, occurrence: 2),
                                  pointer: JSONPointer(tokens: ["name"]), label: "duplicated here"),
                related: [Location(path: agentPath, range: span("name", in: agent), label: "first defined here")],
                notes: ["YAML parsers keep the last value silently"],
                help: "remove one of the two keys",
                fix: Fix(message: "remove the second key", applicability: .unsafe, edits: [
                    Fix.Edit(path: agentPath, startOffset: duplicateStart,
                             endOffset: duplicateStart + "name: other\n".utf8.count, replacement: ""),
                ])),
            Diagnostic(
                ruleID: "vague-description", severity: .warning,
                message: "description says \"agent\" without saying what it does",
                primary: Location(path: agentPath, range: span("agent", in: agent), pointer: JSONPointer(tokens: ["description"])),
                notes: ["descriptions are shown in the catalog index", "the column counts Unicode scalars"]),
            Diagnostic(
                ruleID: "unsorted-servers", severity: .warning, message: "servers are not sorted by name",
                primary: Location(path: registryPath,
                                  range: registry.range(from: offset(of: "[", in: registry), to: offset(of: "]", in: registry) + 1),
                                  pointer: JSONPointer(tokens: ["servers"]), label: "this array"),
                fix: Fix(message: "sort the servers", applicability: .safe, edits: [
                    Fix.Edit(path: registryPath, startOffset: 0, endOffset: 0, replacement: ""),
                ])),
            Diagnostic(
                ruleID: "plain-http", severity: .info, message: "server url uses plain http",
                primary: Location(path: registryPath, range: span("\"http://example.com\"", in: registry),
                                  pointer: JSONPointer(tokens: ["servers", "0", "url"])),
                help: "use https:// unless the server is local"),
            Diagnostic(
                ruleID: "missing-title", severity: .error, message: "title \"100%, done\" is not a sentence",
                primary: Location(path: notesPath, range: SourceRange(
                    start: SourcePosition(offset: 2, line: 1, column: 3),
                    end: SourcePosition(offset: 20, line: 1, column: 21)), label: "title"),
                related: [Location.file(notesPath, label: "document starts here")],
                fingerprint: "missing-title:docs/my notes:1.md"),
        ]
        return set.sorted(by: Diagnostic.ordered)
    }
}
