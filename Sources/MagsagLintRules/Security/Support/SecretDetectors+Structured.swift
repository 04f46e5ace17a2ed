/// Formats recognised by their structure: JWTs, private-key blocks, service-account files.
extension SecretDetectors {
    static let structured: [SecretDetector] = [
        SecretDetector("gcp-service-account-key", "Google Cloud service-account private key", keywords: ["\"private_key\""]) { bytes, hit in
            guard let value = jsonStringValue(after: hit + 13, in: bytes),
                  Bytes.hasLiteral(Array("-----BEGIN PRIVATE KEY-----".utf8), at: value.lowerBound, in: bytes),
                  value.count > 100,
                  Bytes.contains(Array("service_account".utf8), in: bytes, range: 0..<bytes.count)
            else { return nil }
            return SecretMatch(start: value.lowerBound, end: value.upperBound)
        },
        SecretDetector("private-key", "private key", keywords: ["-----begin "], matcher: privateKeyBlock),
        SecretDetector("putty-private-key", "PuTTY private key", keywords: ["putty-user-key-file-"]) { bytes, hit in
            // A real key file starts the line with `PuTTY-User-Key-File-<version>: <algorithm>`.
            guard Bytes.hasLiteral(Array("PuTTY-User-Key-File-".utf8), at: hit, in: bytes),
                  hit == 0 || bytes[hit - 1] == 0x0A || bytes[hit - 1] == 0x0D,
                  hit + 23 < bytes.count, ByteSet.digits.contains(bytes[hit + 20]),
                  Bytes.hasLiteral(Array(": ".utf8), at: hit + 21, in: bytes), ByteSet("a-z").contains(bytes[hit + 23])
            else { return nil }
            let window = hit..<min(bytes.count, hit + 8192)
            guard Bytes.contains(Array("Private-Lines:".utf8), in: bytes, range: window) else { return nil }
            return SecretMatch(start: hit, end: Bytes.line(around: hit, in: bytes).upperBound)
        },
        SecretDetector("supabase-service-key", "Supabase service-role key", keywords: ["eyj"]) { bytes, hit in
            guard let jwt = JWT.match(at: hit, in: bytes), jwt.payloadContains("\"service_role\"") else { return nil }
            return SecretMatch(start: jwt.range.lowerBound, end: jwt.range.upperBound)
        },
        SecretDetector("jwt", "JSON Web Token", keywords: ["eyj"]) { bytes, hit in
            guard let jwt = JWT.match(at: hit, in: bytes) else { return nil }
            return SecretMatch(start: jwt.range.lowerBound, end: jwt.range.upperBound)
        },
    ]

    /// The range of the JSON string value (without quotes) after a key ending at `offset`, or nil.
    static func jsonStringValue(after offset: Int, in bytes: [UInt8]) -> Range<Int>? {
        var i = offset
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x09 { i += 1 }
        guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { return nil }
        i += 1
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x09 { i += 1 }
        guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { return nil }
        let start = i + 1
        i = start
        while i < bytes.count, bytes[i] != UInt8(ascii: "\""), bytes[i] != 0x0A {
            i += bytes[i] == UInt8(ascii: "\\") ? 2 : 1
        }
        guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { return nil }
        return start..<i
    }

    /// `-----BEGIN [RSA |EC |DSA |OPENSSH |PGP |ENCRYPTED ]PRIVATE KEY[ BLOCK]-----` followed by a
    /// body of at least 40 base64 characters (real or escaped newlines between them); the match runs
    /// to the `-----END` line, or to the end of the body when it is missing.
    @Sendable static func privateKeyBlock(_ bytes: [UInt8], _ hit: Int) -> SecretMatch? {
        guard Bytes.hasLiteral(Array("-----BEGIN ".utf8), at: hit, in: bytes) else { return nil }
        var i = hit + 11
        for kind in ["RSA ", "EC ", "DSA ", "OPENSSH ", "PGP ", "ENCRYPTED ", "SSH2 ENCRYPTED "] {
            if Bytes.hasLiteral(Array(kind.utf8), at: i, in: bytes) { i += kind.utf8.count; break }
        }
        guard Bytes.hasLiteral(Array("PRIVATE KEY".utf8), at: i, in: bytes) else { return nil }
        i += 11
        if Bytes.hasLiteral(Array(" BLOCK".utf8), at: i, in: bytes) { i += 6 }
        guard Bytes.hasLiteral(Array("-----".utf8), at: i, in: bytes) else { return nil }
        i += 5
        // Body: base64 lines, optional `Key: value` headers, real or `\n`-escaped line breaks.
        var base64Count = 0
        let limit = min(bytes.count, i + 65_536)
        let end = Array("-----END".utf8)
        while i < limit {
            let b = bytes[i]
            if b == UInt8(ascii: "-"), Bytes.hasLiteral(end, at: i, in: bytes) {
                guard base64Count >= 40 else { return nil }
                var close = i + end.count
                while close < limit, bytes[close] != 0x0A, bytes[close] != 0x0D, bytes[close] != UInt8(ascii: "\"") {
                    if Bytes.hasLiteral(Array("-----".utf8), at: close, in: bytes), close > i + end.count {
                        close += 5
                        break
                    }
                    close += 1
                }
                return SecretMatch(start: hit, end: close)
            }
            if b == UInt8(ascii: "\\"), i + 1 < limit, bytes[i + 1] == UInt8(ascii: "n") || bytes[i + 1] == UInt8(ascii: "r") {
                i += 2
                continue
            }
            if ByteSet.base64.contains(b) || b == UInt8(ascii: "=") {
                base64Count += 1
            } else if b != 0x0A, b != 0x0D, b != 0x20, b != 0x09, b != UInt8(ascii: ":"), b != UInt8(ascii: "-"),
                      b != UInt8(ascii: ","), b != UInt8(ascii: ".") {
                break
            }
            i += 1
        }
        guard base64Count >= 40 else { return nil }
        return SecretMatch(start: hit, end: i)
    }
}

