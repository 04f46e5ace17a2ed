/// Renders the effective configuration as YAML that `.magsag-lint.yaml` accepts.
public enum ConfigurationDump {
    public static func yaml(_ configuration: Configuration, rules: [RuleDescription]) -> String {
        func quote(_ s: String) -> String { "'" + s.replacing("'", with: "''") + "'" }
        func list(_ items: [String]) -> String { items.isEmpty ? "[]" : "[" + items.map(quote).joined(separator: ", ") + "]" }
        var out = "# effective configuration\(configuration.path.map { " (from \($0))" } ?? " (defaults)")\n"
        out += "version: \(configuration.version)\n"
        out += "disable: \(list(configuration.disabled.sorted()))\n"
        let optIn = Set(rules.filter(\.isOptIn).map(\.id))
        let enabled = configuration.enabled.intersection(optIn).subtracting(configuration.disabled)
        if !enabled.isEmpty { out += "enable: \(list(enabled.sorted()))\n" }
        out += "severity:\n"
        for rule in rules.sorted(by: { $0.id < $1.id }) {
            let off = configuration.disabled.contains(rule.id) || (rule.isOptIn && !enabled.contains(rule.id))
            let level = off ? "off" : (configuration.severity[rule.id] ?? rule.defaultSeverity).rawValue
            out += "  \(rule.id): \(level)\n"
        }
        out += "include: \(list(configuration.include.map(\.pattern)))\n"
        out += "exclude: \(list(configuration.exclude.map(\.pattern)))\n"
        if configuration.overrides.isEmpty {
            out += "overrides: []\n"
        } else {
            out += "overrides:\n"
            for override in configuration.overrides {
                out += "  - paths: \(list(override.paths.map(\.pattern)))\n"
                out += "    disable: \(list(override.disable.sorted()))\n"
                if !override.severity.isEmpty {
                    out += "    severity:\n"
                    for (id, level) in override.severity.sorted(by: { $0.key < $1.key }) { out += "      \(id): \(level.rawValue)\n" }
                }
            }
        }
        out += "roots:\n  catalog: \(quote(configuration.roots.catalog))\n  docs: \(quote(configuration.roots.docs))\n"
        out += "  plans: \(quote(configuration.roots.plans))\n  mcp: \(list(configuration.roots.mcp))\n"
        out += "taxonomy: \(quote(configuration.taxonomy))\n"
        out += "stale-after-days: \(configuration.staleAfterDays)\n"
        out += "max-file-size: \(configuration.maxFileSize)\n"
        out += "fail-level: \(configuration.failLevel.rawValue)\n"
        out += "strict: \(configuration.strict)\n"
        if let today = configuration.today { out += "today: \(quote(today))\n" }
        if let schema = configuration.frontMatterSchema { out += "front-matter-schema: \(quote(schema))\n" }
        out += configuration.versionPolicy.dump
        out += configuration.execPlans.dump
        out += configuration.limits.dump
        return out
    }
}
