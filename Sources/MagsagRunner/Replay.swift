import MagsagCatalog
import MagsagJSONSchema
import MagsagLintCore
import MagsagSource

/// The checks of one case.
extension Runner {
    /// At most this many schema errors are reported per payload.
    static let errorsPerPayload = 8

    func run(_ fixture: Fixture, fixtureSchema: CompiledSchema?) -> (CaseResult, [RunnerFinding]) {
        var findings: [RunnerFinding] = []
        let node = nodesByFolder[fixture.owner]
        var result = CaseResult(owner: node?.key ?? fixture.owner, path: fixture.path, name: fixture.name)
        if let fixtureSchema, !fixtureSchema.isValid(fixture.root.value) {
            for error in Self.firstPerLocation(fixtureSchema.validate(fixture.root.value)) {
                findings.append(RunnerFinding(.invalidFixture, "fixture \(error.message)",
                                              at: Location(path: fixture.path, range: error.instanceRange, pointer: error.instanceLocation),
                                              help: "see docs/runner.md for the fixture format"))
            }
        }
        guard let node, !node.isTemplate else { return (result, findings) }
        if let input = fixture.input {
            validate(input, against: node.input, check: .inputInvalid, what: "input", into: &findings)
        }
        if fixture.expectsOutput, let output = fixture.expectOutput {
            validate(output, against: node.output, check: .outputInvalid, what: "expected output", into: &findings)
        }
        if let attempts = fixture.attempts, let count = attempts.value.numberValue?.intValue, count > node.maxAttempts {
            findings.append(RunnerFinding(
                .retries, "the case took \(count) attempts but retry_policy.max_attempts is \(node.maxAttempts)",
                at: attempts.location(), related: node.maxAttemptsField.map { [$0.location("retry policy declared here")] } ?? [],
                help: "raise evaluation.retry_policy.max_attempts or fix the flaky behaviour"))
        }
        var tokens = 0
        var duration = 0.0
        var tokensReported = false
        var timeReported = false
        for call in fixture.calls {
            var callFindings: [RunnerFinding] = []
            let callee = check(call, of: node, into: &callFindings)
            tokens += call.tokenCount
            duration += call.durationMS
            if let budget = node.tokenBudget, Double(tokens) > budget.value, !tokensReported, let field = call.tokens {
                tokensReported = true
                callFindings.append(RunnerFinding(
                    .budget, "calls use \(tokens) tokens up to here, above the agent's budgets.tokens of \(budget.field.scalarText ?? "?")",
                    at: field.location(), related: [budget.field.location("budget declared here")],
                    help: "raise the budget or record a cheaper run"))
            }
            if let budget = node.timeBudgetMS, duration > budget.value, !timeReported, let field = call.duration {
                timeReported = true
                callFindings.append(RunnerFinding(
                    .budget, "calls take \(Self.format(duration)) ms up to here, above the agent's time limit of \(Self.format(budget.value)) ms",
                    at: field.location(), related: [budget.field.location("time limit declared here")],
                    help: "raise budgets.time_s (or timeout_seconds) or record a faster run"))
            }
            let failed = call.status == "failure" || callFindings.contains { $0.severity == .error }
            result.steps.append(CaseResult.Step(
                name: call.step ?? callee?.key ?? (try? CatalogReference(parsing: call.targetText ?? "", implied: call.isAgent ? .sub : .skill).key) ?? "unknown",
                latencyMS: call.durationMS, failed: failed,
                mcpCalls: call.mcpCalls > 0 ? call.mcpCalls : (callee?.usesMCP == true ? 1 : 0),
                mcpErrors: call.mcpErrors ?? (callee?.usesMCP == true && call.status == "failure" ? 1 : 0), model: call.model))
            findings += callFindings
        }
        result.tokens = tokens
        return (result, findings)
    }

