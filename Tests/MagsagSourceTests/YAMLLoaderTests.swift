import Testing
@testable import MagsagSource

/// Load `text` as a one-file YAML stream.
func loadYAML(_ text: String, options: YAMLLoader.Options = .init()) -> YAMLLoadResult {
    YAMLLoader.load(SourceFile(path: "t.yaml", text: text), options: options)
}

/// A compact rendering of a value's kind for table tests.
func render(_ kind: SourceValue.Kind) -> String {
    switch kind {
    case .null: "null"
    case .bool(let b): "bool:\(b)"
    case .number(let n): "number:\(n.text)"
    case .string(let s): "string:\(s)"
    case .array(let a): "array:\(a.count)"
    case .object(let o): "object:\(o.count)"
    }
}

/// "line:column@offset"
func pos(_ p: SourcePosition) -> String { "\(p.line):\(p.column)@\(p.offset)" }

@Suite struct YAMLCoreSchemaTests {
    @Test(arguments: [
        ("true", "bool:true"), ("True", "bool:true"), ("TRUE", "bool:true"),
        ("false", "bool:false"), ("False", "bool:false"), ("FALSE", "bool:false"),
        ("null", "null"), ("Null", "null"), ("NULL", "null"), ("~", "null"), ("", "null"),
        ("0", "number:0"), ("42", "number:42"), ("-17", "number:-17"), ("+5", "number:5"), ("007", "number:7"),
        ("0o17", "number:15"), ("0x1F", "number:31"), ("0xff", "number:255"),
        ("0x1FFFFFFFFFFFFFFFF", "number:36893488147419103231"),
        ("1.5", "number:1.5"), ("-2.25", "number:-2.25"), (".5", "number:0.5"), ("1.", "number:1.0"),
        ("1e3", "number:1e3"), ("-1.5E-2", "number:-1.5E-2"), ("+1.0e+2", "number:1.0e+2"),
        (".inf", "number:Infinity"), ("-.Inf", "number:-Infinity"), ("+.INF", "number:Infinity"),
        (".nan", "number:NaN"), (".NaN", "number:NaN"),
        ("2025-11-01", "string:2025-11-01"), ("0.1.0", "string:0.1.0"), ("on", "string:on"),
        ("yes", "string:yes"), ("no", "string:no"), ("off", "string:off"), ("Yes", "string:Yes"),
        ("1_000", "string:1_000"), ("0b101", "string:0b101"), ("0o8", "string:0o8"), ("0x", "string:0x"),
        ("nul", "string:nul"), ("tru", "string:tru"), ("-1-", "string:-1-"), (".", "string:."),
        ("1e", "string:1e"), ("12:30", "string:12:30"), ("hello world", "string:hello world"),
        ("inf", "string:inf"), ("nan", "string:nan"),
    ])
    func plainScalar(source: String, expected: String) throws {
        let result = loadYAML("v: \(source)\n")
        #expect(result.issues.isEmpty)
        let value = try #require(result.documents.first?["v"])
        #expect(render(value.kind) == expected)
    }

    @Test func infinityAndNaNAreNumbers() throws {
        let result = loadYAML("[.inf, -.inf, .nan]")
        let items = try #require(result.documents.first?.arrayValue)
        #expect(items[0].numberValue?.double == .infinity)
        #expect(items[1].numberValue?.double == -.infinity)
        #expect(items[2].numberValue?.double.isNaN == true)
    }

    @Test(arguments: [
        ("'true'", "string:true"), ("\"1\"", "string:1"), ("'null'", "string:null"), ("\"\"", "string:"),
        ("|\n  true\n", "string:true\n"), (">-\n  12\n", "string:12"),
        ("!!str 12", "string:12"), ("!!str true", "string:true"), ("!!int \"12\"", "number:12"),
        ("!!int 0x10", "number:16"), ("!!float 1", "number:1"), ("!!float '2.5'", "number:2.5"),
        ("!!bool 'false'", "bool:false"), ("!!null ''", "null"), ("! 12", "string:12"),
        ("!custom 12", "number:12"), ("!custom '12'", "string:12"), ("!!timestamp 2025-01-01", "string:2025-01-01"),
    ])
    func styledAndTaggedScalar(source: String, expected: String) throws {
        let result = loadYAML("v: \(source)")
        #expect(result.issues.isEmpty)
        let value = try #require(result.documents.first?["v"])
        #expect(render(value.kind) == expected)
    }

