/// Helpers shared by the reporters: counts, summaries, fingerprints, hashing.
enum ReportSupport {
    /// Number of diagnostics of each severity.
    struct Counts: Equatable {
        var errors = 0
        var warnings = 0
        var infos = 0

        init(_ diagnostics: [Diagnostic]) {
            for diagnostic in diagnostics {
                switch diagnostic.severity {
                case .error: errors += 1
                case .warning: warnings += 1
                case .info: infos += 1
                }
            }
        }
    }

    /// `text` with every control character (C0, DEL, C1; tabs and line breaks included) replaced by
    /// U+FFFD, as snippets show them: file names and messages come from the repository, and a
    /// newline or an escape sequence in one must not forge an output line or drive the terminal.
    static func printable(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars { out.append(isControl(scalar) ? "\u{FFFD}" : scalar) }
        return String(out)
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }

    /// "1 error" / "2 errors".
    static func plural(_ count: Int, _ noun: String) -> String {
        "\(count) \(noun)\(count == 1 ? "" : "s")"
    }

    /// "a, b and c".
    static func list(_ parts: [String]) -> String {
        guard parts.count > 1, let last = parts.last else { return parts.first ?? "" }
        return parts.dropLast().joined(separator: ", ") + " and " + last
    }

    /// The final summary line: `found 2 errors and 1 warning in 3 files`, or
    /// `no problems found in 3 files`.
    static func summary(_ diagnostics: [Diagnostic], filesChecked: Int) -> String {
        let counts = Counts(diagnostics)
        let files = plural(filesChecked, "file")
        var parts: [String] = []
        if counts.errors > 0 { parts.append(plural(counts.errors, "error")) }
        if counts.warnings > 0 { parts.append(plural(counts.warnings, "warning")) }
        if counts.infos > 0 { parts.append(plural(counts.infos, "info")) }
        guard !parts.isEmpty else { return "no problems found in \(files)" }
        return "found \(list(parts)) in \(files)"
    }

    /// One stable fingerprint per diagnostic (same order as `diagnostics`).
    ///
    /// The identity is `rule id + path + diagnostic.fingerprint` when the diagnostic carries a
    /// fingerprint (stable across line moves, messages may embed line numbers), else
    /// `rule id + path + message`. It is hashed with FNV-1a 64 and written as 16 lowercase hex digits.
    /// When several diagnostics of one run share an identity, the second gets the suffix `:2`, the
    /// third `:3`, and so on (in report order), so that no two results collapse into one alert.
    static func fingerprints(_ diagnostics: [Diagnostic]) -> [String] {
        var seen: [String: Int] = [:]
        return diagnostics.map { diagnostic in
            let identity = [
                diagnostic.ruleID, diagnostic.primary.path, diagnostic.fingerprint ?? diagnostic.message,
            ].joined(separator: "\u{0}")
            let hash = fnv1a64Hex(identity)
            let occurrence = (seen[hash] ?? 0) + 1
            seen[hash] = occurrence
            return occurrence == 1 ? hash : "\(hash):\(occurrence)"
        }
    }

    /// FNV-1a 64 as 16 lowercase hex digits (see `StableHash`).
    static func fnv1a64Hex(_ text: String) -> String { StableHash.fnv1a64Hex(text) }
}
