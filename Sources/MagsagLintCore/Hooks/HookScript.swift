/// The git hooks magsag-lint installs.
public enum HookKind: String, Sendable, CaseIterable, Hashable {
    case preCommit = "pre-commit"
    case prePush = "pre-push"
}

/// The text of the hook scripts: `magsag-lint install` writes exactly these bytes, and the project's
/// `hooks/` folder holds the same files for manual or `core.hooksPath` use (a test keeps them equal).
///
/// The scripts are POSIX `sh`. Each one first runs a foreign hook that `install` moved aside
/// (`<hook>.pre-magsag-lint`, only when executable, as git itself would), stopping on its failure,
/// then execs `magsag-lint hook <name>` with the hook's arguments and standard input.
public enum HookScript {
    /// The line that marks a script as ours: `uninstall` removes only files containing it.
    public static let marker = "# magsag-lint managed hook"

    /// Suffix of a foreign hook that `install` renamed to chain to it.
    public static let chainedSuffix = ".pre-magsag-lint"

    /// The script for `kind`.
    public static func text(for kind: HookKind) -> String {
        let name = kind.rawValue
        let header = """
            #!/bin/sh
            \(marker): \(name)
            # Installed by `magsag-lint install`; `magsag-lint uninstall` removes it and restores a hook
            # it chained to. Also usable by hand or through `git config core.hooksPath hooks`.
            # MAGSAG_LINT=/path/to/magsag-lint picks the binary; MAGSAG_LINT_SKIP=1 skips the check.
            chained="$0\(chainedSuffix)"

            """
        // pre-push reads the pushed refs on stdin: both the chained hook and magsag-lint need them,
        // so they are saved once and each reader gets its own descriptor (no temporary file left).
        let chain: String
        switch kind {
        case .preCommit:
            chain = """
                if [ -x "$chained" ]; then
                  "$chained" "$@" || exit $?
                fi

                """
        case .prePush:
            chain = """
                if [ -x "$chained" ]; then
                  saved=$(mktemp "${TMPDIR:-/tmp}/magsag-lint-pre-push.XXXXXX") || exit 1
                  cat >"$saved"
                  exec 3<"$saved" 4<"$saved"
                  rm -f "$saved"
                  "$chained" "$@" <&3 || exit $?
                  exec 0<&4 3<&- 4<&-
                fi

                """
        }
        let run = """
            if [ "${MAGSAG_LINT_SKIP:-0}" = 1 ]; then
              echo "magsag-lint: MAGSAG_LINT_SKIP=1, \(name) check skipped" >&2
              exit 0
            fi
            lint="${MAGSAG_LINT:-magsag-lint}"
            if ! command -v "$lint" >/dev/null 2>&1; then
              echo "magsag-lint: cannot run the \(name) check: '$lint' not found (looked on PATH and in MAGSAG_LINT)" >&2
              echo "  build it (swift build -c release) and put .build/release/magsag-lint on PATH," >&2
              echo "  or set MAGSAG_LINT=/path/to/magsag-lint; MAGSAG_LINT_SKIP=1 skips this check once" >&2
              exit 1
            fi
            exec "$lint" hook \(name) "$@"

            """
        return header + chain + run
    }

    /// Whether a hook file's content is one of our scripts (any version): it has the marker line.
    public static func isManaged(_ bytes: [UInt8]) -> Bool {
        let text = String(decoding: bytes, as: UTF8.self)
        return text.split(whereSeparator: \.isNewline).contains { $0.hasPrefix(marker) }
    }
}
