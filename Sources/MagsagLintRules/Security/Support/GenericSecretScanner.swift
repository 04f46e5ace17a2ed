/// Finds high-entropy values assigned to secret-like names: `password: …`, `"api_key": "…"`,
/// `CLIENT_SECRET=…`, `--token=…`.
///
/// `SecretScanner`'s pass over the file also finds the candidate names (its two-byte keyword
/// prefilter holds these keywords too); each is then parsed as an assignment on its line, and the value
/// must pass the placeholder filters and the entropy thresholds.
enum GenericSecretScanner {
    /// One assignment whose value looks like a secret.
    struct Finding: Sendable, Hashable {
        /// The key as written (without quotes).
        var key: String
        /// The value's byte range (without quotes).
        var range: Range<Int>
    }

    /// The words whose occurrence (any case) makes a place a candidate; `SecretScanner.shared` notes
    /// where they occur in the same pass that finds known credentials.
    static let keywords = ["pass", "pwd", "secret", "token", "apikey", "api_key", "api-key", "accesskey", "access_key",
                           "privatekey", "private_key", "auth", "credential", "signingkey", "signing_key", "encryptionkey",
                           "encryption_key"]

    /// The secret-like assignments around the keyword offsets `hits` (ascending), in file order,
    /// skipping values that `exclude` covers.
    static func findings(hits: [Int], in bytes: [UInt8], excluding exclude: [Range<Int>] = []) -> [Finding] {
        var findings: [Finding] = []
        var seenValues: Set<Int> = []
        for hit in hits {
            guard let finding = assignment(around: hit, in: bytes),
                  seenValues.insert(finding.range.lowerBound).inserted,
                  !exclude.contains(where: { $0.overlaps(finding.range) })
            else { continue }
            findings.append(finding)
        }
        return findings
    }

    private static let keyBytes = ByteSet("A-Za-z0-9_.-")

    /// The assignment whose key contains the keyword at `hit`, when its value looks like a secret.
    static func assignment(around hit: Int, in bytes: [UInt8]) -> Finding? {
        var keyStart = hit
        while keyStart > 0, keyBytes.contains(bytes[keyStart - 1]) { keyStart -= 1 }
        var keyEnd = hit
        while keyEnd < bytes.count, keyBytes.contains(bytes[keyEnd]) { keyEnd += 1 }
        while keyStart < keyEnd, bytes[keyStart] == UInt8(ascii: "-") { keyStart += 1 }
        let key = String(decoding: bytes[keyStart..<keyEnd], as: UTF8.self)
        guard SecretKeyName.isSecretLike(key),
              let valueStart = SecretDetectors.valueStart(afterKeyAt: keyEnd, in: bytes),
              valueStart > keyEnd
        else { return nil }
        // The separator must follow the key on the same line, and a YAML `:` needs a space after it.
        let between = bytes[keyEnd..<valueStart]
        guard !between.contains(0x0A), !between.contains(0x0D) else { return nil }
        if let colon = between.firstIndex(of: UInt8(ascii: ":")), colon + 1 < valueStart,
           !ByteSet("\"' \t=").contains(bytes[colon + 1]) { return nil }
        if let colon = between.firstIndex(of: UInt8(ascii: ":")), colon + 1 == valueStart, valueStart < bytes.count,
           bytes[valueStart] != 0x20 { return nil }
        let quote: UInt8? = valueStart > keyEnd && (bytes[valueStart - 1] == UInt8(ascii: "\"") || bytes[valueStart - 1] == UInt8(ascii: "'"))
            ? bytes[valueStart - 1] : nil
        var valueEnd = valueStart
        if let quote {
            while valueEnd < bytes.count, bytes[valueEnd] != quote, bytes[valueEnd] != 0x0A, bytes[valueEnd] != 0x0D {
                if bytes[valueEnd] == UInt8(ascii: "\\") { return nil }
                valueEnd += 1
            }
            guard valueEnd < bytes.count, bytes[valueEnd] == quote else { return nil }
        } else {
            let stop = ByteSet(" \t\r\n,;#\"'`)]}")
            while valueEnd < bytes.count, !stop.contains(bytes[valueEnd]) { valueEnd += 1 }
        }
        let value = bytes[valueStart..<valueEnd]
        guard SecretValue.looksSecret(value, passwordLike: SecretKeyName.isPasswordLike(key)) else { return nil }
        return Finding(key: key, range: valueStart..<valueEnd)
    }
}

