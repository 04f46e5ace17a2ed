extension BuiltInCatalogSchema {
    /// `agent.yaml`: the fields of MAGSAG's agent schema (plus an agent's `policies`). Slug, role,
    /// version and entrypoint formats are checked by their own rules (precise messages), not here.
    static let agentJSON = #"""
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "$id": "https://magsag.ai/schemas/magsag-lint/agent.schema.json",
          "title": "MAGSAG agent descriptor (built into magsag-lint)",
          "type": "object",
          "required": ["version", "slug", "name", "role", "entrypoint"],
          "properties": {
            "$schema": { "type": "string" },
            "version": { "type": "string" },
            "slug": { "type": "string" },
            "name": { "type": "string", "minLength": 1 },
            "role": { "type": "string" },
            "description": { "type": "string" },
            "entrypoint": { "type": "string" },
            "depends_on": {
              "type": "object",
              "properties": {
                "sub_agents": { "$ref": "#/$defs/strings" },
                "skills": { "$ref": "#/$defs/strings" }
              },
              "additionalProperties": false
            },
            "contracts": { "$ref": "#/$defs/contracts" },
            "risk_class": { "enum": ["low", "medium", "high"] },
            "budgets": {
              "type": "object",
              "properties": {
                "tokens": { "type": "integer", "minimum": 0 },
                "time_s": { "type": "number", "minimum": 0 },
                "max_tokens": { "type": "integer", "minimum": 0 },
                "max_cost_usd": { "type": "number", "minimum": 0 },
                "timeout_seconds": { "type": "number", "minimum": 0 }
              }
            },
            "provider_config": {
              "type": "object",
              "properties": {
                "task_type": { "enum": ["orchestration", "computation", "retrieval", "analysis"] },
                "estimated_duration": { "enum": ["short", "medium", "long"] },
                "resource_hint": { "enum": ["minimal", "standard", "high"] },
                "provider_hint": { "type": "string" }
              }
            },
            "observability": {
              "type": "object",
              "properties": {
                "logs": { "type": ["boolean", "string"] },
                "metrics": { "type": ["boolean", "string", "array"], "items": { "type": "string" } },
                "traces": { "enum": ["none", "basic", "detailed"] },
                "log_level": { "enum": ["debug", "info", "warning", "error"] },
                "trace_delegations": { "type": "boolean" },
                "trace_a2a_calls": { "type": "boolean" }
              }
            },
            "evaluation": {
              "type": "object",
              "properties": {
                "success_criteria": { "$ref": "#/$defs/strings" },
                "performance_targets": {
                  "type": "object",
                  "properties": {
                    "p95_latency_ms": { "type": "number", "minimum": 0 },
                    "success_rate": { "type": "number", "minimum": 0, "maximum": 1 }
                  }
                },
                "retry_policy": {
                  "type": "object",
                  "properties": {
                    "max_attempts": { "type": "integer", "minimum": 1 },
                    "backoff_ms": { "type": "integer", "minimum": 0 }
                  }
                }
              }
            },
            "deprecated": { "type": "boolean" },
            "deprecated_message": { "type": "string" },
            "a2a": { "type": "object" },
            "policies": { "type": "object" }
          },
          "additionalProperties": false,
          "$defs": {
            "strings": { "type": "array", "items": { "type": "string" } },
            "contracts": {
              "type": "object",
              "properties": {
                "input_schema": { "type": "string" },
                "output_schema": { "type": "string" }
              },
              "additionalProperties": false
            }
          }
        }

        """#

    /// `skill.yaml`.
    static let skillJSON = #"""
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "$id": "https://magsag.ai/schemas/magsag-lint/skill.schema.json",
          "title": "MAGSAG skill manifest (built into magsag-lint)",
          "type": "object",
          "required": ["version", "id", "name", "entrypoint"],
          "properties": {
            "$schema": { "type": "string" },
            "version": { "type": "string" },
            "id": { "type": "string" },
            "name": { "type": "string", "minLength": 1 },
            "description": { "type": "string" },
            "entrypoint": { "type": "string" },
            "contracts": {
              "type": "object",
              "properties": {
                "input_schema": { "type": "string" },
                "output_schema": { "type": "string" }
              },
              "additionalProperties": false
            },
            "permissions": { "type": "array", "items": { "type": "string" } },
            "resource_config": {
              "type": "object",
              "properties": {
                "timeout_ms": { "type": "number", "minimum": 0 },
                "estimated_duration": { "enum": ["short", "medium", "long"] },
                "cost_category": { "enum": ["low", "medium", "high"] }
              }
            },
            "observability": {
              "type": "object",
              "properties": {
                "logs": { "type": ["boolean", "string"] },
                "metrics": { "type": ["boolean", "string", "array"], "items": { "type": "string" } },
                "traces": { "enum": ["none", "basic", "detailed"] }
              }
            },
            "deprecated": { "type": "boolean" },
            "deprecated_message": { "type": "string" }
          },
          "additionalProperties": false
        }

        """#
}
