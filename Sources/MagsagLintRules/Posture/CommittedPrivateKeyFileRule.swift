import MagsagLintCore
import MagsagSource

/// Reports committed private keys and credential files, by name and, where the name alone is
/// ambiguous, by content.
public struct CommittedPrivateKeyFileRule: FileRule {
    public init() {}

    public static let description = RuleDescription(
        id: "committed-private-key-file",
        name: "Committed private key file",
        category: .security,
        defaultSeverity: .error,
        summary: "A private key or credentials file is committed",
        rationale: """
            Key and credential files are whole credentials, not strings in a config: anyone with the \
            repository can sign, decrypt or log in as their owner. Reported by name: SSH keys (`id_rsa`, \
            `id_dsa`, `id_ecdsa`, `id_ed25519`, with `_sk` variants; `.pub` files are public), key stores \
            (`*.p12`, `*.pfx`, `*.jks`, `*.keystore`, `*.ppk`) and `.git-credentials`. Reported by content, \
            because the name alone also fits harmless files: `*.pem` and `*.key` holding a \
            `-----BEGIN … PRIVATE KEY-----` block (certificates are public), `credentials.json` and \
            `*service-account*.json`/`*-credentials.json` with a `private_key`, `client_secret` or \
            `refresh_token`, `.npmrc` with `_authToken`, `_auth` or `_password`, `.pypirc` with a `password`, \
            and `.netrc` with a `password` — unless the value is a `${VAR}` reference. Values are never printed.
            """,
        fix: "Remove the file from the repository and its history, rotate the key or credential, and load it at run time from a secret store.",
        triggeringExamples: [
            Example(".npmrc", "registry=https://registry.npmjs.org/\n//registry.npmjs.org/:_authToken=↓npm-token-committed-by-mistake\n"),
            Example("docs/certs/server.key", "↓-----BEGIN PRIVATE KEY-----\n(key material elided)\n-----END PRIVATE KEY-----\n"),
            Example("catalog/credentials.json", "{\"installed\": {\"client_id\": \"x.apps.example.com\", ↓\"client_secret\": \"not-shown\"}}\n"),
        ],
        nonTriggeringExamples: [
            Example(".npmrc", "//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n"),
            Example("docs/certs/ca.pem", "-----BEGIN CERTIFICATE-----\n(certificate elided)\n-----END CERTIFICATE-----\n"),
            Example("catalog/credentials.json", "{\"type\": \"authorized_user\", \"note\": \"fill in from the vault\"}\n"),
        ])

    private static let keyNames: Set<String> = ["id_rsa", "id_dsa", "id_ecdsa", "id_ed25519", "id_ecdsa_sk", "id_ed25519_sk", ".git-credentials"]
    private static let storeExtensions: Set<String> = ["p12", "pfx", "jks", "keystore", "ppk"]

    public func check(_ document: LintDocument, into sink: inout DiagnosticSink) {
        let file = document.file
        let pathExtension = file.pathExtension
        guard Self.mayConcern(document.path, pathExtension: pathExtension) else { return }
        let name = String(document.path.lastPathSegment)
        let lowered = name.lowercasedIfNeeded()
        if Self.keyNames.contains(lowered) || Self.storeExtensions.contains(pathExtension) {
            guard !file.bytes.isEmpty else { return }
            sink.report("private key or credential file '\(name)' is committed", path: document.path, range: .fileStart,
                        label: "key file", help: Self.help)
            return
        }
        guard file.isValidUTF8 else { return }
        if pathExtension == "pem" || pathExtension == "key", let text = file.text {
            if let begin = text.utf8.firstRange(of: Array("-----BEGIN ".utf8)) {
                let offset = text.utf8.distance(from: text.utf8.startIndex, to: begin.lowerBound)
                let line = text.utf8[begin.lowerBound...].prefix { $0 != UInt8(ascii: "\n") }
                if String(decoding: line, as: UTF8.self).utf8Contains("PRIVATE KEY-----") {
                    sink.report("'\(name)' holds a private key", path: document.path, range: file.range(from: offset, to: offset + 11),
                                label: "private key", help: Self.help)
                }
            }
        } else if document.kind == .json, lowered == "credentials.json" || lowered.hasSuffix("-credentials.json")
                    || lowered.utf8Contains("service-account") || lowered.utf8Contains("service_account") {
            jsonCredentials(document, into: &sink)
        } else if [".npmrc", ".pypirc", ".netrc", "_netrc"].contains(lowered), let text = file.text {
            configCredentials(document, text: text, name: lowered, into: &sink)
        }
    }

