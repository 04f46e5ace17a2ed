import MagsagCatalog
import MagsagLintCore
import MagsagSource

/// Reports MCP server configs that run a package (`npx`, `uvx`, `docker run`, …) without pinning it
/// to one exact version.
public struct UnpinnedMCPPackageRule: FileRule {
    public init() {}

    public static let description = RuleDescription(
        id: "unpinned-mcp-package",
        name: "Unpinned MCP package",
        category: .security,
        defaultSeverity: .warning,
        summary: "An MCP server config runs a package without pinning it to one exact version",
        rationale: """
            `npx -y some-server` downloads whatever version is newest when the server starts: a compromised \
            or broken release runs with the agent's credentials on the next start, and two runs of the same \
            catalog can use different code. The rule reads the command line (`command` and `args`, also in \
            `fallback[]` and the flat `.mcp` form) of `npx`, `bunx`, `pnpx`, `npm exec`, `pnpm dlx`, \
            `yarn dlx`, `bun x` (npm specs must be `name@1.2.3`: no version, a dist-tag such as `@latest` or a \
            range such as `@^1.2` is reported; git specs need a `#<commit>`), `uvx`, `uv tool run`, \
            `pipx run` (Python specs must be `name==1.2.3` or `name@1.2.3`, also in `--from`/`--with`), and \
            `docker run`/`podman run` (an image needs a `@sha256:` digest or a tag other than `latest`; set the \
            option `require-image-digest: true` to require a digest). Local paths and specs built from \
            `${VAR}` are not judged. Programs run from the repository (`node servers/x/index.js`) are not \
            packages and are not reported.
            """,
        fix: "Pin the package: `pkg@1.4.2`, `pkg==1.4.2`, or `image@sha256:<digest>`; update it deliberately.",
        triggeringExamples: [
            Example("tools/adk/servers/fetch.yaml", """
                id: fetch
                transport:
                  type: stdio
                  command: npx
                  args: ["-y", ↓"@modelcontextprotocol/server-fetch"]
                fallback:
                  - type: stdio
                    command: uvx
                    args: [↓mcp-server-fetch>=0.6]
                """),
            Example(".mcp/servers/github.yaml", """
                id: github
                command: docker
                args: [run, -i, --rm, -e, GITHUB_TOKEN, ↓ghcr.io/github/github-mcp-server:latest]
                """),
            Example("tools/adk/servers/notes.yaml", "id: notes\ntransport:\n  type: stdio\n  command: ↓npx -y notes-mcp@latest\n"),
        ],
        nonTriggeringExamples: [
            Example("tools/adk/servers/fetch.yaml", """
                id: fetch
                transport:
                  type: stdio
                  command: npx
                  args: ["-y", "@modelcontextprotocol/server-fetch@0.6.2"]
                fallback:
                  - type: stdio
                    command: uvx
                    args: [--from, mcp-server-fetch==0.6.2, mcp-server-fetch]
                """),
            Example("tools/adk/servers/local.yaml", "id: local\ntransport:\n  type: stdio\n  command: node\n  args: [servers/local/index.js]\n"),
        ])

    public func check(_ document: LintDocument, into sink: inout DiagnosticSink) {
        guard PosturePaths.isMCPServerConfig(document.path, mcp: sink.settings.roots.mcp), let root = document.root else { return }
        let requireDigest = sink.boolOption("require-image-digest", default: false)
        for launch in MCPLaunch.all(in: CatalogField(path: document.path, value: root)) {
            for finding in PackagePin.check(launch.words, requireImageDigest: requireDigest) {
                sink.report("package '\(finding.word.text)' \(finding.problem)", at: finding.word.field, label: "not pinned",
                            help: "pin one exact version (pkg@1.2.3, pkg==1.2.3, image@sha256:…)")
            }
        }
    }
}
