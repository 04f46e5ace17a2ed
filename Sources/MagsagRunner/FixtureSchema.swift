import MagsagSource

/// The fixture format: where fixtures live and the JSON Schema (draft 2020-12) every fixture must satisfy.
///
/// The same text is published as `docs/fixture.schema.json`; a test keeps the two identical.
public enum FixtureFormat {
    /// Version of the fixture format the runner reads.
    public static let version = 1

    /// The URI the shipped schema is registered under.
    public static let schemaURI = "https://magsag.ai/schemas/magsag-lint/fixture.schema.json"

    /// Whether `path` is a fixture: `<agents>/{main,sub}/<slug>/fixtures/*`, `<agents>/_template/<slug>/fixtures/*`
    /// or `<skills>/<id>/fixtures/*`, with a `.json`, `.yaml` or `.yml` extension.
    public static func isFixturePath(_ path: String, catalog: String = "catalog") -> Bool {
        owner(of: path, catalog: catalog) != nil
    }

    /// The folder owning the fixture at `path` (the agent or skill folder), or nil when `path` is no fixture.
    public static func owner(of path: String, catalog: String = "catalog") -> String? {
        // Called for every path of the snapshot: bytes only, and one string made, for the owner (walking
        // the UTF-8 view and splitting into substrings cost 3,000 to 5,000 instructions a path).
        var path = path, catalog = catalog
        return path.withUTF8 { bytes in catalog.withUTF8 { catalog in owner(ofBytes: bytes, catalog: catalog) } }
    }

