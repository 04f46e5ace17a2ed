import MagsagCatalog
import MagsagLintCore
import MagsagSource

/// Reports routing policies that send a task to a model the flow governance policy denies.
public struct DeniedRoutingModelRule: RepositoryRule {
    public init() {}

    public static let description = RuleDescription(
        id: "denied-routing-model",
        name: "Routing policy uses a denied model",
        category: .policies,
        defaultSeverity: .error,
        summary: "A routing policy routes a task to a model that the flow governance policy's model list denies",
        rationale: """
            `catalog/routing/**` picks the provider and model of each task type; `models.denylist` (and \
            `models.allowlist`, when present) in `catalog/policies/flow_governance.yaml` say which models may run. \
            A route (or one of its `fallback` entries) naming a denied model is refused by the governance gate at \
            run time, after the task has been planned, or runs a model the governance team ruled out. Patterns are \
            anchored globs: `*` any run, `?` one character, `[…]` a class.
            """,
        fix: "Route the task to an allowed model, or change the governance policy's model lists.",
        triggeringExamples: [
            Example(files: [
                "catalog/policies/flow_governance.yaml": "models:\n  denylist: [\"*-preview\", \"internal-experimental-*\"]\n",
                "catalog/routing/default.yaml": """
                    routes:
                      - task_type: triage
                        provider: openai
                        model: ↓gpt-5-preview
                      - task_type: summarise
                        model: claude-sonnet
                        fallback:
                          - model: ↓internal-experimental-2
                    """,
            ]),
            Example(files: [
                "catalog/policies/flow_governance.yaml": "models:\n  allowlist: [\"claude-*\"]\n",
                "catalog/routing/default.yaml": "routes:\n  - task_type: triage\n    model: ↓gpt-4o\n",
            ]),
        ],
        nonTriggeringExamples: [
            Example(files: [
                "catalog/policies/flow_governance.yaml": "models:\n  denylist: [\"*-preview\"]\n  allowlist: [\"claude-*\", \"gpt-4o\"]\n",
                "catalog/routing/default.yaml": "routes:\n  - task_type: triage\n    model: gpt-4o\n  - task_type: summarise\n    model: claude-sonnet\n",
            ]),
            Example("catalog/routing/default.yaml", "routes:\n  - task_type: triage\n    model: gpt-5-preview\n"),
        ])

    public func check(_ repository: RepositoryIndex, into sink: inout DiagnosticSink) {
        let catalog = CatalogModel.of(repository, settings: sink.settings)
        guard !catalog.routing.isEmpty else { return }
        var deny: [CatalogField] = []
        var allow: [CatalogField] = []
        for document in repository.sortedDocuments(where: { PosturePaths.isFlowGovernance($0, catalog: sink.settings.roots.catalog) }) {
            guard let value = document.root else { continue }
            let root = CatalogField(path: document.path, value: value)
            deny += (root.descendant("models", "denylist")?.elements ?? []).filter { $0.string != nil }
            allow += (root.descendant("models", "allowlist")?.elements ?? []).filter { $0.string != nil }
        }
        guard !deny.isEmpty || !allow.isEmpty else { return }
        for policy in catalog.routing where repository.linted.contains(policy.path) {
            for route in policy.child("routes")?.elements ?? [] {
                let task = route.child("task_type")?.scalarText ?? "?"
                let models = [route.child("model")].compactMap { $0 } + (route.child("fallback")?.elements ?? []).compactMap { $0.child("model") }
                for model in models {
                    guard let name = model.string else { continue }
                    if let pattern = deny.first(where: { ModelGlob.matches($0.string ?? "", name) }) {
                        sink.report("task '\(task)' is routed to model '\(name)', denied by the governance pattern '\(pattern.string ?? "")'",
                                    at: model, label: "denied model",
                                    related: [pattern.location("denied here")],
                                    help: "route the task to an allowed model, or change models.denylist")
                    } else if !allow.isEmpty, !allow.contains(where: { ModelGlob.matches($0.string ?? "", name) }) {
                        sink.report("task '\(task)' is routed to model '\(name)', which no governance allowlist pattern admits",
                                    at: model, label: "not allowed",
                                    related: allow.prefix(1).map { $0.location("allowlist") },
                                    help: "route the task to an allowed model, or add it to models.allowlist")
                    }
                }
            }
        }
    }
}

/// Anchored fnmatch-style globs for model names: `*` any run, `?` one character, `[…]`/`[!…]` a class.
enum ModelGlob {
    static func matches(_ pattern: String, _ text: String) -> Bool {
        let p = Array(pattern.unicodeScalars), t = Array(text.unicodeScalars)
        // Dynamic programming over (pattern index, text index): linear memory, O(|p|·|t|) time.
        var row = [Bool](repeating: false, count: t.count + 1)
        row[0] = true
        var i = 0
        while i < p.count {
            var next = [Bool](repeating: false, count: t.count + 1)
            if p[i] == "*" {
                var any = false
                for j in 0...t.count {
                    any = any || row[j]
                    next[j] = any
                }
                i += 1
            } else {
                var width = 1
                var test: (Unicode.Scalar) -> Bool = { $0 == p[i] }
                if p[i] == "?" {
                    test = { _ in true }
                } else if p[i] == "[", let close = p[(i + 1)...].dropFirst().firstIndex(of: "]") {
                    let negate = p[i + 1] == "!"
                    let body = Array(p[(i + (negate ? 2 : 1))..<close])
                    test = { c in classContains(body, c) != negate }
                    width = close - i + 1
                }
                if t.count > 0 {
                    for j in 1...t.count where row[j - 1] && test(t[j - 1]) { next[j] = true }
                }
                i += width
            }
            row = next
        }
        return row[t.count]
    }

    private static func classContains(_ body: [Unicode.Scalar], _ c: Unicode.Scalar) -> Bool {
        var k = 0
        while k < body.count {
            if k + 2 < body.count, body[k + 1] == "-" {
                if body[k].value <= c.value && c.value <= body[k + 2].value { return true }
                k += 3
            } else {
                if body[k] == c { return true }
                k += 1
            }
        }
        return false
    }
}
