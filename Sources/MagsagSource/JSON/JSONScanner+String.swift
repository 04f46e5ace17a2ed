extension JSONScanner {
    /// Parse a string token starting at the opening quote; leaves the scanner after the closing quote.
    /// A string's text. `key`: an object key, made through the thread's short strings (keys repeat
    /// across files; most short values do not, and would only push keys out of the table). Values of
    /// more than 15 bytes go through the thread's table of longer strings, which shares their storage.
    mutating func parseString(key: Bool = false) throws(JSONSyntaxError) -> String {
        advanceASCII()  // opening quote
        let begin = offset
        // Fast path: printable ASCII up to the closing quote, found eight bytes at a time. Anything
        // else (an escape, a control character, a non-ASCII byte) is read by the slow path from the start.
        var i = offset
        let n = bytes.count
        if let base = bytes.baseAddress {
            while i + 8 <= n {
                let word = UInt64(littleEndian: UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self))
                let stops = Self.stopBytes(word)
                if stops == 0 {
                    i += 8
                    continue
                }
                // The lowest flagged byte is a true stop byte (a borrow only runs up from one).
                i += stops.trailingZeroBitCount >> 3
                break
            }
        }
        while i < n {
            let c = bytes[i]
            if c == UInt8(ascii: "\"") {
                let written = UnsafeBufferPointer(rebasing: bytes[begin..<i])
                let text = key || written.count > ShortStrings.capacity
                    ? shortStrings.string(written) : Swift.String(decoding: written, as: UTF8.self)
                offset = i + 1
                return text
            }
            if c == UInt8(ascii: "\\") || c < 0x20 || c >= 0x80 { break }
            i += 1
        }
        return try parseStringSlow()
    }

    /// The high bit of each byte of `word` that is a quote, a backslash, a control character or not
    /// ASCII: exact for the lowest such byte (the bits above it may be set by a borrow).
    @inline(__always)
    static func stopBytes(_ word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        let quote = word ^ (ones &* 0x22), backslash = word ^ (ones &* 0x5C)
        let below = (word &- ones &* 0x20) & ~word
        let isQuote = (quote &- ones) & ~quote
        let isBackslash = (backslash &- ones) & ~backslash
        return (below | isQuote | isBackslash | word) & highs
    }

    private mutating func parseStringSlow() throws(JSONSyntaxError) -> String {
        var scalars = Swift.String.UnicodeScalarView()
        while true {
            guard offset < bytes.count else { throw error("unterminated string") }
            let c = bytes[offset]
            switch c {
            case UInt8(ascii: "\""):
                advanceASCII()
                return Swift.String(scalars)
            case UInt8(ascii: "\\"):
                advanceASCII()
                guard let escaped = peek() else { throw error("unterminated escape sequence") }
                switch escaped {
                case UInt8(ascii: "\""): scalars.append("\"")
                case UInt8(ascii: "\\"): scalars.append("\\")
                case UInt8(ascii: "/"): scalars.append("/")
                case UInt8(ascii: "b"): scalars.append("\u{08}")
                case UInt8(ascii: "f"): scalars.append("\u{0C}")
                case UInt8(ascii: "n"): scalars.append("\n")
                case UInt8(ascii: "r"): scalars.append("\r")
                case UInt8(ascii: "t"): scalars.append("\t")
                case UInt8(ascii: "u"):
                    advanceASCII()
                    scalars.append(try parseUnicodeEscape())
                    continue
                default:
                    throw error("invalid escape sequence '\\\(Character(Unicode.Scalar(escaped)))'")
                }
                advanceASCII()
            case 0x00..<0x20:
                throw error("control character U+00\(c < 0x10 ? "0" : "")\(Swift.String(c, radix: 16, uppercase: true)) must be escaped in a string")
            case 0x20..<0x80:
                scalars.append(Unicode.Scalar(c))
                advanceASCII()
            default:
                scalars.append(try decodeUTF8Scalar())
            }
        }
    }

    /// Four hex digits after `\u`; combines surrogate pairs, maps lone surrogates to U+FFFD.
    private mutating func parseUnicodeEscape() throws(JSONSyntaxError) -> Unicode.Scalar {
        let first = try readHex4()
        if (0xD800...0xDBFF).contains(first) {
            if offset + 1 < bytes.count, bytes[offset] == UInt8(ascii: "\\"), bytes[offset + 1] == UInt8(ascii: "u") {
                let save = offset
                advanceASCII()
                advanceASCII()
                let second = try readHex4()
                if (0xDC00...0xDFFF).contains(second) {
                    let value = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
                    return Unicode.Scalar(value) ?? "\u{FFFD}"
                }
                offset = save
            }
            return "\u{FFFD}"
        }
        if (0xDC00...0xDFFF).contains(first) { return "\u{FFFD}" }
        return Unicode.Scalar(first) ?? "\u{FFFD}"
    }

    private mutating func readHex4() throws(JSONSyntaxError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let c = peek() else { throw error("unterminated unicode escape") }
            let digit: UInt32
            switch c {
            case 0x30...0x39: digit = UInt32(c - 0x30)
            case 0x41...0x46: digit = UInt32(c - 0x41 + 10)
            case 0x61...0x66: digit = UInt32(c - 0x61 + 10)
            default: throw error("invalid hex digit in unicode escape")
            }
            value = value << 4 | digit
            advanceASCII()
        }
        return value
    }

    /// Decode one multi-byte UTF-8 scalar strictly (no overlongs, no surrogates, ≤ U+10FFFF).
    private mutating func decodeUTF8Scalar() throws(JSONSyntaxError) -> Unicode.Scalar {
        let lead = bytes[offset]
        let length: Int
        var value: UInt32
        var minimum: UInt32
        switch lead {
        case 0xC2...0xDF: length = 2; value = UInt32(lead & 0x1F); minimum = 0x80
        case 0xE0...0xEF: length = 3; value = UInt32(lead & 0x0F); minimum = 0x800
        case 0xF0...0xF4: length = 4; value = UInt32(lead & 0x07); minimum = 0x10000
        default: throw error("invalid UTF-8 byte in string")
        }
        guard offset + length <= bytes.count else { throw error("truncated UTF-8 sequence in string") }
        for k in 1..<length {
            let b = bytes[offset + k]
            guard b & 0xC0 == 0x80 else { throw error("invalid UTF-8 sequence in string") }
            value = value << 6 | UInt32(b & 0x3F)
        }
        minimum = max(minimum, 0)
        guard value >= minimum, let scalar = Unicode.Scalar(value) else {
            throw error("invalid UTF-8 sequence in string")
        }
        offset += length
        return scalar
    }
}
