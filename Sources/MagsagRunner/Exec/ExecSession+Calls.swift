import MagsagCatalog
import MagsagJSONSchema
import MagsagLintCore
import MagsagSource

extension ExecSession {
    /// Answer a `delegate` or `invoke` request of `caller`'s implementation; returns the reply line.
    func serve(_ call: ExecProtocol.Call, caller: RunnerNode, recorded: [Fixture.Call], deadline: UInt64, depth: Int) -> String {
        let started = ChildProcess.now()
        let id = call.id.map { ",\"id\":" + ExecProtocol.encode($0) } ?? ""
        let verb = call.isDelegation ? "delegates to" : "invokes"
        let reference: CatalogReference
        do throws(CatalogReference.ParseError) {
            reference = try CatalogReference(parsing: call.target, implied: call.isDelegation ? .sub : .skill)
        } catch {
            findings.append(finding(.unknownCallee, "\(caller.key) \(verb) '\(call.target)': \(error.message)"))
            return Self.reply(id, .failure(code: "E_UNKNOWN_CALLEE", message: error.message))
        }
        guard caller.dependencies.contains(where: { $0.field.string == call.target || $0.parsed?.key == reference.key }) else {
            findings.append(finding(.undeclaredDelegation, "\(caller.key) \(verb) '\(reference.key)', which it does not declare in depends_on",
                                    help: "add the reference to depends_on or change the implementation"))
            return Self.reply(id, .failure(code: "E_UNDECLARED", message: "\(reference.key) is not in depends_on"))
        }
        guard let node = runner.callee(reference)?.node, !node.isTemplate else {
            findings.append(finding(.unknownCallee, "\(caller.key) \(verb) '\(call.target)', which names no agent or skill with contracts in the catalog"))
            return Self.reply(id, .failure(code: "E_UNKNOWN_CALLEE", message: "\(call.target) is unknown"))
        }
        let canonicalInput = Canonical.text(call.input)
        let sameCallee = recorded.indices.filter { key(of: recorded[$0]) == node.key }
        let match = sameCallee.first { !consumed.contains(Self.identity(recorded[$0])) && recorded[$0].inputValue.map { Canonical.text($0) } == canonicalInput }
        let anchor = match.flatMap { recorded[$0].input } ?? sameCallee.first.map { recorded[$0].target }
        validateLive(call.input, against: node.input, what: "the input \(caller.key) sends to \(node.key)", at: anchor)
        if !node.isAgent {
            findings += runner.permissionFindings(caller: caller, skill: node, at: (anchor ?? fixture.input ?? fixture.root).location())
        }
        var outcome: Outcome
        var latency: Double
        if let implementation = engine.implementations[node.key], depth + 1 < ExecEngine.maxDepth {
            let nested = engine.casesByInput[node.key + "\u{0}" + canonicalInput]?.calls ?? []
            let limit = min(deadline, ChildProcess.now() + UInt64(engine.timeoutMS(node)) * 1_000_000)
            outcome = execute(node, implementation, input: call.input, recorded: nested, deadline: limit, depth: depth + 1)
            latency = Double(ChildProcess.now() - started) / 1e6
        } else if let match {
            let record = recorded[match]
            consumed.insert(Self.identity(record))
            latency = record.durationMS
            if record.status == "failure" {
                let error = record.field.child("error")
                outcome = .failure(code: error?.child("code")?.string ?? "E_RECORDED", message: error?.child("message")?.string ?? "recorded failure")
            } else {
                outcome = .success(status: record.status, output: record.output?.value ?? SourceValue(.null, range: .fileStart))
            }
        } else if let provider = runner.drift.provider(callee: node.key, input: call.input) {
            outcome = .success(status: "success", output: provider.output.value)
            latency = 0
        } else {
            findings.append(finding(
                .execUnexpectedCall, "\(caller.key) \(verb) \(node.key) with an input that no recorded call of the fixture and no case of \(node.key) has",
                at: anchor, notes: ["input: " + Self.excerpt(Array(ExecProtocol.encode(call.input).utf8))],
                help: "record the call in the fixture's calls, or give \(node.key) an implementation"))
            outcome = .failure(code: "E_NO_RECORDING", message: "no recorded call answers this input")
            latency = 0
        }
        if case .success(_, let output) = outcome {
            validateLive(output, against: node.output, what: "the output \(node.key) returns to \(caller.key)", at: anchor)
        }
        if depth == 0 {
            var failed = false
            if case .failure = outcome { failed = true }
            let record = match.map { recorded[$0] }
            steps.append(CaseResult.Step(name: record?.step ?? node.key, latencyMS: latency, failed: failed,
                                         mcpCalls: node.usesMCP ? max(record?.mcpCalls ?? 1, 1) : 0,
                                         mcpErrors: node.usesMCP && failed ? 1 : 0, model: record?.model))
        }
        return Self.reply(id, outcome)
    }

