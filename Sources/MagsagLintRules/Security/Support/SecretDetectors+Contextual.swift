/// Formats without a distinctive prefix of their own, recognised by a key or a neighbouring marker.
extension SecretDetectors {
    static let contextual: [SecretDetector] = [
        assigned("aws-secret-access-key", "AWS secret access key",
                 keywords: ["aws_secret_access_key", "aws_secret_key", "secret_access_key", "secretaccesskey", "aws-secret-access-key"],
                 ByteSet("A-Za-z0-9/+"), 40...40, reject: { $0.reversed().starts(with: "YEKELPMAXE".utf8) }),
        assigned("twilio-auth-token", "Twilio auth token", keywords: ["twilio_auth_token", "twilioauthtoken"], .hexLower, 32...32),
        assigned("azure-storage-account-key", "Azure storage account key", keywords: ["accountkey"],
                 ByteSet("A-Za-z0-9/+="), 86...88, trailing: ByteSet(";\"'")),
        assigned("azure-shared-access-key", "Azure shared access key", keywords: ["sharedaccesskey"],
                 ByteSet("A-Za-z0-9/+="), 43...44, trailing: ByteSet(";\"'")),
        SecretDetector("azure-sas-token", "Azure shared access signature", keywords: ["sig="], matcher: azureSASSignature),
        SecretDetector("azure-ad-client-secret", "Microsoft Entra ID client secret", keywords: ["q~"]) { bytes, hit in
            // Three characters, a digit, `Q~`, then 31 to 34 more.
            let set = ByteSet("A-Za-z0-9_~.-")
            let start = hit - 4
            guard start >= 0, bytes[hit] == UInt8(ascii: "Q"), ByteSet.digits.contains(bytes[hit - 1]),
                  Bytes.run(of: set, from: start, in: bytes, limit: 3) == 3,
                  Bytes.startsToken(at: start, in: bytes, neighbour: set)
            else { return nil }
            let rest = Bytes.run(of: set, from: hit + 2, in: bytes, limit: 35)
            guard (31...34).contains(rest) else { return nil }
            return SecretMatch(start: start, end: hit + 2 + rest)
        },
        SecretDetector("mailchimp-api-key", "Mailchimp API key", keywords: ["-us"]) { bytes, hit in
            let start = hit - 32
            guard start >= 0, Bytes.hasLiteral(Array("-us".utf8), at: hit, in: bytes),
                  Bytes.run(of: .hexLower, from: start, in: bytes, limit: 32) == 32,
                  Bytes.startsToken(at: start, in: bytes)
            else { return nil }
            let digits = Bytes.run(of: .digits, from: hit + 3, in: bytes, limit: 3)
            guard (1...2).contains(digits), Bytes.endsToken(at: hit + 3 + digits, in: bytes) else { return nil }
            return SecretMatch(start: start, end: hit + 3 + digits)
        },
        SecretDetector("telegram-bot-token", "Telegram bot token", keywords: [":aa"]) { bytes, hit in
            guard Bytes.hasLiteral(Array(":AA".utf8), at: hit, in: bytes) else { return nil }
            var start = hit
            while start > 0, hit - start < 11, ByteSet.digits.contains(bytes[start - 1]) { start -= 1 }
            guard (8...10).contains(hit - start), Bytes.startsToken(at: start, in: bytes) else { return nil }
            let body = Bytes.run(of: .base64url, from: hit + 1, in: bytes, limit: 36)
            guard body == 35 else { return nil }
            return SecretMatch(start: start, end: hit + 1 + body)
        },
        SecretDetector("discord-bot-token", "Discord bot token", keywords: ["discord"]) { bytes, hit in
            // `<base64 user id>.<timestamp>.<hmac>` somewhere after a `discord…` key on the same line.
            let line = Bytes.line(around: hit, in: bytes)
            var i = hit
            while i < line.upperBound {
                if Bytes.startsToken(at: i, in: bytes, neighbour: .base64url),
                   bytes[i] == UInt8(ascii: "M") || bytes[i] == UInt8(ascii: "N") || bytes[i] == UInt8(ascii: "O"),
                   let end = TokenLayout.match(discordLayout, from: i, in: bytes), Bytes.endsToken(at: end, in: bytes) {
                    return SecretMatch(start: i, end: end)
                }
                i += 1
            }
            return nil
        },
        SecretDetector("terraform-cloud-token", "Terraform Cloud API token", keywords: [".atlasv1."]) { bytes, hit in
            let start = hit - 14
            guard start >= 0, Bytes.run(of: .alnum, from: start, in: bytes, limit: 14) == 14,
                  Bytes.startsToken(at: start, in: bytes)
            else { return nil }
            let body = Bytes.run(of: ByteSet("A-Za-z0-9_=-"), from: hit + 9, in: bytes, limit: 100)
            guard (60...90).contains(body) else { return nil }
            return SecretMatch(start: start, end: hit + 9 + body)
        },
        SecretDetector("database-url-password", "database URL with a password", keywords: ["://"]) { bytes, hit in
            URLCredentials.match(at: hit, in: bytes, database: true)
        },
        SecretDetector("url-basic-auth", "URL with embedded credentials", keywords: ["://"]) { bytes, hit in
            URLCredentials.match(at: hit, in: bytes, database: false)
        },
    ]

