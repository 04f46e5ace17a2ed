extension JSONReporter {
    /// The JSON Schema (draft 2020-12) of `JSONReporter`'s output, schema version 1, ready to be
    /// published. Objects are closed (`additionalProperties: false`) so additions are deliberate.
    public static let outputSchema: String = #"""
    {
      "$schema": "https://json-schema.org/draft/2020-12/schema",
      "title": "magsag-lint JSON output",
      "description": "Output of `magsag-lint --format json`, schema version 1.",
      "type": "object",
      "required": ["version", "tool", "summary", "diagnostics"],
      "additionalProperties": false,
      "properties": {
        "version": { "const": 1, "description": "Schema version; bumped only on incompatible changes." },
        "tool": {
          "type": "object",
          "required": ["name", "version"],
          "additionalProperties": false,
          "properties": {
            "name": { "const": "magsag-lint" },
            "version": { "type": "string", "description": "magsag-lint version." }
          }
        },
        "summary": {
          "type": "object",
          "required": ["files", "errors", "warnings", "infos"],
          "additionalProperties": false,
          "properties": {
            "files": { "type": "integer", "minimum": 0, "description": "Files checked." },
            "errors": { "type": "integer", "minimum": 0 },
            "warnings": { "type": "integer", "minimum": 0 },
            "infos": { "type": "integer", "minimum": 0 }
          }
        },
        "diagnostics": {
          "type": "array",
          "description": "Findings ordered by path, line, column, rule and message.",
          "items": { "$ref": "#/$defs/diagnostic" }
        }
      },
      "$defs": {
        "diagnostic": {
          "type": "object",
          "required": ["rule", "severity", "message", "location", "related", "notes", "help", "fingerprint"],
          "additionalProperties": false,
          "properties": {
            "rule": { "type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$", "description": "Rule id." },
            "severity": { "enum": ["error", "warning", "info"] },
            "message": { "type": "string", "description": "The problem, one line." },
            "location": { "$ref": "#/$defs/location" },
            "related": { "type": "array", "items": { "$ref": "#/$defs/location" } },
            "notes": { "type": "array", "items": { "type": "string" } },
            "help": { "type": ["string", "null"], "description": "What to do about it." },
            "fix": { "$ref": "#/$defs/fix" },
            "fingerprint": {
              "type": "string",
              "pattern": "^[0-9a-f]{16}(:[0-9]+)?$",
              "description": "Stable identity across line moves; `:N` marks the N-th repeat in one run."
            }
          }
        },
        "location": {
          "type": "object",
          "required": ["path", "line", "column", "endLine", "endColumn"],
          "additionalProperties": false,
          "properties": {
            "path": { "type": "string", "description": "Repository-relative path with `/` separators." },
            "line": { "type": "integer", "minimum": 1 },
            "column": { "type": "integer", "minimum": 1, "description": "1-based, in Unicode scalars." },
            "endLine": { "type": "integer", "minimum": 1 },
            "endColumn": { "type": "integer", "minimum": 1, "description": "Exclusive end column." },
            "pointer": { "type": "string", "description": "RFC 6901 JSON pointer of the value." },
            "label": { "type": "string", "description": "Short label (\"first defined here\")." }
          }
        },
        "fix": {
          "type": "object",
          "required": ["message", "applicability", "edits"],
          "additionalProperties": false,
          "properties": {
            "message": { "type": "string" },
            "applicability": { "enum": ["safe", "unsafe"] },
            "edits": {
              "type": "array",
              "items": {
                "type": "object",
                "required": ["path", "startOffset", "endOffset", "replacement"],
                "additionalProperties": false,
                "properties": {
                  "path": { "type": "string" },
                  "startOffset": { "type": "integer", "minimum": 0, "description": "UTF-8 byte offset." },
                  "endOffset": { "type": "integer", "minimum": 0, "description": "Exclusive byte offset." },
                  "replacement": { "type": "string" }
                }
              }
            }
          }
        }
      }
    }
    """#
}