    /// Whether the file's name or extension may be one this rule reads (almost every file's is not),
    /// decided on the name's bytes: the full test made and lowered the name and hashed it, per file.
    /// Every name the tests below accept passes: a key or store extension, a name starting with `id_`,
    /// `.` or `_`, or one holding `credential` or `service`, in any case; a name with a non-ASCII byte
    /// always passes (lowering it may make ASCII).
    static func mayConcern(_ path: String, pathExtension: String) -> Bool {
        switch pathExtension {
        case "p12", "pfx", "jks", "keystore", "ppk", "pem", "key": return true
        default: break
        }
        return path.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            let start = ASCIIBytes.nameStart(bytes)
            guard start < bytes.count else { return true }
            let first = bytes[start]
            if first == UInt8(ascii: ".") || first == UInt8(ascii: "_") || first | 0x20 == UInt8(ascii: "i") { return true }
            for at in start..<bytes.count where bytes[at] >= 0x80 { return true }
            let name = UnsafeBufferPointer(rebasing: bytes[start...])
            return Self.holdsFolded(name, "credential") || Self.holdsFolded(name, "service")
        } ?? true
    }

    /// Whether `bytes` hold the lowercase ASCII letters of `word` in any case.
    private static func holdsFolded(_ bytes: UnsafeBufferPointer<UInt8>, _ word: StaticString) -> Bool {
        let length = word.utf8CodeUnitCount
        guard bytes.count >= length else { return false }
        let letters = word.utf8Start
        for start in 0...(bytes.count - length) where bytes[start] | 0x20 == letters[0] {
            var matched = 1
            while matched < length, bytes[start + matched] | 0x20 == letters[matched] { matched += 1 }
            if matched == length { return true }
        }
        return false
    }

    private static let help = "remove the file from the repository and its history, rotate the credential, and load it from a secret store"

    private func jsonCredentials(_ document: LintDocument, into sink: inout DiagnosticSink) {
        guard let root = document.root?.objectValue else { return }
        var objects = [root]
        for key in ["installed", "web"] { if let nested = root[key]?.objectValue { objects.append(nested) } }
        for object in objects {
            for member in object.members where ["private_key", "client_secret", "refresh_token"].contains(member.key) {
                guard let value = member.value.stringValue, !value.isEmpty, !EnvPlaceholder.containsReference(value) else { continue }
                sink.report("credentials file holds '\(member.key)'", path: document.path, range: member.keyRange,
                            label: "credential", help: Self.help)
                return
            }
        }
    }

    /// `.npmrc`/`.pypirc`/`.netrc` lines that set a credential.
    private func configCredentials(_ document: LintDocument, text: String, name: String, into sink: inout DiagnosticSink) {
        let bytes = document.file.bytes
        var lineStart = 0
        while lineStart < bytes.count {
            var lineEnd = lineStart
            while lineEnd < bytes.count, bytes[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
            if let value = credentialValue(bytes[lineStart..<lineEnd], name: name) {
                let range = document.file.range(from: value.lowerBound, to: value.upperBound)
                sink.report(Diagnostic(
                    ruleID: sink.ruleID, severity: sink.severity, message: "'\(name)' holds a credential (\(value.count) bytes)",
                    primary: Location(path: document.path, range: range, label: "credential"),
                    notes: ["the value is not shown; rotate it if it was ever pushed"], help: "use a ${VAR} reference, e.g. _authToken=${NPM_TOKEN}, or remove the file",
                    redactions: [range]))
            }
            lineStart = lineEnd + 1
        }
    }

    /// The byte range of the credential value a line sets, if any.
    private func credentialValue(_ line: ArraySlice<UInt8>, name: String) -> Range<Int>? {
        let text = String(decoding: line, as: UTF8.self)
        let trimmedStart = line.firstIndex { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") } ?? line.endIndex
        guard trimmedStart < line.endIndex, line[trimmedStart] != UInt8(ascii: "#"), line[trimmedStart] != UInt8(ascii: ";") else { return nil }
        var valueStart: Int?
        if name == ".npmrc" {
            for key in ["_authToken=", "_auth=", "_password="] {
                if let range = text.utf8.firstRange(of: Array(key.utf8)) {
                    valueStart = line.startIndex + text.utf8.distance(from: text.utf8.startIndex, to: range.upperBound)
                    break
                }
            }
        } else if name == ".pypirc" {
            let key = text.drop { $0 == " " || $0 == "\t" }
            if key.hasPrefix("password"), let equals = text.utf8.firstIndex(where: { $0 == UInt8(ascii: "=") || $0 == UInt8(ascii: ":") }) {
                valueStart = line.startIndex + text.utf8.distance(from: text.utf8.startIndex, to: equals) + 1
            }
        } else if let range = text.utf8.firstRange(of: Array("password ".utf8)) {
            valueStart = line.startIndex + text.utf8.distance(from: text.utf8.startIndex, to: range.upperBound)
        }
        guard var start = valueStart else { return nil }
        while start < line.endIndex, line[start] == UInt8(ascii: " ") || line[start] == UInt8(ascii: "\t") { start += 1 }
        var end = start
        while end < line.endIndex, ![UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r")].contains(line[end]) { end += 1 }
        guard end > start else { return nil }
        let value = String(decoding: line[start..<end], as: UTF8.self)
        return EnvPlaceholder.containsReference(value) ? nil : start..<end
    }
}
