import MagsagSource

/// The `runner` section of `.magsag-lint.yaml` (see docs/runner.md, "Exec engine"):
///
/// ```yaml
/// runner:
///   engine: exec                 # replay (default) | exec
///   timeout-ms: 10000            # per run when the agent declares no time budget
///   max-output-bytes: 8388608    # everything one child may write to stdout
///   max-line-bytes: 1048576      # one protocol line
///   env: { LOG_LEVEL: warn }     # set for every implementation
///   implementations:
///     main.lint-triage-mag:      # main.<slug>, sub.<slug>, skill.<id>, or a bare slug / skill id
///       argv: [python3, tools/agents/triage.py]
///       cwd: tools/agents        # relative to the repository root, inside it (default: the root)
///       env: { MODE: test }
/// ```
public struct ExecConfiguration: Sendable, Equatable {
    /// How one agent or skill is run.
    public struct Implementation: Sendable, Equatable {
        public var argv: [String]
        /// Relative to the repository root ("" for the root itself).
        public var directory: String
        public var environment: [String: String]

        public init(argv: [String], directory: String = "", environment: [String: String] = [:]) {
            self.argv = argv
            self.directory = directory
            self.environment = environment
        }
    }

    /// A problem in the section, with where it is.
    public struct Issue: Sendable, Equatable {
        public var message: String
        public var range: SourceRange
    }

    /// `engine: exec`.
    public var enabled = false
    public var defaultTimeoutMS = 10_000
    public var maxOutputBytes = 8 << 20
    public var maxLineBytes = 1 << 20
    public var environment: [String: String] = [:]
    /// By the key as written (resolved against the catalog when the run starts).
    public var implementations: [String: Implementation] = [:]
    /// Environment variables passed through from the runner's own environment (and nothing else).
    public static let passedThrough = ["PATH", "HOME", "LANG", "LC_ALL", "LC_CTYPE", "TZ", "TMPDIR"]

    public init() {}

    /// Read the `runner` member of a parsed configuration document (nil or no `runner`: the defaults).
    public static func read(_ root: SourceValue?) -> (ExecConfiguration, [Issue]) {
        var configuration = ExecConfiguration()
        var issues: [Issue] = []
        guard let section = root?["runner"] else { return (configuration, issues) }
        guard let object = section.objectValue else { return (configuration, [Issue(message: "`runner` must be a mapping", range: section.range)]) }
        func problem(_ message: String, _ value: SourceValue) { issues.append(Issue(message: message, range: value.range)) }
        func positive(_ value: SourceValue, _ key: String) -> Int? {
            guard let number = value.numberValue?.intValue, number > 0 else { problem("`runner.\(key)` must be a positive integer", value); return nil }
            return number
        }
        for member in object.members {
            let value = member.value
            switch member.key {
            case "engine":
                switch value.stringValue {
                case "exec": configuration.enabled = true
                case "replay": configuration.enabled = false
                default: problem("`runner.engine` must be replay or exec", value)
                }
            case "timeout-ms": if let n = positive(value, member.key) { configuration.defaultTimeoutMS = n }
            case "max-output-bytes": if let n = positive(value, member.key) { configuration.maxOutputBytes = n }
            case "max-line-bytes": if let n = positive(value, member.key) { configuration.maxLineBytes = n }
            case "env": configuration.environment = environment(value, "runner.env", problem)
            case "implementations":
                guard let map = value.objectValue else { problem("`runner.implementations` must map agent or skill ids to commands", value); continue }
                for entry in map.members {
                    if let implementation = implementation(entry.value, "runner.implementations.\(entry.key)", problem) {
                        configuration.implementations[entry.key] = implementation
                    }
                }
            default:
                issues.append(Issue(message: "unknown `runner` key \"\(member.key)\"", range: member.keyRange))
            }
        }
        return (configuration, issues)
    }

    private static func implementation(_ value: SourceValue, _ key: String, _ problem: (String, SourceValue) -> Void) -> Implementation? {
        guard let object = value.objectValue else { problem("`\(key)` must be a mapping with `argv`", value); return nil }
        var result = Implementation(argv: [])
        for member in object.members {
            switch member.key {
            case "argv":
                guard let items = member.value.arrayValue, !items.isEmpty, items.allSatisfy({ $0.stringValue != nil }),
                      items.first?.stringValue?.isEmpty == false else {
                    problem("`\(key).argv` must be a non-empty list of strings (a program and its arguments; no shell is involved)", member.value)
                    return nil
                }
                result.argv = items.compactMap(\.stringValue)
                if result.argv.contains(where: { $0.utf8.contains(0) }) { problem("`\(key).argv` must not contain NUL", member.value); return nil }
            case "cwd":
                guard let path = member.value.stringValue, let normal = normalized(path) else {
                    problem("`\(key).cwd` must be a relative path inside the repository", member.value)
                    return nil
                }
                result.directory = normal
            case "env": result.environment = environment(member.value, "\(key).env", problem)
            default: problem("unknown key \"\(member.key)\" in `\(key)` (argv, cwd, env)", member.value)
            }
        }
        guard !result.argv.isEmpty else { problem("`\(key)` needs an `argv`", value); return nil }
        return result
    }

    private static func environment(_ value: SourceValue, _ key: String, _ problem: (String, SourceValue) -> Void) -> [String: String] {
        guard let object = value.objectValue else { problem("`\(key)` must map variable names to strings", value); return [:] }
        var result: [String: String] = [:]
        for member in object.members {
            let value = member.value
            let scalar = value.stringValue ?? value.numberValue?.text ?? value.boolValue.map { $0 ? "true" : "false" }
            guard let text = scalar, !member.key.isEmpty, !member.key.utf8Contains("="), !member.key.utf8.contains(0), !text.utf8.contains(0) else {
                problem("`\(key).\(member.key)` must be a scalar under a name without '=' or NUL", value)
                continue
            }
            result[member.key] = text
        }
        return result
    }

    /// `path` without `.` segments; nil when absolute or climbing out with `..`.
    static func normalized(_ path: String) -> String? {
        guard !path.hasPrefix("/"), !path.utf8.contains(0) else { return nil }
        var parts: [Substring] = []
        for part in path.split(separator: "/") where part != "." {
            if part == ".." {
                guard !parts.isEmpty else { return nil }
                parts.removeLast()
            } else {
                parts.append(part)
            }
        }
        return parts.joined(separator: "/")
    }
}
