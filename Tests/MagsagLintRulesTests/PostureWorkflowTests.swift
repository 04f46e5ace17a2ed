import MagsagLintCore
import MagsagLintRules
import MagsagSource
import Testing

/// Behaviour of the workflow, policy and hygiene rules the examples cannot show compactly.
@Suite struct PostureWorkflowTests {
    static let workflow = """
        on: [push]
        permissions:
          contents: read
        jobs:
          build:
            runs-on: ubuntu-latest
            steps:
              - uses: actions/checkout@v4
              - uses: actions/setup-node@v4
                with:
                  token: ${{ secrets.NPM_TOKEN }}
        """

    @Test func firstPartyActionsCanBeRequiredToPinToo() {
        let files = [".github/workflows/ci.yml": Self.workflow]
        #expect(postureFindings(UnpinnedActionRule.self, files).isEmpty)
        #expect(postureFindings(SecretsToUntrustedStepRule.self, files).isEmpty)
        let strict = ["allow-first-party": SourceValue(.bool(false), range: .fileStart)]
        #expect(postureFindings(UnpinnedActionRule.self, files, options: strict).count == 2)
        #expect(postureFindings(SecretsToUntrustedStepRule.self, files, options: strict).count == 1)
    }

    @Test(arguments: [
        "github.event.pull_request.title", "github.event.pull_request.head.ref", "github.event.commits[0].message",
        "github.event.head_commit.author.email", "github.event.review_comment.body", "github.event.pages[*].page_name",
        "github.event.workflow_run.head_branch", "github.event.discussion.body", "toJSON(github.event.issue.body)",
    ])
    func untrustedContextsInScriptsAreReported(_ context: String) {
        let files = [".github/workflows/w.yml": "on: issues\njobs:\n  j:\n    runs-on: x\n    steps:\n      - run: echo \"${{ \(context) }}\"\n"]
        #expect(postureFindings(WorkflowScriptInjectionRule.self, files).count == 1, "\(context)")
    }

    @Test(arguments: ["github.event.issue.number", "github.sha", "github.event.pull_request.head.sha", "inputs.name", "github.event.repository.name"])
    func trustedContextsAreNotReported(_ context: String) {
        let files = [".github/workflows/w.yml": "on: issues\njobs:\n  j:\n    runs-on: x\n    steps:\n      - run: echo \"${{ \(context) }}\"\n"]
        #expect(postureFindings(WorkflowScriptInjectionRule.self, files).isEmpty, "\(context)")
    }

    @Test func filesOutsideWorkflowFoldersAreIgnored() {
        let files = ["docs/ci.yml": "on: push\njobs:\n  j:\n    steps:\n      - uses: a/b@v1\n      - run: echo ${{ github.head_ref }}\n"]
        #expect(postureFindings(UnpinnedActionRule.self, files).isEmpty)
        #expect(postureFindings(WorkflowScriptInjectionRule.self, files).isEmpty)
        #expect(postureFindings(WorkflowPermissionsRule.self, files).isEmpty)
    }

    @Test func largeBinariesUnderDocsAreReported() {
        let big = "\u{0}" + String(repeating: "x", count: 2048)
        let files = ["docs/img.bin": big, "catalog/model.bin": "\u{0}small", "docs/text.txt": String(repeating: "y", count: 4096),
                     "scripts/big.bin": big]
        let options = ["max-bytes": SourceValue(.number(JSONNumber(1024)), range: .fileStart)]
        let found = postureFindings(LargeBinaryInDocsRule.self, files, options: options)
        #expect(found.map(\.primary.path) == ["docs/img.bin"])
        #expect(postureFindings(LargeBinaryInDocsRule.self, files).isEmpty, "the default threshold is 1 MiB")
    }

    @Test(arguments: ["id_rsa", "keys/id_ed25519", "certs/client.p12", "store.jks", ".git-credentials"])
    func keyFilesAreReportedByName(_ path: String) {
        #expect(postureFindings(CommittedPrivateKeyFileRule.self, [path: "binary-ish"]).count == 1, "\(path)")
    }

    @Test(arguments: ["id_rsa.pub", "docs/keys.md", "certs/ca.pem", ".npmrc", ".pypirc", "catalog/credentials.json"])
    func lookAlikesAreNotKeyFiles(_ path: String) {
        let content = path.hasSuffix(".json") ? "{\"client_secret\": \"${CLIENT_SECRET}\"}" : "registry=https://x\npassword = ${PYPI_PASSWORD}\n"
        #expect(postureFindings(CommittedPrivateKeyFileRule.self, [path: content]).isEmpty, "\(path)")
    }

    @Test func pypircPasswordsAreReportedWithoutTheValue() {
        let files = [".pypirc": "[pypi]\nusername = __token__\npassword = pypi-literal-value\n"]
        let found = postureFindings(CommittedPrivateKeyFileRule.self, files)
        #expect(found.count == 1)
        #expect(found.first?.primary.range.start.line == 3)
        #expect(found.allSatisfy { !$0.message.contains("pypi-literal") })
    }

    @Test(arguments: [".env.local", "config/.env.production", ".env.staging"])
    func envFilesAreReported(_ path: String) {
        #expect(postureFindings(CommittedEnvFileRule.self, [path: "A=1\n"]).count == 1)
    }

    @Test(arguments: [".env.sample", ".env.template", "docs/.env.local.example", "env.md", ".envrc"])
    func envTemplatesAreNotReported(_ path: String) {
        #expect(postureFindings(CommittedEnvFileRule.self, [path: "A=1\n"]).isEmpty)
    }

    @Test func toolPatternsNeedNoServersWhenNoneAreConfigured() {
        let files = ["catalog/policies/tool_permissions.yaml": "tools:\n  github.create_issue: REQUIRE_APPROVAL\n  gitlab.*: NEVER\n"]
        #expect(postureFindings(InvalidToolPatternRule.self, files).isEmpty)
    }

    @Test func governanceAcceptsTheGeneratorsPolicy() {
        let files = ["catalog/policies/flow_governance.yaml": """
            version: 1.0.0
            min_success_rate: 0.9
            max_avg_latency_ms: 2500
            per_step:
              finalize:
                max_error_rate: 0.05
                max_avg_latency_ms: 2000
            models:
              denylist: [gpt-4o-realtime, internal-experimental-*]
            """]
        #expect(postureFindings(InvalidGovernanceThresholdRule.self, files).isEmpty)
    }
}
