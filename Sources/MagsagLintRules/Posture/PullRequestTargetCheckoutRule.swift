import MagsagCatalog
import MagsagLintCore
import MagsagSource

/// Reports `pull_request_target` workflows that check out the pull request's head.
public struct PullRequestTargetCheckoutRule: FileRule {
    public init() {}

    public static let description = RuleDescription(
        id: "pull-request-target-checkout",
        name: "pull_request_target checkout",
        category: .security,
        defaultSeverity: .error,
        summary: "A pull_request_target workflow checks out the pull request's head",
        rationale: """
            `pull_request_target` runs in the base repository's context, with its secrets and a token that can \
            write, for pull requests from any fork. Checking out the head (`ref: ${{ github.event.pull_request.head.sha }}`, \
            `head.ref`, `github.head_ref`, `refs/pull/…`, the head repository, or `gh pr checkout`) and then \
            building or testing it runs the contributor's code with those privileges ("pwn request").
            """,
        fix: """
            Use `pull_request` for building untrusted code; if the privileged part is needed, split it into a \
            `workflow_run` workflow that only consumes artifacts, and never executes the checked-out head.
            """,
        triggeringExamples: [
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
                          ref: ↓${{ github.event.pull_request.head.sha }}
                      - run: make test
                """),
        ],
        nonTriggeringExamples: [
            Example(".github/workflows/pr.yml", """
                on:
                  pull_request_target:
                    types: [opened]
                permissions:
                  pull-requests: write
                jobs:
                  label:
                    runs-on: ubuntu-latest
                    steps:
                      - uses: actions/checkout@v4
                      - run: ./label.sh
                """, note: "Checking out the base branch is safe."),
            Example(".github/workflows/test.yml", """
                on: pull_request
                permissions:
                  contents: read
                jobs:
                  test:
                    runs-on: ubuntu-latest
                    steps:
                      - uses: actions/checkout@v4
                        with:
                          ref: ${{ github.event.pull_request.head.sha }}
                """),
        ])

    public func check(_ document: LintDocument, into sink: inout DiagnosticSink) {
        guard let workflow = Workflow(document), workflow.triggers.contains("pull_request_target") else { return }
        for job in workflow.jobs {
            for step in Workflow.steps(job.field) {
                guard let field = Workflow.headCheckout(step) else { continue }
                sink.report("pull_request_target job '\(job.id)' checks out the pull request's head", at: field,
                            label: "untrusted code with base-repository privileges",
                            help: "build pull requests in a `pull_request` workflow; keep pull_request_target on the base branch")
            }
        }
    }
}
