import MagsagCatalog
import MagsagLintCore
import MagsagSource

/// Reports contract schema changes that break an agent's or skill's callers, judged by direction.
public struct BreakingContractChangeRule: RepositoryRule {
    public init() {}

    public static let description = RuleDescription(
        id: "breaking-contract-change",
        name: "Breaking contract change",
        category: .contracts,
        defaultSeverity: .error,
        summary: "A contract schema changed since the base revision in a way that breaks the callers of an agent or skill",
        rationale: """
            An input schema says what an agent or skill accepts: narrowing it (a new required property, a lower \
            maximum, a removed enum value) rejects payloads callers already send. An output schema says what it \
            produces: widening it (a new enum value or type, a relaxed constraint) hands callers data they were \
            never promised. The rule compares each changed contract with its base-revision version (`--since`, \
            `--range`, `--staged`), after resolving `$ref`s on both sides, and judges each change in the direction \
            the catalog uses the schema; a schema used both ways is judged both ways. Each `magsag://…@<range>` \
            reference written against the old contract (its range admitted the base version) that the change did \
            not update is reported too, where it is written, naming the caller that breaks: whether its range still \
            admits the new version (the break reaches it silently) or no longer does (it pins a version that is \
            gone). It is silent without a base.
            """,
        fix: "Make the change compatible (add instead of tighten inputs, tighten instead of widen outputs), or release it as a new major version and update the callers.",
        triggeringExamples: [
            Example(files: [
                "catalog/agents/main/a-mag/agent.yaml": "version: 2.0.0\ncontracts:\n  input_schema: catalog/contracts/a_input.schema.json\n",
                "catalog/contracts/a_input.schema.json": "{\"type\": \"object\", \"properties\": {\"n\": {\"type\": \"integer\", ↓\"maximum\": 5}}}",
            ], base: [
                "catalog/agents/main/a-mag/agent.yaml": "version: 1.0.0\ncontracts:\n  input_schema: catalog/contracts/a_input.schema.json\n",
                "catalog/contracts/a_input.schema.json": "{\"type\": \"object\", \"properties\": {\"n\": {\"type\": \"integer\", \"maximum\": 10}}}",
            ]),
            Example(files: [
                "catalog/skills/lookup/skill.yaml": "id: skill.lookup\nversion: 1.0.0\ncontracts:\n  output_schema: catalog/contracts/lookup_output.schema.json\n",
                "catalog/contracts/lookup_output.schema.json": "{\"properties\": {\"status\": {\"$ref\": \"status.schema.json\"}}}",
                "catalog/contracts/status.schema.json": "{\"enum\": [\"ok\", \"failed\", ↓\"partial\"]}",
            ], base: [
                "catalog/contracts/status.schema.json": "{\"enum\": [\"ok\", \"failed\"]}",
            ], note: "a new output value, reached through a $ref, breaks callers that handle only the old ones"),
            Example(files: [
                "catalog/agents/sub/b-sag/agent.yaml": "version: 1.1.0\ncontracts:\n  input_schema: catalog/contracts/b_input.schema.json\n",
                "catalog/contracts/b_input.schema.json": "{\"required\": [\"q\", ↓\"lang\"]}",
                "catalog/agents/main/a-mag/agent.yaml": "depends_on:\n  sub_agents:\n    - ↓magsag://sub.b-sag@^1.0.0\n",
                "catalog/registry/agents.yaml": "tasks:\n  - id: triage\n    default: magsag://main.a-mag@^1.0.0\n",
            ], base: [
                "catalog/agents/sub/b-sag/agent.yaml": "version: 1.0.0\ncontracts:\n  input_schema: catalog/contracts/b_input.schema.json\n",
                "catalog/contracts/b_input.schema.json": "{\"required\": [\"q\"]}",
            ], note: "the unchanged caller main.a-mag still admits 1.1.0 and is reported at its reference too"),
        ],
        nonTriggeringExamples: [
            Example(files: [
                "catalog/agents/main/a-mag/agent.yaml": "version: 1.1.0\ncontracts:\n  input_schema: catalog/contracts/a_input.schema.json\n",
                "catalog/contracts/a_input.schema.json": "{\"type\": \"object\", \"properties\": {\"n\": {\"type\": \"integer\", \"maximum\": 20, \"description\": \"count\"}, \"note\": {\"type\": \"string\"}}}",
            ], base: [
                "catalog/agents/main/a-mag/agent.yaml": "version: 1.0.0\ncontracts:\n  input_schema: catalog/contracts/a_input.schema.json\n",
                "catalog/contracts/a_input.schema.json": "{\"type\": \"object\", \"properties\": {\"n\": {\"type\": \"integer\", \"maximum\": 10}}}",
            ], note: "relaxing an input and adding an optional property are compatible"),
            Example(files: [
                "catalog/agents/main/a-mag/agent.yaml": "contracts:\n  input_schema: catalog/contracts/a_input.schema.json\n",
                "catalog/contracts/a_input.schema.json": "{\"required\": [\"n\"]}",
            ], note: "without a base revision (work-tree mode) there is nothing to compare"),
            Example(files: [
                "catalog/agents/sub/b-sag/agent.yaml": "version: 1.0.0\ncontracts:\n  input_schema: catalog/contracts/b_input.schema.json\n",
                "catalog/contracts/b_input.schema.json": "{\"required\": [\"q\"], \"properties\": {\"lang\": {\"type\": \"string\"}}}",
                "catalog/agents/main/a-mag/agent.yaml": "depends_on:\n  sub_agents:\n    - magsag://sub.b-sag@^1.0.0\n",
            ], base: [
                "catalog/contracts/b_input.schema.json": "{\"required\": [\"q\"]}",
            ], note: "a compatible change breaks no caller, whatever their ranges"),
        ])

