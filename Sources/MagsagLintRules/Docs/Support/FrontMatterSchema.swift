/// The MAGSAG front-matter specification as a JSON Schema (draft 2020-12), for publication and for
/// configuration overrides once the schema engine is wired in. `InvalidFrontMatterFieldRule` and
/// `MissingFrontMatterFieldRule` implement the same constraints with more precise messages; keep the
/// two in step.
public enum FrontMatterSchema {
    /// The schema document.
    public static let json = #"""
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "$id": "https://magsag.ai/schemas/magsag-lint/front-matter.schema.json",
          "title": "MAGSAG Markdown front-matter",
          "type": "object",
          "required": ["title", "slug", "status", "last_updated", "last_synced", "tags", "summary", "description"],
          "properties": {
            "title": { "type": "string", "minLength": 1, "maxLength": 100, "pattern": "\\S" },
            "slug": { "type": "string", "minLength": 3, "maxLength": 64, "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$" },
            "status": { "enum": ["draft", "living", "stable", "deprecated"] },
            "last_updated": { "$ref": "#/$defs/date" },
            "last_synced": { "$ref": "#/$defs/date" },
            "tags": {
              "type": "array",
              "minItems": 1,
              "maxItems": 7,
              "uniqueItems": true,
              "items": { "type": "string", "maxLength": 20, "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$" }
            },
            "summary": { "type": "string", "minLength": 1, "maxLength": 160, "pattern": "^[^\\n\\r]*\\S[^\\n\\r]*\\n?$" },
            "description": { "type": "string", "minLength": 1, "maxLength": 240 },
            "authors": {
              "oneOf": [
                { "type": "string" },
                { "type": "array", "items": { "type": "string" } },
                { "type": "null" }
              ]
            },
            "sources": {
              "oneOf": [
                { "type": "null" },
                {
                  "type": "array",
                  "maxItems": 10,
                  "items": {
                    "type": "object",
                    "required": ["id", "title", "url", "accessed"],
                    "properties": {
                      "url": { "type": "string" },
                      "accessed": { "$ref": "#/$defs/date" }
                    }
                  }
                }
              ]
            }
          },
          "additionalProperties": true,
          "$defs": {
            "date": {
              "type": "string",
              "pattern": "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$",
              "format": "date"
            }
          }
        }
        """#
}