    /// Reference, version, deprecation, contract edge, callee limits and drift of one call.
    private func check(_ call: Fixture.Call, of caller: RunnerNode, into findings: inout [RunnerFinding]) -> RunnerNode? {
        let text = call.targetText ?? ""
        let reference: CatalogReference
        do throws(CatalogReference.ParseError) {
            reference = try CatalogReference(parsing: text, implied: call.isAgent ? .sub : .skill)
        } catch {
            findings.append(RunnerFinding(.unknownCallee, error.message, at: call.target.location(),
                                          help: "write a reference such as magsag://sub.<slug>@<range>"))
            return nil
        }
        let declared = caller.dependencies.contains { $0.field.string == text || $0.parsed?.key == reference.key }
        if !declared {
            findings.append(RunnerFinding(
                .undeclaredDelegation, "'\(reference.key)' is called but \(caller.key) does not declare it in depends_on",
                at: call.target.location(), related: [Location(path: caller.path, range: .fileStart, pointer: .root, label: "the caller's descriptor")],
                help: "add the reference to depends_on.\(reference.kind == .skill ? "skills" : "sub_agents") or remove the call"))
        }
        guard let (target, node) = callee(reference), node?.isTemplate != true else {
            let hint = catalog.unresolvedHint(reference)
            findings.append(RunnerFinding(.unknownCallee, "'\(text)' names no \(reference.kind == .skill ? "skill" : "agent") in the catalog",
                                          at: call.target.location(), notes: hint.map { [$0] } ?? [],
                                          help: "fix the reference or add the callee"))
            return nil
        }
        if let rangeText = reference.rangeText, let range = try? VersionRange(parsing: rangeText),
           let versionField = target.version, let versionText = versionField.scalarText,
           let version = SemanticVersion(versionText), !range.isSatisfied(by: version) {
            findings.append(RunnerFinding(
                .calleeVersion, "the call expects '\(reference.name)' at '\(rangeText)' but it is at version \(versionText)",
                at: call.target.location(), related: [versionField.location("callee version declared here")],
                help: "re-record the call against the current version and update the range"))
        }
        if target.isDeprecated {
            findings.append(RunnerFinding(
                .deprecatedCallee, "'\(reference.key)' is deprecated", at: call.target.location(),
                notes: node?.deprecatedMessage.map { [$0] } ?? [], help: "move the caller to the callee's replacement"))
        }
        guard let node else {
            findings.append(RunnerFinding(.contractEdge, "'\(reference.key)' has no contracts here: the edge is not verified",
                                          at: call.target.location(), help: "give the callee contracts", severity: .warning))
            return nil
        }
        checkEdge(call, node: node, into: &findings)
        if !node.isAgent { findings += permissionFindings(caller: caller, skill: node, at: call.target.location()) }
        checkLimits(call, node: node, into: &findings)
        if call.status != "failure", let input = call.inputValue, let output = call.outputValue {
            findings += drift.check(callee: node.key, input: input, output: output, at: call.output)
        }
        return node
    }

    private func checkEdge(_ call: Fixture.Call, node: RunnerNode, into findings: inout [RunnerFinding]) {
        if node.input == nil && node.output == nil {
            findings.append(RunnerFinding(.contractEdge, "'\(node.key)' declares no contracts: the edge is not verified",
                                          at: call.target.location(), related: [Location(path: node.path, range: .fileStart, pointer: .root)],
                                          help: "give the callee contracts.input_schema and contracts.output_schema", severity: .warning))
            return
        }
        // The calls' fields are made only for a finding's location.
        if let input = call.inputValue {
            validate(input, at: call.input, against: node.input, check: .contractEdge, what: "call input to \(node.key)", into: &findings)
        }
        if call.status != "failure", let output = call.outputValue {
            validate(output, at: call.output, against: node.output, check: .contractEdge, what: "call output of \(node.key)", into: &findings)
        }
    }

    private func checkLimits(_ call: Fixture.Call, node: RunnerNode, into findings: inout [RunnerFinding]) {
        if let limit = node.tokenBudget, Double(call.tokenCount) > limit.value, let field = call.tokens {
            findings.append(RunnerFinding(.budget, "the call uses \(call.tokenCount) tokens, above \(node.key)'s budgets.tokens of \(limit.field.scalarText ?? "?")",
                                          at: field.location(), related: [limit.field.location("callee budget declared here")]))
        }
        if let limit = node.timeBudgetMS, call.durationMS > limit.value, let field = call.duration {
            findings.append(RunnerFinding(.budget, "the call takes \(Self.format(call.durationMS)) ms, above \(node.key)'s time limit of \(Self.format(limit.value)) ms",
                                          at: field.location(), related: [limit.field.location("callee limit declared here")]))
        }
        if node.isAgent, let count = call.attemptCount, count > node.maxAttempts, let field = call.attempts {
            findings.append(RunnerFinding(.retries, "the call took \(count) attempts but \(node.key) allows \(node.maxAttempts)",
                                          at: field.location(), related: node.maxAttemptsField.map { [$0.location("retry policy declared here")] } ?? []))
        }
    }

    /// Validate `value` against `contract` (silently skipped when there is none or it does not compile:
    /// other rules report those).
    func validate(_ value: CatalogField, against contract: RunnerNode.Contract?, check: RunnerCheck, what: String,
                  into findings: inout [RunnerFinding]) {
        validate(value.value, at: value, against: contract, check: check, what: what, into: &findings)
    }

    /// `validate` of a value whose field (for the findings' locations) is made only when it fails.
    func validate(_ instance: SourceValue, at field: @autoclosure () -> CatalogField?, against contract: RunnerNode.Contract?,
                  check: RunnerCheck, what: String, into findings: inout [RunnerFinding]) {
        guard let contract, let schema = contract.schema, !schema.isValid(instance), let value = field() else { return }
        for error in Self.firstPerLocation(schema.validate(value.value)) {
            let pointer = JSONPointer(tokens: value.pointer.tokens + error.instanceLocation.tokens)
            findings.append(RunnerFinding(
                check, "\(what) does not match \(contract.path): \(error.message)",
                at: Location(path: value.path, range: error.instanceRange, pointer: pointer),
                related: [contract.field.location("contract declared here")],
                notes: ["failing keyword: \(error.keywordLocation.description.isEmpty ? "/" : error.keywordLocation.description)"],
                help: "fix the payload, or the contract if the payload is right"))
        }
    }

    /// The first error at each instance location, at most `errorsPerPayload`.
    static func firstPerLocation(_ errors: [ValidationError]) -> [ValidationError] {
        var seen: Set<JSONPointer> = []
        return Array(errors.filter { seen.insert($0.instanceLocation).inserted }.prefix(errorsPerPayload))
    }

    static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}
