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
    }

    /// One provider case with the callee and input it answers.
    private struct Entry: Sendable {
        var callee: String
        var input: SourceValue
        var provider: ProviderCase
    }

    /// Canonical hash of callee and input → the provider cases with that hash, first case (path order)
    /// first. A lookup compares callee and input structurally (`Canonical.equal`), so a hash collision
    /// costs a comparison, never a wrong answer; no canonical text is written on the replay's path.
    private var cases: [UInt64: [Entry]] = [:]

    private static func key(callee: String, input: SourceValue) -> UInt64 {
        Canonical.hash(input) ^ (Canonical.hash(bytesOf: callee) &* 0x9E37_79B9_7F4A_7C15)
    }

    /// `only`: the callee folders whose cases are needed (nil: every agent and skill).
    mutating func build(fixtures: [Fixture], nodes: RunnerNodes, catalog: CatalogModel, repository: RepositoryIndex,
                        only: Set<String>? = nil) {
        // Hashes are made on all cores; the table is then filled in path order, so the first case of an
        // input still wins.
        let fromFixtures = Parallel.map(fixtures) { fixture -> (key: UInt64, entry: Entry)? in
            guard let node = nodes[fixture.owner], !node.isTemplate, fixture.expectsOutput,
                  let input = fixture.input, let output = fixture.expectOutput else { return nil }
            return (Self.key(callee: node.key, input: input.value),
                    Entry(callee: node.key, input: input.value,
                          provider: ProviderCase(output: output, subset: fixture.subsetMatch, label: "\(node.key)'s case '\(fixture.name)'")))
        }
        let skills = catalog.skills.filter { skill in !skill.isTemplate && (only?.contains(skill.folder) ?? true) }
        let fromExamples = Parallel.map(skills) { skill -> (key: UInt64, entry: Entry)? in
            guard let node = nodes[skill.folder] else { return nil }
            let examples = skill.folder + "/resources/examples/"
            guard let input = repository.documents[examples + "in.json"]?.root,
                  let output = repository.documents[examples + "out.json"]?.root else { return nil }
            return (Self.key(callee: node.key, input: input),
                    Entry(callee: node.key, input: input,
                          provider: ProviderCase(output: CatalogField(path: examples + "out.json", value: output), subset: false,
                                                 label: "\(node.key)'s example \(examples)in.json")))
        }
        cases.reserveCapacity(fromFixtures.count + fromExamples.count)
        for case let (key, entry)? in fromFixtures + fromExamples {
            if let known = cases[key], known.contains(where: { Canonical.sameBytes($0.callee, entry.callee) && Canonical.equal($0.input, entry.input) }) {
                continue
            }
            cases[key, default: []].append(entry)
        }
    }

    /// The callee's own case (or skill example) whose input equals `input`.
    func provider(callee: String, input: SourceValue) -> ProviderCase? {
        cases[Self.key(callee: callee, input: input)]?.first { Canonical.sameBytes($0.callee, callee) && Canonical.equal($0.input, input) }?.provider
    }

    /// Findings for a recorded call to `callee` whose output disagrees with the callee's case of the same
    /// input: one at the call, one at the callee's case.
    func check(callee: String, input: SourceValue, output recorded: SourceValue, at field: @autoclosure () -> CatalogField?) -> [RunnerFinding] {
        guard let provider = provider(callee: callee, input: input) else { return [] }
        let agrees = provider.subset ? Canonical.contains(recorded, provider.output.value)
                                     : Canonical.equal(recorded, provider.output.value)
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

    /// A hash that values `equal` calls equal share (their canonical texts have the same bytes): members
    /// in any order, numbers by value, nothing below the depth where the text stops (`…`). Made without
    /// writing the text.
    static func hash(_ value: SourceValue, depth: Int = 0) -> UInt64 {
        guard depth < 256 else { return 0x5DEE_CE66_D1CE_4E5B }
        switch value.kind {
        case .null: return 0x6A09_E667_F3BC_C908
        case .bool(let flag): return flag ? 0xBB67_AE85_84CA_A73B : 0x3C6E_F372_FE94_F82B
        case .number(let number): return hash(bytesOf: numberKey(number)) ^ 0xA54F_F53A_5F1D_36F1
        case .string(let string): return hash(bytesOf: string)
        case .array(let elements):
            var h: UInt64 = 0x510E_527F_ADE6_82D1 ^ UInt64(elements.count)
            for element in elements { h = mix(h ^ hash(element, depth: depth + 1)) }
            return h
        case .object(let object):
            // Members are summed (their order does not matter); each member mixes its key and value.
            var sum: UInt64 = 0x9B05_688C_2B3E_6C1F ^ UInt64(object.members.count)
            let members = object.members
            for i in members.indices {
                sum = sum &+ mix(hash(bytesOf: members[i].key) &* 0x9E37_79B9_7F4A_7C15 ^ hash(members[i].value, depth: depth + 1))
            }
            return mix(sum)
        }
    }

    /// A hash of a string's UTF-8 bytes (`ByteKey`'s: an inline string's words read in place).
    static func hash(bytesOf string: String) -> UInt64 {
        ByteKey.hash(string)
    }

    /// The 64-bit finaliser of MurmurHash3.
    private static func mix(_ x: UInt64) -> UInt64 {
        ByteKey.finish(x)
    }

    /// Whether `a` and `b` have the same canonical text, compared without writing it.
    static func equal(_ a: SourceValue, _ b: SourceValue, depth: Int = 0) -> Bool {
        guard depth < 256 else { return true }
        switch (a.kind, b.kind) {
        case (.null, .null): return true
        case (.bool(let x), .bool(let y)): return x == y
        case (.number(let x), .number(let y)): return sameBytes(x.text, y.text) || numberKey(x) == numberKey(y)
        case (.string(let x), .string(let y)): return sameBytes(x, y)
        case (.array(let x), .array(let y)):
            guard x.count == y.count else { return false }
            for i in x.indices where !equal(x[i], y[i], depth: depth + 1) { return false }
            return true
        case (.object(let x), .object(let y)):
            let xs = x.members, ys = y.members
            guard xs.count == ys.count else { return false }
            // Keys in the same order (one generator, one writer): compared member by member. A stable
            // sort by key would move both alike, so a differing value there means differing texts.
            // Members are read in place by index (a `zip` copied each one, key and value).
            if xs.indices.allSatisfy({ sameBytes(xs[$0].key, ys[$0].key) }) {
                for i in xs.indices where !equal(xs[i].value, ys[i].value, depth: depth + 1) { return false }
                return true
            }
            // Otherwise in the text's order: members sorted by key, duplicates kept in source order.
            let xo = keyOrder(xs), yo = keyOrder(ys)
            for (i, j) in zip(xo, yo) {
                guard sameBytes(xs[i].key, ys[j].key), equal(xs[i].value, ys[j].value, depth: depth + 1) else { return false }
            }
            return true
        default:
            return false
        }
    }

    /// Member indices in the canonical text's order (a stable sort by UTF-8 key bytes).
    private static func keyOrder(_ members: [SourceObject.Member]) -> [Int] {
        var order = Array(members.indices)
        if !order.indices.dropFirst().allSatisfy({ precedes(members[$0 - 1].key, members[$0].key) }) {
            order.sort { precedes(members[$0].key, members[$1].key) }
        }
        return order
    }

    /// Whether two strings have the same UTF-8 bytes (not Unicode canonical equivalence, as `==` has).
    static func sameBytes(_ a: String, _ b: String) -> Bool {
        ByteKey.same(a, b)
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
            for (i, index) in keyOrder(members).enumerated() {
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
            return equal(actual, expected) ? nil : ""
        }
    }
}
