import MagsagSource

/// Checks a run (or MAGSAG flow) summary against `flow_governance.yaml`: `min_runs`, `min_success_rate`,
/// `max_avg_latency_ms`, `required_steps`, `per_step.<step | default>.{max_error_rate, max_avg_latency_ms,
/// max_mcp_error_rate}`, `mcp.max_error_rate` and `models.denylist` glob patterns.
public enum GovernanceGate {
    /// Every way `summary` breaks `policy`, in policy order (empty when it passes).
    public static func violations(summary: SourceValue, policy: SourceValue) -> [String] {
        var out: [String] = []
        func number(_ value: SourceValue?, _ key: String) -> Double? { value?[key]?.numberValue?.double }
        let runs = number(summary, "runs") ?? 0
        if let minimum = number(policy, "min_runs"), runs < minimum {
            out.append("\(format(runs)) runs, below min_runs \(format(minimum))")
        }
        if let minimum = number(policy, "min_success_rate"), let rate = number(summary, "success_rate"), rate < minimum {
            out.append("success rate \(format(rate)) is below min_success_rate \(format(minimum))")
        }
        if let maximum = number(policy, "max_avg_latency_ms"), let latency = number(summary, "avg_latency_ms"), latency > maximum {
            out.append("average latency \(format(latency)) ms is above max_avg_latency_ms \(format(maximum))")
        }
        let steps = summary["steps"]?.arrayValue ?? []
        let names = Set(steps.compactMap { $0["name"]?.stringValue })
        for required in policy["required_steps"]?.arrayValue ?? [] {
            if let name = required.stringValue, !names.contains(name) { out.append("required step '\(name)' did not run") }
        }
        let perStep = policy["per_step"]
        for step in steps {
            guard let name = step["name"]?.stringValue, let limits = perStep?[name] ?? perStep?["default"] else { continue }
            let stepRuns = number(step, "runs") ?? 0
            if let maximum = number(limits, "max_error_rate"), stepRuns > 0 {
                let rate = (number(step, "errors") ?? 0) / stepRuns
                if rate > maximum { out.append("step '\(name)': error rate \(format(rate)) is above max_error_rate \(format(maximum))") }
            }
            if let maximum = number(limits, "max_avg_latency_ms"), let latency = number(step, "avg_latency_ms"), latency > maximum {
                out.append("step '\(name)': average latency \(format(latency)) ms is above max_avg_latency_ms \(format(maximum))")
            }
            if let maximum = number(limits, "max_mcp_error_rate"), let calls = number(step["mcp"], "calls"), calls > 0 {
                let rate = (number(step["mcp"], "errors") ?? 0) / calls
                if rate > maximum { out.append("step '\(name)': MCP error rate \(format(rate)) is above max_mcp_error_rate \(format(maximum))") }
            }
        }
        if let maximum = number(policy["mcp"], "max_error_rate"), let calls = number(summary["mcp"], "calls"), calls > 0 {
            let rate = (number(summary["mcp"], "errors") ?? 0) / calls
            if rate > maximum { out.append("MCP error rate \(format(rate)) is above mcp.max_error_rate \(format(maximum))") }
        }
        let patterns = (policy["models"]?["denylist"]?.arrayValue ?? []).compactMap(\.stringValue)
        var models = (summary["models"]?.arrayValue ?? []).compactMap(\.stringValue)
        for step in steps { models += (step["models"]?.arrayValue ?? []).compactMap(\.stringValue) }
        for model in Set(models).sorted() {
            if let pattern = patterns.first(where: { matches(model, $0) }) {
                out.append("model '\(model)' matches the denylist pattern '\(pattern)'")
            }
        }
        return out
    }

    /// Anchored glob: `*` any run, `?` one character.
    public static func matches(_ text: String, _ pattern: String) -> Bool {
        let t = Array(text.unicodeScalars), p = Array(pattern.unicodeScalars)
        var ti = 0, pi = 0, star = -1, mark = 0
        while ti < t.count {
            if pi < p.count, p[pi] == "?" || p[pi] == t[ti] { ti += 1; pi += 1 }
            else if pi < p.count, p[pi] == "*" { star = pi; mark = ti; pi += 1 }
            else if star >= 0 { pi = star + 1; mark += 1; ti = mark }
            else { return false }
        }
        while pi < p.count, p[pi] == "*" { pi += 1 }
        return pi == p.count
    }

    static func format(_ value: Double) -> String {
        let rounded = (value * 10_000).rounded() / 10_000
        return rounded == rounded.rounded() && abs(rounded) < 1e15 ? String(Int64(rounded)) : String(rounded)
    }
}