    private static let discordLayout = [
        TokenPart.run(.base64url, 23...27), .literal("."), .run(.base64url, 6...7), .literal("."), .run(.base64url, 27...40),
    ].map(CompiledPart.init)

    /// A detector for a value of `set` assigned to a key containing one of `keywords`
    /// (`KEY=value`, `key: value`, `"key": "value"`, `Key=value;` in connection strings).
    static func assigned(
        _ id: String, _ name: String, keywords: [String], _ set: ByteSet, _ length: ClosedRange<Int>,
        trailing: ByteSet? = nil, reject: (@Sendable (ArraySlice<UInt8>) -> Bool)? = nil
    ) -> SecretDetector {
        SecretDetector(id, name, keywords: keywords) { bytes, hit in
            guard let start = valueStart(afterKeyAt: hit, in: bytes) else { return nil }
            let count = Bytes.run(of: set, from: start, in: bytes, limit: length.upperBound + 1)
            let end = start + count
            guard length.contains(count) else { return nil }
            if end < bytes.count, ByteSet.alnum.contains(bytes[end]) { return nil }
            if let trailing, end < bytes.count, !trailing.contains(bytes[end]), bytes[end] > 0x20 { return nil }
            if let reject, reject(bytes[start..<end]) { return nil }
            return SecretMatch(start: start, end: end)
        }
    }

    private static let valueStartKeyBytes = ByteSet("A-Za-z0-9_.-")
    private static let valueStartSkippable = ByteSet("\"' \t]")
    private static let valueStartOpening = ByteSet("\"' \t")

    /// Where the value assigned to the key around `offset` starts: skips the rest of the key, closing
    /// quotes or brackets, the `=`/`:`/`:=`/`=>` separator and an opening quote.
    static func valueStart(afterKeyAt offset: Int, in bytes: [UInt8]) -> Int? {
        var i = offset
        while i < bytes.count, Self.valueStartKeyBytes.contains(bytes[i]) { i += 1 }
        while i < bytes.count, Self.valueStartSkippable.contains(bytes[i]) { i += 1 }
        guard i < bytes.count else { return nil }
        switch bytes[i] {
        case UInt8(ascii: "="):
            i += 1
            if i < bytes.count, bytes[i] == UInt8(ascii: ">") { i += 1 }
        case UInt8(ascii: ":"):
            i += 1
            if i < bytes.count, bytes[i] == UInt8(ascii: "=") { i += 1 }
        default:
            return nil
        }
        while i < bytes.count, Self.valueStartOpening.contains(bytes[i]) { i += 1 }
        return i
    }

    /// The `sig=` value of an Azure SAS URL or connection string (the query also carries `sv=`).
    @Sendable static func azureSASSignature(_ bytes: [UInt8], _ hit: Int) -> SecretMatch? {
        guard Bytes.hasLiteral(Array("sig=".utf8), at: hit, in: bytes), hit > 0,
              bytes[hit - 1] == UInt8(ascii: "&") || bytes[hit - 1] == UInt8(ascii: "?") || bytes[hit - 1] == UInt8(ascii: ";")
        else { return nil }
        let line = Bytes.line(around: hit, in: bytes)
        guard Bytes.contains(Array("sv=20".utf8), in: bytes, range: line) else { return nil }
        let count = Bytes.run(of: ByteSet("A-Za-z0-9%+/="), from: hit + 4, in: bytes, limit: 200)
        guard (40...120).contains(count) else { return nil }
        return SecretMatch(start: hit + 4, end: hit + 4 + count)
    }
}