    /// References in unchanged callers are reported where they are written.
    public static let reportsConsequences = true

    public func check(_ repository: RepositoryIndex, into sink: inout DiagnosticSink) {
        let callers = BrokenCallers.of(repository, layout: CatalogLayout(roots: sink.settings.roots))
        let policy = sink.settings.versionPolicy
        for finding in ContractEvolution.of(repository, layout: CatalogLayout(roots: sink.settings.roots)).findings {
            let broken = finding.consumers(.breaking)
            guard !broken.isEmpty else { continue }
            let location = finding.change.location
            var notes: [String] = []
            for name in Set(broken.map(\.name)).sorted() {
                if let list = callers.callers[name], !list.isEmpty { notes.append("callers of \(name) that break: \(list.joined(separator: ", "))") }
            }
            sink.report("\(finding.change.summary) at '\(location.pointer)' breaks \(ContractWording.affected(broken))",
                        path: location.path, range: SourceRange(at: location.range.start), pointer: location.pointer,
                        label: ContractWording.label(finding.change), related: ContractWording.related(broken), notes: notes,
                        help: "keep the contract compatible, or release it as a new \(Self.bumpWord(policy)) version of \(ContractWording.names(broken)) and update their callers")
        }
        for reference in callers.references {
            let consumer = reference.impact.consumer
            let now = consumer.version?.scalarText ?? "?", before = consumer.baseVersion ?? "?"
            let message = reference.admitsNewVersion
                ? "\(reference.caller) breaks: '\(reference.text)' still admits \(consumer.name) \(now), whose \(consumer.role) contract broke since \(before)"
                : "\(reference.caller) breaks: '\(reference.text)' was written against \(consumer.name) \(before), whose \(consumer.role) contract broke in \(now)"
            let change = reference.impact.change.location
            var related = [Location(path: change.path, range: SourceRange(at: change.range.start), pointer: change.pointer,
                                    label: "\(reference.impact.change.summary)")]
            if let version = consumer.version { related.append(version.location("version of \(consumer.name)")) }
            sink.report(message, path: reference.field.path, range: reference.field.range, pointer: reference.field.pointer,
                        label: "written against the old contract", related: related,
                        help: "check \(reference.caller) against the new \(consumer.role) contract of \(consumer.name), then set the range to the versions it works with")
        }
    }

    /// "major" (the default policy), "minor" or "patch".
    static func bumpWord(_ policy: VersionPolicy) -> String {
        policy.breaking == policy.required(breaking: true, fromMajor: 0) ? policy.breaking.rawValue : "\(policy.breaking.rawValue) (\(policy.breaking.relaxed.rawValue) below 1.0.0)"
    }
}
