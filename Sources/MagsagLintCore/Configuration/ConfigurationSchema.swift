/// The JSON Schema of `.magsag-lint.yaml`, generated from code so editors can validate it; the
/// committed copy (`docs/magsag-lint.schema.json`) has a freshness test.
public enum ConfigurationSchema {
    /// Keys accepted at the top level.
    public static let topLevelKeys = [
        "version", "enable", "disable", "severity", "options", "include", "exclude", "overrides", "roots",
        "taxonomy", "stale-after-days", "max-file-size", "fail-level", "strict", "today", "runner", "version-policy", "front-matter-schema", "execplans", "limits",
    ]

    /// The schema text (draft 2020-12), listing every rule id.
    public static func json(rules: [RuleDescription]) -> String {
        let ids = rules.map(\.id).sorted() + RuleCategory.allCases.map(\.rawValue)
        let ruleName = "{\"enum\": [" + ids.map { "\"\($0)\"" }.joined(separator: ", ") + "]}"
        let level = "{\"enum\": [\"error\", \"warning\", \"info\", \"off\"]}"
        let ruleList = "{\"type\": \"array\", \"items\": {\"$ref\": \"#/$defs/ruleName\"}, \"uniqueItems\": true}"
        let severityMap = "{\"type\": \"object\", \"propertyNames\": {\"$ref\": \"#/$defs/ruleName\"}, \"additionalProperties\": {\"$ref\": \"#/$defs/level\"}}"
        let globs = "{\"type\": \"array\", \"items\": {\"type\": \"string\", \"minLength\": 1}}"
        let path = "{\"type\": \"string\", \"minLength\": 1, \"not\": {\"pattern\": \"^/|(^|/)\\\\.\\\\.(/|$)\"}}"
        return """
            {
              "$schema": "https://json-schema.org/draft/2020-12/schema",
              "$id": "https://magsag.ai/schemas/magsag-lint.schema.json",
              "title": "magsag-lint configuration (.magsag-lint.yaml)",
              "type": "object",
              "additionalProperties": false,
              "properties": {
                "version": {"const": 1, "description": "Configuration format version."},
                "enable": {"$ref": "#/$defs/ruleList", "description": "Rule ids or categories to turn back on."},
                "disable": {"$ref": "#/$defs/ruleList", "description": "Rule ids or categories to turn off."},
                "severity": {"$ref": "#/$defs/severityMap", "description": "Per-rule severity, or off."},
                "options": {"type": "object", "propertyNames": {"$ref": "#/$defs/ruleName"}, "additionalProperties": {"type": "object"}, "description": "Per-rule options."},
                "include": {"$ref": "#/$defs/globs", "description": "Extra files to lint."},
                "exclude": {"$ref": "#/$defs/globs", "description": "Files never linted."},
                "overrides": {
                  "type": "array",
                  "items": {
                    "type": "object",
                    "required": ["paths"],
                    "additionalProperties": false,
                    "properties": {"paths": {"$ref": "#/$defs/globs"}, "disable": {"$ref": "#/$defs/ruleList"}, "severity": {"$ref": "#/$defs/severityMap"}}
                  }
                },
                "roots": {
                  "type": "object",
                  "additionalProperties": false,
                  "properties": {
                    "catalog": {"$ref": "#/$defs/path"}, "docs": {"$ref": "#/$defs/path"}, "plans": {"$ref": "#/$defs/path"},
                    "mcp": {"type": "array", "items": {"$ref": "#/$defs/path"}}
                  }
                },
                "taxonomy": {"$ref": "#/$defs/path", "description": "The document holding the tag vocabulary table."},
                "stale-after-days": {"type": "integer", "minimum": 1},
                "max-file-size": {"type": "integer", "minimum": 1},
                "fail-level": {"enum": ["error", "warning", "info"]},
                "strict": {"type": "boolean"},
                "today": {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"},
                "runner": \(runnerSchema),
                "version-policy": \(VersionPolicy.schema),
                "execplans": \(ExecPlanSettings.schema),
                "limits": \(ResourceLimits.schema),
                "front-matter-schema": {"$ref": "#/$defs/path", "pattern": "\\\\.schema\\\\.(json|ya?ml)$", "description": "A repository JSON Schema replacing the built-in front-matter specification."}
              },
              "$defs": {
                "ruleName": \(ruleName),
                "level": \(level),
                "ruleList": \(ruleList),
                "severityMap": \(severityMap),
                "globs": \(globs),
                "path": \(path),
                "environment": {"type": "object", "propertyNames": {"pattern": "^[^=]+$"}, "additionalProperties": {"type": ["string", "number", "boolean"]}}
              }
            }

            """
    }
}
