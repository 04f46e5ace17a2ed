import MagsagCatalog
import MagsagLintCore
import MagsagSource

/// Reports MCP servers started through a shell (`sh -c`, `bash -lc`, `cmd /c`, `pwsh -Command`).
public struct MCPShellWrapperRule: FileRule {
    public init() {}

    public static let description = RuleDescription(
        id: "mcp-shell-wrapper",
        name: "MCP shell wrapper",
        category: .security,
        defaultSeverity: .warning,
        summary: "An MCP server is started through a shell command string",
        rationale: """
            `command: sh` with `args: [-c, "npx … && …"]` hides the real program from reviews and from the \
            pinning check, expands variables and globs the config did not intend, and lets a value that reaches \
            the string run arbitrary commands. Reported: `sh`, `bash`, `zsh`, `dash`, `ksh`, `ash`, `fish` \
            with `-c` (also combined, `-lc`), `cmd` with `/c` or `/k`, `powershell`/`pwsh` with `-Command`, \
            `-c` or `-EncodedCommand`.
            """,
        fix: "Run the program directly: `command: npx`, `args: [-y, pkg@1.2.3]`, and pass settings through `env`.",
        triggeringExamples: [
            Example("tools/adk/servers/fetch.yaml", """
                id: fetch
                transport:
                  type: stdio
                  command: ↓bash
                  args: [-lc, "npx -y server-fetch@1.0.0"]
                """),
            Example(".mcp/servers/win.yaml", "id: win\ncommand: ↓cmd\nargs: [/c, server.cmd]\n"),
        ],
        nonTriggeringExamples: [
            Example("tools/adk/servers/fetch.yaml", """
                id: fetch
                transport:
                  type: stdio
                  command: npx
                  args: [-y, server-fetch@1.0.0]
                """),
            Example("tools/adk/servers/script.yaml", "id: script\ntransport:\n  type: stdio\n  command: bash\n  args: [servers/script/run.sh]\n",
                    note: "Running a script file is not a command string."),
        ])

    private static let shells: Set<String> = ["sh", "bash", "zsh", "dash", "ksh", "ash", "fish"]

    public func check(_ document: LintDocument, into sink: inout DiagnosticSink) {
        guard PosturePaths.isMCPServerConfig(document.path, mcp: sink.settings.roots.mcp), let root = document.root else { return }
        for launch in MCPLaunch.all(in: CatalogField(path: document.path, value: root)) {
            let words = launch.words
            guard let first = words.first else { continue }
            let program = MCPLaunch.program(first.text)
            let flags = words.dropFirst().map(\.text)
            let wrapped: Bool
            if Self.shells.contains(program) {
                wrapped = flags.contains { $0.hasPrefix("-") && !$0.hasPrefix("--") && $0.utf8Contains("c") }
            } else if program == "cmd" {
                wrapped = flags.contains { ["/c", "/k"].contains($0.lowercased()) }
            } else if program == "powershell" || program == "pwsh" {
                wrapped = flags.contains { ["-command", "-c", "-encodedcommand", "-ec"].contains($0.lowercased()) }
            } else {
                wrapped = false
            }
            guard wrapped else { continue }
            sink.report("mcp server is started through the shell '\(program)' with a command string", at: first.field,
                        label: "shell wrapper", help: "set `command` to the program itself and list its arguments in `args`")
        }
    }
}
