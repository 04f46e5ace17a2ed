import MagsagJSONSchema
import MagsagSource
import Testing

@Suite struct DialectTests {
    func compile(_ text: String, dialect: Dialect = .draft2020_12, options: ValidationOptions = ValidationOptions()) throws -> CompiledSchema {
        let registry = SchemaRegistry(defaultDialect: dialect)
        try registry.add(TestSupport.parse(text), uri: "https://magsag.ai/test/dialect.json")
        return try registry.compile(uri: "https://magsag.ai/test/dialect.json", options: options)
    }

    /// Every spelling a catalog writes names its dialect (the common ones are matched byte for byte
    /// before the general path); near misses name none.
    @Test func metaschemaSpellings() {
        let expected: [(String, Dialect?)] = [
            ("http://json-schema.org/draft-04/schema#", .draft4), ("http://json-schema.org/draft-04/schema", .draft4),
            ("https://json-schema.org/draft-04/schema#", .draft4), ("https://json-schema.org/draft-06/schema", .draft6),
            ("http://json-schema.org/draft-07/schema#", .draft7), ("https://json-schema.org/draft-07/schema#", .draft7),
            ("https://json-schema.org/draft/2019-09/schema", .draft2019_09), ("https://json-schema.org/draft/2020-12/schema#", .draft2020_12),
            ("https://json-schema.org/draft/2020-12/schema", .draft2020_12),
            ("http://json-schema.org/draft/2020-12/schema", nil), ("https://json-schema.org/draft/2020-12/schema##", nil),
            ("https://json-schema.org/draft/2020-12/schema/", nil), ("https://json-schema.org/draft-08/schema#", nil),
            ("", nil), ("#", nil), ("HTTPS://json-schema.org/draft/2020-12/schema", nil),
        ]
        for (uri, dialect) in expected {
            #expect(Dialect(metaschemaURI: uri) == dialect, "\(uri)")
            // The same text in a string kept on the heap.
            var stored = String(repeating: "x", count: 80) + uri
            stored.removeFirst(80)
            #expect(Dialect(metaschemaURI: stored) == dialect, "\(uri)")
        }
    }

    @Test func defaultDialectDecidesRefSiblings() throws {
        let text = ##"{"$defs": {"n": {"type": "number"}}, "definitions": {"n": {"type": "number"}}, "properties": {"a": {"$ref": "#/definitions/n", "minimum": 10}}}"##
        let draft7 = try compile(text, dialect: .draft7)
        let modern = try compile(text)
        let instance = TestSupport.parse(#"{"a": 5}"#)
        #expect(draft7.isValid(instance), "draft 7: $ref overrides siblings")
        #expect(!modern.isValid(instance), "2020-12: siblings apply")
        #expect(draft7.dialect == .draft7 && modern.dialect == .draft2020_12)
    }

    @Test func schemaKeywordOverridesDefault() throws {
        let schema = try compile(#"{"$schema": "http://json-schema.org/draft-04/schema#", "maximum": 5, "exclusiveMaximum": true}"#)
        #expect(schema.dialect == .draft4)
        #expect(!schema.isValid(TestSupport.parse("5")))
        #expect(schema.isValid(TestSupport.parse("4.99")))
    }

    @Test func formatIsAnAnnotationUnlessAsserted() throws {
        let text = #"{"format": "date"}"#
        let instance = TestSupport.parse(#""2024-02-30""#)
        #expect(try compile(text).isValid(instance))
        let asserted = try compile(text, options: ValidationOptions(assertFormat: true))
        #expect(!asserted.isValid(instance))
        #expect(asserted.validate(instance).first?.message == "\"2024-02-30\" is not a valid date")
        #expect(asserted.isValid(TestSupport.parse(#""2024-02-29""#)))
    }

    @Test func numbersAndEquality() throws {
        let schema = try compile(#"{"properties": {"i": {"type": "integer"}, "e": {"enum": [1, {"a": [1.0, "x"]}]}, "u": {"uniqueItems": true}, "s": {"maxLength": 2}}}"#)
        #expect(schema.isValid(TestSupport.parse(#"{"i": 1.0, "e": {"a": [1, "x"]}, "u": [1, "1", [1]], "s": "🐲🐲"}"#)))
        #expect(!schema.isValid(TestSupport.parse(#"{"i": 1.5}"#)))
        #expect(!schema.isValid(TestSupport.parse(#"{"u": [1, 1.0]}"#)))
        #expect(!schema.isValid(TestSupport.parse(#"{"u": [{"a": 1, "b": 2}, {"b": 2, "a": 1}]}"#)))
        #expect(!schema.isValid(TestSupport.parse(#"{"s": "abc"}"#)))
    }

    @Test func valuesBuiltInMemoryValidateLikeParsedJSON() throws {
        // A YAML loader produces the same SourceValue model; validation does not care where it came from.
        let schema = try compile(#"{"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}}}"#)
        let at = SourceRange(at: SourcePosition(offset: 10, line: 3, column: 5))
        let member = SourceObject.Member(key: "name", keyRange: at, value: SourceValue(.number(JSONNumber(3)), range: at))
        let value = SourceValue(.object(SourceObject([member])), range: .fileStart)
        let errors = schema.validate(value)
        #expect(errors.count == 1)
        #expect(errors.first?.instanceRange.start.line == 3)
        #expect(errors.first?.message == "expected string, got integer 3")
    }
}
