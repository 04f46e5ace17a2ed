extension BuiltInCatalogSchema {
    /// `registry/agents.yaml`. Selectors (`id` xor `match`) and variant weights have their own rules.
    static let agentsRegistryJSON = #"""
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "$id": "https://magsag.ai/schemas/magsag-lint/agents_registry.schema.json",
          "title": "MAGSAG agents registry (built into magsag-lint)",
          "type": "object",
          "required": ["tasks"],
          "properties": {
            "tasks": {
              "type": "array",
              "items": {
                "type": "object",
                "properties": {
                  "id": { "type": "string", "minLength": 1 },
                  "match": { "type": "string", "minLength": 1 },
                  "description": { "type": "string" },
                  "default": { "type": "string" },
                  "main_agent": { "type": "string" },
                  "variants": {
                    "type": "array",
                    "items": {
                      "type": "object",
                      "required": ["main_agent"],
                      "properties": {
                        "id": { "type": "string" },
                        "weight": { "type": "number" },
                        "main_agent": { "type": "string" }
                      }
                    }
                  },
                  "risk": { "enum": ["low", "medium", "high"] }
                }
              }
            }
          }
        }

        """#

    /// `registry/skills.yaml`.
    static let skillsRegistryJSON = #"""
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "$id": "https://magsag.ai/schemas/magsag-lint/skills_registry.schema.json",
          "title": "MAGSAG skills registry (built into magsag-lint)",
          "type": "object",
          "required": ["skills"],
          "properties": {
            "skills": {
              "type": "array",
              "items": {
                "type": "object",
                "required": ["id", "location"],
                "properties": {
                  "id": { "type": "string" },
                  "version": { "type": "string" },
                  "location": { "type": "string", "minLength": 1 },
                  "entrypoint": { "type": "string" },
                  "permissions": { "type": "array", "items": { "type": "string" } },
                  "deprecated": { "type": "boolean" }
                }
              }
            }
          }
        }

        """#

    /// `policies/flow_governance*.yaml`. Threshold ranges have their own rule (invalid-governance-threshold).
    static let policyJSON = #"""
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "$id": "https://magsag.ai/schemas/magsag-lint/policy.schema.json",
          "title": "MAGSAG flow governance policy (built into magsag-lint)",
          "type": "object",
          "properties": {
            "version": { "type": "string" },
            "min_runs": { "type": "integer" },
            "min_success_rate": { "type": "number" },
            "max_avg_latency_ms": { "type": "number" },
            "required_steps": { "type": "array", "items": { "type": "string" } },
            "per_step": {
              "type": "object",
              "additionalProperties": {
                "type": "object",
                "properties": {
                  "max_error_rate": { "type": "number" },
                  "max_avg_latency_ms": { "type": "number" },
                  "max_mcp_error_rate": { "type": "number" }
                },
                "additionalProperties": false
              }
            },
            "mcp": { "type": "object", "properties": { "max_error_rate": { "type": "number" } } },
            "models": {
              "type": "object",
              "properties": {
                "denylist": { "type": "array", "items": { "type": "string", "minLength": 1 } },
                "allowlist": { "type": "array", "items": { "type": "string", "minLength": 1 } }
              },
              "additionalProperties": false
            },
            "deprecated": { "type": "boolean" },
            "deprecated_message": { "type": "string" }
          }
        }

        """#

    /// `policies/*permissions*.yaml` (tool and MCP permission policies). Levels have their own rule
    /// (invalid-permission-level), tool patterns theirs (invalid-tool-pattern).
    static let permissionsJSON = #"""
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "$id": "https://magsag.ai/schemas/magsag-lint/permissions_policy.schema.json",
          "title": "MAGSAG tool or MCP permission policy (built into magsag-lint)",
          "type": "object",
          "properties": {
            "version": { "type": "string" },
            "default_permission": { "type": "string" },
            "server_defaults": { "type": "object", "additionalProperties": { "type": "string" } },
            "categories": {
              "type": "object",
              "additionalProperties": {
                "type": "object",
                "properties": {
                  "description": { "type": "string" },
                  "permission": { "type": "string" },
                  "tools": { "type": "array", "items": { "type": "string" } }
                }
              }
            },
            "tools": { "type": "object", "additionalProperties": { "type": "string" } },
            "servers": { "type": "object", "additionalProperties": { "type": "object" } },
            "environments": {
              "type": "object",
              "additionalProperties": {
                "type": "object",
                "properties": {
                  "default_permission": { "type": "string" },
                  "server_defaults": { "type": "object", "additionalProperties": { "type": "string" } },
                  "tools": { "type": "object", "additionalProperties": { "type": "string" } }
                }
              }
            }
          }
        }

        """#
}