/// A compact JWT: `header.payload.signature`, base64url, header decoding to JSON with `"alg"`.
struct JWT {
    let range: Range<Int>
    let payload: [UInt8]

    /// The JWT starting at `offset` (which must be `eyJ`), or nil.
    static func match(at offset: Int, in bytes: [UInt8]) -> JWT? {
        guard Bytes.hasLiteral(Array("eyJ".utf8), at: offset, in: bytes), Bytes.startsToken(at: offset, in: bytes) else { return nil }
        let header = Bytes.run(of: .base64url, from: offset, in: bytes, limit: 2048)
        let payloadStart = offset + header + 1
        guard header >= 10, payloadStart < bytes.count, bytes[payloadStart - 1] == UInt8(ascii: "."),
              Bytes.hasLiteral(Array("eyJ".utf8), at: payloadStart, in: bytes)
        else { return nil }
        let payloadLength = Bytes.run(of: .base64url, from: payloadStart, in: bytes, limit: 16_384)
        let signatureStart = payloadStart + payloadLength + 1
        guard payloadLength >= 4, signatureStart <= bytes.count, bytes[signatureStart - 1] == UInt8(ascii: ".") else { return nil }
        let signature = Bytes.run(of: .base64url, from: signatureStart, in: bytes, limit: 1024)
        guard signature >= 16, Bytes.endsToken(at: signatureStart + signature, in: bytes) else { return nil }
        guard let headerJSON = Base64URL.decode(bytes[offset..<(offset + header)]),
              headerJSON.first == UInt8(ascii: "{"),
              Bytes.contains(Array("\"alg\"".utf8), in: headerJSON, range: 0..<headerJSON.count),
              let payload = Base64URL.decode(bytes[payloadStart..<(payloadStart + payloadLength)]),
              payload.first == UInt8(ascii: "{")
        else { return nil }
        return JWT(range: offset..<(signatureStart + signature), payload: payload)
    }

    /// Whether the decoded payload contains `text`, ignoring spaces after colons.
    func payloadContains(_ text: String) -> Bool {
        let compact = payload.filter { $0 != 0x20 }
        return Bytes.contains(Array(text.utf8), in: compact, range: 0..<compact.count)
    }
}

/// Unpadded base64url decoding (padding and the standard alphabet tolerated).
enum Base64URL {
    static func decode(_ text: ArraySlice<UInt8>) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(text.count * 3 / 4)
        var buffer: UInt32 = 0
        var bits = 0
        for c in text {
            let v: UInt32
            switch c {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): v = UInt32(c - UInt8(ascii: "A"))
            case UInt8(ascii: "a")...UInt8(ascii: "z"): v = UInt32(c - UInt8(ascii: "a")) + 26
            case UInt8(ascii: "0")...UInt8(ascii: "9"): v = UInt32(c - UInt8(ascii: "0")) + 52
            case UInt8(ascii: "-"), UInt8(ascii: "+"): v = 62
            case UInt8(ascii: "_"), UInt8(ascii: "/"): v = 63
            case UInt8(ascii: "="): continue
            default: return nil
            }
            buffer = buffer << 6 | v
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8(truncatingIfNeeded: buffer >> UInt32(bits)))
                buffer &= (1 << UInt32(bits)) - 1
            }
        }
        return out
    }
}
