import MagsagSource

extension ConfigurationLoader {
    /// Walks the configuration document, applying valid values and collecting issues.
    struct Reader {
        let loader: ConfigurationLoader
        var issues: [ConfigurationIssue]

        mutating func problem(_ message: String, _ value: SourceValue, help: String? = nil, severity: Severity = .error) {
            issues.append(ConfigurationIssue(message: message, range: value.range, severity: severity, help: help))
        }

        mutating func apply(_ root: SourceValue, to configuration: inout Configuration) {
            guard let object = root.objectValue else {
                problem("the configuration must be a mapping, got \(root.typeName)", root)
                return
            }
            for member in object.members {
                let value = member.value
                switch member.key {
                case "version":
                    if value.numberValue?.intValue != 1 {
                        problem("unsupported configuration version \(describe(value))", value, help: "set `version: 1`")
                    }
                case "enable", "disable":
                    let ids = ruleList(value, key: member.key)
                    if member.key == "disable" { configuration.disabled.formUnion(ids) } else { configuration.disabled.subtract(ids) }
                    // Opt-in rules are enabled by their id only, never by their category.
                    let named = Set((value.arrayValue ?? []).compactMap(\.stringValue)
                        .filter { RuleCategory(rawValue: $0) == nil }.compactMap { loader.resolve($0) }.flatMap(\.ids))
                    if member.key == "disable" { configuration.enabled.subtract(ids) } else { configuration.enabled.formUnion(named.intersection(ids)) }
                case "severity":
                    configuration.severity.merge(severities(value, disabled: &configuration.disabled)) { $1 }
                case "options":
                    guard let options = value.objectValue else { problem("`options` must map rule ids to mappings", value); continue }
                    for option in options.members {
                        if ruleIDs(option.key, at: SourceValue(.string(option.key), range: option.keyRange)) != nil {
                            configuration.options[option.key] = option.value
                        }
                    }
                case "include": configuration.include += globs(value, key: "include")
                case "exclude": configuration.exclude += globs(value, key: "exclude")
                case "overrides": configuration.overrides += overrides(value)
                case "roots": roots(value, into: &configuration.roots)
                case "taxonomy":
                    if let path = relativePath(value, key: "taxonomy") { configuration.taxonomy = path }
                case "stale-after-days":
                    if let days = positiveInt(value, key: "stale-after-days") { configuration.staleAfterDays = days }
                case "max-file-size":
                    if let size = positiveInt(value, key: "max-file-size") { configuration.maxFileSize = size }
                case "fail-level":
                    if let level = value.stringValue.flatMap(Severity.init(rawValue:)) { configuration.failLevel = level }
                    else { problem("`fail-level` must be error, warning or info, got \(describe(value))", value) }
                case "strict":
                    if let flag = value.boolValue { configuration.strict = flag } else { problem("`strict` must be true or false", value) }
                case "today":
                    if let date = value.stringValue, LintSettings.daysSinceEpoch(date) != nil { configuration.today = date }
                    else { problem("`today` must be a date written YYYY-MM-DD, got \(describe(value))", value) }
                case "runner":
                    if value.objectValue == nil { problem("`runner` must be a mapping", value) }
                case "front-matter-schema":
                    if let path = relativePath(value, key: "front-matter-schema") {
                        let lower = path.lowercased()
                        if [".schema.json", ".schema.yaml", ".schema.yml"].contains(where: lower.hasSuffix) { configuration.frontMatterSchema = path }
                        else { problem("`front-matter-schema` must name a `*.schema.json` (or `.schema.yaml`) file, got \"\(path)\"", value) }
                    }
                case "limits":
                    for (message, range, help) in ResourceLimits.parse(value, into: &configuration.limits) {
                        issues.append(ConfigurationIssue(message: message, range: range, help: help))
                    }
                case "execplans":
                    for (message, range, help) in ExecPlanSettings.parse(value, into: &configuration.execPlans) {
                        issues.append(ConfigurationIssue(message: message, range: range, help: help))
                    }
                case "version-policy":
                    for (message, range, help) in VersionPolicy.parse(value, into: &configuration.versionPolicy) {
                        issues.append(ConfigurationIssue(message: message, range: range, help: help))
                    }
                default:
                    let keys = ConfigurationSchema.topLevelKeys
                    let guess = keys.min { EditDistance.between(member.key, $0) < EditDistance.between(member.key, $1) }
                    issues.append(ConfigurationIssue(
                        message: "unknown configuration key \"\(member.key)\"", range: member.keyRange,
                        help: guess.map { EditDistance.between(member.key, $0) <= 3 ? "did you mean `\($0)`?" : "known keys: \(keys.joined(separator: ", "))" }))
                }
            }
        }

        func describe(_ value: SourceValue) -> String {
            switch value.kind {
            case .string(let s): "\"\(s)\""
            case .number(let n): n.text
            case .bool(let b): String(b)
            default: value.typeName
            }
        }

