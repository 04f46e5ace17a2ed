import MagsagLintCore
import MagsagSource

/// Reports committed `.env` files (templates excepted).
public struct CommittedEnvFileRule: FileRule {
    public init() {}

    /// Suffixes that mark an env file as a template (`.env.example`).
    static let templateSuffixes: Set<String> = ["example", "sample", "template", "dist", "defaults"]

    public static let description = RuleDescription(
        id: "committed-env-file",
        name: "Committed env file",
        category: .security,
        defaultSeverity: .error,
        summary: "An environment file (.env, .env.local, .env.production) is committed",
        rationale: """
            `.env` files hold the real values of a developer's or a deployment's variables, credentials \
            included, and tools load them automatically; committed, they leak to everyone with access and \
            stay in the history. Templates meant to be committed are recognised by their last suffix: \
            `.env.example`, `.env.sample`, `.env.template`, `.env.dist`, `.env.defaults`. The rule looks at \
            file names only, so it applies to every linted path; the default scope covers root files and the \
            MAGSAG folders, `--all` or `include` widens it.
            """,
        fix: "Remove the file from the repository (`git rm --cached .env`), add it to `.gitignore`, rotate its secrets, and commit a `.env.example` instead.",
        triggeringExamples: [
            Example(".env", "↓LOG_LEVEL=debug\n"),
            Example("docs/.env.production", "↓API_URL=https://api.example.com\n"),
        ],
        nonTriggeringExamples: [
            Example(".env.example", "API_KEY=<your-api-key>\n"),
            Example("docs/environment.md", "Copy `.env.example` to `.env`.\n"),
        ])

    public func check(_ document: LintDocument, into sink: inout DiagnosticSink) {
        // Nearly every name is not `.env…`: a look at the name's first bytes answers for it without the
        // text comparisons (which answer for the rest, a name with a non-ASCII byte included).
        guard Self.mayBeEnvFile(document.path) else { return }
        let segment = document.path.lastPathSegment
        guard segment == ".env" || segment.hasPrefix(".env.") else { return }
        let name = String(segment)
        let last = name.asciiSplit(".").last.map { $0.lowercased() } ?? ""
        guard !Self.templateSuffixes.contains(last) else { return }
        sink.report("environment file '\(name)' is committed", path: document.path, range: .fileStart, label: "env file",
                    help: "remove it from the repository, ignore it, rotate its values, and commit a .env.example instead")
    }
}

extension CommittedEnvFileRule {
    /// False only when the path's last segment certainly neither is `.env` nor starts with `.env.`: it
    /// does not start with the bytes `.env`.
    static func mayBeEnvFile(_ path: String) -> Bool {
        path.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            let start = ASCIIBytes.nameStart(bytes)
            return bytes.count - start >= 4 && bytes[start] == UInt8(ascii: ".") && bytes[start + 1] == UInt8(ascii: "e")
                && bytes[start + 2] == UInt8(ascii: "n") && bytes[start + 3] == UInt8(ascii: "v")
        } ?? true
    }
}