    /// The callee key a recorded call resolves to.
    func key(of call: Fixture.Call) -> String? {
        guard let text = call.targetText,
              let reference = try? CatalogReference(parsing: text, implied: call.isAgent ? .sub : .skill) else { return nil }
        return runner.callee(reference)?.node?.key
    }

    static func identity(_ call: Fixture.Call) -> String { call.field.path + "#" + call.field.pointer.description }

    static func reply(_ id: String, _ outcome: Outcome) -> String {
        switch outcome {
        case .success(let status, let output):
            return "{\"type\":\"reply\"\(id),\"status\":" + quoted(status) + ",\"output\":" + ExecProtocol.encode(output) + "}\n"
        case .failure(let code, let message):
            return "{\"type\":\"reply\"\(id),\"status\":\"failure\",\"error\":{\"code\":" + quoted(code) + ",\"message\":" + quoted(message) + "}}\n"
        }
    }

    /// Validate a payload that exists only at run time; findings sit at `field` (a recorded call's input, else
    /// the fixture's input) and name the failing place inside the payload.
    func validateLive(_ value: SourceValue, against contract: RunnerNode.Contract?, what: String, at field: CatalogField?,
                      check: RunnerCheck = .contractEdge) {
        guard let contract, let schema = contract.schema, !schema.isValid(value) else { return }
        for error in Runner.firstPerLocation(schema.validate(value)) {
            let place = error.instanceLocation.description.isEmpty ? "/" : error.instanceLocation.description
            findings.append(finding(check, "\(what) does not match \(contract.path) at \(place): \(error.message)", at: field,
                                    related: [contract.field.location("contract declared here")],
                                    notes: ["failing keyword: \(error.keywordLocation.description.isEmpty ? "/" : error.keywordLocation.description)"],
                                    help: "fix the implementation, or the contract if the payload is right"))
        }
    }

    /// Compare the case's outcome with the fixture's `expect`.
    func compare(_ outcome: Outcome) {
        guard let node = runner.nodesByFolder[fixture.owner] else { return }
        let expect = fixture.root.child("expect")
        switch outcome {
        case .failure(let code, _) where code == "E_PROTOCOL":
            return
        case .success(let status, let output):
            validateLive(output, against: node.output, what: "the output of \(node.key)", at: fixture.expectOutput ?? expect, check: .outputInvalid)
            guard fixture.expectsOutput else {
                findings.append(finding(.execResult, "the implementation returned a result but the fixture expects \(fixture.expectStatus)", at: expect))
                return
            }
            if status != fixture.expectStatus {
                findings.append(finding(.execResult, "the implementation returned status \(status) but the fixture expects \(fixture.expectStatus)", at: expect))
            }
            if let expected = fixture.expectOutput,
               let difference = Canonical.firstDifference(output, expected.value, subset: fixture.subsetMatch) {
                findings.append(finding(
                    .execResult, "the implementation's output differs from expect.output at \(difference.isEmpty ? "/" : difference)",
                    at: expected, notes: ["output: " + Self.excerpt(Array(ExecProtocol.encode(output).utf8))],
                    help: "fix the implementation, or update the fixture if the new output is right"))
            }
        case .failure(let code, let message):
            if fixture.expectsOutput {
                findings.append(finding(.execResult, "the implementation failed (\(code): \(message)) but the fixture expects \(fixture.expectStatus)", at: expect))
            } else if let expected = expect?.descendant("error", "code"), let text = expected.string, text != code {
                findings.append(finding(.execResult, "the implementation failed with \(code) but the fixture expects \(text)", at: expected))
            }
        }
    }
}
