import MagsagCatalog
import MagsagSource

/// One fixture file read leniently (structure problems are the fixture schema's business): every part
/// keeps its location so a finding can point at it.
public struct Fixture: Sendable {
    /// One recorded call.
    ///
    /// Its parts are kept as their values and key ranges, not as catalog fields: a field repeats the
    /// file's path and links a pointer node of its own, and a call's seven fields made it about 850
    /// bytes (40 MB of calls at 10,000 agents). A part becomes a field, pointer and all, when asked.
    public struct Call: Sendable {
        /// A member of the call (or of its `usage`) without its place, which the call's field gives.
        struct Part: Sendable {
            var value: SourceValue
            var keySpan: SourceSpan

            init?(_ field: CatalogField?) {
                guard let field, let keySpan = field.keySpan else { return nil }
                value = field.value
                self.keySpan = keySpan
            }
        }

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
        private var targetPart: Part
        private var inputPart: Part?
        private var outputPart: Part?
        private var attemptsPart: Part?
        private var tokensPart: Part?
        private var durationPart: Part?

        /// `agent` or `skill` member (the reference as written).
        package var target: CatalogField { field.located(at: [isAgent ? "agent" : "skill"], targetPart.value, keySpan: targetPart.keySpan) }
        package var input: CatalogField? { inputPart.map { field.located(at: ["input"], $0.value, keySpan: $0.keySpan) } }
        package var output: CatalogField? { outputPart.map { field.located(at: ["output"], $0.value, keySpan: $0.keySpan) } }
        package var attempts: CatalogField? { attemptsPart.map { field.located(at: ["attempts"], $0.value, keySpan: $0.keySpan) } }
        package var tokens: CatalogField? { tokensPart.map { field.located(at: ["usage", "tokens"], $0.value, keySpan: $0.keySpan) } }
        package var duration: CatalogField? { durationPart.map { field.located(at: ["usage", "duration_ms"], $0.value, keySpan: $0.keySpan) } }

        /// The reference as written (`target.string` without making the field).
        package var targetText: String? { targetPart.value.stringValue }
        /// The recorded input's value, when there is one.
        package var inputValue: SourceValue? { inputPart?.value }
        /// The recorded output's value, when there is one.
        package var outputValue: SourceValue? { outputPart?.value }
        /// `attempts` when it is an integer.
        package var attemptCount: Int? { attemptsPart?.value.numberValue?.intValue }
        /// Tokens recorded (0 when absent).
        public var tokenCount: Int { tokensPart?.value.numberValue?.intValue ?? 0 }
        /// Duration recorded in milliseconds (0 when absent).
        public var durationMS: Double { durationPart?.value.numberValue?.double ?? 0 }

        /// The call recorded at `element` (an element of `calls`), nil when it names neither an agent
        /// nor a skill as a string.
        init?(_ element: CatalogField) {
            let agent = element.child("agent")
            guard let target = agent?.string != nil ? agent : element.child("skill"), target.string != nil,
                  let targetPart = Part(target) else { return nil }
            let usage = element.child("usage")
            field = element
            isAgent = agent?.string != nil
            self.targetPart = targetPart
            inputPart = Part(element.child("input"))
            outputPart = Part(element.child("output"))
            status = element.child("status")?.string ?? "success"
            attemptsPart = Part(element.child("attempts"))
            tokensPart = Part(usage?.child("tokens"))
            durationPart = Part(usage?.child("duration_ms"))
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
