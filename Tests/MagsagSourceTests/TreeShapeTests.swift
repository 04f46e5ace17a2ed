import Testing
@testable import MagsagSource

/// Randomly shaped documents through both parsers, against a model of what they must load: nesting
/// (containers closing inside containers share the parsers' scratch stacks), objects small and large
/// (linear and hashed duplicate searches), repeated keys (last value wins, at the first key's place).
@Suite struct TreeShapeTests {
    indirect enum Model {
        case null, bool(Bool), int(Int), string(String)
        case array([Model])
        case object([(String, Model)])

        /// JSON text (which YAML flow style reads too).
        var json: String {
            switch self {
            case .null: "null"
            case .bool(let value): value ? "true" : "false"
            case .int(let value): String(value)
            case .string(let text): "\"" + text + "\""
            case .array(let elements): "[" + elements.map(\.json).joined(separator: ", ") + "]"
            case .object(let members):
                "{" + members.map { "\"\($0.0)\": " + $0.1.json }.joined(separator: ",\n ") + "}"
            }
        }

        /// Repeated keys in this tree.
        var duplicates: Int {
            switch self {
            case .array(let elements): return elements.reduce(0) { $0 + $1.duplicates }
            case .object(let members):
                var seen = Set<String>()
                var count = 0
                for (key, value) in members {
                    if !seen.insert(key).inserted { count += 1 }
                    count += value.duplicates
                }
                return count
            default: return 0
            }
        }
    }

    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static func model(depth: Int, keys: Int, using random: inout Generator) -> Model {
        let pick = depth == 0 ? Int.random(in: 0..<4, using: &random) : Int.random(in: 0..<7, using: &random)
        switch pick {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &random))
        case 2: return .int(Int.random(in: -1000...1000, using: &random))
        case 3: return .string("s" + String(Int.random(in: 0..<50, using: &random)))
        case 4:
            let count = Int.random(in: 0..<6, using: &random)
            return .array((0..<count).map { _ in model(depth: depth - 1, keys: keys, using: &random) })
        default:
            // Up to 40 members over a small key space: repeats are common, and objects past 16
            // members take the hashed duplicate search.
            let count = [0, 1, 3, 8, 17, 40][Int.random(in: 0..<6, using: &random)]
            return .object((0..<count).map { _ in
                ("k" + String(Int.random(in: 0..<keys, using: &random)), model(depth: depth - 1, keys: keys, using: &random))
            })
        }
    }

    /// Whether `value` is what `model` loads to; nil when it is, else where it differs.
    static func mismatch(_ value: SourceValue, _ model: Model, at path: String = "") -> String? {
        switch (model, value.kind) {
        case (.null, .null): return nil
        case (.bool(let expected), .bool(let found)): return expected == found ? nil : path
        case (.int(let expected), .number(let found)): return found.text == String(expected) ? nil : path
        case (.string(let expected), .string(let found)): return expected == found ? nil : path
        case (.array(let expected), .array(let found)):
            guard expected.count == found.count else { return path + " (count)" }
            for (i, (e, f)) in zip(expected, found).enumerated() {
                if let at = mismatch(f, e, at: path + "/\(i)") { return at }
            }
            return nil
        case (.object(let members), .object(let object)):
            // Last value wins, kept where the key first appeared.
            var order: [String] = []
            var last: [String: Model] = [:]
            for (key, member) in members {
                if last[key] == nil { order.append(key) }
                last[key] = member
            }
            guard object.keys == order else { return path + " (keys)" }
            for key in order {
                guard let found = object[key] else { return path + "/" + key }
                if let at = mismatch(found, last[key]!, at: path + "/" + key) { return at }
            }
            return nil
        default:
            return path + " (kind)"
        }
    }

    @Test func randomTreesLoadAsTheirModel() {
        var random = Generator(state: 11)
        for round in 0..<300 {
            let model = Self.model(depth: 4, keys: round % 2 == 0 ? 6 : 60, using: &random)
            let text = model.json
            let json = JSONParser.parse(text)
            guard let value = json.value else {
                Issue.record("JSON round \(round) did not parse: \(json.issues.map(\.message))")
                continue
            }
            #expect(Self.mismatch(value, model) == nil, "JSON round \(round): \(Self.mismatch(value, model) ?? "")")
            #expect(json.issues.count == model.duplicates, "JSON round \(round)")
            #expect(json.issues.allSatisfy { $0.kind == .duplicateKey && $0.related != nil })

            let yaml = loadYAML(text)
            guard let document = yaml.documents.first else {
                Issue.record("YAML round \(round) did not load: \(yaml.issues.map(\.message))")
                continue
            }
            #expect(Self.mismatch(document, model) == nil, "YAML round \(round): \(Self.mismatch(document, model) ?? "")")
            #expect(yaml.issues.count == model.duplicates, "YAML round \(round)")
        }
    }

    @Test func duplicateKeysPointAtTheFirstOccurrence() throws {
        // 20 distinct keys, then a repeat of the third: the hashed search must name its first place.
        let members = (0..<20).map { "\"k\($0)\": \($0)" } + ["\"k2\": 99", "\"k19\": 7"]
        let text = "{" + members.joined(separator: ",\n") + "}"
        for (issues, value) in [
            (JSONParser.parse(text).issues, JSONParser.parse(text).value),
            (loadYAML(text).issues,
             loadYAML(text).documents.first),
        ] {
            #expect(issues.map(\.range.start.line) == [21, 22])
            #expect(issues.map { $0.related?.start.line } == [3, 20])
            let object = try #require(value?.objectValue)
            #expect(object.count == 20)
            #expect(object["k2"]?.numberValue?.text == "99")
            #expect(object.keys.firstIndex(of: "k2") == 2)
        }
    }

    @Test func blankTrimmingMatchesTheCharacterDefinition() {
        // Blanks, CR LF pairs, a combining accent (extends what precedes it), an Arabic number sign
        // (prepended to what follows it), a zero-width joiner, emoji and plain letters.
        let alphabet: [String] = [" ", "\t", "\n", "\r", "\r\n", "a", "Z", "\u{301}", "\u{600}", "\u{200D}", "é", "👍", "-"]
        var random = Generator(state: 5)
        for _ in 0..<5000 {
            let count = Int.random(in: 0..<8, using: &random)
            let text = (0..<count).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &random)] }.joined()
            #expect(text.trimmingBlanks() == text.trimmingBlankCharacters(), "\(Array(text.unicodeScalars))")
        }
        #expect("  a b \r\n".trimmingBlanks() == "a b")
        #expect(" \u{301}x ".trimmingBlanks() == " \u{301}x")
        #expect(" x\u{600} ".trimmingBlanks() == "x\u{600} ")
        #expect(" \r\n\t".trimmingBlanks() == "")
    }

    /// The plain-scalar fast paths resolve every text as the core-schema definition does.
    @Test func plainScalarsResolveAsTheDefinition() {
        let pieces = ["~", "null", "Null", "NULL", "nULL", "true", "True", "TRUE", "tRUE", "false", "False", "FALSE", "n", "t",
                      "f", "N", "T", "F", "0", "1", "12", "0x1F", "0o17", ".", ".inf", ".NaN", "-", "+", "e", "E", "5",
                      "name", "tags", "é", "\u{301}", " ", "_", ":"]
        var random = Generator(state: 29)
        var kinds = Set<String>()
        for _ in 0..<20_000 {
            let text = (0..<Int.random(in: 1...3, using: &random)).map { _ in pieces[Int.random(in: 0..<pieces.count, using: &random)] }.joined()
            let fast = render(YAMLScalarResolver.core(text))
            #expect(fast == render(YAMLScalarResolver.coreByDefinition(text)), "\(Array(text.unicodeScalars))")
            switch YAMLScalarResolver.core(text) {
            case .null: kinds.insert("null")
            case .bool: kinds.insert("bool")
            case .number: kinds.insert("number")
            default: kinds.insert("string")
            }
        }
        #expect(kinds == ["null", "bool", "number", "string"])
    }
}

