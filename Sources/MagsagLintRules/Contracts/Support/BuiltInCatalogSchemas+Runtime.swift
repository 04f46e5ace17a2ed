extension BuiltInCatalogSchema {
    /// `routing/**/*.yaml`: a routing policy maps task types to a provider and model, optionally to an agent.
    static let routingJSON = #"""
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "$id": "https://magsag.ai/schemas/magsag-lint/routing.schema.json",
          "title": "MAGSAG routing policy (built into magsag-lint)",
          "type": "object",
          "required": ["routes"],
          "properties": {
            "name": { "type": "string" },
            "description": { "type": "string" },
            "version": { "type": "string" },
            "routes": {
              "type": "array",
              "items": {
                "type": "object",
                "required": ["task_type"],
                "properties": {
                  "task_type": { "type": "string", "minLength": 1 },
                  "provider": { "type": "string", "minLength": 1 },
                  "model": { "type": "string", "minLength": 1 },
                  "agent": { "type": "string" },
                  "main_agent": { "type": "string" },
                  "fallback": {
                    "type": "array",
                    "items": {
                      "type": "object",
                      "properties": { "provider": { "type": "string" }, "model": { "type": "string" } }
                    }
                  },
                  "use_batch": { "type": "boolean" },
                  "use_cache": { "type": "boolean" },
                  "structured_output": { "type": "boolean" },
                  "moderation": { "type": "boolean" },
                  "metadata": { "type": "object" }
                }
              }
            }
          }
        }

        """#

    /// `evals/<slug>/eval.yaml`. Weights and thresholds have their own rule (invalid-eval-metric).
    static let evalJSON = #"""
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "$id": "https://magsag.ai/schemas/magsag-lint/eval.schema.json",
          "title": "MAGSAG evaluation (built into magsag-lint)",
          "type": "object",
          "required": ["target_agents", "metrics"],
          "properties": {
            "slug": { "type": "string" },
            "name": { "type": "string" },
            "description": { "type": "string" },
            "hook_type": { "type": "string" },
            "target_agents": { "type": "array", "minItems": 1, "items": { "type": "string" } },
            "fail_open": { "type": "boolean" },
            "metrics": {
              "type": "array",
              "minItems": 1,
              "items": {
                "type": "object",
                "required": ["id"],
                "properties": {
                  "id": { "type": "string", "minLength": 1 },
                  "description": { "type": "string" },
                  "weight": { "type": "number" },
                  "threshold": { "type": "number" }
                }
              }
            }
          }
        }

        """#

    /// MCP server configs. Required fields, transports, package pins and placeholders have their own rules.
    static let mcpServerJSON = #"""
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "$id": "https://magsag.ai/schemas/magsag-lint/mcp_server.schema.json",
          "title": "MCP server config (built into magsag-lint)",
          "type": "object",
          "properties": {
            "id": { "type": "string", "minLength": 1 },
            "version": { "type": ["string", "number"] },
            "type": { "type": "string" },
            "description": { "type": "string" },
            "transport": { "type": ["string", "object"] },
            "fallback": { "type": "array", "items": { "type": "object" } },
            "command": { "type": "string" },
            "args": { "type": "array", "items": { "type": ["string", "number"] } },
            "env": { "type": "object" },
            "url": { "type": "string" },
            "headers": { "type": "object" },
            "permissions": { "type": ["object", "array"] },
            "conn": { "type": "object", "properties": { "url_env": { "type": "string" } } },
            "limits": { "type": "object" },
            "tools": {
              "type": "array",
              "items": {
                "type": "object",
                "required": ["name"],
                "properties": {
                  "name": { "type": "string", "minLength": 1 },
                  "summary": { "type": "string" },
                  "description": { "type": "string" },
                  "input": { "type": ["object", "boolean"] },
                  "output": { "type": ["object", "boolean"] }
                }
              }
            }
          }
        }

        """#

    /// `tools/<package>/<package>.<tool>.json` tool descriptors. Names, folders and the inline schema
    /// have their own rule (tool-descriptor-mismatch).
    static let toolDescriptorJSON = #"""
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "$id": "https://magsag.ai/schemas/magsag-lint/tool_descriptor.schema.json",
          "title": "MAGSAG tool descriptor (built into magsag-lint)",
          "type": "object",
          "required": ["name", "schema"],
          "properties": {
            "name": { "type": "string", "minLength": 1 },
            "package": { "type": "string", "minLength": 1 },
            "description": { "type": "string" },
            "metadata": {
              "type": "object",
              "properties": {
                "operationId": { "type": "string" },
                "source": { "type": "string" },
                "source_digest": { "type": "string" },
                "tags": { "type": "array", "items": { "type": "string" } }
              }
            },
            "schema": { "type": ["object", "boolean"] }
          }
        }

        """#
}