/// Which key names hold secrets.
enum SecretKeyName {
    private static let secretWords: Set<String> = [
        "password", "passwd", "pwd", "passphrase", "secret", "token", "apikey", "credential", "credentials",
        "privatekey", "accesskey", "secretkey", "signingkey", "encryptionkey", "auth", "authtoken", "bearer",
        "accesstoken", "apitoken", "secrettoken", "privatetoken", "signingtoken",
    ]
    private static let notSecretWords: Set<String> = [
        "count", "counts", "max", "min", "limit", "limits", "budget", "length", "size", "type", "kind", "url", "uri",
        "endpoint", "env", "ref", "name", "names", "file", "path", "dir", "id", "ids", "format", "field", "header",
        "policy", "usage", "used", "expiry", "expires", "expiration", "ttl", "timeout", "enabled", "required",
        "provider", "method", "mode", "scope", "scopes", "hint", "description", "label", "prompt", "placeholder",
        "pattern", "regex", "rotation", "version", "key_id", "keyid", "template", "source", "store", "manager",
        "location", "var", "variable", "tokens", "secrets", "passwords", "length", "hash", "algorithm", "index",
        "reset", "forgot", "confirm", "confirmation", "policy", "strength", "mask", "masked", "sha", "sha256",
    ]

    /// The lowercase words of a key: split on `_`, `-`, `.` and camel-case boundaries.
    static func words(_ key: String) -> [String] {
        glue(key.utf8AllBytes { $0 < 0x80 } ? asciiWords(key) : scalarWords(key))
    }

    /// `scalarWords` for an ASCII key, on bytes (the scalar properties and `lowercased()` cost thousands
    /// of instructions per key, and keys are checked wherever a keyword occurs).
    private static func asciiWords(_ key: String) -> [String] {
        var words: [String] = []
        var current: [UInt8] = []
        var previousLower = false
        for byte in key.utf8 {
            if byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".") {
                if !current.isEmpty { words.append(String(decoding: current, as: UTF8.self)) }
                current.removeAll(keepingCapacity: true)
                previousLower = false
                continue
            }
            let isUpper = byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z")
            if isUpper, previousLower, !current.isEmpty {
                words.append(String(decoding: current, as: UTF8.self))
                current.removeAll(keepingCapacity: true)
            }
            current.append(isUpper ? byte + 0x20 : byte)
            previousLower = !isUpper
        }
        if !current.isEmpty { words.append(String(decoding: current, as: UTF8.self)) }
        return words
    }

    /// The lowercase words of any key, scalar by scalar.
    static func scalarWords(_ key: String) -> [String] {
        var words: [String] = []
        var current = ""
        var previousLower = false
        for scalar in key.unicodeScalars {
            if scalar == "_" || scalar == "-" || scalar == "." {
                if !current.isEmpty { words.append(current) }
                current = ""
                previousLower = false
                continue
            }
            let isUpper = scalar.properties.isUppercase
            if isUpper, previousLower, !current.isEmpty {
                words.append(current)
                current = ""
            }
            current += String(scalar).lowercased()
            previousLower = !isUpper
        }
        if !current.isEmpty { words.append(current) }
        return words
    }

    /// Glue common two-word names so `api_key`, `apiKey` and `APIKEY` all read `apikey`.
    static func glue(_ words: [String]) -> [String] {
        var glued: [String] = []
        for word in words {
            if let last = glued.last, ["api", "private", "access", "secret", "signing", "encryption", "auth"].contains(last),
               ["key", "token"].contains(word) {
                glued[glued.count - 1] = last + word
            } else {
                glued.append(word)
            }
        }
        return glued
    }

    /// Whether `key` names a secret (`db_password`, `apiKey`, `CLIENT_SECRET`) and not metadata about
    /// one (`max_tokens`, `token_count`, `secretRef`, `password_env`).
    static func isSecretLike(_ key: String) -> Bool {
        let words = words(key)
        guard let last = words.last else { return false }
        if words.contains(where: { notSecretWords.contains($0) }) { return false }
        return secretWords.contains(last) || words.contains { secretWords.contains($0) && $0 != "auth" }
    }

    /// Whether `key` names a human-chosen password (lower entropy is still suspicious).
    static func isPasswordLike(_ key: String) -> Bool {
        words(key).contains { ["password", "passwd", "pwd", "passphrase"].contains($0) }
    }
}