    @Test func rejectedTagIsReportedAndKeepsString() throws {
        let result = loadYAML("v: !!int abc\n")
        let value = try #require(result.documents.first?["v"])
        #expect(render(value.kind) == "string:abc")
        #expect(result.issues.map(\.kind) == [.invalidYAML])
        #expect(result.issues.first?.message == "\"abc\" is not a valid !!int")
    }

    @Test func keysAreTextAsWritten() throws {
        let result = loadYAML("true: a\n1: b\n~: c\n0x1F: d\n'q': e\n")
        let object = try #require(result.documents.first?.objectValue)
        #expect(object.keys == ["true", "1", "~", "0x1F", "q"])
    }

    @Test func nonScalarKeyIsReportedAndSkipped() throws {
        let result = loadYAML("? [a, b]\n: 1\nok: 2\n")
        let object = try #require(result.documents.first?.objectValue)
        #expect(object.keys == ["ok"])
        #expect(result.issues.count == 1)
        #expect(result.issues.first?.kind == .invalidYAML)
        #expect(result.issues.first?.message == "mapping key must be a scalar, not a sequence")
        #expect(result.issues.first.map { pos($0.range.start) } == "1:3@2")
    }

    @Test func mergeKeys() throws {
        let text = """
        base: &base {a: 1, b: 2}
        other: &other {c: 3, a: 9}
        child:
          <<: [*base, *other]
          b: 20
        plain:
          '<<': x
        """
        let result = loadYAML(text)
        #expect(result.issues.isEmpty)
        let child = try #require(result.documents.first?["child"]?.objectValue)
        // Merged members take the place of the `<<` entry; explicit keys win wherever they are.
        #expect(child.keys == ["a", "c", "b"])
        #expect(child["a"]?.numberValue?.text == "1")
        #expect(child["b"]?.numberValue?.text == "20")
        // A merged key keeps the position where it is defined.
        #expect(child.member("a").map { pos($0.keyRange.start) } == "1:14@13")
        #expect(result.documents.first?["plain"]?.objectValue?.keys == ["<<"])

        let off = loadYAML("m:\n  <<: {a: 1}\n", options: .init(mergeKeys: false))
        #expect(off.documents.first?["m"]?.objectValue?.keys == ["<<"])

        let bad = loadYAML("m:\n  <<: 3\n")
        #expect(bad.issues.map(\.message) == ["merge key value must be a mapping or a sequence of mappings"])

        // Merges between explicit members: each merge's members come where the merge is written.
        let between = loadYAML("m:\n  x: 1\n  <<: {y: 2, x: 9}\n  z: 3\n  <<: {w: 4, y: 8}\n")
        let m = try #require(between.documents.first?["m"]?.objectValue)
        #expect(m.keys == ["x", "y", "z", "w"])
        #expect(m["x"]?.numberValue?.text == "1" && m["y"]?.numberValue?.text == "2")
    }

    /// A mapping past sixteen keys finds repeats through its index, and the last value wins.
    @Test func repeatedKeysInALargeMapping() throws {
        let text = (0..<20).map { "k\($0): \($0)" }.joined(separator: "\n") + "\nk3: again\nk19: last\n"
        let result = loadYAML(text)
        #expect(result.issues.map(\.message) == ["duplicate key \"k3\"", "duplicate key \"k19\""])
        let object = try #require(result.documents.first?.objectValue)
        #expect(object.count == 20)
        #expect(object["k3"]?.stringValue == "again" && object["k19"]?.stringValue == "last")
    }
}
