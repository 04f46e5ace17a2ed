import MagsagCatalog
import MagsagSource

/// One fixture file read leniently (structure problems are the fixture schema's business): every part
/// keeps its location so a finding can point at it.
public struct Fixture: Sendable {
    /// One recorded call.
    public struct Call: Sendable {
        /// `agent` or `skill` member (the reference as written).
        package var target: CatalogField
        /// Whether the call names a sub-agent (`agent`) rather than a skill.
        public var isAgent: Bool
        package var input: CatalogField?
        package var output: CatalogField?
        package var status: String
        package var attempts: CatalogField?
        package var tokens: CatalogField?
        package var duration: CatalogField?
        package var model: String?
        package var step: String?
        package var mcpCalls: Int
        /// `usage.mcp_errors` when recorded.
        package var mcpErrors: Int?
        package var field: CatalogField

        /// Tokens recorded (0 when absent).
        public var tokenCount: Int { tokens?.value.numberValue?.intValue ?? 0 }
        /// Duration recorded in milliseconds (0 when absent).
        public var durationMS: Double { duration?.value.numberValue?.double ?? 0 }
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
            let agent = element.child("agent")
            guard let target = agent?.string != nil ? agent : element.child("skill"), target.string != nil else { continue }
            let usage = element.child("usage")
            calls.append(Call(
                target: target, isAgent: agent?.string != nil, input: element.child("input"), output: element.child("output"),
                status: element.child("status")?.string ?? "success", attempts: element.child("attempts"),
                tokens: usage?.child("tokens"), duration: usage?.child("duration_ms"), model: usage?.child("model")?.string,
                step: element.child("step")?.string, mcpCalls: usage?.child("mcp_calls")?.value.numberValue?.intValue ?? 0,
                mcpErrors: usage?.child("mcp_errors")?.value.numberValue?.intValue,
                field: element))
        }
    }

    /// Whether the case expects an output that the output contract governs.
    package var expectsOutput: Bool { expectStatus == "success" || expectStatus == "partial" }
}
