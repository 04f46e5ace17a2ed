import MagsagJSONSchema
import MagsagSource
import Testing

@Suite struct LocatedErrorTests {
    static let schemaText = """
    {
      "$schema": "https://json-schema.org/draft/2020-12/schema",
      "$id": "https://magsag.ai/test/person.schema.json",
      "type": "object",
      "required": ["name"],
      "properties": {
        "name": { "type": "string" },
        "age": { "type": "integer", "minimum": 0 },
        "code": { "type": "string", "pattern": "^[0-9]+$" },
        "kind": { "$ref": "#/$defs/kind" }
      },
      "additionalProperties": false,
      "$defs": {
        "kind": { "enum": ["a", "b"] }
      }
    }
    """

    static let instanceText = """
    {
      "age": -5,
      "code": "abc",
      "colour": "red",
      "kind": "c"
    }
    """

    func compile(_ text: String, uri: String = "file:///repo/schemas/person.schema.json") throws -> CompiledSchema {
        let registry = SchemaRegistry()
        try registry.add(TestSupport.parse(text), uri: uri)
        return try registry.compile(uri: uri)
    }

    @Test func locatesErrorsInInstanceAndSchema() throws {
        let schema = try compile(Self.schemaText)
        let errors = schema.validate(TestSupport.parse(Self.instanceText))
        #expect(errors.count == 5)
        #expect(!schema.isValid(TestSupport.parse(Self.instanceText)))

        let required = try #require(errors.first { $0.keyword == "required" })
        #expect(required.message == "missing required property \"name\"")
        #expect(required.instanceLocation == .root)
        #expect(required.keywordLocation.description == "/required")
        #expect(required.instanceRange.start.line == 1 && required.instanceRange.start.column == 1)
        #expect(required.schemaRange?.start.line == 5)
        #expect(required.schemaRange?.start.column == 15)

        let minimum = try #require(errors.first { $0.keyword == "minimum" })
        #expect(minimum.message == "-5 is less than the minimum of 0")
        #expect(minimum.instanceLocation.description == "/age")
        #expect(minimum.instanceRange.start.line == 2)
        #expect(minimum.instanceRange.start.column == 10)
        #expect(minimum.instanceRange.end.column == 12)
        #expect(minimum.keywordLocation.description == "/properties/age/minimum")
        #expect(minimum.absoluteKeywordLocation == "https://magsag.ai/test/person.schema.json#/properties/age/minimum")
        #expect(minimum.schemaDocumentURI == "file:///repo/schemas/person.schema.json")
        #expect(minimum.schemaRange?.start.line == 8)
        #expect(minimum.schemaRange?.start.column == 44)

        let pattern = try #require(errors.first { $0.keyword == "pattern" })
        #expect(pattern.message == "\"abc\" does not match pattern \"^[0-9]+$\"")
        #expect(pattern.instanceRange.start.line == 3 && pattern.instanceRange.start.column == 11)
        #expect(pattern.schemaRange?.start.line == 9)

        let additional = try #require(errors.first { $0.keyword == "additionalProperties" })
        #expect(additional.message == "\"colour\" is not allowed (additionalProperties is false)")
        #expect(additional.instanceLocation.description == "/colour")
        #expect(additional.instanceRange.start.line == 4)
        #expect(additional.keywordLocation.description == "/additionalProperties")
        #expect(additional.schemaRange?.start.line == 12)

        let enumeration = try #require(errors.first { $0.keyword == "enum" })
        #expect(enumeration.keywordLocation.description == "/properties/kind/$ref/enum")
        #expect(enumeration.absoluteKeywordLocation == "https://magsag.ai/test/person.schema.json#/$defs/kind/enum")
        #expect(enumeration.schemaRange?.start.line == 14)
        #expect(enumeration.instanceRange.start.line == 5)
        #expect(enumeration.message == "\"c\" is not one of the allowed values: \"a\", \"b\"")
    }

