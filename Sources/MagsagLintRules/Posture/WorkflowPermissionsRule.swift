import MagsagCatalog
import MagsagLintCore
import MagsagSource

/// Reports workflows without a top-level `permissions:` and `write-all` grants.
public struct WorkflowPermissionsRule: FileRule {
    public init() {}

    public static let description = RuleDescription(
        id: "workflow-permissions",
        name: "Workflow permissions",
        category: .security,
        defaultSeverity: .warning,
        summary: "A workflow leaves its token permissions at the default or grants write-all",
        rationale: """
            Without `permissions:` the `GITHUB_TOKEN` gets the repository's default, which is read-write on \
            many repositories: any step (or compromised action) can push code or publish releases. The rule \
            reports a workflow with no top-level `permissions:` unless every job declares its own, and \
            `write-all` at the top or on a job. Scoped grants (`contents: write`) are what least privilege \
            looks like and are not reported.
            """,
        fix: "Add `permissions: {contents: read}` at the top and grant writes per job, only where needed.",
        triggeringExamples: [
            Example(".github/workflows/ci.yml", """
                ↓name: ci
                on: push
                jobs:
                  test:
                    runs-on: ubuntu-latest
                    steps:
                      - run: make test
                """),
            Example(".github/workflows/release.yml", """
                on: push
                permissions: ↓write-all
                jobs:
                  publish:
                    runs-on: ubuntu-latest
                    permissions: ↓write-all
                    steps:
                      - run: make release
                """),
        ],
        nonTriggeringExamples: [
            Example(".github/workflows/ci.yml", """
                name: ci
                on: push
                permissions:
                  contents: read
                jobs:
                  release:
                    runs-on: ubuntu-latest
                    permissions:
                      contents: write
                    steps:
                      - run: make release
                """),
            Example(".github/workflows/lint.yml", """
                on: pull_request
                jobs:
                  lint:
                    runs-on: ubuntu-latest
                    permissions: read-all
                    steps:
                      - run: make lint
                """, note: "Every job declares its permissions."),
        ])

    public func check(_ document: LintDocument, into sink: inout DiagnosticSink) {
        guard let workflow = Workflow(document) else { return }
        let topLevel = workflow.root.child("permissions")
        if let topLevel {
            reportWriteAll(topLevel, into: &sink)
        } else if workflow.jobs.contains(where: { $0.field.child("permissions") == nil }),
                  let first = workflow.root.value.objectValue?.members.first {
            var anchor = workflow.root
            anchor.value.range = first.keyRange
            sink.report("workflow has no top-level 'permissions:'; its token gets the repository's default permissions",
                        at: anchor, label: "no permissions", help: "add `permissions: {contents: read}` and grant more per job")
        }
        for job in workflow.jobs {
            if let permissions = job.field.child("permissions") { reportWriteAll(permissions, into: &sink) }
        }
    }

    private func reportWriteAll(_ field: CatalogField, into sink: inout DiagnosticSink) {
        guard field.string == "write-all" else { return }
        sink.report("'permissions: write-all' grants the token every write scope", at: field, label: "write-all",
                    help: "list only the scopes the job needs, e.g. `contents: write`")
    }
}
