/// Whether an assigned value is random enough to be a secret rather than a name, a reference, a
/// number or a placeholder.
enum SecretValue {
    /// - Parameter passwordLike: the key names a password, which people choose: shorter values with
    ///   three character classes count too.
    static func looksSecret(_ value: ArraySlice<UInt8>, passwordLike: Bool) -> Bool {
        guard value.count >= (passwordLike ? 8 : 16), value.count <= 1024 else { return false }
        guard !SecretPlaceholder.isPlaceholder(value), !isReference(value) else { return false }
        // Anything outside printable ASCII or with spaces is prose, not a credential.
        guard value.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else { return false }
        var lower = false, upper = false, digit = false, symbol = false
        for b in value {
            switch b {
            case UInt8(ascii: "a")...UInt8(ascii: "z"): lower = true
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): upper = true
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = true
            default: symbol = true
            }
        }
        guard digit || symbol else { return false }  // words and names
        guard lower || upper else { return false }   // numbers, dates, versions
        let entropy = Bytes.entropy(value)
        let classes = [lower, upper, digit, symbol].filter { $0 }.count
        if passwordLike, value.count < 16 {
            return classes >= 3 && entropy >= 2.5
        }
        if value.allSatisfy({ ByteSet.hex.contains($0) }) {
            return value.count >= 20 && entropy >= 3.0
        }
        // Base64-like: the entropy a random string of this length can reach is capped by log2(length).
        let threshold = min(4.0, Double(bitLength(value.count)) - 1.5)
        return classes >= 2 && entropy >= threshold
    }

    /// floor(log2(n)) + 1 for n > 0.
    private static func bitLength(_ n: Int) -> Int { Int.bitWidth - n.leadingZeroBitCount }

    /// References to secrets kept elsewhere: environment variable names, file paths, URLs, template
    /// and code expressions, UUIDs.
    static func isReference(_ value: ArraySlice<UInt8>) -> Bool {
        let text = String(decoding: value, as: UTF8.self)
        // ENV_VAR_NAME
        if value.allSatisfy({ ByteSet("A-Z0-9_").contains($0) }), value.contains(UInt8(ascii: "_")) { return true }
        // Paths and URLs.
        if text.hasPrefix("/") || text.hasPrefix("./") || text.hasPrefix("../") || text.hasPrefix("~/") || text.utf8Contains("://") {
            return true
        }
        for suffix in [".pem", ".key", ".json", ".txt", ".yaml", ".yml", ".env", ".p12", ".pfx", ".crt", ".gpg"]
        where text.lowercased().hasSuffix(suffix) {
            return true
        }
        // Code: `os.environ["X"]`, `process.env.X`, `secrets.NAME`, `vault:path`, function calls.
        for marker in ["(", "[", "process.env", "os.environ", "secrets.", "env.", "vault:", "secret:", "ref+", "arn:aws:", "sha256:", "sha512-", "sha1-", "sha384-"]
        where text.contains(marker) {
            return true
        }
        if isUUID(value) { return true }
        // Dotted identifiers: `config.auth.token`.
        if value.contains(UInt8(ascii: ".")), value.allSatisfy({ ByteSet("a-zA-Z_.").contains($0) }) { return true }
        return false
    }

    /// `8-4-4-4-12` hex.
    static func isUUID(_ value: ArraySlice<UInt8>) -> Bool {
        guard value.count == 36 else { return false }
        for (i, b) in value.enumerated() {
            if [8, 13, 18, 23].contains(i) {
                if b != UInt8(ascii: "-") { return false }
            } else if !ByteSet.hex.contains(b) {
                return false
            }
        }
        return true
    }
}
