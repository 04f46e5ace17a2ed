/// Passwords embedded in URLs: `scheme://user:password@host`.
enum URLCredentials {
    /// Schemes whose URLs are database or broker connection strings.
    static let databaseSchemes: Set<String> = [
        "postgres", "postgresql", "mysql", "mariadb", "mongodb", "mongodb+srv", "redis", "rediss", "amqp", "amqps",
        "mssql", "sqlserver", "oracle", "cockroachdb", "clickhouse", "neo4j", "neo4j+s", "bolt", "nats", "kafka",
    ]
    /// Other schemes where `user:password@` is basic authentication.
    static let basicAuthSchemes: Set<String> = ["http", "https", "ftp", "ftps", "sftp", "smtp", "smtps", "ldap", "ldaps", "ssh", "git", "svn"]

    private static let schemeBytes = ByteSet("A-Za-z0-9+.-")
    private static let stop = ByteSet("/?#\"'` \t\r\n<>()[]{}\\,;")

    /// The password of the URL whose `://` is at `hit`, when the scheme is of the requested family.
    static func match(at hit: Int, in bytes: [UInt8], database: Bool) -> SecretMatch? {
        guard hit + 3 <= bytes.count, bytes[hit] == UInt8(ascii: ":"), bytes[hit + 1] == UInt8(ascii: "/"),
              bytes[hit + 2] == UInt8(ascii: "/")
        else { return nil }
        // The authority ends at the first `/`, `?`, `#`, quote, space or line break; credentials end at its
        // last `@`. Looked at first: most URLs have none, and their scheme need not be read.
        let stop = Self.stop  // read once: a static is checked for initialisation at every use
        var at: Int?
        var colon: Int?
        bytes.withUnsafeBufferPointer { bytes in
            var i = hit + 3
            let limit = min(bytes.count, hit + 512)
            while i < limit, !stop.contains(bytes[i]) {
                if bytes[i] == UInt8(ascii: "@") { at = i }
                if bytes[i] == UInt8(ascii: ":"), colon == nil, at == nil { colon = i }
                i += 1
            }
        }
        guard let at, let colon, colon < at else { return nil }
        var start = hit
        while start > 0, hit - start < 16, Self.schemeBytes.contains(bytes[start - 1]) { start -= 1 }
        let scheme = String(decoding: bytes[start..<hit], as: UTF8.self).lowercased()
        guard (database ? databaseSchemes : basicAuthSchemes).contains(scheme) else { return nil }
        let user = bytes[(hit + 3)..<colon]
        let password = bytes[(colon + 1)..<at]
        guard !password.isEmpty, !user.elementsEqual(password), !SecretPlaceholder.isPlaceholder(password),
              !SecretPlaceholder.isPlaceholder(user) || user.isEmpty,
              !password.elementsEqual("x-oauth-basic".utf8)
        else { return nil }
        return SecretMatch(start: colon + 1, end: at)
    }
}

/// Values that stand for a secret without being one: references, templates, dummies.
enum SecretPlaceholder {
    private static let words: Set<String> = [
        "null", "nil", "none", "true", "false", "yes", "no", "on", "off", "undefined", "empty", "string",
        "password", "passwd", "pass", "pwd", "secret", "token", "key", "apikey", "api_key", "test", "testing",
        "admin", "root", "guest", "user", "username", "postgres", "mysql", "redis", "changeme", "change_me",
        "required", "optional", "default", "hidden", "masked", "redacted", "secretref", "secretkeyref",
    ]
    private static let fragments = [
        "example", "changeme", "change_me", "change-me", "placeholder", "your_", "your-", "yourkey", "yourtoken",
        "yourpassword", "dummy", "sample", "redacted", "xxxx", "****", "....", "…", "fake", "notreal",
        "not_real", "not-a-real", "insert", "replace", "todo", "<", ">", "{{", "}}", "${", "%(", "%s",
    ]

    /// Whether `value` is a placeholder, a reference or too regular to be a secret.
    static func isPlaceholder(_ value: ArraySlice<UInt8>) -> Bool {
        guard let first = value.first else { return true }
        if first == UInt8(ascii: "$") || first == UInt8(ascii: "%") || first == UInt8(ascii: "&") || first == UInt8(ascii: "*") {
            return true
        }
        if value.allSatisfy({ $0 == first }) { return true }
        let lower = String(decoding: value, as: UTF8.self).lowercased()
        if words.contains(lower) { return true }
        for fragment in fragments where lower.contains(fragment) { return true }
        return false
    }
}
