import MagsagLintCore
import MagsagSource

/// Builds secret diagnostics that never contain the secret: the message names the format and shows
/// at most the first four characters and the length; the snippet range is marked for redaction; the
/// fingerprint is a SHA-256 of rule, path and secret.
enum SecretReport {
    /// How many leading characters of a secret of `length` characters may be shown: 4, or fewer for
    /// short secrets (a quarter of the length), so at least three quarters stay hidden.
    static func revealedCount(length: Int) -> Int { min(4, length / 4) }

    /// A diagnostic for the secret at `range` of `document`.
    static func diagnostic(
        ruleID: String, severity: Severity, kind: String, document: LintDocument, range: Range<Int>, help: String
    ) -> Diagnostic {
        let bytes = document.file.bytes
        let secret = Array(bytes[range])
        let characters = String(decoding: secret, as: UTF8.self).unicodeScalars.count
        let revealedScalars = revealedCount(length: characters)
        var revealedEnd = range.lowerBound
        var scalars = 0
        while revealedEnd < range.upperBound, scalars < revealedScalars {
            revealedEnd += 1
            while revealedEnd < range.upperBound, bytes[revealedEnd] & 0xC0 == 0x80 { revealedEnd += 1 }
            scalars += 1
        }
        let shown = String(decoding: bytes[range.lowerBound..<revealedEnd], as: UTF8.self)
        let printable = shown.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value != 0x22 && $0.value != 0x5C && $0.value < 0x7F }
        let preview = printable ? "\"\(shown)…\" " : ""
        let message = "hard-coded \(kind) \(preview)(\(characters) characters)"
        let file = document.file
        return Diagnostic(
            ruleID: ruleID, severity: severity, message: message,
            primary: Location(path: document.path, range: file.range(from: range.lowerBound, to: range.upperBound), label: "secret"),
            notes: ["the value is not shown; rotate it if it was ever pushed"],
            help: help,
            fingerprint: fingerprint(ruleID: ruleID, path: document.path, secret: secret),
            redactions: [file.range(from: revealedEnd, to: range.upperBound)])
    }

    /// SHA-256 hex of `rule \0 path \0 secret`: stable across line moves, useless for recovering the secret.
    static func fingerprint(ruleID: String, path: String, secret: [UInt8]) -> String {
        SHA256.hex(Array(ruleID.utf8) + [0] + Array(path.utf8) + [0] + secret)
    }
}
