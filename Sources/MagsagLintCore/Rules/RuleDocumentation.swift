/// Renders a rule's description as Markdown: used by `explain` and the generated `docs/rules/`.
public enum RuleDocumentation {
    public static func markdown(for rule: RuleDescription) -> String {
        var out = "# \(rule.id)\n\n"
        out += "**\(rule.name)** · category `\(rule.category.rawValue)` · default severity `\(rule.defaultSeverity.rawValue)`\n\n"
        out += "\(rule.summary).\n\n"
        if let kinds = rule.fixKinds {
            switch kinds {
            case "safe": out += "Fixable: `check --fix` applies its fixes.\n\n"
            case "unsafe": out += "Fixable: `check --fix --unsafe-fixes` applies its fixes, which may change meaning.\n\n"
            default: out += "Fixable: `check --fix` applies its safe fixes, `--unsafe-fixes` also the others.\n\n"
            }
        }
        if rule.isOptIn {
            out += "Opt-in: runs only when `.magsag-lint.yaml` names it in `enable`.\n\n"
        }
        out += "## Why\n\n\(rule.rationale)\n\n"
        out += "## How to fix\n\n\(rule.fix)\n\n"
        if !rule.deprecatedIDs.isEmpty {
            out += "Former ids: \(rule.deprecatedIDs.map { "`\($0)`" }.joined(separator: ", ")).\n\n"
        }
        if !rule.triggeringExamples.isEmpty {
            out += "## Triggering examples\n\n"
            for example in rule.triggeringExamples { out += render(example) + renderFix(example) }
        }
        if !rule.nonTriggeringExamples.isEmpty {
            out += "## Non-triggering examples\n\n"
            for example in rule.nonTriggeringExamples { out += render(example) }
        }
        return out
    }

    private static func render(_ example: Example) -> String {
        var out = ""
        if let note = example.note { out += "\(note)\n\n" }
        for path in (example.base ?? [:]).keys.sorted() {
            let content = example.base?[path] ?? ""
            let fence = content.contains("```") ? "~~~~" : "```"
            out += "`\(path)` at the base revision:\n\n\(fence)\(language(path))\n\(content)\(content.hasSuffix("\n") ? "" : "\n")\(fence)\n\n"
        }
        for path in example.files.keys.sorted() {
            let content = example.files[path] ?? ""
            let fence = content.contains("```") ? "~~~~" : "```"
            out += "`\(path)`\(example.base == nil ? "" : " now"):\n\n\(fence)\(language(path))\n\(content)\(content.hasSuffix("\n") ? "" : "\n")\(fence)\n\n"
        }
        return out
    }

    /// The files a fix changes, after `--fix` and, when it differs, after `--unsafe-fixes`.
    private static func renderFix(_ example: Example) -> String {
        guard example.showsFix else { return "" }
        let results = example.expectedFixResults
        var out = ""
        for (title, after, before) in [("`check --fix`", results.safe, results.original),
                                       ("`check --fix --unsafe-fixes`", results.unsafe, results.safe)] {
            for path in after.keys.sorted() where after[path] != before[path] {
                let content = after[path] ?? ""
                let fence = content.contains("```") ? "~~~~" : "```"
                out += "`\(path)` after \(title):\n\n\(fence)\(language(path))\n\(content)\(content.hasSuffix("\n") ? "" : "\n")\(fence)\n\n"
            }
        }
        return out
    }

    private static func language(_ path: String) -> String {
        switch DocumentKind.of(path: path) {
        case .json: "json"
        case .yaml: "yaml"
        case .markdown: "markdown"
        case .other: ""
        }
    }
}
