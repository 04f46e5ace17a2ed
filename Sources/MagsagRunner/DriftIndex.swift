import MagsagCatalog
import MagsagLintCore
import MagsagSource
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The callees' own cases by input: `sub.x` fixtures and skill fixtures (input → expect.output) and each
/// skill's `resources/examples/in.json` → `out.json`. A recorded call whose input equals one of them must
/// carry that case's output.
struct DriftIndex: Sendable {
    struct ProviderCase: Sendable {
        var output: CatalogField
        var subset: Bool
        var label: String
        /// Canonical text of `output` (compared with every recorded call of the same input).
        var outputText: String = ""
    }

    /// `callee key` + NUL + canonical input → the first provider case (path order).
    private var cases: [String: ProviderCase] = [:]

    /// `only`: the callee folders whose cases are needed (nil: every agent and skill).
    mutating func build(fixtures: [Fixture], nodes: RunnerNodes, catalog: CatalogModel, repository: RepositoryIndex,
                        only: Set<String>? = nil) {
        // Canonical texts (most of the cost) are written on all cores; the table is then filled in path
        // order, so the first case of an input still wins.
        let fromFixtures = Parallel.map(fixtures) { fixture -> (key: String, provider: ProviderCase)? in
            guard let node = nodes[fixture.owner], !node.isTemplate, fixture.expectsOutput,
                  let input = fixture.input, let output = fixture.expectOutput else { return nil }
            return (node.key + "\u{0}" + Canonical.text(input.value),
                    ProviderCase(output: output, subset: fixture.subsetMatch, label: "\(node.key)'s case '\(fixture.name)'",
                                 outputText: Canonical.text(output.value)))
        }
        let skills = catalog.skills.filter { skill in !skill.isTemplate && (only?.contains(skill.folder) ?? true) }
        let fromExamples = Parallel.map(skills) { skill -> (key: String, provider: ProviderCase)? in
            guard let node = nodes[skill.folder] else { return nil }
            let examples = skill.folder + "/resources/examples/"
            guard let input = repository.documents[examples + "in.json"]?.root,
                  let output = repository.documents[examples + "out.json"]?.root else { return nil }
            return (node.key + "\u{0}" + Canonical.text(input),
                    ProviderCase(output: CatalogField(path: examples + "out.json", value: output), subset: false,
                                 label: "\(node.key)'s example \(examples)in.json", outputText: Canonical.text(output)))
        }
        for entry in fromFixtures + fromExamples {
            guard let entry, cases[entry.key] == nil else { continue }
            cases[entry.key] = entry.provider
        }
    }

    /// The callee's own case (or skill example) whose input equals `input`.
    func provider(callee: String, input: SourceValue) -> ProviderCase? {
        cases[callee + "\u{0}" + Canonical.text(input)]
    }

    /// Findings for a recorded call to `callee` whose output disagrees with the callee's case of the same
    /// input: one at the call, one at the callee's case.
    func check(callee: String, input: SourceValue, output recorded: SourceValue, at field: @autoclosure () -> CatalogField?) -> [RunnerFinding] {
        guard let provider = cases[callee + "\u{0}" + Canonical.text(input)] else { return [] }
        let agrees = provider.subset ? Canonical.contains(recorded, provider.output.value)
                                     : Canonical.text(recorded) == provider.outputText
        // The call's field (its place) is made only when the outputs disagree: a case agrees with itself.
        guard !agrees, let output = field(), !provider.output.isAtSamePlace(as: output) else { return [] }
        let at = Canonical.firstDifference(output.value, provider.output.value, subset: provider.subset)
        let consumer = RunnerFinding(
            .drift, "the recorded output disagrees with \(provider.label) for the same input\(at.map { " (first difference at \($0.isEmpty ? "/" : $0))" } ?? "")",
            at: output.location(), related: [provider.output.location("the callee's expected output")],
            help: "re-record the call from the callee's current behaviour, or update the callee's case if the call is right")
        let producer = RunnerFinding(
            .drift, "a caller recorded another output for this case's input\(at.map { " (first difference at \($0.isEmpty ? "/" : $0))" } ?? "")",
            at: provider.output.location(), related: [output.location("the caller's recorded output")],
            help: "bring the caller's recorded call and this case back into agreement")
        return [consumer, producer]
    }
}