        /// Rule ids (or categories, or deprecated ids) a name stands for; reports unknown names.
        mutating func ruleIDs(_ name: String, at value: SourceValue) -> [String]? {
            guard let resolved = loader.resolve(name) else {
                let hint = loader.suggestion(for: name).map { "did you mean `\($0)`?" } ?? "run `magsag-lint rules` for the list"
                problem("unknown rule or category \"\(name)\"", value, help: hint)
                return nil
            }
            if let current = resolved.deprecated {
                problem("rule \"\(name)\" was renamed to \"\(current)\"", value, help: "write `\(current)` instead", severity: .warning)
            }
            return resolved.ids
        }

        mutating func strings(_ value: SourceValue, key: String) -> [(String, SourceValue)] {
            guard let elements = value.arrayValue else {
                problem("`\(key)` must be a list, got \(value.typeName)", value)
                return []
            }
            var result: [(String, SourceValue)] = []
            for element in elements {
                if let text = element.stringValue { result.append((text, element)) }
                else { problem("`\(key)` entries must be strings, got \(element.typeName)", element) }
            }
            return result
        }

        mutating func ruleList(_ value: SourceValue, key: String) -> Set<String> {
            var ids: Set<String> = []
            for (name, element) in strings(value, key: key) {
                if let found = ruleIDs(name, at: element) { ids.formUnion(found) }
            }
            return ids
        }

        mutating func severities(_ value: SourceValue, disabled: inout Set<String>) -> [String: Severity] {
            guard let object = value.objectValue else { problem("`severity` must map rule ids to error, warning, info or off", value); return [:] }
            var result: [String: Severity] = [:]
            for member in object.members {
                guard let ids = ruleIDs(member.key, at: SourceValue(.string(member.key), range: member.keyRange)) else { continue }
                let text = member.value.stringValue ?? ""
                if text == "off" {
                    disabled.formUnion(ids)
                } else if let level = Severity(rawValue: text) {
                    for id in ids { result[id] = level }
                } else {
                    problem("severity must be error, warning, info or off, got \(describe(member.value))", member.value)
                }
            }
            return result
        }

        mutating func globs(_ value: SourceValue, key: String) -> [Glob] {
            strings(value, key: key).compactMap { text, element in
                guard let glob = Glob(text) else { problem("invalid glob \"\(text)\" (unclosed `[`)", element); return nil }
                return glob
            }
        }

        mutating func overrides(_ value: SourceValue) -> [Configuration.Override] {
            guard let list = value.arrayValue else { problem("`overrides` must be a list of mappings", value); return [] }
            var result: [Configuration.Override] = []
            for entry in list {
                guard let object = entry.objectValue else { problem("each override must be a mapping", entry); continue }
                var override = Configuration.Override(paths: [])
                var ignored: Set<String> = []
                for member in object.members {
                    switch member.key {
                    case "paths": override.paths = globs(member.value, key: "paths")
                    case "disable": override.disable = ruleList(member.value, key: "disable")
                    case "severity": override.severity = severities(member.value, disabled: &ignored)
                    default: issues.append(ConfigurationIssue(message: "unknown override key \"\(member.key)\"", range: member.keyRange, help: "use paths, disable or severity"))
                    }
                }
                override.disable.formUnion(ignored)
                if override.paths.isEmpty { problem("an override needs `paths`", entry) } else { result.append(override) }
            }
            return result
        }

        mutating func roots(_ value: SourceValue, into roots: inout Configuration.Roots) {
            guard let object = value.objectValue else { problem("`roots` must be a mapping", value); return }
            for member in object.members {
                switch member.key {
                case "catalog": if let p = relativePath(member.value, key: "roots.catalog") { roots.catalog = p }
                case "docs": if let p = relativePath(member.value, key: "roots.docs") { roots.docs = p }
                case "plans": if let p = relativePath(member.value, key: "roots.plans") { roots.plans = p }
                case "mcp": roots.mcp = strings(member.value, key: "roots.mcp").compactMap { relativePath($0.1, key: "roots.mcp") }
                default: issues.append(ConfigurationIssue(message: "unknown root \"\(member.key)\"", range: member.keyRange, help: "use catalog, docs, plans or mcp"))
                }
            }
        }

        mutating func relativePath(_ value: SourceValue, key: String) -> String? {
            guard var path = value.stringValue, !path.isEmpty else { problem("`\(key)` must be a repository-relative path", value); return nil }
            if path.hasPrefix("/") || path.asciiSplit("/").contains("..") {
                problem("`\(key)` must stay inside the repository, got \"\(path)\"", value)
                return nil
            }
            while path.hasSuffix("/") { path.removeLast() }
            return path
        }

        mutating func positiveInt(_ value: SourceValue, key: String) -> Int? {
            guard let n = value.numberValue?.intValue, n > 0 else { problem("`\(key)` must be a positive integer, got \(describe(value))", value); return nil }
            return n
        }
    }
}
