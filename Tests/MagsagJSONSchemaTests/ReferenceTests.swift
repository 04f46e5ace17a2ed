import MagsagJSONSchema
import MagsagSource
import Testing

@Suite struct ReferenceTests {
    @Test func cyclicReferencesValidateRecursiveData() throws {
        let registry = SchemaRegistry()
        try registry.add(TestSupport.parse("""
        {"$id": "https://magsag.ai/test/tree.json", "type": "object",
         "properties": {"value": {"type": "integer"}, "children": {"type": "array", "items": {"$ref": "#"}}}}
        """), uri: "https://magsag.ai/test/tree.json")
        let schema = try registry.compile(uri: "https://magsag.ai/test/tree.json")
        let good = TestSupport.parse(#"{"value": 1, "children": [{"value": 2, "children": [{"value": 3}]}]}"#)
        #expect(schema.isValid(good))
        let bad = TestSupport.parse(#"{"value": 1, "children": [{"value": 2, "children": [{"value": "three"}]}]}"#)
        let errors = schema.validate(bad)
        #expect(errors.count == 1)
        #expect(errors.first?.instanceLocation.description == "/children/0/children/0/value")
        #expect(errors.first?.keywordLocation.description == "/properties/children/items/$ref/properties/children/items/$ref/properties/value/type")
    }

    @Test func referenceLoopWithoutProgressIsAnErrorNotACrash() throws {
        let registry = SchemaRegistry()
        try registry.add(TestSupport.parse(##"{"$defs": {"a": {"$ref": "#/$defs/b"}, "b": {"$ref": "#/$defs/a"}}, "$ref": "#/$defs/a"}"##),
                         uri: "https://magsag.ai/test/loop.json")
        let schema = try registry.compile(uri: "https://magsag.ai/test/loop.json")
        let errors = schema.validate(TestSupport.parse("1"))
        #expect(errors.count == 1)
        #expect(errors.first?.message.contains("recursion") == true)
        #expect(!schema.isValid(TestSupport.parse("1")))
    }

    @Test func crossDocumentRelativeReferences() throws {
        let registry = SchemaRegistry()
        try registry.add(TestSupport.parse("""
        {"$id": "https://magsag.ai/catalog/contracts/a.schema.json",
         "$defs": {"x": {"type": "string", "minLength": 2}}}
        """), uri: "file:///repo/catalog/contracts/a.schema.json")
        try registry.add(TestSupport.parse("""
        {"$id": "https://magsag.ai/catalog/agents/b.schema.json",
         "properties": {"contract": {"$ref": "../contracts/a.schema.json#/$defs/x"}}}
        """), uri: "file:///repo/catalog/agents/b.schema.json")
        let schema = try registry.compile(uri: "https://magsag.ai/catalog/agents/b.schema.json")
        #expect(schema.isValid(TestSupport.parse(#"{"contract": "ok"}"#)))
        let errors = schema.validate(TestSupport.parse(#"{"contract": "x"}"#))
        #expect(errors.count == 1)
        #expect(errors.first?.absoluteKeywordLocation == "https://magsag.ai/catalog/contracts/a.schema.json#/$defs/x/minLength")
        #expect(errors.first?.schemaDocumentURI == "file:///repo/catalog/contracts/a.schema.json")
        #expect(errors.first?.schemaRange?.start.line == 2)
        #expect(errors.first?.message == "\"x\" is shorter than 2 characters (1)")
        // Compiling by retrieval URI works too.
        #expect(try registry.compile(uri: "file:///repo/catalog/agents/b.schema.json").isValid(TestSupport.parse(#"{"contract": "ok"}"#)))
    }

    @Test func deepRecursionIsBoundedNotACrash() throws {
        let registry = SchemaRegistry()
        try registry.add(TestSupport.parse(##"{"items": {"$ref": "#"}}"##), uri: "https://magsag.ai/test/deep.json")
        let schema = try registry.compile(uri: "https://magsag.ai/test/deep.json")
        let shallow = TestSupport.parse(String(repeating: "[", count: 100) + String(repeating: "]", count: 100))
        #expect(schema.isValid(shallow))
        let deep = TestSupport.parse(String(repeating: "[", count: 500) + String(repeating: "]", count: 500))
        let errors = schema.validate(deep)
        #expect(errors.count == 1)
        #expect(errors.first?.message.contains("nested references") == true)
    }

    @Test func fileURIHelper() {
        #expect(SchemaRegistry.fileURI(forPath: "/repo/my schemas/a.json") == "file:///repo/my%20schemas/a.json")
    }

    @Test func fileURIsWithoutIdentifiers() throws {
        let registry = SchemaRegistry()
        try registry.add(TestSupport.parse(#"{"$ref": "../common/d.json#/$defs/name"}"#), uri: "file:///repo/schemas/c.json")
        try registry.add(TestSupport.parse(#"{"$defs": {"name": {"type": "string"}}}"#), uri: "file:///repo/common/d.json")
        let schema = try registry.compile(uri: "file:///repo/schemas/c.json")
        #expect(schema.isValid(TestSupport.parse(#""n""#)))
        #expect(!schema.isValid(TestSupport.parse("1")))
    }

    @Test func unresolvableRemoteReferenceIsASchemaError() throws {
        let registry = SchemaRegistry()
        try registry.add(TestSupport.parse(#"{"properties": {"a": {"$ref": "https://example.com/nope.json"}}}"#), uri: "https://magsag.ai/test/remote.json")
        do {
            _ = try registry.compile(uri: "https://magsag.ai/test/remote.json")
            Issue.record("expected a SchemaError")
        } catch {
            #expect(error.message == "cannot resolve $ref 'https://example.com/nope.json': not in the schema registry and remote fetching is disabled")
            #expect(error.pointer.description == "/properties/a/$ref")
        }
    }

    @Test func prefixMappingUsesInjectedYAMLLoader() throws {
        let registry = SchemaRegistry()
        registry.map(prefix: "https://magsag.ai/yaml/", toDirectory: "/nonexistent/dir")
        registry.yamlLoader = { path in
            guard path == "/nonexistent/dir/s.yaml" else { return nil }
            return JSONParser.parse(#"{"type": "integer"}"#).value
        }
        try registry.add(TestSupport.parse(#"{"$ref": "https://magsag.ai/yaml/s.yaml"}"#), uri: "https://magsag.ai/test/uses-yaml.json")
        let schema = try registry.compile(uri: "https://magsag.ai/test/uses-yaml.json")
        #expect(schema.isValid(TestSupport.parse("3")))
        #expect(!schema.isValid(TestSupport.parse("\"3\"")))
    }

    @Test func decimalMultipleOf() throws {
        let registry = SchemaRegistry()
        try registry.add(TestSupport.parse(#"{"properties": {"a": {"multipleOf": 0.0001}, "b": {"multipleOf": 0.01}}}"#), uri: "https://magsag.ai/test/m.json")
        let schema = try registry.compile(uri: "https://magsag.ai/test/m.json")
        #expect(schema.isValid(TestSupport.parse(#"{"a": 0.0075, "b": 19.99}"#)))
        #expect(!schema.isValid(TestSupport.parse(#"{"b": 19.995}"#)))
    }
}

/// Property names match by code points (JSON Schema's string equality), not by Unicode equivalence.
@Suite struct PropertyNameEqualityTests {
    @Test(arguments: [0, 12]) func propertiesMatchByCodePoints(padding: Int) throws {
        let extra = (0..<padding).map { #""p\#($0)": {}, "# }.joined()
        let registry = SchemaRegistry()
        try registry.add(TestSupport.parse(#"""
        {"type": "object", "properties": {\#(extra)"caf\u00e9": {"type": "integer"}}, "required": ["caf\u00e9"],
         "additionalProperties": false}
        """#), uri: "https://magsag.ai/test/names.json")
        let schema = try registry.compile(uri: "https://magsag.ai/test/names.json")
        #expect(schema.isValid(TestSupport.parse(#"{"caf\u00e9": 1}"#)))
        // The decomposed spelling is another property: not declared, and the required one is missing.
        #expect(!schema.isValid(TestSupport.parse(#"{"cafe\u0301": 1}"#)))
        #expect(!schema.validate(TestSupport.parse(#"{"cafe\u0301": 1}"#)).isEmpty)
    }
}