/// Canonical JSON text (object keys sorted, numbers by value) and structural comparisons.
enum Canonical {
    static func text(_ value: SourceValue) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        write(value, into: &out, depth: 0)
        return String(decoding: out, as: UTF8.self)
    }

    /// Written as UTF-8 bytes (string appends cost far more on the replay's hot path).
    private static func write(_ value: SourceValue, into out: inout [UInt8], depth: Int) {
        guard depth < 256 else { out += "…".utf8; return }
        switch value.kind {
        case .null: out += "null".utf8
        case .bool(let flag): out += (flag ? "true" : "false").utf8
        case .number(let number): out += numberKey(number).utf8
        case .string(let string): writeString(string, into: &out)
        case .array(let elements):
            out.append(UInt8(ascii: "["))
            for (i, element) in elements.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                write(element, into: &out, depth: depth + 1)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let object):
            out.append(UInt8(ascii: "{"))
            let members = object.members
            // Members in key order (by UTF-8 bytes: any total order serves, the text is only compared),
            // sorted as indices so no member is copied.
            var order = Array(members.indices)
            if !order.indices.dropFirst().allSatisfy({ precedes(members[$0 - 1].key, members[$0].key) }) {
                order.sort { precedes(members[$0].key, members[$1].key) }
            }
            for (i, index) in order.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                writeString(members[index].key, into: &out)
                out.append(UInt8(ascii: ":"))
                write(members[index].value, into: &out, depth: depth + 1)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// Whether `a`'s UTF-8 bytes sort before `b`'s.
    static func precedes(_ a: String, _ b: String) -> Bool {
        let ordered: Bool?? = a.utf8.withContiguousStorageIfAvailable { x in
            b.utf8.withContiguousStorageIfAvailable { y in
                let common = min(x.count, y.count)
                let order = common == 0 ? 0 : memcmp(x.baseAddress!, y.baseAddress!, common)
                return order != 0 ? order < 0 : x.count < y.count
            }
        }
        if let ordered = ordered ?? nil { return ordered }
        return a.utf8.lexicographicallyPrecedes(b.utf8)
    }

    private static func writeString(_ string: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        // Most strings have no quote or backslash: copied whole from their contiguous bytes.
        func escaped(_ bytes: some Sequence<UInt8>) {
            for byte in bytes {
                if byte == 0x22 || byte == 0x5C { out.append(0x5C) }
                out.append(byte)
            }
        }
        let copied: Void? = string.utf8.withContiguousStorageIfAvailable { bytes in
            if bytes.contains(where: { $0 == 0x22 || $0 == 0x5C }) { escaped(bytes) } else { out.append(contentsOf: bytes) }
        }
        if copied == nil { escaped(string.utf8) }
        out.append(UInt8(ascii: "\""))
    }

    /// One spelling per numeric value: integers as integers, everything else through `Double`.
    static func numberKey(_ number: JSONNumber) -> String {
        let text = number.text
        if !text.isEmpty, text.utf8AllBytes(satisfy: { ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D }), !text.hasPrefix("-0") { return text }
        let value = number.double
        guard value.isFinite else { return text }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }

    /// Whether `actual` contains `expected`: equal scalars, every expected member present and contained,
    /// arrays of the same length with contained elements.
    static func contains(_ actual: SourceValue, _ expected: SourceValue) -> Bool {
        firstDifference(actual, expected, subset: true) == nil
    }

    /// The JSON pointer (relative) of the first place `actual` and `expected` differ, or nil when they agree.
    static func firstDifference(_ actual: SourceValue, _ expected: SourceValue, subset: Bool, depth: Int = 0) -> String? {
        guard depth < 256 else { return nil }
        switch (actual.kind, expected.kind) {
        case (.object(let a), .object(let e)):
            for member in e.members {
                guard let other = a.member(member.key) else { return "/" + JSONPointer.escape(member.key) }
                if let inner = firstDifference(other.value, member.value, subset: subset, depth: depth + 1) {
                    return "/" + JSONPointer.escape(member.key) + inner
                }
            }
            if !subset, let extra = a.members.first(where: { e.member($0.key) == nil }) { return "/" + JSONPointer.escape(extra.key) }
            return nil
        case (.array(let a), .array(let e)):
            for (i, element) in e.enumerated() {
                guard i < a.count else { return "/\(i)" }
                if let inner = firstDifference(a[i], element, subset: subset, depth: depth + 1) { return "/\(i)" + inner }
            }
            return a.count == e.count ? nil : "/\(e.count)"
        default:
            return text(actual) == text(expected) ? nil : ""
        }
    }
}
