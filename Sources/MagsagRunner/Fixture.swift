import MagsagCatalog
import MagsagSource

/// One fixture file read leniently (structure problems are the fixture schema's business): every part
/// keeps its location so a finding can point at it.
public struct Fixture: Sendable {
    /// One recorded call.
    ///
    /// Its parts (target, input, output, attempts, usage) are looked up in the call's own object when
    /// asked, not kept: a part kept as its value and key span took 40 bytes, and six of them made a call
    /// 376 bytes instead of 136 (20 MB of calls at 10,000 agents). A part becomes a field, pointer and
    /// all, only for a finding's location.
    public struct Call: Sendable {
        /// The recorded call (an element of `calls`).
        package var field: CatalogField
        /// Whether the call names a sub-agent (`agent`) rather than a skill.
        public var isAgent: Bool
        package var status: String
        package var model: String?
        package var step: String?
        package var mcpCalls: Int
        /// `usage.mcp_errors` when recorded.
        package var mcpErrors: Int?

        /// The member `key` of the call, or of its `usage` object.
        private func part(_ key: String, inUsage: Bool = false) -> SourceObject.Member? {
            guard let call = field.value.objectValue else { return nil }
            guard inUsage else { return call.member(key) }
            return call["usage"]?.objectValue?.member(key)
        }

        private func located(_ keys: [String], _ member: SourceObject.Member?) -> CatalogField? {
            member.map { field.located(at: keys, $0.value, keySpan: $0.keySpan) }
        }

        private var targetKey: String { isAgent ? "agent" : "skill" }

        /// `agent` or `skill` member (the reference as written).
        package var target: CatalogField {
            located([targetKey], part(targetKey)) ?? field
        }
        package var input: CatalogField? { located(["input"], part("input")) }
        package var output: CatalogField? { located(["output"], part("output")) }
        package var attempts: CatalogField? { located(["attempts"], part("attempts")) }
        package var tokens: CatalogField? { located(["usage", "tokens"], part("tokens", inUsage: true)) }
        package var duration: CatalogField? { located(["usage", "duration_ms"], part("duration_ms", inUsage: true)) }

        /// The reference as written (`target.string` without making the field).
        package var targetText: String? { field.value[targetKey]?.stringValue }
        /// The recorded input's value, when there is one.
        package var inputValue: SourceValue? { field.value["input"] }
        /// The recorded output's value, when there is one.
        package var outputValue: SourceValue? { field.value["output"] }
        /// `attempts` when it is an integer.
        package var attemptCount: Int? { field.value["attempts"]?.numberValue?.intValue }
        /// Tokens recorded (0 when absent).
        public var tokenCount: Int { field.value["usage"]?["tokens"]?.numberValue?.intValue ?? 0 }
        /// Duration recorded in milliseconds (0 when absent).
        public var durationMS: Double { field.value["usage"]?["duration_ms"]?.numberValue?.double ?? 0 }

        /// The call recorded at `element` (an element of `calls`), nil when it names neither an agent
        /// nor a skill as a string.
        init?(_ element: CatalogField) {
            let agent = element.child("agent")
            guard let target = agent?.string != nil ? agent : element.child("skill"), target.string != nil else { return nil }
            let usage = element.child("usage")
            field = element
            isAgent = agent?.string != nil
            status = element.child("status")?.string ?? "success"
            model = usage?.child("model")?.string
            step = element.child("step")?.string
            mcpCalls = usage?.child("mcp_calls")?.value.numberValue?.intValue ?? 0
            mcpErrors = usage?.child("mcp_errors")?.value.numberValue?.intValue
        }
    }

    /// The fixture file.
    public var path: String
    /// The folder of the agent or skill owning it.
    public var owner: String
    /// `name`, else the file stem.
    public var name: String
    package var root: CatalogField
    package var input: CatalogField?
    package var calls: [Call] = []
    package var expectStatus: String
    package var expectOutput: CatalogField?
    /// `expect.match == "subset"`.
    public var subsetMatch: Bool
    package var attempts: CatalogField?

    /// Read the fixture at `path` from its parsed root; nil when the root is not an object.
    package init?(path: String, owner: String, root value: SourceValue) {
        guard value.objectValue != nil else { return nil }
        let root = CatalogField(path: path, value: value)
        self.path = path
        self.owner = owner
        self.root = root
        let stem = path.asciiSplit("/").last.map { String($0.asciiSplit(".").first ?? $0) } ?? path
        name = root.child("name")?.string ?? stem
        input = root.child("input")
        attempts = root.child("attempts")
        let expect = root.child("expect")
        expectStatus = expect?.child("status")?.string ?? "success"
        expectOutput = expect?.child("output")
        subsetMatch = expect?.child("match")?.string == "subset"
        let elements = root.child("calls")?.elements ?? []
        // At its final size: grown by doubling, a fixture's list of (large) calls was a quarter slack.
        calls.reserveCapacity(elements.count)
        for element in elements {
            if let call = Call(element) { calls.append(call) }
        }
    }

    /// Whether the case expects an output that the output contract governs.
    package var expectsOutput: Bool { expectStatus == "success" || expectStatus == "partial" }
}
