@testable import MagsagLintCore
@testable import MagsagLintRules
import MagsagSource
import Testing

/// Sandbox policies, forbidden calls in catalog code, and executable bits.
@Suite struct PostureSandboxTests {
    static let policy = "tools/security/policy/sandbox.yaml"

    func callees(_ code: String, _ language: CodeCallScanner.Language) -> [String] {
        CodeCallScanner.calls(in: Array(code.utf8), language: language).map(\.callee)
    }

    @Test func javaScriptCallsSkipCommentsStringsTemplatesAndRegexes() {
        let code = """
            // eval(a)
            /* child_process.exec(b) */
            const s = 'eval(c)' + "eval(d)" + `eval(${eval(e)})`;
            const r = /eval\\(f/g, q = a / b / c;
            x?.run(1); new Function("g"); obj.eval(h);
            function eval(i) {}
            cp . exec (j);
            class A { exec(cmd) { return 1; } run(x: string): void { } #eval() { this.#eval(1); } }
            const t = ok ? exec(k) : exec(l);
            """
        #expect(callees(code, .javaScript) == ["x.run", "Function", "obj.eval", "cp.exec", "this.#eval", "exec", "exec"])
    }

    @Test func pythonCallsSkipCommentsStringsAndDefinitions() {
        let code = """
            # os.system("a")
            s = "eval(b)" + r'exec(c)' + f"{eval(d)}"
            doc = \"\"\"
            os.system("e")
            \"\"\"
            def eval(x):
                return __import__("os").system("f")
            subprocess.Popen(["g"])
            """
        #expect(callees(code, .python) == ["__import__", "subprocess.Popen"])
    }

    @Test func callsArePositionedAndRelatedToThePolicy() throws {
        let files = [
            Self.policy: "network: none\nlimits: {cpu: 1}\nforbidden_functions:\n  - eval()\n  - child_process.*\n",
            "catalog/skills/s/index.mjs": "const x = 1;\n  child_process.spawn(cmd); eval(x);\n",
            "catalog/skills/s/notes.md": "Never call eval(x).\n",
            "scripts/tool.js": "eval(x);\n",
        ]
        let found = postureFindings(ForbiddenFunctionCallRule.self, files)
        #expect(found.map(\.primary.path) == ["catalog/skills/s/index.mjs", "catalog/skills/s/index.mjs"])
        let first = try #require(found.first)
        #expect(first.primary.range.start.line == 2 && first.primary.range.start.column == 3)
        #expect(first.primary.range.end.column == 22)
        #expect(first.related.first?.path == Self.policy)
        #expect(first.related.first?.range.start.line == 5)
        #expect(found.last?.related.first?.range.start.line == 4)
    }

    @Test func policyFoldersAreConfigurable() {
        let files = [
            "ops/sandbox/base.yaml": "network: bridge\nlimits: {cpu: 1}\nforbidden_functions: [eval]\n",
            "catalog/skills/s/index.js": "eval(x);\n",
        ]
        let options: [String: SourceValue] = ["policy-folders": SourceValue(.array([SourceValue(.string("ops/sandbox"), range: .fileStart)]), range: .fileStart)]
        #expect(postureFindings(ForbiddenFunctionCallRule.self, files).isEmpty)
        #expect(postureFindings(ForbiddenFunctionCallRule.self, files, options: options).count == 1)
        // The option set on one sandbox rule applies to all of them.
        var configuration = Configuration()
        configuration.options["forbidden-function-call"] = SourceValue(.object(SourceObject(options.map {
            SourceObject.Member(key: $0.key, keyRange: .fileStart, value: $0.value)
        })), range: .fileStart)
        let result = Linter(rules: [UnrestrictedSandboxNetworkRule.self], configuration: configuration).lint(FileSet.inMemory(files))
        #expect(result.diagnostics.map(\.ruleID) == ["unrestricted-sandbox-network"])
    }

    @Test func settingsMayBeSplitAcrossAFolderButNotAcrossFolders() {
        let split = [
            "tools/security/policy/a.yaml": "network: none\n",
            "tools/security/policy/b.yaml": "limits: {cpu: 1}\n",
            "tools/security/policy/c.yaml": "forbidden_functions: [eval]\n",
        ]
        for rule in [UnrestrictedSandboxNetworkRule.self, MissingSandboxLimitsRule.self, MissingForbiddenFunctionsRule.self] as [any Rule.Type] {
            #expect(postureFindings(rule, split).isEmpty, "\(rule.description.id)")
        }
        let nested = ["tools/security/policy/a.yaml": "network: none\nlimits: {cpu: 1}\n", "tools/security/policy/agents/b.yaml": "limits: {cpu: 1}\n"]
        #expect(postureFindings(UnrestrictedSandboxNetworkRule.self, nested).map(\.primary.path) == ["tools/security/policy/agents/b.yaml"])
    }

    @Test(arguments: ["none", "false", "off", "{mode: none}", "{enabled: false, allow: [x]}", "disabled"])
    func closedNetworkPasses(_ value: String) {
        #expect(postureFindings(UnrestrictedSandboxNetworkRule.self, [Self.policy: "network: \(value)\n"]).isEmpty, "\(value)")
    }

    @Test(arguments: ["true", "host", "{mode: egress}", "{allow: [api.example.com]}", "{mode: allowlist, justification: ' '}"])
    func openNetworkWithoutJustificationIsReported(_ value: String) {
        #expect(postureFindings(UnrestrictedSandboxNetworkRule.self, [Self.policy: "network: \(value)\n"]).count == 1, "\(value)")
    }

    @Test func unlimitedLimitsAreReportedAtTheirValue() {
        let found = postureFindings(MissingSandboxLimitsRule.self, [Self.policy: "limits:\n  cpu: -1\n  memory_mb: null\n  pids: 64\n  timeout_s: none\n"])
        #expect(found.map(\.primary.range.start.line) == [2, 3, 5])
        #expect(postureFindings(MissingSandboxLimitsRule.self, [Self.policy: "limits: 4\n"]).count == 1)
    }

    @Test func executableBitOnNonScriptsIsReported() {
        func lint(_ path: String, _ bytes: [UInt8], executable: Bool) -> [Diagnostic] {
            let file = SourceFile(path: path, bytes: bytes, isExecutable: executable)
            return Linter(rules: [ExecutableNonScriptRule.self]).lint(FileSet(linted: [file])).diagnostics
        }
        let text = Array("{}\n".utf8)
        #expect(lint("catalog/a.json", text, executable: true).count == 1)
        #expect(lint("docs/README.md", text, executable: true).count == 1)
        #expect(lint("LICENSE", text, executable: true).count == 1)
        #expect(lint("catalog/a.json", text, executable: false).isEmpty)
        #expect(lint("scripts/run", Array("#!/bin/sh\necho\n".utf8), executable: true).isEmpty)
        #expect(lint("tools/run.sh", text, executable: true).isEmpty)
        #expect(lint("bin/tool", [0x7F, 0x45, 0x4C, 0x46, 0, 1], executable: true).isEmpty)
        #expect(SourceFile(path: "a", bytes: []).isExecutable == false)
    }
}
