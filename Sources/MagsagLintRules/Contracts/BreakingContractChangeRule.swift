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
            the catalog uses the schema; a schema used both ways is judged both ways. It is silent without a base.
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
        ])

    public func check(_ repository: RepositoryIndex, into sink: inout DiagnosticSink) {
        for finding in ContractEvolution.of(repository).findings {
            let broken = finding.consumers(.breaking)
            guard !broken.isEmpty else { continue }
            let location = finding.change.location
            sink.report("\(finding.change.summary) at '\(location.pointer)' breaks \(ContractWording.affected(broken))",
                        path: location.path, range: SourceRange(at: location.range.start), pointer: location.pointer,
                        label: ContractWording.label(finding.change), related: ContractWording.related(broken),
                        help: "keep the contract compatible, or bump the major version of \(ContractWording.names(broken)) and update their callers")
        }
    }
}