/// Objects find their members the same way on either side of the size where they start keeping a
/// hashed index: every key found, the last of repeated keys kept in the first one's place, absent
/// keys not found.
@Suite struct SourceObjectLookupTests {
    @Test(arguments: [0, 1, 8, 15, 16, 17, 18, 40])
    func membersAreFoundOnBothSidesOfTheIndexThreshold(count: Int) {
        func member(_ key: String, _ value: Int) -> SourceObject.Member {
            SourceObject.Member(key: key, keyRange: .fileStart, value: SourceValue(.number(JSONNumber(value)), range: .fileStart))
        }
        var members = (0..<count).map { member("key-\($0)", $0) }
        if count > 0 { members.append(member("key-0", 1_000)) }
        let object = SourceObject(members)
        #expect(object.count == count)
        #expect(object.keys == (0..<count).map { "key-\($0)" })
        for i in 0..<count {
            #expect(object["key-\(i)"]?.numberValue?.intValue == (i == 0 ? 1_000 : i), "\(count) members, key-\(i)")
        }
        #expect(object["key-\(count)"] == nil)
        #expect(object["missing"] == nil)
        let distinct = SourceObject(distinct: (0..<count).map { member("d\($0)", $0) })
        for i in 0..<count { #expect(distinct.member("d\(i)")?.value.numberValue?.intValue == i) }
        #expect(distinct["d\(count)"] == nil)
    }
}
