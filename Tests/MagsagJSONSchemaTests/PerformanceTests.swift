import Foundation
import MagsagJSONSchema
import MagsagSource
import Testing

/// Throughput smoke test: prints timings, asserts only correctness (timings vary by machine).
@Suite(.serialized) struct PerformanceTests {
    static let schema = """
    {
      "$schema": "https://json-schema.org/draft/2020-12/schema",
      "type": "object",
      "required": ["name", "version", "agents"],
      "properties": {
        "name": {"type": "string", "pattern": "^[a-z][a-z0-9-]*$", "maxLength": 64},
        "version": {"type": "string", "pattern": "^[0-9]+\\\\.[0-9]+\\\\.[0-9]+$"},
        "tags": {"type": "array", "items": {"type": "string"}, "uniqueItems": true},
        "agents": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/agent"}}
      },
      "additionalProperties": false,
      "$defs": {
        "agent": {
          "type": "object",
          "required": ["id", "kind"],
          "properties": {
            "id": {"type": "string", "minLength": 1},
            "kind": {"enum": ["planner", "worker", "reviewer"]},
            "budget": {"type": "number", "minimum": 0, "multipleOf": 0.01},
            "tools": {"type": "array", "items": {"type": "string"}}
          },
          "additionalProperties": false
        }
      }
    }
    """

    static let instance = """
    {"name": "magsag-core", "version": "1.2.3", "tags": ["a", "b", "c"],
     "agents": [
       {"id": "p1", "kind": "planner", "budget": 19.99, "tools": ["search", "read"]},
       {"id": "w1", "kind": "worker", "budget": 5.5, "tools": ["write"]},
       {"id": "r1", "kind": "reviewer"}
     ]}
    """

    @Test func throughput() throws {
        let registry = SchemaRegistry()
        try registry.add(TestSupport.parse(Self.schema), uri: "https://magsag.ai/bench.json")
        let compiled = try registry.compile(uri: "https://magsag.ai/bench.json")
        let instance = TestSupport.parse(Self.instance)
        #expect(compiled.isValid(instance))
        let iterations = Int(ProcessInfo.processInfo.environment["SCHEMA_BENCH_ITERATIONS"] ?? "") ?? 20_000
        var ok = 0
        let start = Date()
        for _ in 0..<iterations where compiled.isValid(instance) { ok += 1 }
        let fast = Date().timeIntervalSince(start) / Double(iterations) * 1e6
        let start2 = Date()
        for _ in 0..<iterations where compiled.validate(instance).isEmpty { ok += 1 }
        let full = Date().timeIntervalSince(start2) / Double(iterations) * 1e6
        print(String(format: "schema throughput: isValid %.2f µs/instance, validate %.2f µs/instance", fast, full))
        #expect(ok == iterations * 2)
    }
}

extension PerformanceTests {
    @Test(arguments: [
        #"{"type": "object"}"#,
        #"{"properties": {"a": {"type": "integer"}}}"#,
        #"{"required": ["a"]}"#,
        #"{"properties": {"a": {"pattern": "^[a-z]+$"}}}"#,
        ##"{"properties": {"a": {"$ref": "#/$defs/x"}}, "$defs": {"x": {"type": "integer"}}}"##,
        #"{"additionalProperties": false}"#,
        #"{"properties": {"a": {"enum": ["p", "q", 1]}}}"#,
    ])
    func microbenchmark(schemaText: String) throws {
        let registry = SchemaRegistry()
        try registry.add(TestSupport.parse(schemaText), uri: "https://magsag.ai/micro.json")
        let compiled = try registry.compile(uri: "https://magsag.ai/micro.json")
        let instance = TestSupport.parse(#"{"a": 1, "b": "x", "c": [1, 2], "d": {"e": null}}"#)
        let iterations = Int(ProcessInfo.processInfo.environment["SCHEMA_BENCH_ITERATIONS"] ?? "") ?? 2_000
        var count = 0
        let start = Date()
        for _ in 0..<iterations where compiled.isValid(instance) { count += 1 }
        let elapsed = Date().timeIntervalSince(start) / Double(iterations) * 1e9
        print(String(format: "micro %.0f ns  %@", elapsed, schemaText))
        #expect(count >= 0)
    }
}
