import MagsagCatalog
import MagsagLintCore
import MagsagSource

/// Reports third-party actions and reusable workflows not pinned to a full commit SHA.
public struct UnpinnedActionRule: FileRule {
    public init() {}

    public static let description = RuleDescription(
        id: "unpinned-action",
        name: "Unpinned action",
        category: .security,
        defaultSeverity: .warning,
        summary: "A workflow uses a third-party action or reusable workflow not pinned to a full commit SHA",
        rationale: """
            A tag or branch (`@v4`, `@main`) can be moved by whoever controls the action's repository, and the \
            next run executes the new code with the workflow's token and secrets (the tj-actions/changed-files \
            compromise of 2025 did exactly that). A 40-character commit SHA cannot be moved. Actions owned by \
            GitHub (`actions/*`, `github/*`) are allowed with a tag by default; set the option \
            `allow-first-party: false` to require SHAs for them too. `docker://` images need a `@sha256:` \
            digest; local actions (`./…`) are not reported.
            """,
        fix: "Pin the full commit SHA and keep the tag in a comment: `uses: owner/action@<40-hex-sha> # v1.2.3`.",
        triggeringExamples: [
            Example(".github/workflows/ci.yml", """
                on: push
                permissions:
                  contents: read
                jobs:
                  build:
                    runs-on: ubuntu-latest
                    steps:
                      - uses: actions/checkout@v4
                      - uses: ↓tj-actions/changed-files@v45
                      - uses: ↓docker://alpine:3.20
                  release:
                    uses: ↓octo-org/workflows/.github/workflows/release.yml@main
                """),
        ],
        nonTriggeringExamples: [
            Example(".github/workflows/ci.yml", """
                on: push
                permissions:
                  contents: read
                jobs:
                  build:
                    runs-on: ubuntu-latest
                    steps:
                      - uses: actions/checkout@v4
                      - uses: tj-actions/changed-files@0123456789abcdef0123456789abcdef01234567 # v45
                      - uses: ./.github/actions/setup
                """),
        ])

    public func check(_ document: LintDocument, into sink: inout DiagnosticSink) {
        guard let workflow = Workflow(document) else { return }
        let allowFirstParty = sink.boolOption("allow-first-party", default: true)
        for job in workflow.jobs {
            var uses: [CatalogField] = job.field.child("uses").map { [$0] } ?? []
            uses += Workflow.steps(job.field).compactMap { $0.child("uses") }
            for field in uses {
                guard let text = field.string, let problem = Workflow.usesProblem(text, allowFirstParty: allowFirstParty) else { continue }
                sink.report("'\(text)' \(problem)", at: field, label: "not pinned",
                            help: "pin the commit: \(text.prefix { $0 != "@" })@<40-hex-sha> # <tag>")
            }
        }
    }
}
