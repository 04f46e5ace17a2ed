import MagsagLintCore
import MagsagSource

/// Reports calls, in agent and skill code under the catalog, to functions a sandbox policy forbids.
public struct ForbiddenFunctionCallRule: RepositoryRule {
    public init() {}

    public static let description = RuleDescription(
        id: "forbidden-function-call",
        name: "Forbidden function call",
        category: .security,
        defaultSeverity: .error,
        summary: "Agent or skill code calls a function that a sandbox policy forbids",
        rationale: """
            A sandbox policy (`tools/security/policy/*.yaml`; option `policy-folders`) lists the functions agent \
            and skill code must not call (`forbidden_functions: [eval, child_process.exec, os.system]`), because \
            they run arbitrary code or commands with the agent's rights. A list nobody checks is a wish: the rule \
            reads every JavaScript, TypeScript and Python file under the catalog (`.js`, `.mjs`, `.cjs`, `.jsx`, \
            `.ts`, `.tsx`, `.mts`, `.cts`, `.py`) and reports each call whose callee, written as a dotted chain, \
            is a listed name (`eval(…)`, `child_process.exec(…)`); an entry ending in `.*` covers every member \
            (`subprocess.*`). The scan is lexical: comments, strings, template literals and regular-expression \
            literals are skipped; definitions (`def eval(`, `function exec(`, a method `exec(cmd) {`) are not calls; member calls on \
            other objects (`regex.exec(…)` for `exec`) do not match. Aliases (`import subprocess as sp`, \
            `const { exec } = require("child_process")` is seen only if `exec` itself is listed) and calls on \
            expressions (`require("child_process").exec(…)`) are not followed.
            """,
        fix: "Remove the call, or replace it with a safe API (`JSON.parse` for `eval`, `execFile` with an argument list under an explicit allowlist); if the call is intended, change the policy in review.",
        triggeringExamples: [
            Example(files: [
                "tools/security/policy/sandbox.yaml": "network: none\nlimits:\n  memory_mb: 512\nforbidden_functions: [eval, child_process.exec]\n",
                "catalog/skills/calc/src/index.ts": """
                    import * as child_process from "child_process";
                    // eval(input) would be unsafe
                    export function run(input: string) {
                      const label = "eval(x)";
                      child_process.execFile("ls", []);
                      return ↓eval(input) + ↓child_process.exec(`echo ${label}`);
                    }
                    """,
            ], linted: ["catalog/skills/calc/src/index.ts"]),
            Example(files: [
                "tools/security/policy/runtime.yaml": "sandbox:\n  network: none\n  limits: {cpu: 1}\n  forbidden_functions:\n    - os.system\n    - subprocess.*\n",
                "catalog/agents/main/ops-mag/tools.py": """
                    import os, subprocess
                    def system(cmd):  # os.system(cmd) is forbidden
                        \"\"\"Never call os.system("x").\"\"\"
                        return ↓subprocess.run([cmd], check=True)
                    ↓os.system("ls")
                    """,
            ], linted: ["catalog/agents/main/ops-mag/tools.py"]),
        ],
        nonTriggeringExamples: [
            Example(files: [
                "tools/security/policy/sandbox.yaml": "network: none\nlimits:\n  memory_mb: 512\nforbidden_functions: [eval, exec]\n",
                "catalog/skills/calc/src/index.js": """
                    const re = /eval\\(/;
                    function parse(text) { return JSON.parse(text); }
                    const m = re.exec(text); // regex.exec is another function
                    module.exports = { parse };
                    """,
            ], linted: ["catalog/skills/calc/src/index.js"], note: "Member calls on other objects, comments and regular expressions do not match."),
            Example("catalog/skills/calc/src/index.js", "module.exports = (s) => eval(s);\n",
                    note: "Without a sandbox policy nothing is forbidden."),
        ])

    public func check(_ repository: RepositoryIndex, into sink: inout DiagnosticSink) {
        let policies = SandboxPolicies.all(in: repository, settings: sink.settings)
        var exact: [String: SandboxPolicy.Forbidden] = [:]
        var prefixes: [(String, SandboxPolicy.Forbidden)] = []
        for policy in policies {
            for entry in policy.forbidden {
                var name = entry.name
                if name.hasSuffix("()") { name.removeLast(2) }
                if name.hasSuffix(".*") {
                    prefixes.append((String(name.dropLast(1)), entry))
                } else if exact[name] == nil {
                    exact[name] = entry
                }
            }
        }
        guard !exact.isEmpty || !prefixes.isEmpty else { return }
        let catalog = sink.settings.roots.catalog.hasSuffix("/") ? sink.settings.roots.catalog : sink.settings.roots.catalog + "/"
        for (path, document) in repository.sortedLintedDocuments where path.hasPrefix(catalog) {
            guard let language = CodeCallScanner.extensions[document.file.pathExtension],
                  !document.file.isBinary else { continue }
            for call in CodeCallScanner.calls(in: document.file.bytes, language: language) {
                let entry = exact[call.callee] ?? prefixes.first { candidate in
                    call.callee.hasPrefix(candidate.0) && !call.callee.dropFirst(candidate.0.count).contains(".")
                }?.1
                guard let entry else { continue }
                sink.report("call to `\(call.callee)`, which the sandbox policy forbids", path: path,
                            range: document.file.range(from: call.range.lowerBound, to: call.range.upperBound),
                            label: "forbidden call",
                            related: [Location(path: entry.path, range: entry.range, label: "forbidden here")],
                            help: "remove the call or use a safe alternative; if it is needed, change the policy in review")
            }
        }
    }
}
