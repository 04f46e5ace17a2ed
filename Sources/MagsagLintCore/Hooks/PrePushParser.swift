/// One ref git is pushing, from a line of the pre-push hook's standard input.
public struct PushedRef: Sendable, Hashable {
    /// The local ref being pushed (`refs/heads/feature`, `HEAD`, or `(delete)` for a deletion).
    public var localRef: String
    /// The commit being pushed; all zeros for a deletion.
    public var localSHA: String
    /// The ref updated on the remote.
    public var remoteRef: String
    /// The remote's current commit for that ref; all zeros when the ref is new there.
    public var remoteSHA: String

    /// Creates a value.
    public init(localRef: String, localSHA: String, remoteRef: String, remoteSHA: String) {
        self.localRef = localRef
        self.localSHA = localSHA
        self.remoteRef = remoteRef
        self.remoteSHA = remoteSHA
    }

    /// The push deletes `remoteRef` (nothing to lint).
    public var isDeletion: Bool { PrePushParser.isZero(localSHA) }

    /// `remoteRef` does not exist on the remote yet.
    public var isNewOnRemote: Bool { PrePushParser.isZero(remoteSHA) }

    /// The name shown in notes: the local ref, or the remote ref for deletions and detached pushes.
    public var displayName: String {
        localRef.hasPrefix("refs/") ? localRef : remoteRef
    }
}

/// Parses the standard input git gives the pre-push hook: one line per pushed ref,
/// `<local ref> SP <local sha> SP <remote ref> SP <remote sha> LF`.
///
/// A pure function so it can be fuzzed: every input either parses or throws a `LintError` naming
/// the line, never traps.
public enum PrePushParser {
    /// Every pushed ref, in input order. Blank lines are ignored and CRLF endings accepted.
    public static func parse(_ text: String) throws(LintError) -> [PushedRef] {
        var refs: [PushedRef] = []
        for (offset, rawLine) in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).enumerated() {
            // "\r\n" is one Character in Swift, hence both separators above.
            var line = Substring(rawLine)
            if line.hasSuffix("\r") { line = line.dropLast() }
            if line.allSatisfy({ $0 == " " || $0 == "\t" }) { continue }
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard fields.count == 4 else {
                throw malformed(line: offset + 1, text: line, reason: "expected 4 fields, found \(fields.count)")
            }
            let ref = PushedRef(
                localRef: String(fields[0]), localSHA: String(fields[1]).lowercased(),
                remoteRef: String(fields[2]), remoteSHA: String(fields[3]).lowercased())
            for (name, sha) in [("local", ref.localSHA), ("remote", ref.remoteSHA)] where !isObjectID(sha) {
                throw malformed(line: offset + 1, text: line, reason: "the \(name) sha is not a 40 or 64 digit hex object id")
            }
            if ref.localSHA.count != ref.remoteSHA.count {
                throw malformed(line: offset + 1, text: line, reason: "the local and remote shas have different lengths")
            }
            for name in [ref.localRef, ref.remoteRef] where name.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
                throw malformed(line: offset + 1, text: line, reason: "a ref name contains a control character")
            }
            refs.append(ref)
        }
        return refs
    }

    /// Whether `sha` is all zeros (git's "no object").
    public static func isZero(_ sha: String) -> Bool {
        !sha.isEmpty && sha.allSatisfy { $0 == "0" }
    }

    private static func isObjectID(_ text: String) -> Bool {
        (text.utf8.count == 40 || text.utf8.count == 64) && text.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x61 && byte <= 0x66)
        }
    }

    private static func malformed(line: Int, text: Substring, reason: String) -> LintError {
        LintError(
            code: "usage",
            message: "malformed pre-push input on line \(line): \(reason); git sends "
                + "'<local ref> <local sha> <remote ref> <remote sha>' per line, got '\(shown(text))'")
    }

    /// The offending line, with control characters escaped and cut to 120 characters.
    private static func shown(_ text: Substring) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            if result.unicodeScalars.count >= 120 {
                result += "…"
                break
            }
            result += scalar.value < 0x20 || scalar.value == 0x7F
                ? "\\u{\(String(scalar.value, radix: 16))}" : String(scalar)
        }
        return result
    }
}
