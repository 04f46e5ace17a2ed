import MagsagLintCore
import MagsagSource

/// Reports files that git records as executable (`100755`) although they are not scripts or programs.
public struct ExecutableNonScriptRule: FileRule {
    public init() {}

    public static let description = RuleDescription(
        id: "executable-non-script",
        name: "Executable non-script",
        category: .security,
        defaultSeverity: .warning,
        summary: "A file that is not a script or a program is committed with its executable bit set",
        rationale: """
            An executable bit on a JSON, YAML or Markdown file usually comes from a tool or a file system that \
            does not keep modes (a Windows checkout, an archive, `chmod -R`). It is noise in reviews at best; at \
            worst a data file that a careless `./file` or a glob over executables runs through the shell. The \
            rule reads the mode git records (the index for `--staged`, the commit for `--rev`, `--since` and \
            `--range`, the file system for the work tree) and reports an executable file unless it starts \
            with `#!`, is a native program (ELF, Mach-O, PE, a WebAssembly module) or has a script extension \
            (`sh`, `bash`, `zsh`, `fish`, `ps1`, `bat`, `cmd`, `py`, `rb`, `pl`, `php`, `lua`, `tcl`, `js`, \
            `mjs`, `cjs`, `ts`, `swift`, `r`, `jl`, `exe`, `bin`, `run`, `appimage` and a few more). Files of \
            a plain folder outside git and in-memory files carry no mode, so examples cannot show a finding; a \
            dedicated test covers it.
            """,
        fix: "Clear the bit and commit the mode change: `git update-index --chmod=-x <path>` (or `chmod -x <path>` and `git add`).",
        triggeringExamples: [],
        nonTriggeringExamples: [
            Example("catalog/agents/main/a-mag/agent.yaml", "slug: a-mag\n", note: "A file without an executable bit."),
        ])

    /// Extensions of files meant to be run.
    static let scriptExtensions: Set<String> = [
        "sh", "bash", "zsh", "ksh", "fish", "csh", "tcsh", "ps1", "psm1", "bat", "cmd", "command", "py", "pyw", "rb", "pl",
        "pm", "php", "lua", "tcl", "js", "mjs", "cjs", "ts", "mts", "cts", "swift", "r", "jl", "groovy", "gradle", "awk",
        "sed", "exe", "bin", "run", "appimage", "out", "so", "dylib", "dll", "jar", "elf", "wasm", "kts", "scala", "exs",
    ]

    public func check(_ document: LintDocument, into sink: inout DiagnosticSink) {
        let file = document.file
        guard file.isExecutable, !Self.isScriptOrProgram(file) else { return }
        sink.report("file is committed as executable but is not a script or a program", path: file.path, range: .fileStart,
                    label: "mode 100755", help: "clear the bit with `git update-index --chmod=-x \(file.path)`")
    }

    /// Whether `file` is meant to be executed: a shebang, a native binary format or a script extension.
    static func isScriptOrProgram(_ file: SourceFile) -> Bool {
        let bytes = file.bytes
        if bytes.starts(with: Array("#!".utf8)) || bytes.starts(with: [0xEF, 0xBB, 0xBF, 0x23, 0x21]) { return true }
        let magics: [[UInt8]] = [
            [0x7F, 0x45, 0x4C, 0x46],  // ELF
            [0xCF, 0xFA, 0xED, 0xFE], [0xCE, 0xFA, 0xED, 0xFE], [0xFE, 0xED, 0xFA, 0xCF], [0xFE, 0xED, 0xFA, 0xCE],  // Mach-O
            [0xCA, 0xFE, 0xBA, 0xBE],  // Mach-O universal, Java class
            [0x4D, 0x5A],  // PE (MZ)
            [0x00, 0x61, 0x73, 0x6D],  // WebAssembly
        ]
        if magics.contains(where: { bytes.starts(with: $0) }) { return true }
        return scriptExtensions.contains(file.pathExtension)
    }
}