    @Test func typeMessage() throws {
        let schema = try compile(Self.schemaText)
        let errors = schema.validate(TestSupport.parse(#"{"name": "n", "age": "x"}"#))
        #expect(errors.map(\.message) == ["expected integer, got string \"x\""])
        #expect(errors.first?.keywordLocation.description == "/properties/age/type")
    }

    @Test func validInstanceHasNoErrors() throws {
        let schema = try compile(Self.schemaText)
        let instance = TestSupport.parse(#"{"name": "n", "age": 3.0, "code": "42", "kind": "a"}"#)
        #expect(schema.validate(instance).isEmpty)
        #expect(schema.isValid(instance))
    }

    @Test func anyOfReportsClosestBranch() throws {
        let schema = try compile("""
        {"anyOf": [
          {"type": "string"},
          {"type": "object", "required": ["id"], "properties": {"id": {"type": "integer"}}}
        ]}
        """)
        let errors = schema.validate(TestSupport.parse(#"{"id": "x"}"#))
        #expect(errors.count == 1)
        let error = try #require(errors.first)
        #expect(error.message == "expected integer, got string \"x\"")
        #expect(error.instanceLocation.description == "/id")
        #expect(error.keywordLocation.description == "/anyOf/1/properties/id/type")
        #expect(error.note?.contains("none of the 2 alternatives matched") == true)
        #expect(error.note?.contains("branch 1") == true)

        let mismatch = schema.validate(TestSupport.parse("true"))
        #expect(mismatch.map(\.message) == ["expected string or object, got boolean true"])
        #expect(mismatch.first?.keyword == "anyOf")
    }

    @Test func oneOfReportsMultipleMatches() throws {
        let schema = try compile(#"{"oneOf": [{"type": "integer"}, {"minimum": 0}]}"#)
        let errors = schema.validate(TestSupport.parse("5"))
        #expect(errors.count == 1)
        #expect(errors.first?.message.contains("matches 2 schemas in oneOf") == true)
        #expect(schema.validate(TestSupport.parse("-1")).isEmpty)
        let none = schema.validate(TestSupport.parse("-1.5"))
        #expect(none.count == 1)
    }

    @Test func catastrophicPatternHitsStepLimit() throws {
        let subject = String(repeating: "a", count: 39) + "!"
        let regex = try ECMARegex("^(a+)+$")
        #expect(regex.search(subject, stepLimit: 100_000) == .stepLimitExceeded)
        #expect(regex.search("aaaa") == .match)

        let registry = SchemaRegistry()
        try registry.add(TestSupport.parse(#"{"pattern": "^(a+)+$"}"#), uri: "https://magsag.ai/test/redos.json")
        let schema = try registry.compile(uri: "https://magsag.ai/test/redos.json", options: ValidationOptions(regexStepLimit: 50_000))
        let instance = SourceValue(.string(subject), range: .fileStart)
        let errors = schema.validate(instance)
        #expect(errors.count == 1)
        #expect(errors.first?.message.contains("step limit") == true)
        #expect(!schema.isValid(instance))
    }

    @Test func schemaErrorsAreReported() {
        let registry = SchemaRegistry()
        #expect(throws: SchemaError.self) {
            try registry.add(TestSupport.parse(#"{"pattern": "^(abc"}"#), uri: "https://magsag.ai/bad-regex.json")
            _ = try registry.compile(uri: "https://magsag.ai/bad-regex.json")
        }
        #expect(throws: SchemaError.self) {
            try registry.add(TestSupport.parse(#"{"$schema": "https://example.com/unknown-dialect"}"#), uri: "https://magsag.ai/unknown.json")
        }
    }

    @Test func metaschemaCheckFindsBadKeywords() throws {
        let registry = SchemaRegistry()
        try registry.add(TestSupport.parse(#"{"type": 5, "minLength": -1}"#), uri: "https://magsag.ai/test/bad.json")
        let errors = try registry.metaschemaCheck(uri: "https://magsag.ai/test/bad.json")
        #expect(!errors.isEmpty)
        #expect(errors.contains { $0.instanceLocation.description == "/minLength" })
        try registry.add(TestSupport.parse(#"{"type": "string"}"#), uri: "https://magsag.ai/test/good.json")
        #expect(try registry.metaschemaCheck(uri: "https://magsag.ai/test/good.json").isEmpty)
    }

    @Test func outputFormats() throws {
        let schema = try compile(Self.schemaText)
        let instance = TestSupport.parse(Self.instanceText)
        #expect(schema.output(instance, format: .flag) == OutputUnit(valid: false))
        let basic = schema.output(instance, format: .basic)
        #expect(basic.errors?.count == 5)
        #expect(basic.errors?.contains { $0.keywordLocation == "/properties/age/minimum" && $0.instanceLocation == "/age" } == true)
        let detailed = schema.output(instance, format: .detailed)
        #expect(detailed.valid == false)
        #expect(detailed.jsonText().contains("\"keywordLocation\" : \"/properties\""))
        #expect(schema.output(TestSupport.parse(#"{"name": "x"}"#), format: .basic) == OutputUnit(valid: true))
    }

    @Test func inspectionHelpers() {
        let document = TestSupport.parse(#"{"properties": {"a": {"type": "integer", "default": 1, "examples": [2, "x"], "colour": 1}}}"#)
        let examples = SchemaInspection.examples(in: document)
        #expect(examples.map(\.pointer.description) == ["/properties/a/default", "/properties/a/examples/0", "/properties/a/examples/1"])
        #expect(examples.allSatisfy { $0.schemaPointer.description == "/properties/a" })
        #expect(SchemaInspection.unknownKeywords(in: document).map(\.keyword) == ["colour"])
        #expect(Dialect.draft7.knownKeywords.contains("definitions"))
        #expect(!Dialect.draft7.knownKeywords.contains("$defs"))
        #expect(Dialect.draft2020_12.knownKeywords.contains("prefixItems"))
    }
}
