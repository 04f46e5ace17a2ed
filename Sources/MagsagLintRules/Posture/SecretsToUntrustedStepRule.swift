import MagsagCatalog
import MagsagLintCore
import MagsagSource

/// Reports secrets handed to actions not pinned by SHA, or to steps that run after a pull request's
/// head is checked out in a `pull_request_target` job.
public struct SecretsToUntrustedStepRule: FileRule {
    public init() {}

    public static let description = RuleDescription(
        id: "secrets-to-untrusted-step",
        name: "Secrets to untrusted step",
        category: .security,
        defaultSeverity: .error,
        summary: "A workflow passes secrets to an action not pinned by SHA or to untrusted pull request code",
        rationale: """
            A secret in a step's `with:` or `env:` is readable by the code that step runs. For a third-party \
            action referenced by a tag, that code can change at any time; in a `pull_request_target` job, \
            every step after a checkout of the pull request's head may run the contributor's code (build \
            scripts, test hooks). The rule reports `${{ secrets.* }}` passed to an unpinned third-party \
            action (`actions/*` and `github/*` are trusted unless the option `allow-first-party: false`), \
            `secrets: inherit` or explicit secrets given to an unpinned reusable workflow, and secrets in any \
            step (or the job's `env:`) after a head checkout in a `pull_request_target` job.
            """,
        fix: "Pin the action to a commit SHA, or restructure the pull_request_target job so untrusted code never runs next to secrets.",
        triggeringExamples: [
            Example(".github/workflows/deploy.yml", """
                on: push
                permissions:
                  contents: read
                jobs:
                  deploy:
                    runs-on: ubuntu-latest
                    steps:
                      - uses: some-org/deploy-action@v2
                        with:
                          api-key: ↓${{ secrets.DEPLOY_KEY }}
                  shared:
                    uses: some-org/workflows/.github/workflows/deploy.yml@main
                    secrets: ↓inherit
                """),
            Example(".github/workflows/pr.yml", """
                on: pull_request_target
                permissions:
                  contents: read
                jobs:
                  test:
                    runs-on: ubuntu-latest
                    steps:
                      - uses: actions/checkout@v4
                        with:
                          ref: ${{ github.event.pull_request.head.sha }}
                      - run: npm test
                        env:
                          NPM_TOKEN: ↓${{ secrets.NPM_TOKEN }}
                """),
        ],
        nonTriggeringExamples: [
            Example(".github/workflows/deploy.yml", """
                on: push
                permissions:
                  contents: read
                jobs:
                  deploy:
                    runs-on: ubuntu-latest
                    steps:
                      - uses: some-org/deploy-action@0123456789abcdef0123456789abcdef01234567 # v2
                        with:
                          api-key: ${{ secrets.DEPLOY_KEY }}
                      - uses: actions/setup-node@v4
                        with:
                          token: ${{ secrets.GITHUB_TOKEN }}
                      - run: ./deploy.sh
                        env:
                          TOKEN: ${{ secrets.DEPLOY_KEY }}
                """),
        ])

    public func check(_ document: LintDocument, into sink: inout DiagnosticSink) {
        guard let workflow = Workflow(document) else { return }
        let allowFirstParty = sink.boolOption("allow-first-party", default: true)
        let privileged = workflow.triggers.contains("pull_request_target")
        for job in workflow.jobs {
            if let uses = job.field.child("uses")?.string, Workflow.usesProblem(uses, allowFirstParty: allowFirstParty) != nil,
               let secrets = job.field.child("secrets") {
                if secrets.string == "inherit" {
                    report(secrets, why: "every secret is inherited by the unpinned reusable workflow '\(uses)'", into: &sink)
                }
                for member in secrets.members where member.field.string.map(Workflow.passesSecret) == true {
                    report(member.field, why: "a secret is passed to the unpinned reusable workflow '\(uses)'", into: &sink)
                }
            }
            let steps = Workflow.steps(job.field)
            let checkout = privileged ? steps.firstIndex { Workflow.headCheckout($0) != nil } : nil
            if checkout != nil {
                for member in job.field.child("env")?.members ?? [] where member.field.string.map(Workflow.passesSecret) == true {
                    report(member.field, why: "a secret is in the environment of a pull_request_target job that checks out the pull request's head", into: &sink)
                }
            }
            for (index, step) in steps.enumerated() {
                var why: String?
                if let checkout, index > checkout {
                    why = "a secret reaches a step that runs after the pull request's head was checked out (pull_request_target)"
                } else if let uses = step.child("uses")?.string, Workflow.usesProblem(uses, allowFirstParty: allowFirstParty) != nil {
                    why = "a secret is passed to '\(uses)', which is not pinned to a commit SHA"
                }
                guard let why else { continue }
                for key in ["with", "env"] {
                    for member in step.child(key)?.members ?? [] where member.field.string.map(Workflow.passesSecret) == true {
                        report(member.field, why: why, into: &sink)
                    }
                }
            }
        }
    }

    private func report(_ field: CatalogField, why: String, into sink: inout DiagnosticSink) {
        sink.report(why, at: field, label: "secret exposed",
                    help: "pin the action or workflow to a commit SHA, or keep secrets away from untrusted code")
    }
}