    private static func owner(ofBytes bytes: UnsafeBufferPointer<UInt8>, catalog: UnsafeBufferPointer<UInt8>) -> String? {
        guard mayBeFixture(bytes) else { return nil }
        var start = 0
        if !catalog.isEmpty {
            guard bytes.count > catalog.count, bytes.starts(with: catalog), bytes[catalog.count] == UInt8(ascii: "/") else { return nil }
            start = catalog.count + 1
        }
        // The slashes after the catalog folder: four for an agent's fixture, three for a skill's (on the
        // stack: an array cost an allocation for each of the snapshot's paths).
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: 4) { slashes -> String? in
            var count = 0
            for index in start..<bytes.count where bytes[index] == UInt8(ascii: "/") {
                guard count < 4 else { return nil }
                slashes[count] = index
                count += 1
            }
            func part(_ number: Int) -> UnsafeBufferPointer<UInt8> {
                let from = number == 0 ? start : slashes[number - 1] + 1
                let to = number < count ? slashes[number] : bytes.count
                return UnsafeBufferPointer(rebasing: bytes[from..<to])
            }
            func owner(through end: Int) -> String { String(decoding: UnsafeBufferPointer(rebasing: bytes[..<end]), as: UTF8.self) }
            if count == 4, part(0).elementsEqual("agents".utf8), part(3).elementsEqual("fixtures".utf8) {
                let kind = part(1)
                guard kind.elementsEqual("main".utf8) || kind.elementsEqual("sub".utf8) || kind.elementsEqual("_template".utf8) else { return nil }
                return owner(through: slashes[2])
            }
            if count == 3, part(0).elementsEqual("skills".utf8), part(2).elementsEqual("fixtures".utf8) {
                return owner(through: slashes[1])
            }
            return nil
        }
    }

    /// Whether a path's bytes end in `.json`, `.yaml` or `.yml` and hold `/fixtures/`.
    static func mayBeFixture(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        func ends(with suffix: StaticString) -> Bool {
            suffix.withUTF8Buffer { suffix in bytes.count >= suffix.count && bytes.suffix(suffix.count).elementsEqual(suffix) }
        }
        guard ends(with: ".json") || ends(with: ".yaml") || ends(with: ".yml") else { return false }
        let needle: StaticString = "/fixtures/"
        return needle.withUTF8Buffer { ByteSearch.offset(of: $0, in: bytes) != nil }
    }

    /// The fixture JSON Schema (draft 2020-12).
    public static let schema = #"""
{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "$id": "https://magsag.ai/schemas/magsag-lint/fixture.schema.json",
  "title": "magsag-lint runner fixture",
  "description": "One case of a MAGSAG agent or skill: the input, the calls the agent makes (to sub-agents and skills) and the expected result.",
  "type": "object",
  "required": ["name", "input", "expect"],
  "properties": {
    "name": {
      "description": "The case name, unique among the owner's fixtures (usually the file stem).",
      "type": "string",
      "minLength": 1,
      "maxLength": 100
    },
    "description": { "type": "string" },
    "tags": { "type": "array", "items": { "type": "string", "minLength": 1 } },
    "input": { "description": "The payload the agent is called with; validated against contracts.input_schema." },
    "attempts": {
      "description": "How many attempts the agent needed (at most evaluation.retry_policy.max_attempts).",
      "type": "integer",
      "minimum": 1
    },
    "calls": {
      "description": "What the agent delegated and invoked, in order.",
      "type": "array",
      "items": { "$ref": "#/$defs/call" }
    },
    "expect": { "$ref": "#/$defs/expect" }
  },
  "additionalProperties": false,
  "$defs": {
    "call": {
      "type": "object",
      "properties": {
        "agent": {
          "description": "The sub-agent delegated to: a depends_on reference (magsag://sub.<slug>@<range>) or one resolving to the same agent.",
          "type": "string",
          "minLength": 1
        },
        "skill": {
          "description": "The skill invoked: a depends_on reference (magsag://skill.<id>@<range>) or one resolving to the same skill.",
          "type": "string",
          "minLength": 1
        },
        "step": { "description": "Step name for the run summary (default: the callee's kind.name).", "type": "string", "minLength": 1 },
        "task_id": { "type": "string" },
        "input": { "description": "The payload sent; validated against the callee's input contract." },
        "output": { "description": "The payload returned; validated against the callee's output contract." },
        "status": { "enum": ["success", "partial", "failure"] },
        "error": { "$ref": "#/$defs/error" },
        "attempts": { "description": "Attempts the callee made (at most its retry_policy.max_attempts).", "type": "integer", "minimum": 1 },
        "usage": { "$ref": "#/$defs/usage" }
      },
      "required": ["input"],
      "oneOf": [
        { "required": ["agent"], "not": { "required": ["skill"] } },
        { "required": ["skill"], "not": { "required": ["agent"] } }
      ],
      "if": { "required": ["status"], "properties": { "status": { "const": "failure" } } },
      "then": { "required": ["error"] },
      "else": { "required": ["output"] },
      "additionalProperties": false
    },
    "usage": {
      "type": "object",
      "properties": {
        "tokens": { "type": "integer", "minimum": 0 },
        "duration_ms": { "type": "number", "minimum": 0 },
        "model": { "type": "string", "minLength": 1 },
        "cost_usd": { "type": "number", "minimum": 0 },
        "mcp_calls": { "type": "integer", "minimum": 0 },
        "mcp_errors": { "type": "integer", "minimum": 0 }
      },
      "additionalProperties": false
    },
    "error": {
      "type": "object",
      "properties": {
        "code": { "type": "string", "minLength": 1 },
        "message": { "type": "string" }
      },
      "additionalProperties": false
    },
    "expect": {
      "type": "object",
      "required": ["status"],
      "properties": {
        "status": { "enum": ["success", "partial", "failure", "error"] },
        "output": { "description": "The expected output; validated against contracts.output_schema." },
        "match": {
          "description": "exact (default): the produced output equals output; subset: output's members and elements are contained in it.",
          "enum": ["exact", "subset"]
        },
        "error": { "$ref": "#/$defs/error" }
      },
      "if": { "properties": { "status": { "enum": ["success", "partial"] } } },
      "then": { "required": ["output"] },
      "additionalProperties": false
    }
  }
}
"""#
}
