import MagsagLintCore
import MagsagLintRules
import MagsagSource

/// Fake but well-formed credentials, built at run time so that no committed file contains one.
enum SecretFixtures {
    /// A deterministic generator of "random" strings over a character set.
    struct Generator {
        var state: UInt64

        mutating func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 33
        }

        mutating func string(_ alphabet: String, _ count: Int) -> String {
            let chars = Array(alphabet)
            return String((0..<count).map { _ in chars[Int(next() % UInt64(chars.count))] })
        }

        mutating func b62(_ n: Int) -> String { string(Alphabet.b62, n) }
        mutating func b64u(_ n: Int) -> String { string(Alphabet.b62 + "_-", n) }
        mutating func b64(_ n: Int) -> String { string(Alphabet.b62 + "+/", n) }
        mutating func hex(_ n: Int) -> String { string("0123456789abcdef", n) }
        mutating func upper(_ n: Int) -> String { string("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", n) }
        mutating func digits(_ n: Int) -> String { string("123456789", n) }
        mutating func letters(_ n: Int) -> String { string("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", n) }
    }

    enum Alphabet {
        static let b62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
    }

    /// CRC-32 (IEEE), written independently of the rule's implementation.
    static func crc32(_ text: String) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in text.utf8 {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }

    /// GitHub's classic token: prefix + 30 random base62 + 6-digit base62 CRC-32 of the 30.
    static func gitHubToken(_ prefix: String, generator: inout Generator, corrupt: Bool = false) -> String {
        let random = generator.b62(30)
        var value = crc32(random)
        var digits: [Character] = []
        let alphabet = Array(Alphabet.b62)
        repeat {
            digits.insert(alphabet[Int(value % 62)], at: 0)
            value /= 62
        } while value > 0
        while digits.count < 6 { digits.insert("0", at: 0) }
        if corrupt { digits[5] = digits[5] == "A" ? "B" : "A" }
        return prefix + "_" + random + String(digits)
    }

    /// Unpadded base64url of `text`.
    static func base64url(_ text: String) -> String {
        let alphabet = Array(Alphabet.b62.dropFirst(10).prefix(26) + Alphabet.b62.suffix(26) + "0123456789-_")
        let bytes = Array(text.utf8)
        var out = ""
        var i = 0
        while i < bytes.count {
            let chunk = bytes[i..<min(i + 3, bytes.count)]
            var n: UInt32 = 0
            for (k, b) in chunk.enumerated() { n |= UInt32(b) << UInt32(16 - 8 * k) }
            for k in 0...chunk.count { out.append(alphabet[Int((n >> UInt32(18 - 6 * k)) & 63)]) }
            i += 3
        }
        return out
    }

    static func jwt(_ payload: String, generator: inout Generator) -> String {
        base64url("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + "." + base64url(payload) + "." + generator.b64u(43)
    }

    /// A positive case: the file text and the exact secret a finding must cover.
    struct Case: CustomStringConvertible {
        var detector: String
        var text: String
        var secret: String
        var description: String { detector }
    }
}
