extension ConfigurationSchema {
    /// The schema of the `runner` section (the exec engine's settings; see docs/runner.md).
    static let runnerSchema = """
        {
                  "type": "object",
                  "additionalProperties": false,
                  "description": "The embedded runner: engine (replay by default, exec to run implementations) and its bounds.",
                  "properties": {
                    "engine": {"enum": ["replay", "exec"]},
                    "timeout-ms": {"type": "integer", "minimum": 1, "description": "Time limit of a run when the agent declares no time budget."},
                    "max-output-bytes": {"type": "integer", "minimum": 1, "description": "Everything one implementation may write to stdout."},
                    "max-line-bytes": {"type": "integer", "minimum": 1, "description": "One protocol line."},
                    "env": {"$ref": "#/$defs/environment"},
                    "implementations": {
                      "type": "object",
                      "description": "Agent or skill id (main.<slug>, sub.<slug>, skill.<id>, or a bare slug) to the command implementing it.",
                      "additionalProperties": {
                        "type": "object",
                        "required": ["argv"],
                        "additionalProperties": false,
                        "properties": {
                          "argv": {"type": "array", "minItems": 1, "items": {"type": "string"}, "description": "Program and arguments; no shell is involved."},
                          "cwd": {"$ref": "#/$defs/path", "description": "Working folder, relative to the repository root (default: the root)."},
                          "env": {"$ref": "#/$defs/environment"}
                        }
                      }
                    }
                  }
                }
        """
}
